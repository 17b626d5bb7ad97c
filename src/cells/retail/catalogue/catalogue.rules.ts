// What a catalogue's rows must hold together and against the catalogue already there: codes and barcodes once
// each, suppliers and provinces that exist, a province's own rows only when a manager imports, and prices whose
// periods do not overlap, a new list price closing the open one before it, a promotion always over a list price.
import { canonicalJson } from '../../../platform/canonical-json.ts';
import { inStoreEan13, isEan13 } from '../../../platform/ean13.ts';
import type { RowProblem } from '../../../platform/table-file.ts';
import type { PricePayload, ProductPayload, SupplierPayload } from './catalogue.model.ts';
import { addDays } from './catalogue.rows.ts';

/** A row read from a file, with its row number (0 for a row set from a screen). */
export interface Numbered<T> {
  row: number;
  value: T;
}

/** What the checks know of the catalogue already held, loaded by the command for the rows at hand. */
export interface Known {
  suppliers: ReadonlyMap<string, SupplierPayload>;
  products: ReadonlyMap<string, ProductPayload>;
  /** Which product holds a barcode, for the file's barcodes and the in-store candidates. */
  barcodes: ReadonlyMap<string, string>;
  /** The provinces of the core geography; without it only the form of a code is checked. */
  provinces?: ReadonlySet<string>;
  /** A manager's import: only this province's products and prices. */
  province?: string;
}

export const same = (a: unknown, b: unknown): boolean =>
  a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b);
const problem = (row: number, field: string, message: string, message_vi: string): RowProblem => ({
  row,
  field,
  message,
  message_vi,
});

/** How many in-store candidates a product gets before its code is given up on (one is almost always enough). */
export const CANDIDATES = 4;

function unknownProvince(
  row: number,
  field: string,
  code: string | null,
  known: Pick<Known, 'provinces' | 'province'>,
): RowProblem[] {
  if (code === null || code === '' || known.provinces === undefined || known.provinces.has(code)) return [];
  return [
    problem(
      row,
      field,
      `No province has code ${code}: use a code of the 34 provinces (GET /v1/geo/provinces)`,
      `Không có tỉnh mã ${code}: hãy dùng mã của 34 tỉnh, thành phố`,
    ),
  ];
}

function outOfScope(
  row: number,
  field: string,
  code: string | null,
  known: Pick<Known, 'provinces' | 'province'>,
): RowProblem[] {
  if (known.province === undefined || code === known.province) return [];
  return [
    problem(
      row,
      field,
      `${code === null ? 'A national product' : `Province ${code}`} is not yours: your import takes only province ${known.province}'s rows; national goods are changed by head office`,
      `${code === null ? 'Hàng toàn quốc' : `Tỉnh ${code}`} không thuộc quyền của bạn: chỉ nạp được dòng của tỉnh ${known.province}; hàng toàn quốc do Tổng công ty cập nhật`,
    ),
  ];
}

/** The suppliers to write: refused rows named; a manager adds suppliers but changes none. */
export function checkSuppliers(
  rows: ReadonlyArray<Numbered<SupplierPayload>>,
  known: Known,
): { problems: RowProblem[] } | { changed: SupplierPayload[] } {
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { row, value } of rows) {
    const first = seen.get(value.code);
    if (first !== undefined)
      problems.push(
        problem(
          row,
          'ma_ncc',
          `Supplier ${value.code} is already on row ${first}: keep one row`,
          `Nhà cung cấp ${value.code} đã có ở dòng ${first}: chỉ giữ một dòng`,
        ),
      );
    seen.set(value.code, row);
    const had = known.suppliers.get(value.code);
    if (known.province !== undefined && had !== undefined && !same(had, value))
      problems.push(
        problem(
          row,
          'ma_ncc',
          `Supplier ${value.code} exists: a province adds suppliers, head office changes them`,
          `Nhà cung cấp ${value.code} đã có: tỉnh chỉ thêm nhà cung cấp mới, Tổng công ty sửa thông tin`,
        ),
      );
  }
  if (problems.length > 0) return { problems };
  return { changed: rows.map((r) => r.value).filter((s) => !same(known.suppliers.get(s.code), s)) };
}

/** The in-store barcodes a product without one may get, in order. */
export const inStoreCandidates = (code: string): string[] =>
  Array.from({ length: CANDIDATES }, (_, i) => inStoreEan13(code, i));

/**
 * The products to write: refused rows named; a product without a barcode keeps the one it has, or gets the
 * first free in-store candidate.
 */
