// What a clerk fills in at intake, checked against the catalogue before anything is written: the citizen and
// a representative, the documents against the procedure's list, the fees against its prices, the seal and the
// signatures. Each refusal names the field and says what to do.
import { parseCccd } from '../../../platform/cccd.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { parseVnPhone } from '../../../platform/phone.ts';
import { nameText } from '../../../platform/text.ts';
import type { Procedure } from '../catalogue/index.ts';
import { ServicesError, type ServicesErrorCode } from '../services-error.ts';
import {
  DOSSIER_SERVICES,
  FORM_ACCEPTS,
  type DossierService,
  type FeesInput,
  type PresentedInput,
  type RepresentativeInput,
} from './dossier.model.ts';

export const bad = (
  field: string,
  en: string,
  vi: string,
  code: ServicesErrorCode = 'invalid_dossier',
  details: Record<string, unknown> = {},
) => new ServicesError(code, `${field} ${en}`, vi, { field, ...details });

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a string is a real day, YYYY-MM-DD. */
export function isDay(v: unknown): v is string {
  return typeof v === 'string' && DAY.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
}

export function text(field: string, value: unknown, max: number, vi: string): string {
  if (typeof value !== 'string') throw bad(field, 'must be text', `${vi} phải là chữ`);
  let out: string;
  try {
    out = nameText(value);
  } catch (err) {
    if (isDomainError(err)) throw bad(field, err.message, `${vi} ${err.messageVi}`);
    throw err;
  }
  if (out.length < 1 || out.length > max)
    throw bad(field, `must be 1 to ${max} characters`, `${vi} phải có từ 1 đến ${max} ký tự`);
  return out;
}

export function cccdOf(field: string, value: unknown, year: number): string {
  try {
    return parseCccd(typeof value === 'string' ? value : '', year).number;
  } catch (err) {
    if (isDomainError(err)) throw bad(field, err.message, err.messageVi);
    throw err;
  }
}

export function phoneOf(field: string, value: unknown, vi: string): string {
  try {
    return parseVnPhone(typeof value === 'string' ? value : '');
  } catch (err) {
    if (isDomainError(err))
      throw bad(
        field,
        `${JSON.stringify(typeof value === 'string' ? value.slice(0, 20) : typeof value)} is not a Vietnamese phone number (0912345678 or +84912345678)`,
        `Số điện thoại ${vi} không hợp lệ: nhập dạng 0912345678 hoặc +84912345678`,
      );
    throw err;
  }
}

export function serviceOf(value: unknown): DossierService {
  if (typeof value !== 'string' || !(DOSSIER_SERVICES as readonly string[]).includes(value))
    throw bad(
      'service',
      `must be one of ${DOSSIER_SERVICES.join(', ')}`,
      'Hãy chọn dịch vụ: gửi hồ sơ, nhận kết quả, hoặc cả hai',
    );
  return value as DossierService;
}

/** A representative with an authorisation that still holds today. */
export function representativeOf(
  raw: RepresentativeInput | null | undefined,
  today: string,
  year: number,
): { name: string; cccd: string; phone: string; authorisation: { number: string; until: string } } | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object')
    throw bad('representative', 'must be an object', 'Thiếu thông tin người được ủy quyền');
  const name = text('representative.name', raw.name, 100, 'Họ tên người được ủy quyền');
  const cccd = cccdOf('representative.cccd', raw.cccd, year);
  const phone = phoneOf('representative.phone', raw.phone, 'người được ủy quyền');
  const a = raw.authorisation as { number?: unknown; until?: unknown } | undefined;
  if (typeof a !== 'object' || a === null)
    throw bad(
      'representative.authorisation',
      'is missing: a representative needs a written authorisation (its number and last day)',
      'Người nộp thay cần giấy ủy quyền: nhập số và ngày hết hạn của giấy ủy quyền',
    );
  const number = text('representative.authorisation.number', a.number, 40, 'Số giấy ủy quyền');
  if (!isDay(a.until))
    throw bad(
      'representative.authorisation.until',
      'must be a real day as YYYY-MM-DD',
      'Ngày hết hạn ủy quyền phải là ngày hợp lệ',
    );
  if (a.until < today)
    throw bad(
      'representative.authorisation.until',
      `is past: the authorisation ended on ${a.until}; the citizen must come in person or give a new authorisation`,
      `Giấy ủy quyền đã hết hạn từ ngày ${a.until.split('-').reverse().join('/')}: công dân cần đến trực tiếp hoặc làm giấy ủy quyền mới`,
      'authorisation_expired',
    );
  return { name, cccd, phone, authorisation: { number, until: a.until } };
}

/**
 * The documents presented, checked against the procedure's list: each must be one it requires, in a form it
 * accepts, never twice. Answers them in the catalogue's order with the keys still missing (absent, or fewer
 * copies than required).
 */
