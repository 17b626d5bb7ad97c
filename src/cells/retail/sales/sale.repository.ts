import { sql } from 'kysely';
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';

type Db = Kysely<RetailTables>;
export type SaleRow = RetailTables['retail_sale'];
export type SaleLineRow = RetailTables['retail_sale_line'];
export type ReturnRow = RetailTables['retail_return'];
export type ReturnLineRow = RetailTables['retail_return_line'];

export { nextSerial, saveSerial } from '../serial.repository.ts';

export async function insertSale(db: Db, sale: SaleRow, lines: readonly SaleLineRow[]): Promise<void> {
  await db.insertInto('retail_sale').values(sale).execute();
  for (let i = 0; i < lines.length; i += 100)
    await db
      .insertInto('retail_sale_line')
      .values(lines.slice(i, i + 100))
      .execute();
}

export async function insertReturn(db: Db, row: ReturnRow, lines: readonly ReturnLineRow[]): Promise<void> {
  await db.insertInto('retail_return').values(row).execute();
  await db.insertInto('retail_return_line').values(lines).execute();
  for (const l of lines)
    await db
      .updateTable('retail_sale_line')
      .set({ returned: sql`returned + ${l.quantity}` })
      .where('sale_id', '=', row.sale_id)
      .where('line_no', '=', l.line_no)
      .execute();
}

export async function findSale(db: Db, id: string): Promise<SaleRow | undefined> {
  return db.selectFrom('retail_sale').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSaleLines(db: Db, ids: readonly string[]): Promise<SaleLineRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('retail_sale_line')
    .selectAll()
    .where('sale_id', 'in', ids)
    .orderBy('sale_id')
    .orderBy('line_no')
    .execute();
}

export async function findReturns(db: Db, saleIds: readonly string[]): Promise<ReturnRow[]> {
  if (saleIds.length === 0) return [];
  return db
    .selectFrom('retail_return')
    .selectAll()
    .where('sale_id', 'in', saleIds)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function findReturnLines(db: Db, returnIds: readonly string[]): Promise<ReturnLineRow[]> {
  if (returnIds.length === 0) return [];
  return db
    .selectFrom('retail_return_line')
    .selectAll()
    .where('return_id', 'in', returnIds)
    .orderBy('return_id')
    .orderBy('line_no')
    .execute();
}

/** The names a receipt shows of some products. */
export async function findProducts(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('retail_product')
    .select(['code', 'barcode', 'name_vi', 'name_en', 'unit'])
    .where('code', 'in', codes)
    .execute();
}

/** An office's sales of a day, newest first (one till's when given), at most 500. */
export async function findSales(
  db: Db,
  q: { office: string; day: string; till?: string },
): Promise<SaleRow[]> {
  let query = db
    .selectFrom('retail_sale')
    .selectAll()
    .where('office_id', '=', q.office)
    .where('day', '=', q.day);
  if (q.till !== undefined) query = query.where('till_session_id', '=', q.till);
  return query.orderBy('id', 'desc').limit(500).execute();
}

/** Products for the counter by code, or whose names contain every word of a search key, at most 20. */
export async function searchProducts(db: Db, words: readonly string[]) {
  let query = db
    .selectFrom('retail_product')
    .select(['code', 'barcode', 'name_vi', 'name_en', 'unit', 'vat_rate'])
    .where('active', '=', 1n);
  for (const w of words) query = query.where('search_key', 'like', `%${w}%`);
  return query.orderBy('name_vi').limit(20).execute();
}

/** What an office holds on its shelf of some products. */
export async function shelfOf(db: Db, office: string, products: readonly string[]) {
  if (products.length === 0) return [];
  return db
    .selectFrom('retail_stock')
    .select(['product_code', 'quantity'])
    .where('office_id', '=', office)
    .where('place', '=', 'shelf')
    .where('product_code', 'in', products)
    .execute();
}

/** Every sale's lines summed against its header, for the invariants: the ids whose sums differ. */
export async function salesOutOfBalance(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('retail_sale as s')
    .leftJoin('retail_sale_line as l', 'l.sale_id', 's.id')
    .select(['s.id', 's.total', 's.vat', 's.cost'])
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<bigint>('l.amount'), sql<bigint>`0`).as('amount_sum'),
      eb.fn.coalesce(eb.fn.sum<bigint>('l.vat'), sql<bigint>`0`).as('vat_sum'),
      eb.fn.coalesce(eb.fn.sum<bigint>('l.cost'), sql<bigint>`0`).as('cost_sum'),
      eb.fn.max('l.returned').as('max_returned'),
    ])
    .groupBy(['s.id', 's.total', 's.vat', 's.cost'])
    .execute();
  return rows
    .filter(
      (r) =>
        BigInt(r.total) !== BigInt(r.amount_sum) ||
        BigInt(r.vat) !== BigInt(r.vat_sum) ||
        BigInt(r.cost) !== BigInt(r.cost_sum),
    )
    .map((r) => r.id);
}

/** Lines whose units taken back exceed the units sold. */
export async function linesOverReturned(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('retail_sale_line')
    .select(['sale_id', 'line_no'])
    .whereRef('returned', '>', 'quantity')
    .execute();
  return rows.map((r) => `${r.sale_id}#${r.line_no}`);
}