export function checkProducts(
  rows: ReadonlyArray<Numbered<ProductPayload>>,
  known: Known,
): { problems: RowProblem[] } | { changed: ProductPayload[] } {
  const problems: RowProblem[] = [];
  const codes = new Map<string, number>();
  const barcodes = new Map<string, { row: number; code: string }>();
  const given: ProductPayload[] = [];
  for (const { row, value } of rows) {
    const firstCode = codes.get(value.code);
    if (firstCode !== undefined)
      problems.push(
        problem(
          row,
          'ma_hang',
          `Product code ${value.code} is already on row ${firstCode}: each product once`,
          `Mã hàng ${value.code} đã có ở dòng ${firstCode}: mỗi mặt hàng một dòng`,
        ),
      );
    codes.set(value.code, row);
    const had = known.products.get(value.code);
    let barcode = value.barcode;
    if (barcode === '') barcode = had?.barcode ?? '';
    if (barcode === '') {
      const taken = (b: string) =>
        barcodes.has(b) || (known.barcodes.has(b) && known.barcodes.get(b) !== value.code);
      barcode = inStoreCandidates(value.code).find((b) => !taken(b)) ?? '';
      if (barcode === '')
        problems.push(
          problem(
            row,
            'ma_vach',
            'No free in-store code: give the product a barcode',
            'Không cấp được mã nội bộ: hãy ghi mã vạch cho hàng',
          ),
        );
    } else if (!isEan13(barcode)) {
      problems.push(
        problem(
          row,
          'ma_vach',
          `The check digit of ${barcode} is wrong: copy the barcode again from the package`,
          `Số kiểm tra của mã vạch ${barcode} sai: hãy chép lại mã vạch trên bao bì`,
        ),
      );
    } else {
      const inFile = barcodes.get(barcode);
      const owner = known.barcodes.get(barcode);
      if (inFile !== undefined)
        problems.push(
          problem(
            row,
            'ma_vach',
            `Barcode ${barcode} is already on row ${inFile.row} (${inFile.code}): each barcode names one product`,
            `Mã vạch ${barcode} đã có ở dòng ${inFile.row} (${inFile.code}): mỗi mã vạch chỉ một mặt hàng`,
          ),
        );
      else if (owner !== undefined && owner !== value.code)
        problems.push(
          problem(
            row,
            'ma_vach',
            `Barcode ${barcode} belongs to product ${owner}: check the barcode, or change that product first`,
            `Mã vạch ${barcode} đã thuộc mặt hàng ${owner}: hãy kiểm tra lại mã vạch`,
          ),
        );
    }
    if (barcode !== '') barcodes.set(barcode, { row, code: value.code });
    if (!known.suppliers.has(value.supplier_code))
      problems.push(
        problem(
          row,
          'ma_ncc',
          `No supplier has code ${JSON.stringify(value.supplier_code.slice(0, 40))}: import the suppliers file first, or correct the code`,
          `Không có nhà cung cấp mã "${value.supplier_code.slice(0, 40)}": hãy nạp tệp nhà cung cấp trước, hoặc sửa mã`,
        ),
      );
    problems.push(
      ...unknownProvince(row, 'ma_tinh', value.province_code, known),
      ...unknownProvince(row, 'tinh_ocop', value.local_province, known),
      ...outOfScope(row, 'ma_tinh', value.province_code, known),
    );
    if (had !== undefined && had.province_code !== value.province_code)
      problems.push(...outOfScope(row, 'ma_tinh', had.province_code, known));
    given.push({ ...value, barcode });
  }
  if (problems.length > 0) return { problems };
  return { changed: given.filter((p) => !same(known.products.get(p.code), p)) };
}

/** A price row's key: product, province, kind and first day. */
export const priceKey = (p: PricePayload) => `${p.product_code}|${p.province_code}|${p.kind}|${p.valid_from}`;
const groupOf = (p: PricePayload) => `${p.product_code}|${p.province_code}|${p.kind}`;

/** Whether a promotion's days all lie under list prices (sorted, not overlapping). */
function covered(promotion: PricePayload, lists: readonly PricePayload[]): boolean {
  let cursor = promotion.valid_from;
  for (const l of lists) {
    if (l.valid_from > cursor) break;
    if (l.valid_to === null) return true;
    if (l.valid_to >= cursor) cursor = addDays(l.valid_to, 1);
    if (cursor > promotion.valid_to!) return true;
  }
  return false;
}

/**
 * The price rows to write for new rows over the existing ones of the same products and provinces: a new list
 * price closes the open-ended one that started before it (its `valid_to` the day before), rows of one kind never
 * overlap, every promotion lies over list prices. A row with the key of an existing one replaces it.
 */