export function checkDocuments(
  procedure: Procedure,
  raw: readonly PresentedInput[] | undefined,
  already: readonly PresentedInput[] = [],
): { documents: PresentedInput[]; missing: string[] } {
  if (raw !== undefined && !Array.isArray(raw))
    throw bad('documents', 'must be a list', 'Danh sách giấy tờ không hợp lệ');
  const list = raw ?? [];
  if (list.length > 50) throw bad('documents', 'holds at most 50 documents', 'Tối đa 50 giấy tờ');
  const required = new Map(procedure.documents.map((d) => [d.key, d]));
  const seen = new Set<string>();
  const out: PresentedInput[] = [];
  for (const [i, entry] of (list as readonly unknown[]).entries()) {
    const at = `documents[${i}]`;
    if (typeof entry !== 'object' || entry === null)
      throw bad(at, 'must be an object', `Giấy tờ thứ ${i + 1} không hợp lệ`);
    const d = entry as { key?: unknown; form?: unknown; count?: unknown };
    const need = typeof d.key === 'string' ? required.get(d.key) : undefined;
    if (need === undefined)
      throw bad(
        `${at}.key`,
        `${JSON.stringify(typeof d.key === 'string' ? d.key.slice(0, 40) : typeof d.key)} is not a document procedure ${procedure.code} requires: use one of ${[...required.keys()].join(', ')}`,
        `Giấy tờ thứ ${i + 1} không thuộc thành phần hồ sơ của thủ tục này: hãy chọn theo danh mục`,
        'documents_do_not_match',
        { row: i + 1 },
      );
    if (seen.has(need.key))
      throw bad(
        `${at}.key`,
        `repeats ${need.key}: give each document once with its count`,
        `Giấy tờ "${need.name}" bị nhập hai lần: nhập một lần với số bản`,
        'documents_do_not_match',
        { row: i + 1 },
      );
    seen.add(need.key);
    if (d.form !== 'original' && d.form !== 'copy')
      throw bad(
        `${at}.form`,
        'must be original or copy',
        `Hãy chọn bản chính hoặc bản sao cho "${need.name}"`,
      );
    if (!FORM_ACCEPTS[need.form].includes(d.form))
      throw bad(
        `${at}.form`,
        `is ${d.form}, but ${need.key} must be presented as ${need.form}`,
        `"${need.name}" phải là bản chính`,
        'documents_do_not_match',
        { row: i + 1 },
      );
    const count = d.count;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || count > 20)
      throw bad(
        `${at}.count`,
        'must be a whole number from 1 to 20',
        `Số bản của "${need.name}" phải từ 1 đến 20`,
      );
    out.push({ key: need.key, form: d.form, count });
  }
  const have = new Map<string, number>();
  for (const d of [...already, ...out]) have.set(d.key, (have.get(d.key) ?? 0) + d.count);
  const missing = procedure.documents.filter((d) => (have.get(d.key) ?? 0) < d.count).map((d) => d.key);
  const order = new Map(procedure.documents.map((d, i) => [d.key, i]));
  out.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  return { documents: out, missing };
}

/** What a service costs under a procedure: the agency's fee and charge, and the post's tariffs. */
export function feesFor(procedure: Procedure, service: DossierService): { agency: bigint; post: bigint } {
  const sends = service !== 'receive';
  const returns = service !== 'send';
  return {
    agency: sends ? procedure.agency_fee + procedure.agency_charge : 0n,
    post: (sends ? procedure.send_tariff : 0n) + (returns ? procedure.return_tariff : 0n),
  };
}

const amountOf = (field: string, v: unknown): bigint => {
  const s =
    typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : 'x';
  if (!/^\d{1,15}$/.test(s))
    throw bad(field, 'must be a whole number of đồng', 'Số tiền phải là số đồng nguyên');
  return BigInt(s);
};

/** The fees the clerk told the citizen, which must be the catalogue's to the đồng. */
export function checkFees(
  raw: FeesInput | null | undefined,
  expected: { agency: bigint; post: bigint },
): void {
  if (raw === undefined || raw === null || typeof raw !== 'object')
    throw bad(
      'fees',
      `are missing: the citizen pays ${expected.agency} ₫ for the agency and ${expected.post} ₫ to the post`,
      `Chưa nhập phí: lệ phí cơ quan ${expected.agency.toLocaleString('vi-VN')} ₫, cước bưu chính ${expected.post.toLocaleString('vi-VN')} ₫`,
    );
  for (const [k, want, vi] of [
    ['agency', expected.agency, 'Phí, lệ phí của cơ quan'],
    ['post', expected.post, 'Cước bưu chính'],
  ] as const) {
    const got = amountOf(`fees.${k}`, raw[k]);
    if (got !== want)
      throw bad(
        `fees.${k}`,
        `is ${got} ₫ but the catalogue says ${want} ₫: charge what the catalogue says`,
        `${vi} là ${want.toLocaleString('vi-VN')} ₫ theo danh mục, không phải ${got.toLocaleString('vi-VN')} ₫`,
        'fees_do_not_match',
        { expected: want.toString(), given: got.toString() },
      );
  }
}

/** A reference to a signature captured on the pad (what delivery's proofs use), required of both. */
export function signatureOf(field: string, v: unknown, vi: string): string {
  if (typeof v !== 'string' || !/^(signature|attachment):[A-Za-z0-9._:/-]{1,180}$/.test(v))
    throw bad(
      field,
      'must be a reference like signature:<id>: both sign the document list',
      `Thiếu chữ ký của ${vi} trên phiếu kê khai giấy tờ`,
    );
  return v;
}

export function sealOf(v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Z0-9-]{4,20}$/.test(v.trim().toUpperCase()))
    throw bad(
      'seal',
      'must be the seal number, 4 to 20 letters, digits or -',
      'Nhập số niêm phong của phong bì hồ sơ (4 đến 20 ký tự)',
    );
  return v.trim().toUpperCase();
}
