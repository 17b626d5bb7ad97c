// The catalogue's files, one layout each (suppliers, products, prices; the header tells which), read into
// payloads row by row. What a row says alone is checked here; what it says against the other rows and the
// catalogue already held (duplicates, unknown suppliers, overlapping prices) is catalogue.rules.ts's.
import { parseVnPhone } from '../../../platform/phone.ts';
import type { RowProblem, TableRow } from '../../../platform/table-file.ts';
import {
  CATEGORIES,
  VAT_RATES,
  type PricePayload,
  type ProductPayload,
  type SupplierPayload,
} from './catalogue.model.ts';

export const SUPPLIER_COLUMNS = ['ma_ncc', 'ten_ncc', 'ma_so_thue', 'dien_thoai', 'dia_chi'] as const;
export const PRODUCT_COLUMNS = [
  'ma_hang',
  'ma_vach',
  'ten_vi',
  'ten_en',
  'don_vi',
  'thue_vat',
  'nhom',
  'ma_ncc',
  'tinh_ocop',
  'sao_ocop',
  'ma_tinh',
] as const;
/** Optional in a products file: 1 (the default) while sold, 0 withdrawn. */
export const PRODUCT_OPTIONAL = ['dang_ban'] as const;
export const PRICE_COLUMNS = ['ma_hang', 'ma_tinh', 'loai', 'tu_ngay', 'den_ngay', 'gia'] as const;
export type Layout = 'suppliers' | 'products' | 'prices';
/** Codes a spreadsheet may turn into numbers, by their width. */
export const PADDED = { ma_tinh: 2, tinh_ocop: 2, ma_vach: 13 } as const;

/** Which layout a header is, by the column only it has. */
export function layoutOf(header: readonly string[]): Layout | undefined {
  if (header.includes('ma_vach')) return 'products';
  if (header.includes('gia')) return 'prices';
  if (header.includes('ma_so_thue')) return 'suppliers';
  return undefined;
}

/** A row read, or the problems that keep it out. */
export type Read<T> = { row: number; value: T } | { problems: RowProblem[] };

export const PRODUCT_CODE = /^[A-Z0-9][A-Z0-9-]{2,19}$/;
export const SUPPLIER_CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a text is a calendar day YYYY-MM-DD. */
export function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The day n days after (before, if negative) a day. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Collects a row's problems as its cells are read. */
function rowReader(r: TableRow) {
  const problems: RowProblem[] = [];
  const cell = (c: string) => r.cells.get(c) ?? '';
  const bad = (field: string, message: string, message_vi: string) =>
    problems.push({ row: r.row, field, message, message_vi });
  if (r.overflow > 0)
    bad(
      'row',
      `${r.overflow} cell(s) beyond the header: quote a text that holds a comma`,
      `${r.overflow} ô thừa ngoài tiêu đề: hãy đặt văn bản có dấu phẩy trong ngoặc kép`,
    );
  const text = (c: string, min: number, max: number, what: string, whatVi: string) => {
    const v = cell(c).normalize('NFC');
    if (v.length < min || v.length > max)
      bad(c, `${what} must be ${min} to ${max} characters`, `${whatVi} phải dài từ ${min} đến ${max} ký tự`);
    return v;
  };
  const code = (c: string, re: RegExp, what: string, whatVi: string) => {
    const v = cell(c).toUpperCase();
    if (!re.test(v))
      bad(
        c,
        `${JSON.stringify(v.slice(0, 30))} is not ${what}: capitals, digits and dashes`,
        `"${v.slice(0, 30)}" không phải ${whatVi}: chỉ chữ in hoa, chữ số và dấu gạch ngang`,
      );
    return v;
  };
  const province = (c: string, optional: boolean): string | null => {
    const v = cell(c);
    if (v === '' && optional) return null;
    if (!/^\d{2}$/.test(v)) {
      bad(
        c,
        `${JSON.stringify(v.slice(0, 10))} is not a province code: write the 2-digit code, e.g. 01 for Hà Nội${optional ? ', or leave it empty' : ''}`,
        `"${v.slice(0, 10)}" không phải mã tỉnh: hãy ghi mã 2 chữ số, ví dụ 01 là Hà Nội${optional ? ', hoặc để trống' : ''}`,
      );
      return null;
    }
    return v;
  };
  return { problems, cell, bad, text, code, province };
}