export function planPrices(
  given: ReadonlyArray<Numbered<PricePayload>>,
  existing: readonly PricePayload[],
  known: Pick<Known, 'products' | 'provinces' | 'province'>,
): { problems: RowProblem[] } | { changed: PricePayload[] } {
  const problems: RowProblem[] = [];
  const byKey = new Map<string, number>();
  let rows = given;
  for (const { row, value } of rows) {
    const first = byKey.get(priceKey(value));
    if (first !== undefined)
      problems.push(
        problem(
          row,
          'tu_ngay',
          `The same ${value.kind} price of ${value.product_code} in ${value.province_code} from ${value.valid_from} is already on row ${first}: keep one`,
          `Giá ${value.kind === 'list' ? 'niêm yết' : 'khuyến mại'} của ${value.product_code} tại tỉnh ${value.province_code} từ ${value.valid_from} đã có ở dòng ${first}: chỉ giữ một dòng`,
        ),
      );
    byKey.set(priceKey(value), row);
    if (!known.products.has(value.product_code))
      problems.push(
        problem(
          row,
          'ma_hang',
          `No product has code ${JSON.stringify(value.product_code.slice(0, 20))}: import it in the products file first`,
          `Không có mặt hàng mã "${value.product_code.slice(0, 20)}": hãy nạp mặt hàng trong tệp hàng hóa trước`,
        ),
      );
    problems.push(
      ...unknownProvince(row, 'ma_tinh', value.province_code, known),
      ...outOfScope(row, 'ma_tinh', value.province_code, known),
    );
  }
  // The rows refused alone are left out of the checks of rows together, whose problems are added to theirs.
  const refusedRows = new Set(problems.map((p) => p.row));
  rows = rows.filter((r) => !refusedRows.has(r.row));
  // Every group (product, province, kind): the rows held, the new ones over them.
  const rowOf = new Map(rows.map((r) => [priceKey(r.value), r.row]));
  const merged = new Map<string, PricePayload>();
  const touched = new Set(rows.map((r) => groupOf(r.value)));
  for (const p of existing) if (touched.has(groupOf(p))) merged.set(priceKey(p), p);
  for (const { value } of rows) merged.set(priceKey(value), value);
  const groups = new Map<string, PricePayload[]>();
  for (const p of merged.values()) groups.set(groupOf(p), [...(groups.get(groupOf(p)) ?? []), p]);
  const finals = new Map<string, PricePayload[]>();
  for (const [g, list] of groups) {
    const sorted = [...list].sort((a, b) => a.valid_from.localeCompare(b.valid_from));
    for (let i = 0; i < sorted.length - 1; i++) {
      const a = sorted[i]!;
      const b = sorted[i + 1]!;
      // A held open-ended list price ends the day before a new one starts.
      if (a.kind === 'list' && a.valid_to === null && !rowOf.has(priceKey(a)) && rowOf.has(priceKey(b)))
        sorted[i] = { ...a, valid_to: addDays(b.valid_from, -1) };
      const a2 = sorted[i]!;
      if (a2.valid_to === null || a2.valid_to >= b.valid_from) {
        const mine = rowOf.get(priceKey(b)) ?? rowOf.get(priceKey(a2)) ?? 0;
        const what = b.kind === 'list' ? 'list price' : 'promotion';
        problems.push(
          problem(
            mine,
            'tu_ngay',
            `The ${what} of ${b.product_code} in province ${b.province_code} from ${b.valid_from} overlaps the one from ${a2.valid_from}${a2.valid_to === null ? ' (open-ended)' : ` to ${a2.valid_to}`}: one ${what} a day; end one before the other starts`,
            `Giá ${b.kind === 'list' ? 'niêm yết' : 'khuyến mại'} của ${b.product_code} tại tỉnh ${b.province_code} từ ${b.valid_from} trùng với giá từ ${a2.valid_from}${a2.valid_to === null ? ' (chưa có ngày kết thúc)' : ` đến ${a2.valid_to}`}: mỗi ngày một giá, hãy cho giá trước kết thúc trước khi giá sau bắt đầu`,
          ),
        );
      }
    }
    finals.set(g, sorted);
  }
  // Promotions lie over list prices (those held, as now changed).
  for (const { row, value } of rows) {
    if (value.kind !== 'promotion') continue;
    const listGroup = `${value.product_code}|${value.province_code}|list`;
    const lists =
      finals.get(listGroup) ??
      existing
        .filter((p) => groupOf(p) === listGroup)
        .sort((a, b) => a.valid_from.localeCompare(b.valid_from));
    if (!covered(value, lists))
      problems.push(
        problem(
          row,
          'tu_ngay',
          `The promotion of ${value.product_code} in province ${value.province_code} from ${value.valid_from} to ${value.valid_to} has days without a list price: set the list price for those days first`,
          `Khuyến mại của ${value.product_code} tại tỉnh ${value.province_code} từ ${value.valid_from} đến ${value.valid_to} có ngày chưa có giá niêm yết: hãy đặt giá niêm yết cho những ngày đó trước`,
        ),
      );
  }
  if (problems.length > 0) return { problems };
  const held = new Map(existing.map((p) => [priceKey(p), p]));
  const changed = [...finals.values()].flat().filter((p) => !same(held.get(priceKey(p)), p));
  return { changed };
}
