// The catalogue file's rows checked: each cell of a row by its column's rule, then the rows together (one row per
// procedure, an agency written the same way on each of its rows). Every problem is named by row and column.
import { isDomainError } from '../../../platform/errors.ts';
import { parseVnPhone } from '../../../platform/phone.ts';
import { nameText, searchKey } from '../../../platform/text.ts';
import {
  AGENCY_CODE,
  CATALOGUE_COLUMNS,
  FORMS,
  LEVELS,
  MAX_PROBLEMS,
  PROCEDURE_CODE,
  type CatalogueColumn,
  type CatalogueRow,
  type RowProblem,
} from './catalogue.file.ts';
import type { Agency, AgencyLevel, DocumentForm, RequiredDocument } from './catalogue.model.ts';

/** No agency fee or charge above 10^9 đ, no tariff above 10^7 đ: a larger figure is a typing error. */
const MAX_FEE = 1_000_000_000n;
const MAX_TARIFF = 10_000_000n;
/** A document's key within its procedure: its name without marks, words joined by `_` (`to_khai`). */
export function documentKey(name: string): string {
  return searchKey(name)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
}

/**
 * The documents column: entries separated by `;`, each `name|form|count` (form original, copy or either;
 * count 1 to 20), e.g. `Tờ khai đăng ký khai sinh|original|1; Giấy chứng sinh|original|1`.
 */
export function parseDocuments(
  text: string,
): { documents: RequiredDocument[] } | { message: string; message_vi: string } {
  const entries = text
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const fail = (message: string, message_vi: string) => ({
    message: `${message}: write each document as name|original, copy or either|count, separated by ";"`,
    message_vi: `${message_vi}: ghi mỗi giấy tờ dạng tên|original, copy hoặc either|số lượng, cách nhau bởi dấu ";"`,
  });
  if (entries.length === 0) return fail('names no document', 'chưa có giấy tờ nào');
  if (entries.length > 30) return fail('names more than 30 documents', 'quá 30 giấy tờ');
  const documents: RequiredDocument[] = [];
  for (const [i, entry] of entries.entries()) {
    const parts = entry.split('|').map((p) => p.trim());
    const n = i + 1;
    if (parts.length !== 3)
      return fail(
        `document ${n} ("${entry.slice(0, 60)}") has ${parts.length} parts, not 3`,
        `giấy tờ thứ ${n} không đủ 3 phần`,
      );
    const [rawName, form, count] = parts as [string, string, string];
    let name: string;
    try {
      name = nameText(rawName);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      return fail(`document ${n}'s name ${err.message}`, `tên giấy tờ thứ ${n} ${err.messageVi}`);
    }
    if (name.length < 2 || name.length > 150)
      return fail(
        `document ${n}'s name must be 2 to 150 characters`,
        `tên giấy tờ thứ ${n} phải có 2–150 ký tự`,
      );
    if (!(FORMS as readonly string[]).includes(form))
      return fail(
        `document ${n} ("${name}") has form "${form.slice(0, 20)}", not original, copy or either`,
        `giấy tờ thứ ${n} (${name}) có hình thức không hợp lệ`,
      );
    if (!/^([1-9]|1\d|20)$/.test(count))
      return fail(
        `document ${n} ("${name}") has count "${count.slice(0, 20)}", not a whole number from 1 to 20`,
        `số lượng giấy tờ thứ ${n} (${name}) phải từ 1 đến 20`,
      );
    const key = documentKey(name);
    if (key === '')
      return fail(`document ${n}'s name has no letter or digit`, `tên giấy tờ thứ ${n} không có chữ hoặc số`);
    if (documents.some((d) => d.key === key))
      return fail(`document ${n} ("${name}") is listed twice`, `giấy tờ thứ ${n} (${name}) bị lặp`);
    documents.push({ key, name, form: form as DocumentForm, count: Number(count) });
  }
  return { documents };
}

/** What a row is checked against beyond its own form. */
export interface RowContext {
  /** Commune code → province code: the geography; communes are not checked without it. */
  communes?: ReadonlyMap<string, string>;
  /** Only this province's agencies may be in the file (the province the import was made for). */
  province?: string;
  /** Only this agency's procedures (an agency officer's import). */
  agency?: string;
}

type Cells = ReadonlyMap<string, string>;

