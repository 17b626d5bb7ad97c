// The catalogue's reads and writes. What a sale or an order takes: the price of goods on a day in a province,
// a promotion valid that day winning over the list price; without a list price that day it cannot be sold there.
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import type { PricePayload, ProductPayload, SupplierPayload } from './catalogue.model.ts';

export interface PricedProduct {
  code: string;
  barcode: string;
  name_vi: string;
  name_en: string;
  unit: string;
  vat_rate: number;
  category: string;
  active: boolean;
  /** VAT included, VND; undefined when no list price is valid that day in that province. */
  price?: bigint;
  price_kind?: 'list' | 'promotion';
}

/**
 * Products by code, and by barcode (a scanned basket: two queries, not one a line), with their price on a day
 * (YYYY-MM-DD) in a province; keyed by code, unknown codes and barcodes left out.
 */
export async function pricesOn(
  db: Kysely<RetailTables>,
  codes: readonly string[],
  province: string,
  day: string,
  barcodes: readonly string[] = [],
): Promise<Map<string, PricedProduct>> {
  const out = new Map<string, PricedProduct>();
  if (codes.length === 0 && barcodes.length === 0) return out;
  const unique = [...new Set(codes)];
  const scanned = [...new Set(barcodes)];
  const products = await db
    .selectFrom('retail_product')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(unique.length > 0 ? [eb('code', 'in', unique)] : []),
        ...(scanned.length > 0 ? [eb('barcode', 'in', scanned)] : []),
      ]),
    )
    .execute();
  if (products.length === 0) return out;
  const prices = await db
    .selectFrom('retail_price')
    .select(['product_code', 'kind', 'valid_from', 'price'])
    .where(
      'product_code',
      'in',
      products.map((p) => p.code),
    )
    .where('province_code', '=', province)
    .where('valid_from', '<=', day)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]))
    .execute();
  for (const p of products) {
    const mine = prices.filter((r) => r.product_code === p.code);
    // The latest-starting price of each kind that is valid that day.
    const pick = (kind: string) =>
      mine.filter((r) => r.kind === kind).sort((a, b) => b.valid_from.localeCompare(a.valid_from))[0];
    const list = pick('list');
    const promotion = list === undefined ? undefined : pick('promotion');
    const chosen = promotion ?? list;
    out.set(p.code, {
      code: p.code,
      barcode: p.barcode,
      name_vi: p.name_vi,
      name_en: p.name_en,
      unit: p.unit,
      vat_rate: Number(p.vat_rate),
      category: p.category,
      active: BigInt(p.active) === 1n,
      ...(chosen === undefined
        ? {}
        : { price: BigInt(chosen.price), price_kind: chosen.kind === 'promotion' ? 'promotion' : 'list' }),
    });
  }
  return out;
}

export async function upsertSupplier(
  db: Kysely<RetailTables>,
  row: RetailTables['retail_supplier'],
): Promise<void> {
  const { code: _, ...set } = row;
  await db
    .insertInto('retail_supplier')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet(set))
    .execute();
}

export async function upsertProduct(
  db: Kysely<RetailTables>,
  row: RetailTables['retail_product'],
): Promise<void> {
  const { code: _, ...set } = row;
  await db
    .insertInto('retail_product')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet(set))
    .execute();
}

export async function upsertPrice(
  db: Kysely<RetailTables>,
  row: RetailTables['retail_price'],
): Promise<void> {
  const { product_code: _p, province_code: _r, kind: _k, valid_from: _f, ...set } = row;
  await db
    .insertInto('retail_price')
    .values(row)
    .onConflict((oc) => oc.columns(['product_code', 'province_code', 'kind', 'valid_from']).doUpdateSet(set))
    .execute();
}

type ProductRow = RetailTables['retail_product'];
type PriceRow = RetailTables['retail_price'];

/** A product row as the catalogue's events carry it. */
export function toProduct(r: ProductRow): ProductPayload {
  return {
    code: r.code,
    barcode: r.barcode,
    name_vi: r.name_vi,
    name_en: r.name_en,
    unit: r.unit,
    vat_rate: Number(r.vat_rate) as ProductPayload['vat_rate'],
    category: r.category as ProductPayload['category'],
    supplier_code: r.supplier_code,
    local_province: r.local_province,
    ocop_stars: r.ocop_stars === null ? null : Number(r.ocop_stars),
    province_code: r.province_code,
    active: BigInt(r.active) === 1n,
  };
}

