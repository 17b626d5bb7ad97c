import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';

type Db = Kysely<RetailTables>;
export type OrderRow = RetailTables['retail_order'];
export type OrderLineRow = RetailTables['retail_order_line'];
export type ProductRow = RetailTables['retail_product'];

export { nextSerial, saveSerial } from '../serial.repository.ts';

export async function insertOrder(db: Db, row: OrderRow, lines: readonly OrderLineRow[]): Promise<void> {
  await db.insertInto('retail_order').values(row).execute();
  if (lines.length > 0)
    await db
      .insertInto('retail_order_line')
      .values([...lines])
      .execute();
}

export async function updateOrder(
  db: Db,
  id: string,
  set: Partial<Pick<OrderRow, 'state' | 'item_id' | 'cost'>> & { updated_at: string; updated_seq: bigint },
): Promise<void> {
  await db.updateTable('retail_order').set(set).where('id', '=', id).execute();
}

export async function findOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('retail_order').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrderByItem(db: Db, item: string): Promise<OrderRow | undefined> {
  return db.selectFrom('retail_order').selectAll().where('item_id', '=', item).executeTakeFirst();
}

export async function findLines(db: Db, ids: readonly string[]): Promise<OrderLineRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('retail_order_line')
    .selectAll()
    .where('order_id', 'in', ids)
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
}

/** Picked orders not yet handed to the delivery cell, oldest first. */
export async function findPicked(db: Db, limit: number): Promise<OrderRow[]> {
  return db
    .selectFrom('retail_order')
    .selectAll()
    .where('state', '=', 'picked')
    .orderBy('updated_seq')
    .limit(limit)
    .execute();
}

export async function listOrders(
  db: Db,
  q: { office: string; role: 'stock' | 'ordered'; state?: string; limit: number; offset: number },
): Promise<{ rows: OrderRow[]; total: number }> {
  let base = db
    .selectFrom('retail_order')
    .where(q.role === 'stock' ? 'office_id' : 'ordered_at_office', '=', q.office);
  if (q.state !== undefined) base = base.where('state', '=', q.state);
  const rows = await base
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  const count = await base
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .executeTakeFirst();
  return { rows, total: Number(count?.n ?? 0) };
}

export async function findProducts(db: Db, codes: readonly string[]): Promise<ProductRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('retail_product').selectAll().where('code', 'in', codes).execute();
}

/** The value at cost each product of a move carried: what goods that left are taken back at. */
export async function moveValues(
  db: Db,
  moveId: string,
): Promise<Array<{ product_code: string; quantity: bigint; value: bigint }>> {
  return db
    .selectFrom('retail_move_line')
    .select(['product_code', 'quantity', 'value'])
    .where('move_id', '=', moveId)
    .orderBy('line_no')
    .execute();
}

/** Active products on an office's shelf whose search key holds every token, with what is there. */
export async function searchShelf(
  db: Db,
  office: string,
  tokens: readonly string[],
  limit: number,
): Promise<Array<ProductRow & { on_shelf: bigint }>> {
  let q = db
    .selectFrom('retail_product')
    .innerJoin('retail_stock', 'retail_stock.product_code', 'retail_product.code')
    .where('retail_stock.office_id', '=', office)
    .where('retail_stock.place', '=', 'shelf')
    .where('retail_stock.quantity', '>', 0n)
    .where('retail_product.active', '=', 1n);
  for (const t of tokens)
    q = q.where((eb) =>
      eb.or([
        eb('retail_product.search_key', 'like', `%${t}%`),
        eb('retail_product.code', '=', t.toUpperCase()),
      ]),
    );
  return q
    .selectAll('retail_product')
    .select('retail_stock.quantity as on_shelf')
    .orderBy('retail_product.code')
    .limit(limit)
    .execute();
}

/** Units on an office's shelf, by product. */
export async function shelfOf(
  db: Db,
  office: string,
  products: readonly string[],
): Promise<Map<string, bigint>> {
  if (products.length === 0) return new Map();
  const rows = await db
    .selectFrom('retail_stock')
    .select(['product_code', 'quantity'])
    .where('office_id', '=', office)
    .where('place', '=', 'shelf')
    .where('product_code', 'in', products)
    .execute();
  return new Map(rows.map((r) => [r.product_code, BigInt(r.quantity)]));
}
