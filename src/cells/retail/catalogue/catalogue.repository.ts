// The catalogue's reads and writes. What a sale or an order takes: the price of goods on a day in a province,
// a promotion valid that day winning over the list price; without a list price that day it cannot be sold there.
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';

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

/** Products by code with their price on a day (YYYY-MM-DD) in a province; unknown codes are left out. */
export async function pricesOn(
  db: Kysely<RetailTables>,
  codes: readonly string[],
  province: string,
  day: string,
): Promise<Map<string, PricedProduct>> {
  const out = new Map<string, PricedProduct>();
  if (codes.length === 0) return out;
  const unique = [...new Set(codes)];
  const products = await db.selectFrom('retail_product').selectAll().where('code', 'in', unique).execute();
  const prices = await db
    .selectFrom('retail_price')
    .select(['product_code', 'kind', 'valid_from', 'price'])
    .where('product_code', 'in', unique)
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

/** The product code a barcode belongs to, if any. */
export async function codeOfBarcode(db: Kysely<RetailTables>, barcode: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('retail_product')
    .select('code')
    .where('barcode', '=', barcode)
    .executeTakeFirst();
  return row?.code;
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