/** A price row as the catalogue's events carry it. */
export function toPrice(
  r: Pick<PriceRow, 'product_code' | 'province_code' | 'kind' | 'valid_from' | 'valid_to' | 'price'>,
): PricePayload {
  return {
    product_code: r.product_code,
    province_code: r.province_code,
    kind: r.kind === 'promotion' ? 'promotion' : 'list',
    valid_from: r.valid_from,
    valid_to: r.valid_to,
    price: BigInt(r.price).toString(),
  };
}

const chunks = <T>(xs: readonly T[], n = 500): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Suppliers by code (all of them when codes is undefined). */
export async function findSuppliers(
  db: Kysely<RetailTables>,
  codes?: readonly string[],
): Promise<Map<string, SupplierPayload>> {
  const out = new Map<string, SupplierPayload>();
  const parts = codes === undefined ? [undefined] : chunks([...new Set(codes)]);
  for (const part of parts) {
    if (part !== undefined && part.length === 0) continue;
    let q = db.selectFrom('retail_supplier').select(['code', 'name', 'tax_code', 'phone', 'address']);
    if (part !== undefined) q = q.where('code', 'in', part);
    for (const s of await q.orderBy('code').execute()) out.set(s.code, s);
  }
  return out;
}

/** Products by code. */
export async function findProducts(
  db: Kysely<RetailTables>,
  codes: readonly string[],
): Promise<Map<string, ProductPayload>> {
  const out = new Map<string, ProductPayload>();
  for (const part of chunks([...new Set(codes)]))
    for (const r of await db.selectFrom('retail_product').selectAll().where('code', 'in', part).execute())
      out.set(r.code, toProduct(r));
  return out;
}

/** Which product holds each of these barcodes. */
export async function barcodeOwners(
  db: Kysely<RetailTables>,
  barcodes: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(barcodes)]))
    for (const r of await db
      .selectFrom('retail_product')
      .select(['barcode', 'code'])
      .where('barcode', 'in', part)
      .execute())
      out.set(r.barcode, r.code);
  return out;
}

/** The price rows of these products (in one province, or all), oldest first. */
export async function pricesOf(
  db: Kysely<RetailTables>,
  codes: readonly string[],
  province?: string,
): Promise<PricePayload[]> {
  const out: PricePayload[] = [];
  for (const part of chunks([...new Set(codes)])) {
    let q = db
      .selectFrom('retail_price')
      .select(['product_code', 'province_code', 'kind', 'valid_from', 'valid_to', 'price'])
      .where('product_code', 'in', part);
    if (province !== undefined) q = q.where('province_code', '=', province);
    out.push(
      ...(await q.orderBy('province_code').orderBy('kind').orderBy('valid_from').execute()).map(toPrice),
    );
  }
  return out;
}

/** Products whose every word is in their names (without marks), or whose barcode or code is `exact`. */
export async function searchProducts(
  db: Kysely<RetailTables>,
  q: {
    words: readonly string[];
    exact?: string;
    category?: string;
    province?: string;
    activeOnly: boolean;
    limit: number;
    offset: number;
  },
): Promise<{ rows: ProductPayload[]; total: number }> {
  let base = db.selectFrom('retail_product');
  if (q.words.length > 0 || q.exact !== undefined)
    base = base.where((eb) =>
      eb.or([
        ...(q.words.length > 0 ? [eb.and(q.words.map((w) => eb('search_key', 'like', `%${w}%`)))] : []),
        ...(q.exact !== undefined ? [eb('barcode', '=', q.exact), eb('code', '=', q.exact)] : []),
      ]),
    );
  if (q.category !== undefined) base = base.where('category', '=', q.category);
  if (q.province !== undefined) base = base.where('province_code', '=', q.province);
  if (q.activeOnly) base = base.where('active', '=', 1n);
  const count = await base
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .executeTakeFirst();
  const rows = await base
    .selectAll()
    .orderBy('name_vi')
    .orderBy('code')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { rows: rows.map(toProduct), total: Number(count?.n ?? 0) };
}

/** One page of the products with a list price on a day in a province, by code, and how many there are. */
export async function listedOn(
  db: Kysely<RetailTables>,
  province: string,
  day: string,
  page: { limit: number; offset: number },
): Promise<{ codes: string[]; total: number }> {
  const base = db
    .selectFrom('retail_price')
    .where('province_code', '=', province)
    .where('kind', '=', 'list')
    .where('valid_from', '<=', day)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]));
  const count = await base
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .executeTakeFirst();
  const rows = await base
    .select('product_code')
    .orderBy('product_code')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { codes: rows.map((r) => r.product_code), total: Number(count?.n ?? 0) };
}