/** Checks one row: its procedure and agency, or every problem of the row. */
export function checkRow(row: number, cells: Cells, ctx: RowContext): CatalogueRow | RowProblem[] {
  const problems: RowProblem[] = [];
  const bad = (field: CatalogueColumn, message: string, message_vi: string) =>
    problems.push({ row, field, message, message_vi });
  const get = (c: CatalogueColumn) => cells.get(c) ?? '';
  const text = (c: CatalogueColumn, min: number, max: number, what: string, whatVi: string): string => {
    try {
      const v = nameText(get(c));
      if (v.length < min || v.length > max)
        bad(c, `${what} must be ${min} to ${max} characters`, `${whatVi} phải có ${min}–${max} ký tự`);
      return v;
    } catch (err) {
      if (!isDomainError(err)) throw err;
      bad(c, `${what} ${err.message}`, `${whatVi} ${err.messageVi}`);
      return '';
    }
  };
  const amount = (c: CatalogueColumn, max: bigint, whatVi: string): bigint => {
    const v = get(c);
    if (!/^(0|[1-9]\d{0,12})$/.test(v)) {
      bad(
        c,
        'must be a whole number of đồng, 0 or more, without separators (e.g. 200000)',
        `${whatVi} phải là số đồng nguyên, không có dấu chấm hay phẩy (ví dụ 200000)`,
      );
      return 0n;
    }
    const n = BigInt(v);
    if (n > max) bad(c, `must be at most ${max} đồng`, `${whatVi} tối đa ${max} đồng`);
    return n;
  };

  const code = get('ma_thu_tuc');
  if (!PROCEDURE_CODE.test(code))
    bad(
      'ma_thu_tuc',
      'must be a national procedure code such as 1.001193.000.00.00.H01',
      'mã thủ tục phải theo mã quốc gia, ví dụ 1.001193.000.00.00.H01',
    );
  const name = text('ten_thu_tuc', 3, 300, 'the procedure name', 'tên thủ tục');
  const field = text('linh_vuc', 2, 100, 'the field', 'lĩnh vực');
  const agencyCode = get('ma_co_quan');
  const agencyName = text('ten_co_quan', 3, 200, 'the agency name', 'tên cơ quan');
  const level = get('cap_co_quan') as AgencyLevel;
  const province = get('ma_tinh');
  if (!LEVELS.includes(level))
    bad(
      'cap_co_quan',
      'must be central, province or commune',
      'cấp cơ quan phải là central, province hoặc commune',
    );
  const provinces = ctx.communes === undefined ? undefined : new Set(ctx.communes.values());
  if (!/^\d{2}$/.test(province))
    bad('ma_tinh', 'must be a 2-digit province code such as 01', 'mã tỉnh phải có 2 chữ số, ví dụ 01');
  else if (provinces !== undefined && !provinces.has(province))
    bad(
      'ma_tinh',
      `province ${province} does not exist (since 1 July 2025)`,
      `tỉnh ${province} không tồn tại`,
    );
  else if (ctx.province !== undefined && province !== ctx.province)
    bad(
      'ma_tinh',
      `is ${province}, but this import is for province ${ctx.province}: import each province's file there`,
      `thuộc tỉnh ${province}, không phải tỉnh ${ctx.province} của lần nạp này`,
    );
  if (!AGENCY_CODE.test(agencyCode))
    bad(
      'ma_co_quan',
      'must be H + the province code (or TW for a central agency), a dot and 2–16 capitals or digits, e.g. H01.STP',
      'mã cơ quan phải dạng H + mã tỉnh (TW với cơ quan trung ương), dấu chấm và 2–16 chữ in hoa hoặc số, ví dụ H01.STP',
    );
  else if (level === 'central' ? !agencyCode.startsWith('TW.') : agencyCode.slice(0, 3) !== `H${province}`)
    bad(
      'ma_co_quan',
      level === 'central'
        ? 'of a central agency must start with TW.'
        : `must start with H${province}. for an agency of province ${province}`,
      level === 'central'
        ? 'mã cơ quan trung ương phải bắt đầu bằng TW.'
        : `mã cơ quan của tỉnh ${province} phải bắt đầu bằng H${province}.`,
    );
  else if (ctx.agency !== undefined && agencyCode !== ctx.agency)
    bad(
      'ma_co_quan',
      `is ${agencyCode}, but you act for agency ${ctx.agency}: only its procedures can be imported`,
      `bạn chỉ được nạp thủ tục của cơ quan ${ctx.agency}`,
    );
  const commune = (c: 'ma_xa' | 'ma_xa_phu_trach', v: string): void => {
    if (!/^\d{5}$/.test(v)) {
      bad(c, 'must be a 5-digit commune code such as 00004', 'mã xã phải có 5 chữ số, ví dụ 00004');
      return;
    }
    const inProvince = ctx.communes?.get(v);
    if (ctx.communes !== undefined && inProvince === undefined)
      bad(c, `commune ${v} does not exist (since 1 July 2025)`, `xã ${v} không tồn tại`);
    else if (inProvince !== undefined && /^\d{2}$/.test(province) && inProvince !== province)
      bad(
        c,
        `commune ${v} is in province ${inProvince}, not ${province}`,
        `xã ${v} không thuộc tỉnh ${province}`,
      );
  };
  const served = get('ma_xa_phu_trach');
  if (level === 'commune') commune('ma_xa_phu_trach', served);
  else if (served !== '')
    bad(
      'ma_xa_phu_trach',
      'must be empty above commune level (only a commune’s agency serves one commune)',
      'chỉ ghi với cơ quan cấp xã; để trống với cấp tỉnh, trung ương',
    );
  const address = text('dia_chi', 5, 200, 'the address', 'địa chỉ');
  const sits = get('ma_xa');
  commune('ma_xa', sits);
  let phone = '';
  try {
    phone = parseVnPhone(get('dien_thoai'));
  } catch (err) {
    if (!isDomainError(err)) throw err;
    bad(
      'dien_thoai',
      `${err.message}; a landline such as 024 3825 0000 is fine`,
      'số điện thoại không hợp lệ: ghi dạng 024 3825 0000 hoặc 0912345678',
    );
  }
  const docs = parseDocuments(get('giay_to'));
  if ('message' in docs) bad('giay_to', docs.message, docs.message_vi);
  const agencyFee = amount('le_phi', MAX_FEE, 'lệ phí');
  const agencyCharge = amount('phi', MAX_FEE, 'phí');
  const sendTariff = amount('cuoc_gui', MAX_TARIFF, 'cước gửi');
  const returnTariff = amount('cuoc_tra', MAX_TARIFF, 'cước trả');
  const days = get('so_ngay');
  if (!/^[1-9]\d?$/.test(days) || Number(days) > 90)
    bad(
      'so_ngay',
      'must be the agency’s deadline in working days, a whole number from 1 to 90',
      'số ngày giải quyết phải là số ngày làm việc từ 1 đến 90',
    );
  const active = get('hieu_luc');
  if (!['', '1', '0'].includes(active))
    bad(
      'hieu_luc',
      'must be 1 (offered), 0 (withdrawn) or empty (offered)',
      'hiệu lực phải là 1 (đang áp dụng), 0 (bãi bỏ) hoặc để trống',
    );
  if (problems.length > 0) return problems;
  return {
    row,
    agency: {
      code: agencyCode,
      name: agencyName,
      level,
      province_code: province,
      commune_code: level === 'commune' ? served : null,
      address,
      commune: sits,
      phone,
    },
    procedure: {
      code,
      name,
      field,
      agency_code: agencyCode,
      documents: 'documents' in docs ? docs.documents : [],
      agency_fee: agencyFee,
      agency_charge: agencyCharge,
      send_tariff: sendTariff,
      return_tariff: returnTariff,
      deadline_days: Number(days),
      active: active !== '0',
    },
  };
}

