import { PlatformError } from './errors.ts';

/**
 * UPU S10 item identifiers: two letters for the service, an 8-digit serial, a check digit, and the ISO
 * country code of the post that issued it (`EE876543216CA`).
 */
export interface S10 {
  id: string;
  service: string;
  serial: string;
  check: number;
  country: string;
}

const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

/**
 * The first letters of the service indicators S10 assigns: C parcels, E EMS, H e-commerce parcels, L
 * tracked letter post, R registered, U untracked letter post, V insured letters.
 */
const SERVICE_FIRST_LETTERS = new Set(['C', 'E', 'H', 'L', 'R', 'U', 'V']);

/** The check digit of an 8-digit serial: weights 8,6,4,2,3,5,9,7, 11 less the sum mod 11, 10 → 0, 11 → 5. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new Error(`an S10 serial is 8 digits, not ${JSON.stringify(serial)}`);
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(serial[i]), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}

function refuse(input: string, what: string, vi: string): PlatformError {
  const shown = input.slice(0, 20);
  return new PlatformError(
    'invalid_s10',
    `Item id ${JSON.stringify(shown)} ${what}: an S10 id is 2 letters, 8 digits, a check digit and 2 letters (EE123456785VN)`,
    `Mã bưu gửi ${shown} không hợp lệ: ${vi}. Mã gồm 2 chữ cái, 9 chữ số và 2 chữ cái (ví dụ EE123456785VN), hãy quét hoặc nhập lại`,
    { input: shown },
  );
}

/** Reads an S10 id as scanned or typed (spaces ignored, letters upper-cased); refuses a wrong form, service or check digit. */
export function parseS10(input: string): S10 {
  const id = typeof input === 'string' ? input.replace(/\s+/g, '').toUpperCase() : '';
  const m = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(id);
  if (m === null) throw refuse(String(input), 'is not in the S10 form', 'sai dạng');
  const [, service, serial, check, country] = m as unknown as [string, string, string, string, string];
  if (!SERVICE_FIRST_LETTERS.has(service[0]!))
    throw refuse(id, `has no such service indicator ${service}`, `không có loại dịch vụ ${service}`);
  const expected = s10CheckDigit(serial);
  if (Number(check) !== expected)
    throw refuse(
      id,
      `has check digit ${check}, not ${expected}: a digit was misread`,
      'sai số kiểm tra (có thể đọc nhầm một chữ số)',
    );
  return { id, service, serial, check: expected, country };
}

/** Builds an S10 id from its service, serial number and country. */
export function formatS10(service: string, serial: number, country = 'VN'): string {
  if (!Number.isInteger(serial) || serial < 0 || serial > 99_999_999)
    throw new Error(`an S10 serial is 0 to 99,999,999, not ${serial}`);
  const digits = String(serial).padStart(8, '0');
  return parseS10(`${service}${digits}${s10CheckDigit(digits)}${country}`).id;
}

/** The id in the groups a label prints under its barcode: `EE 1234 5678 5 VN`. */
export function s10Groups(id: string): string {
  const s = parseS10(id);
  return `${s.service} ${s.serial.slice(0, 4)} ${s.serial.slice(4)} ${s.check} ${s.country}`;
}
