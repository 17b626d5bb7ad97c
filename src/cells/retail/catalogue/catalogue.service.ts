// The goods catalogue: files imported all or nothing, a product saved, a price set, and the reads of the screens
// and the counter. Access is the routes' (decided on the product's or the price's province); the commands here
// keep the catalogue whole: codes and barcodes once each, prices that never overlap.
import type { Journal } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { sha256Hex } from '../../../platform/hash.ts';
import { nfc, searchTokens } from '../../../platform/text.ts';
import { headerProblem, readTableFile, type RowProblem } from '../../../platform/table-file.ts';
import type { Kysely } from '../../../storage/index.ts';
import { RetailError, type RetailErrorCode } from '../retail-error.ts';
import type { RetailTables } from '../retail-tables.ts';
import { catalogueLoaded, pricesSet, productSaved } from './catalogue.events.ts';
import type { PricePayload, ProductPayload, SupplierPayload } from './catalogue.model.ts';
import * as repo from './catalogue.repository.ts';
import type { PricedProduct } from './catalogue.repository.ts';
import {
  isDay,
  layoutOf,
  PADDED,
  PRICE_COLUMNS,
  PRODUCT_COLUMNS,
  PRODUCT_OPTIONAL,
  readPrice,
  readProduct,
  readSupplier,
  SUPPLIER_COLUMNS,
  type Layout,
  type Read,
} from './catalogue.rows.ts';
import {
  checkProducts,
  checkSuppliers,
  inStoreCandidates,
  planPrices,
  priceKey,
  type Known,
  type Numbered,
} from './catalogue.rules.ts';

/** At most this many rows in one file: one event carries the whole import. */
export const MAX_ROWS = 5000;
/** The largest file read: 5 MiB. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_PROBLEMS = 100;

export interface CatalogueDeps {
  db: Kysely<RetailTables>;
  journal: Journal<RetailTables>;
  clock: Clock;
  /** The provinces of the core geography: when given, every province code must be one of them. */
  provinces?: () => Promise<ReadonlySet<string>>;
}

/** A catalogue file as it arrives: its name and bytes (CSV in UTF-8, or XLSX). */
export interface CatalogueFile {
  name: string;
  bytes: Uint8Array;
}

type Counts = { added: number; changed: number; unchanged: number };
/** What an import did, by kind of row; `seq` null when the file changed nothing. */
export interface ImportResult {
  file: { name: string; sha256: string; rows: number; layout: Layout };
  suppliers: Counts;
  products: Counts;
  prices: Counts;
  seq: bigint | null;
}

/** A product as a screen saves it: without a barcode it keeps its own, or gets the post's in-store code. */
export type ProductInput = Omit<ProductPayload, 'barcode'> & { barcode?: string | null };

/** A price as a screen sets it for a product in a province. */
export type PriceInput = Omit<PricePayload, 'price'> & { price: string | bigint };