const done = <T>(row: number, problems: RowProblem[], value: T): Read<T> =>
  problems.length > 0 ? { problems } : { row, value };

/** A suppliers file's row. */
export function readSupplier(r: TableRow): Read<SupplierPayload> {
  const { problems, cell, bad, text, code } = rowReader(r);
  const tax = cell('ma_so_thue').replace(/[\s-]/g, '');
  if (!/^\d{10}(\d{3})?$/.test(tax))
    bad('ma_so_thue', 'A tax code is 10 or 13 digits', 'Mã số thuế gồm 10 hoặc 13 chữ số');
  let phone = '';
  try {
    phone = parseVnPhone(cell('dien_thoai'));
  } catch {
    bad(
      'dien_thoai',
      'Not a Vietnamese phone number: write it as 0243xxxxxxx or +84…',
      'Số điện thoại không hợp lệ: hãy ghi dạng 0243xxxxxxx hoặc +84…',
    );
  }
  return done(r.row, problems, {
    code: code('ma_ncc', SUPPLIER_CODE, 'a supplier code', 'mã nhà cung cấp'),
    name: text('ten_ncc', 2, 200, 'The name', 'Tên'),
    tax_code: tax,
    phone,
    address: text('dia_chi', 5, 200, 'The address', 'Địa chỉ'),
  });
}

/**
 * A products file's row. An empty barcode is left empty here: the command gives the product its in-store code
 * (or keeps the one it has).
 */
export function readProduct(r: TableRow): Read<ProductPayload> {
  const { problems, cell, bad, text, code, province } = rowReader(r);
  const barcode = cell('ma_vach');
  if (barcode !== '' && !/^\d{13}$/.test(barcode))
    bad(
      'ma_vach',
      `${JSON.stringify(barcode.slice(0, 20))} is not an EAN-13: 13 digits as printed under the bars, or leave it empty for the post's own code`,
      `"${barcode.slice(0, 20)}" không phải mã EAN-13: ghi đủ 13 chữ số dưới vạch, hoặc để trống để dùng mã riêng của bưu điện`,
    );
  const vat = Number(cell('thue_vat').replace(/%$/, ''));
  if (!(VAT_RATES as readonly number[]).includes(vat) || cell('thue_vat') === '')
    bad(
      'thue_vat',
      `VAT ${JSON.stringify(cell('thue_vat').slice(0, 10))} is not a rate: write 0, 5, 8 or 10`,
      `Thuế GTGT "${cell('thue_vat').slice(0, 10)}" không hợp lệ: hãy ghi 0, 5, 8 hoặc 10`,
    );
  const category = cell('nhom').toLowerCase();
  if (!(CATEGORIES as readonly string[]).includes(category))
    bad(
      'nhom',
      `Unknown category ${JSON.stringify(category.slice(0, 30))}: write one of ${CATEGORIES.join(', ')}`,
      `Nhóm hàng "${category.slice(0, 30)}" không có: hãy ghi một trong ${CATEGORIES.join(', ')}`,
    );
  const local = province('tinh_ocop', true);
  const starsText = cell('sao_ocop');
  const stars = starsText === '' ? null : Number(starsText);
  if (stars !== null && !(Number.isInteger(stars) && stars >= 3 && stars <= 5))
    bad('sao_ocop', 'OCOP stars are 3, 4 or 5', 'Số sao OCOP là 3, 4 hoặc 5');
  if ((stars === null) !== (local === null) && problems.every((p) => p.field !== 'tinh_ocop'))
    bad(
      stars === null ? 'sao_ocop' : 'tinh_ocop',
      'An OCOP product has both its province (tinh_ocop) and its stars (sao_ocop); other goods neither',
      'Sản phẩm OCOP ghi cả tỉnh (tinh_ocop) và số sao (sao_ocop); hàng khác để trống cả hai',
    );
  const active = cell('dang_ban');
  if (!['', '0', '1'].includes(active))
    bad('dang_ban', 'Write 1 while it is sold, 0 to withdraw it', 'Ghi 1 nếu đang bán, 0 để ngừng bán');
  return done(r.row, problems, {
    code: code('ma_hang', PRODUCT_CODE, 'a product code (3 to 20 characters)', 'mã hàng (3 đến 20 ký tự)'),
    barcode,
    name_vi: text('ten_vi', 2, 200, 'The Vietnamese name', 'Tên tiếng Việt'),
    name_en: text('ten_en', 2, 200, 'The English name', 'Tên tiếng Anh'),
    unit: text('don_vi', 1, 20, 'The unit', 'Đơn vị tính'),
    vat_rate: vat as ProductPayload['vat_rate'],
    category: category as ProductPayload['category'],
    supplier_code: cell('ma_ncc').toUpperCase(),
    local_province: local,
    ocop_stars: stars,
    province_code: province('ma_tinh', true),
    active: active !== '0',
  });
}