const AGENCY_COLUMNS: ReadonlyArray<[keyof Agency, CatalogueColumn]> = [
  ['name', 'ten_co_quan'],
  ['level', 'cap_co_quan'],
  ['province_code', 'ma_tinh'],
  ['commune_code', 'ma_xa_phu_trach'],
  ['address', 'dia_chi'],
  ['commune', 'ma_xa'],
  ['phone', 'dien_thoai'],
];

/**
 * Checks every row and the rows together (a procedure once; an agency described the same way on each of
 * its rows): the rows, or every problem (up to MAX_PROBLEMS, with how many there were).
 */
export function checkRows(
  rows: ReadonlyArray<{ row: number; cells: Cells; overflow?: number }>,
  ctx: RowContext,
): { rows: CatalogueRow[] } | { problems: RowProblem[]; total: number } {
  const problems: RowProblem[] = [];
  const good: CatalogueRow[] = [];
  const procedures = new Map<string, number>();
  const agencies = new Map<string, CatalogueRow>();
  for (const { row, cells, overflow = 0 } of rows) {
    if (overflow > 0) {
      problems.push({
        row,
        field: '*',
        message: `has ${overflow} filled cell(s) beyond the ${CATALOGUE_COLUMNS.length} columns: a cell holding a comma must be in double quotes`,
        message_vi: `có ${overflow} ô thừa ngoài ${CATALOGUE_COLUMNS.length} cột: ô có dấu phẩy phải đặt trong dấu ngoặc kép`,
      });
      continue;
    }
    const r = checkRow(row, cells, ctx);
    if (Array.isArray(r)) {
      problems.push(...r);
      continue;
    }
    const seen = procedures.get(r.procedure.code);
    if (seen !== undefined) {
      problems.push({
        row,
        field: 'ma_thu_tuc',
        message: `procedure ${r.procedure.code} is already on row ${seen}: keep one row per procedure`,
        message_vi: `thủ tục ${r.procedure.code} đã có ở dòng ${seen}: mỗi thủ tục chỉ một dòng`,
      });
      continue;
    }
    procedures.set(r.procedure.code, row);
    const first = agencies.get(r.agency.code);
    if (first === undefined) agencies.set(r.agency.code, r);
    else {
      const differs = AGENCY_COLUMNS.filter(([k]) => first.agency[k] !== r.agency[k]);
      for (const [, column] of differs)
        problems.push({
          row,
          field: column,
          message: `differs from row ${first.row} for the same agency ${r.agency.code}: write the agency the same way on each of its rows`,
          message_vi: `khác với dòng ${first.row} của cùng cơ quan ${r.agency.code}: thông tin cơ quan phải giống nhau ở mọi dòng`,
        });
      if (differs.length > 0) continue;
    }
    good.push(r);
  }
  if (problems.length > 0) return { problems: problems.slice(0, MAX_PROBLEMS), total: problems.length };
  return { rows: good };
}