/** A product with every price it has, by province and period. */
export interface ProductCard {
  product: ProductPayload;
  prices: PricePayload[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Catalogue {
  /**
   * Imports a suppliers, products or prices file (its header tells which): every row checked, all or nothing; a
   * refusal (`invalid_catalogue`) names each bad row and column. Only what changed is journaled, in one
   * `retail.catalogue.loaded`; the same file again writes nothing. With `province`, only that province's rows.
   */
  importFile(file: CatalogueFile, actor: string, scope?: { province?: string }): Promise<ImportResult>;
  /** Saves one product (new or changed); `retail.product.saved` unless nothing changed. */
  saveProduct(input: ProductInput, actor: string): Promise<ProductPayload>;
  /** Withdraws a product from sale (active false); its stock and history stay. */
  withdraw(code: string, actor: string): Promise<ProductPayload>;
  /**
   * Sets a list price or a promotion for a product in a province; a new list price closes the open-ended one
   * before it the day before. `retail.prices.set` with every row it writes.
   */
  setPrice(input: PriceInput, actor: string): Promise<ProductCard>;
  /** Products by words of their names (accent-insensitive) or an exact barcode or code, by name. */
  search(q: {
    q?: string;
    category?: string;
    province?: string;
    active_only?: boolean;
    limit: number;
    offset: number;
  }): Promise<Page<ProductPayload>>;
  /** A product with its prices; product_not_found otherwise. */
  product(code: string): Promise<ProductCard>;
  /** A product if there is one of that code. */
  findProduct(code: string): Promise<ProductPayload | undefined>;
  /** A province's price list on a day (default today): products with a list price, a promotion winning. */
  priceList(
    province: string,
    day: string | undefined,
    page: { limit: number; offset: number },
  ): Promise<Page<PricedProduct> & { day: string }>;
  /** Every supplier, by code. */
  suppliers(): Promise<SupplierPayload[]>;
}

/** The refusal of a file: every problem named (up to the bound), the first one's row and column in details. */
function refusal(all: readonly RowProblem[]): RetailError {
  const problems = [...all].sort((a, b) => a.row - b.row).slice(0, MAX_PROBLEMS);
  const total = all.length;
  const first = problems[0]!;
  const where = (p: RowProblem) => (p.row === 0 ? '' : `Row ${p.row}, column ${p.field}: `);
  const whereVi = (p: RowProblem) => (p.row === 0 ? '' : `Dòng ${p.row}, cột ${p.field}: `);
  const more = total > problems.length ? ` (and ${total - problems.length} more)` : '';
  const moreVi = total > problems.length ? ` (và ${total - problems.length} lỗi khác)` : '';
  return new RetailError(
    'invalid_catalogue',
    `The catalogue file was refused, nothing was imported: ${total} problem${total === 1 ? '' : 's'}${more}. ${problems.map((p) => `${where(p)}${p.message}`).join('. ')}`,
    `Tệp danh mục bị từ chối, chưa nạp gì: ${total} lỗi${moreVi}. ${problems.map((p) => `${whereVi(p)}${p.message_vi}`).join('. ')}`,
    { row: first.row, field: first.field, problems, total },
  );
}

/** The API's name of a file's column, for the refusal of a screen's edit. */
const FIELD: Record<string, string> = {
  ma_hang: 'code',
  ma_vach: 'barcode',
  ma_ncc: 'supplier_code',
  ma_tinh: 'province_code',
  tinh_ocop: 'local_province',
  sao_ocop: 'ocop_stars',
  tu_ngay: 'valid_from',
  den_ngay: 'valid_to',
  gia: 'price',
};

/** The refusal of a screen's edit: its first problem, with the API's field name. */
function editRefusal(problems: readonly RowProblem[], priceRow = false): RetailError {
  const p = problems[0]!;
  const field = priceRow && p.field === 'ma_hang' ? 'product_code' : (FIELD[p.field] ?? p.field);
  const code: RetailErrorCode =
    p.field === 'ma_vach'
      ? 'invalid_barcode'
      : p.field === 'ma_ncc'
        ? 'supplier_not_found'
        : p.field === 'ma_hang' && priceRow
          ? 'product_not_found'
          : 'invalid_retail_input';
  return new RetailError(code, p.message, p.message_vi, { field, problems: problems.slice(0, 20) });
}

const notFound = (code: string) =>
  new RetailError(
    'product_not_found',
    `No product has code ${JSON.stringify(code.slice(0, 20))}: search the catalogue for it`,
    `Không có mặt hàng mã ${code.slice(0, 20)}: hãy tìm trong danh mục`,
    { field: 'code', code: code.slice(0, 20) },
  );

const count = <T>(rows: readonly T[], changed: readonly T[], isNew: (x: T) => boolean): Counts => {
  const added = changed.filter(isNew).length;
  return { added, changed: changed.length - added, unchanged: rows.length - changed.length };
};

/** Creates the retail cell's catalogue. */
export function createCatalogue(deps: CatalogueDeps): Catalogue {
  const { db, journal, clock } = deps;
  const provinces = async () => (deps.provinces === undefined ? undefined : await deps.provinces());

  /** What the rules need to know of the catalogue held, for these suppliers, products and barcodes. */
  const knownFor = async (
    trx: Kysely<RetailTables>,
    rows: { suppliers?: string[]; products: string[]; barcodes: string[] },
    province?: string,
  ): Promise<Known> => {
    const p = await provinces();
    return {
      suppliers: await repo.findSuppliers(trx, rows.suppliers),
      products: await repo.findProducts(trx, rows.products),
      barcodes: await repo.barcodeOwners(trx, rows.barcodes),
      ...(p === undefined ? {} : { provinces: p }),
      ...(province === undefined ? {} : { province }),
    };
  };

  const productsKnown = (trx: Kysely<RetailTables>, products: readonly ProductPayload[], province?: string) =>
    knownFor(
      trx,
      {
        suppliers: products.map((p) => p.supplier_code),
        products: products.map((p) => p.code),
        barcodes: products.flatMap((p) => (p.barcode === '' ? inStoreCandidates(p.code) : [p.barcode])),
      },
      province,
    );

  const card = async (d: Kysely<RetailTables>, code: string): Promise<ProductCard> => {
    const product = (await repo.findProducts(d, [code])).get(code);
    if (product === undefined) throw notFound(code);
    return { product, prices: await repo.pricesOf(d, [code]) };
  };

  const saveProduct = async (input: ProductInput, actor: string): Promise<ProductPayload> => {
    const value: ProductPayload = {
      ...input,
      name_vi: nfc(input.name_vi),
      name_en: nfc(input.name_en),
      barcode: input.barcode ?? '',
    };
    return journal.transaction(async (trx) => {
      await journal.lock(trx);
      const known = await productsKnown(trx, [value]);
      const checked = checkProducts([{ row: 0, value }], known);
      if ('problems' in checked) throw editRefusal(checked.problems);
      const [saved] = checked.changed;
      if (saved === undefined) return known.products.get(value.code)!;
      await journal.append(trx, productSaved, { stream: saved.code, actor, office: null, payload: saved });
      return saved;
    });
  };

  return {
    async importFile(file, actor, scope = {}) {
      const read = await readTableFile(file.bytes, {
        maxRows: MAX_ROWS,
        maxBytes: MAX_FILE_BYTES,
        padded: PADDED,
      });
      if ('problem' in read) throw refusal([read.problem]);
      const layout = layoutOf(read.header);
      if (layout === undefined)
        throw refusal([
          {
            row: 1,
            field: 'header',
            message: `The first row names no catalogue layout: a suppliers file (${SUPPLIER_COLUMNS.join(',')}), a products file (${PRODUCT_COLUMNS.join(',')}) or a prices file (${PRICE_COLUMNS.join(',')})`,
            message_vi: `Dòng đầu không đúng mẫu: tệp nhà cung cấp (${SUPPLIER_COLUMNS.join(', ')}), tệp hàng hóa (${PRODUCT_COLUMNS.join(', ')}) hoặc tệp giá (${PRICE_COLUMNS.join(', ')})`,
          },
        ]);
      const bad = headerProblem(
        read.header,
        layout === 'suppliers' ? SUPPLIER_COLUMNS : layout === 'products' ? PRODUCT_COLUMNS : PRICE_COLUMNS,
        layout === 'products' ? PRODUCT_OPTIONAL : [],
      );
      if (bad !== undefined) throw refusal([bad.problem]);
      const name = nfc(String(file.name)).slice(0, 200) || 'catalogue.csv';
      const sha256 = sha256Hex(file.bytes);
      const fileInfo = { name, sha256, rows: read.rows.length };
      const split = <T>(results: Array<Read<T>>) => ({
        ok: results.flatMap((r): Array<Numbered<T>> => ('value' in r ? [r] : [])),
        problems: results.flatMap((r) => ('problems' in r ? r.problems : [])),
      });
      const none: Counts = { added: 0, changed: 0, unchanged: 0 };
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        let suppliers: SupplierPayload[] = [];
        let products: ProductPayload[] = [];
        let prices: PricePayload[] = [];
        const result: ImportResult = {
          file: { ...fileInfo, layout },
          suppliers: none,
          products: none,
          prices: none,
          seq: null,
        };
        if (layout === 'suppliers') {
          const { ok, problems } = split(read.rows.map(readSupplier));
          const known = await knownFor(
            trx,
            { suppliers: ok.map((r) => r.value.code), products: [], barcodes: [] },
            scope.province,
          );
          const checked = checkSuppliers(ok, known);
          if ('problems' in checked || problems.length > 0)
            throw refusal([...problems, ...('problems' in checked ? checked.problems : [])]);
          suppliers = checked.changed;
          result.suppliers = count(
            ok.map((r) => r.value),
            suppliers,
            (s) => !known.suppliers.has(s.code),
          );
        } else if (layout === 'products') {
          const { ok, problems } = split(read.rows.map(readProduct));
          const known = await productsKnown(
            trx,
            ok.map((r) => r.value),
            scope.province,
          );
          const checked = checkProducts(ok, known);
          if ('problems' in checked || problems.length > 0)
            throw refusal([...problems, ...('problems' in checked ? checked.problems : [])]);
          products = checked.changed;
          result.products = count(
            ok.map((r) => r.value),
            products,
            (p) => !known.products.has(p.code),
          );
        } else {
          const { ok, problems } = split(read.rows.map(readPrice));
          const codes = ok.map((r) => r.value.product_code);
          const known = await knownFor(trx, { products: codes, barcodes: [] }, scope.province);
          const existing = await repo.pricesOf(trx, codes);
          const checked = planPrices(ok, existing, known);
          if ('problems' in checked || problems.length > 0)
            throw refusal([...problems, ...('problems' in checked ? checked.problems : [])]);
          prices = checked.changed;
          const held = new Set(existing.map(priceKey));
          const inFile = new Set(ok.map((r) => priceKey(r.value)));
          const added = prices.filter((p) => !held.has(priceKey(p))).length;
          result.prices = {
            added,
            changed: prices.length - added,
            unchanged: ok.length - prices.filter((p) => inFile.has(priceKey(p))).length,
          };
        }
        if (suppliers.length + products.length + prices.length > 0) {
          const e = await journal.append(trx, catalogueLoaded, {
            stream: 'catalogue',
            actor,
            office: null,
            payload: { file: fileInfo, suppliers, products, prices },
          });
          result.seq = e.seq;
        }
        return result;
      });
    },

    saveProduct,

    async withdraw(code, actor) {
      const had = (await repo.findProducts(db, [code])).get(code);
      if (had === undefined) throw notFound(code);
      return saveProduct({ ...had, active: false }, actor);
    },

    async setPrice(input, actor) {
      const value: PricePayload = { ...input, price: String(input.price) };
      const refuse = (field: string, en: string, vi: string) =>
        new RetailError('invalid_retail_input', en, vi, { field });
      if (!isDay(value.valid_from))
        throw refuse(
          'valid_from',
          'Give the first day as YYYY-MM-DD',
          'Hãy ghi ngày bắt đầu dạng YYYY-MM-DD',
        );
      if (value.valid_to !== null && (!isDay(value.valid_to) || value.valid_to < value.valid_from))
        throw refuse(
          'valid_to',
          `The last day must be a day (YYYY-MM-DD) on or after the first, ${value.valid_from}`,
          `Ngày kết thúc phải là ngày (YYYY-MM-DD) từ ${value.valid_from} trở đi`,
        );
      if (value.valid_to === null && value.kind === 'promotion')
        throw refuse('valid_to', 'A promotion needs its last day', 'Khuyến mại phải có ngày kết thúc');
      if (!/^[1-9]\d{0,11}$/.test(value.price))
        throw refuse(
          'price',
          'The price is a positive whole number of đồng',
          'Giá phải là số đồng nguyên dương',
        );
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const known = await knownFor(trx, { products: [value.product_code], barcodes: [] });
        const existing = await repo.pricesOf(trx, [value.product_code], value.province_code);
        const checked = planPrices([{ row: 0, value }], existing, known);
        if ('problems' in checked) throw editRefusal(checked.problems, true);
        if (checked.changed.length > 0)
          await journal.append(trx, pricesSet, {
            stream: value.product_code,
            actor,
            office: null,
            payload: { prices: checked.changed },
          });
        return card(trx, value.product_code);
      });
    },

    async search(q) {
      const text = (q.q ?? '').trim();
      const { rows, total } = await repo.searchProducts(db, {
        words: searchTokens(text)
          .map((w) => w.replace(/[%_\\]/g, ''))
          .filter((w) => w !== ''),
        ...(text === '' ? {} : { exact: text.toUpperCase() }),
        ...(q.category === undefined ? {} : { category: q.category }),
        ...(q.province === undefined ? {} : { province: q.province }),
        activeOnly: q.active_only ?? false,
        limit: q.limit,
        offset: q.offset,
      });
      return { items: rows, total, limit: q.limit, offset: q.offset };
    },

    product: (code) => card(db, code),

    async findProduct(code) {
      return (await repo.findProducts(db, [code])).get(code);
    },

    async priceList(province, day, page) {
      const on = day ?? vietnamDay(clock.now());
      const { codes, total } = await repo.listedOn(db, province, on, page);
      const priced = await repo.pricesOn(db, codes, province, on);
      return { day: on, items: codes.flatMap((c) => priced.get(c) ?? []), total, ...page };
    },

    async suppliers() {
      return [...(await repo.findSuppliers(db)).values()];
    },
  };
}