const KINDS: Record<string, PricePayload['kind']> = {
  list: 'list',
  niem_yet: 'list',
  'niêm yết': 'list',
  promotion: 'promotion',
  khuyen_mai: 'promotion',
  'khuyến mại': 'promotion',
};

/** A prices file's row. */
export function readPrice(r: TableRow): Read<PricePayload> {
  const { problems, cell, bad, province } = rowReader(r);
  const kind = KINDS[cell('loai').toLowerCase().normalize('NFC')];
  if (kind === undefined)
    bad(
      'loai',
      'The kind is list (niem_yet) or promotion (khuyen_mai)',
      'Loại giá là niem_yet (list) hoặc khuyen_mai (promotion)',
    );
  const from = cell('tu_ngay');
  if (!isDay(from))
    bad('tu_ngay', 'Write the first day as YYYY-MM-DD', 'Hãy ghi ngày bắt đầu dạng YYYY-MM-DD');
  const to = cell('den_ngay');
  if (to !== '' && !isDay(to))
    bad(
      'den_ngay',
      'Write the last day as YYYY-MM-DD, or leave it empty',
      'Hãy ghi ngày kết thúc dạng YYYY-MM-DD, hoặc để trống',
    );
  else if (to !== '' && isDay(from) && to < from)
    bad(
      'den_ngay',
      `The last day ${to} is before the first day ${from}: swap them or correct one`,
      `Ngày kết thúc ${to} trước ngày bắt đầu ${from}: hãy sửa lại`,
    );
  else if (to === '' && kind === 'promotion')
    bad('den_ngay', 'A promotion needs its last day', 'Khuyến mại phải có ngày kết thúc');
  // 12.000 and 12 000 as people group thousands; anything else as written.
  const written = cell('gia');
  const price = /^\d{1,3}([.\s]\d{3})+$/.test(written) ? written.replace(/[.\s]/g, '') : written;
  if (!/^[1-9]\d{0,11}$/.test(price))
    bad(
      'gia',
      `The price ${JSON.stringify(cell('gia').slice(0, 20))} is not a positive whole number of đồng: write e.g. 12000`,
      `Giá "${cell('gia').slice(0, 20)}" không phải số đồng nguyên dương: hãy ghi ví dụ 12000`,
    );
  return done(r.row, problems, {
    product_code: cell('ma_hang').toUpperCase(),
    province_code: province('ma_tinh', false) ?? '',
    kind: kind ?? 'list',
    valid_from: from,
    valid_to: to === '' ? null : to,
    price,
  });
}
