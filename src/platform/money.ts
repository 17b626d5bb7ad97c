import { PlatformError } from './errors.ts';

/** An amount in Vietnamese đồng. VND has no minor unit in use, so amounts are whole numbers, never floats. */
export type Vnd = bigint;

// SQL BIGINT bounds: an amount outside them could not be stored, so it is refused at the edge.
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

// Plain digits or dot-grouped thousands, no leading zeros (a pasted phone number such as 0912345678 must
// not become an amount), then an optional currency mark. `\s` with the u flag covers NBSP, which is what
// Intl's vi-VN formatter puts before ₫. No leading '+': nobody writes one for money, so it is a paste error.
const AMOUNT_TEXT = /^(-?)(0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:\s*(?:₫|đ|vnd))?$/iu;
const JSON_AMOUNT = /^-?(0|[1-9][0-9]*)$/;

export interface ParseVndOptions {
  /** Refunds and adjustments may be negative; amounts typed by staff usually may not. Default false. */
  allowNegative?: boolean;
  /** Default true. */
  allowZero?: boolean;
}

function shown(input: unknown): string {
  const text = typeof input === 'string' ? input : String(input);
  // Keep error messages (and the logs they end up in) short whatever was pasted.
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function invalid(input: unknown, message: string, messageVi: string): PlatformError {
  return new PlatformError('invalid_amount', message, messageVi, {
    input: typeof input === 'bigint' ? input.toString() : input,
  });
}

function malformed(input: unknown): PlatformError {
  const s = shown(input);
  return invalid(
    input,
    `Invalid amount ${s}: enter whole đồng as digits, optionally grouped with dots (1.234.567), without decimals.`,
    `Số tiền ${s} không hợp lệ: hãy nhập số đồng nguyên, chỉ gồm chữ số, có thể tách nhóm nghìn bằng dấu chấm (ví dụ 1.234.567), không có phần lẻ.`,
  );
}

function checkRange(amount: bigint, input: unknown, opts: ParseVndOptions | undefined): bigint {
  const s = shown(input);
  if (amount > INT64_MAX || amount < INT64_MIN) {
    throw invalid(
      input,
      `Amount ${s} is too large to record; check the number of digits.`,
      `Số tiền ${s} quá lớn, không thể ghi nhận; hãy kiểm tra lại số chữ số.`,
    );
  }
  if (amount < 0n && opts?.allowNegative !== true) {
    throw invalid(
      input,
      `Amount ${s} must not be negative; enter the amount without a minus sign.`,
      `Số tiền ${s} không được âm; hãy nhập số tiền không có dấu trừ.`,
    );
  }
  if (amount === 0n && opts?.allowZero === false) {
    throw invalid(
      input,
      `Amount ${s} must be greater than zero; enter the amount to be paid.`,
      `Số tiền ${s} phải lớn hơn 0; hãy nhập số tiền cần thanh toán.`,
    );
  }
  return amount;
}

/** Turns what staff type or an API sends into đồng; the one place where amount input is validated. */
export function parseVnd(input: string | number | bigint, opts?: ParseVndOptions): Vnd {
  if (typeof input === 'bigint') return checkRange(input, input, opts);
  if (typeof input === 'number') {
    // Floats are refused, not rounded: 1.5 đồng is a mistake upstream, not an amount.
    if (!Number.isSafeInteger(input)) throw malformed(input);
    return checkRange(BigInt(input), input, opts);
  }
  if (typeof input !== 'string') throw malformed(input);
  const match = AMOUNT_TEXT.exec(input.trim());
  if (match === null) throw malformed(input);
  const [, sign, digits] = match;
  const magnitude = BigInt((digits ?? '').replaceAll('.', ''));
  return checkRange(sign === '-' ? -magnitude : magnitude, input, opts);
}

/** Display form for receipts and screens: `1.234.567 ₫`, a plain space before the sign as staff expect. */
export function formatVnd(amount: Vnd): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, '.');
  return `${negative ? '-' : ''}${grouped} ₫`;
}

/** Amounts travel in JSON as decimal strings: many JSON clients lose precision past 2^53. */
export function vndToJson(amount: Vnd): string {
  return amount.toString();
}

/** Reads the strict form vndToJson writes; anything else is a client bug, so nothing is tolerated. */
export function vndFromJson(s: string): Vnd {
  if (typeof s !== 'string' || !JSON_AMOUNT.test(s)) {
    const shownInput = shown(s);
    throw invalid(
      s,
      `Invalid amount ${shownInput} in JSON: send whole đồng as a decimal string such as "1234567".`,
      `Số tiền ${shownInput} trong dữ liệu gửi lên không hợp lệ: số tiền phải là chuỗi chữ số nguyên, ví dụ "1234567".`,
    );
  }
  return checkRange(BigInt(s), s, { allowNegative: true });
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** Three digits as spoken; `full` when a larger group precedes it ("không trăm linh năm nghìn"). */
function threeDigits(n: number, full: boolean): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor(n / 10) % 10;
  const u = n % 10;
  const out: string[] = [];
  if (h > 0 || full) out.push(DIGITS[h]!, 'trăm');
  if (t === 0) {
    if (u > 0) out.push(...(h > 0 || full ? ['linh'] : []), DIGITS[u]!);
  } else if (t === 1) out.push('mười', ...(u === 5 ? ['lăm'] : u > 0 ? [DIGITS[u]!] : []));
  else
    out.push(
      DIGITS[t]!,
      'mươi',
      ...(u === 1 ? ['mốt'] : u === 4 ? ['tư'] : u === 5 ? ['lăm'] : u > 0 ? [DIGITS[u]!] : []),
    );
  return out;
}

function words(n: bigint, full: boolean): string[] {
  const BILLION = 1_000_000_000n;
  if (n >= BILLION) {
    const rest = n % BILLION;
    return [...words(n / BILLION, full), 'tỷ', ...(rest > 0n ? words(rest, true) : [])];
  }
  const groups = [Number(n / 1_000_000n), Number((n / 1000n) % 1000n), Number(n % 1000n)];
  const names = ['triệu', 'nghìn', ''];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    if (groups[i] === 0) continue;
    out.push(...threeDigits(groups[i]!, full || out.length > 0), ...(names[i] === '' ? [] : [names[i]!]));
  }
  return out;
}

/**
 * An amount in Vietnamese words, as receipts write it under the figures: "Năm triệu hai trăm nghìn đồng".
 */
export function vndInWords(amount: Vnd): string {
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const text = [
    ...(negative ? ['âm'] : []),
    ...(magnitude === 0n ? ['không'] : words(magnitude, false)),
    'đồng',
  ].join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
