// The reports' reads: sales and returns by day, office and product; the stock held at offices; the last day each
// product left an office's shelf for a customer. Bounded by the offices and days asked for.
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';

type Db = Kysely<RetailTables>;

export interface SoldRow {
  day: string;
  office_id: string;
  product_code: string;
  quantity: bigint;
  amount: bigint;
  vat: bigint;
  cost: bigint;
}

/** Counter sales per day, office and product, over days (inclusive) at some offices. */
export async function soldByDay(
  db: Db,
  offices: readonly string[],
  from: string,
  to: string,
): Promise<SoldRow[]> {
  if (offices.length === 0) return [];
  const rows = await db
    .selectFrom('retail_sale_line as l')
    .innerJoin('retail_sale as s', 's.id', 'l.sale_id')
    .select((eb) => [
      's.day as day',
      's.office_id as office_id',
      'l.product_code as product_code',
      eb.fn.sum<bigint>('l.quantity').as('quantity'),
      eb.fn.sum<bigint>('l.amount').as('amount'),
      eb.fn.sum<bigint>('l.vat').as('vat'),
      eb.fn.sum<bigint>('l.cost').as('cost'),
    ])
    .where('s.office_id', 'in', offices)
    .where('s.day', '>=', from)
    .where('s.day', '<=', to)
    .groupBy(['s.day', 's.office_id', 'l.product_code'])
    .execute();
  return rows.map((r) => ({
    ...r,
    quantity: BigInt(r.quantity),
    amount: BigInt(r.amount),
    vat: BigInt(r.vat),
    cost: BigInt(r.cost),
  }));
}

export interface ReturnedRow {
  at: string;
  office_id: string;
  product_code: string;
  quantity: bigint;
  amount: bigint;
  vat: bigint;
  cost: bigint;
}

/** Returns' lines between two instants at some offices, with their product (the sale line's). */
export async function returnedBetween(
  db: Db,
  offices: readonly string[],
  fromAt: string,
  toAt: string,
): Promise<ReturnedRow[]> {
  if (offices.length === 0) return [];
  const rows = await db
    .selectFrom('retail_return_line as rl')
    .innerJoin('retail_return as r', 'r.id', 'rl.return_id')
    .innerJoin('retail_sale_line as sl', (j) =>
      j.onRef('sl.sale_id', '=', 'r.sale_id').onRef('sl.line_no', '=', 'rl.line_no'),
    )
    .select([
      'r.at as at',
      'r.office_id as office_id',
      'sl.product_code as product_code',
      'rl.quantity as quantity',
      'rl.amount as amount',
      'rl.vat as vat',
      'rl.cost as cost',
    ])
    .where('r.office_id', 'in', offices)
    .where('r.at', '>=', fromAt)
    .where('r.at', '<', toAt)
    .execute();
  return rows.map((r) => ({
    ...r,
    quantity: BigInt(r.quantity),
    amount: BigInt(r.amount),
    vat: BigInt(r.vat),
    cost: BigInt(r.cost),
  }));
}

export interface HeldRow {
  office_id: string;
  product_code: string;
  place: string;
  quantity: bigint;
  value: bigint;
}

/** The held accounts (shelf, transit, picked) of some offices, every product that ever had one. */
export async function heldAt(
  db: Db,
  offices: readonly string[],
  places: readonly string[],
): Promise<HeldRow[]> {
  if (offices.length === 0) return [];
  const rows = await db
    .selectFrom('retail_stock')
    .select(['office_id', 'product_code', 'place', 'quantity', 'value'])
    .where('office_id', 'in', offices)
    .where('place', 'in', places)
    .orderBy('office_id')
    .orderBy('product_code')
    .execute();
  return rows.map((r) => ({ ...r, quantity: BigInt(r.quantity), value: BigInt(r.value) }));
}

/** When each product last left each office for a customer (a sale or an order handed over). */
export async function lastSoldAt(
  db: Db,
  offices: readonly string[],
): Promise<Array<{ office_id: string; product_code: string; at: string }>> {
  if (offices.length === 0) return [];
  return db
    .selectFrom('retail_move_line as l')
    .innerJoin('retail_move as m', 'm.id', 'l.move_id')
    .select((eb) => [
      'm.office_id as office_id',
      'l.product_code as product_code',
      eb.fn.max('m.at').as('at'),
    ])
    .where('m.office_id', 'in', offices)
    .where('l.to_place', '=', 'customer')
    .groupBy(['m.office_id', 'l.product_code'])
    .execute();
}

export interface ProductName {
  code: string;
  barcode: string;
  name_vi: string;
  name_en: string;
  unit: string;
  category: string;
  active: bigint;
}

/** Names of some products. */
export async function productNames(db: Db, codes: readonly string[]): Promise<Map<string, ProductName>> {
  const out = new Map<string, ProductName>();
  const unique = [...new Set(codes)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('retail_product')
      .select(['code', 'barcode', 'name_vi', 'name_en', 'unit', 'category', 'active'])
      .where('code', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.code, { ...r, active: BigInt(r.active) });
  }
  return out;
}

/** Per office, the products whose shelf is empty (among those it ever held). */
export async function emptyShelves(db: Db, offices: readonly string[]) {
  if (offices.length === 0) return [];
  return db
    .selectFrom('retail_stock')
    .select((eb) => ['office_id', eb.fn.countAll<bigint>().as('n')])
    .where('office_id', 'in', offices)
    .where('place', '=', 'shelf')
    .where('quantity', '<=', 0n)
    .groupBy('office_id')
    .execute();
}

/** The offices' stocktakes counted and waiting for a manager's decision, oldest first. */
export async function stocktakesWaiting(db: Db, offices: readonly string[]) {
  if (offices.length === 0) return [];
  return db
    .selectFrom('retail_stocktake')
    .select(['id', 'office_id', 'counted_by', 'counted_at', 'reason'])
    .where('office_id', 'in', offices)
    .where('state', '=', 'counted')
    .orderBy('counted_at')
    .limit(200)
    .execute();
}

/** Per office, the transfers sent to it and not yet received. */
export async function transfersComing(db: Db, offices: readonly string[]) {
  if (offices.length === 0) return [];
  return db
    .selectFrom('retail_transfer')
    .select((eb) => ['to_office as office_id', eb.fn.countAll<bigint>().as('n')])
    .where('to_office', 'in', offices)
    .where('state', '=', 'sent')
    .groupBy('to_office')
    .execute();
}
