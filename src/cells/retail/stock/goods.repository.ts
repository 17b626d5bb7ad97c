// The stock module's reads and writes of its own tables: purchase orders, transfers and stocktakes, the serials
// their numbers come from, and the reads of stock and moves an office and its manager look at.
import { sql } from 'kysely';
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';

type Db = Kysely<RetailTables>;
export type OrderRow = RetailTables['retail_purchase_order'];
export type OrderLineRow = RetailTables['retail_purchase_line'];
export type TransferRow = RetailTables['retail_transfer'];
export type TransferLineRow = RetailTables['retail_transfer_line'];
export type StocktakeRow = RetailTables['retail_stocktake'];
export type StocktakeLineRow = RetailTables['retail_stocktake_line'];

export { nextSerial, saveSerial } from '../serial.repository.ts';

export async function findProducts(
  db: Db,
  codes: readonly string[],
): Promise<Array<{ code: string; name_vi: string; name_en: string; unit: string; active: bigint }>> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('retail_product')
    .select(['code', 'name_vi', 'name_en', 'unit', 'active'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
}

export async function findSupplier(db: Db, code: string): Promise<{ code: string } | undefined> {
  return db.selectFrom('retail_supplier').select('code').where('code', '=', code).executeTakeFirst();
}

// Purchase orders.

export async function insertOrder(db: Db, row: OrderRow, lines: readonly OrderLineRow[]): Promise<void> {
  await db.insertInto('retail_purchase_order').values(row).execute();
  await db
    .insertInto('retail_purchase_line')
    .values([...lines])
    .execute();
}

export async function findOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('retail_purchase_order').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrderLines(db: Db, ids: readonly string[]): Promise<OrderLineRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('retail_purchase_line')
    .selectAll()
    .where('order_id', 'in', ids)
    .orderBy('order_id')
    .orderBy('product_code')
    .execute();
}

export async function updateOrder(
  db: Db,
  id: string,
  set: Partial<Omit<OrderRow, 'id'>> & { updated_at: string; updated_seq: bigint },
): Promise<void> {
  await db.updateTable('retail_purchase_order').set(set).where('id', '=', id).execute();
}

export async function addReceived(db: Db, order: string, product: string, quantity: bigint): Promise<void> {
  await db
    .updateTable('retail_purchase_line')
    .set({ received: sql`received + ${quantity}` })
    .where('order_id', '=', order)
    .where('product_code', '=', product)
    .execute();
}

export async function listOrders(
  db: Db,
  q: { office: string; state?: string; limit: number; offset: number },
): Promise<{ rows: OrderRow[]; total: number }> {
  let base = db.selectFrom('retail_purchase_order').where('office_id', '=', q.office);
  if (q.state !== undefined) base = base.where('state', '=', q.state);
  const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { rows, total: Number(total.n) };
}

/** Purchase lines received beyond what was ordered (the invariant), at most `limit`. */
export async function linesBeyondOrdered(db: Db, limit: number): Promise<OrderLineRow[]> {
  return db
    .selectFrom('retail_purchase_line')
    .selectAll()
    .where((eb) => eb.or([eb('received', '>', eb.ref('quantity')), eb('received', '<', 0n)]))
    .limit(limit)
    .execute();
}

/** Units received per purchase order and product, by the moves that reference the orders. */
export async function receivedByMoves(
  db: Db,
): Promise<Array<{ ref: string; product_code: string; quantity: bigint }>> {
  const rows = await db
    .selectFrom('retail_move as m')
    .innerJoin('retail_move_line as l', 'l.move_id', 'm.id')
    .select((eb) => ['m.ref', 'l.product_code', eb.fn.sum<bigint>('l.quantity').as('quantity')])
    .where('m.kind', '=', 'receipt')
    .where('m.id', 'like', 'rcv:MH%')
    .groupBy(['m.ref', 'l.product_code'])
    .execute();
  return rows.map((r) => ({ ...r, quantity: BigInt(r.quantity) }));
}

/** The cost per unit of a product's last receipt from a supplier at an office, undefined if none. */
export async function lastReceiptCost(db: Db, office: string, product: string): Promise<bigint | undefined> {
  const r = await db
    .selectFrom('retail_move as m')
    .innerJoin('retail_move_line as l', 'l.move_id', 'm.id')
    .select(['l.quantity', 'l.value'])
    .where('m.kind', '=', 'receipt')
    .where('l.to_office', '=', office)
    .where('l.product_code', '=', product)
    .where('l.from_place', '=', 'supplier')
    .orderBy('m.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r === undefined ? undefined : BigInt(r.value) / BigInt(r.quantity);
}

// Transfers.

export async function insertTransfer(
  db: Db,
  row: TransferRow,
  lines: readonly TransferLineRow[],
): Promise<void> {
  await db.insertInto('retail_transfer').values(row).execute();
  await db
    .insertInto('retail_transfer_line')
    .values([...lines])
    .execute();
}

export async function findTransfer(db: Db, id: string): Promise<TransferRow | undefined> {
  return db.selectFrom('retail_transfer').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTransferLines(db: Db, ids: readonly string[]): Promise<TransferLineRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('retail_transfer_line')
    .selectAll()
    .where('transfer_id', 'in', ids)
    .orderBy('transfer_id')
    .orderBy('product_code')
    .execute();
}

export async function updateTransfer(
  db: Db,
  id: string,
  set: Partial<Omit<TransferRow, 'id'>>,
): Promise<void> {
  await db.updateTable('retail_transfer').set(set).where('id', '=', id).execute();
}

export async function setTransferReceived(
  db: Db,
  id: string,
  product: string,
  received: bigint,
): Promise<void> {
  await db
    .updateTable('retail_transfer_line')
    .set({ received })
    .where('transfer_id', '=', id)
    .where('product_code', '=', product)
    .execute();
}

export async function listTransfers(
  db: Db,
  q: { office: string; direction: 'in' | 'out'; state?: string; limit: number; offset: number },
): Promise<{ rows: TransferRow[]; total: number }> {
  let base = db
    .selectFrom('retail_transfer')
    .where(q.direction === 'in' ? 'to_office' : 'from_office', '=', q.office);
  if (q.state !== undefined) base = base.where('state', '=', q.state);
  const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { rows, total: Number(total.n) };
}

/** Every transfer with its lines (for the invariants), a page at a time by id. */
export async function pageTransfers(db: Db, after: string, limit: number): Promise<TransferRow[]> {
  return db
    .selectFrom('retail_transfer')
    .selectAll()
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
}

// Stocktakes.

export async function insertStocktake(
  db: Db,
  row: StocktakeRow,
  lines: readonly StocktakeLineRow[],
): Promise<void> {
  await db.insertInto('retail_stocktake').values(row).execute();
  await db
    .insertInto('retail_stocktake_line')
    .values([...lines])
    .execute();
}

export async function findStocktake(db: Db, id: string): Promise<StocktakeRow | undefined> {
  return db.selectFrom('retail_stocktake').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findStocktakeLines(db: Db, ids: readonly string[]): Promise<StocktakeLineRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('retail_stocktake_line')
    .selectAll()
    .where('stocktake_id', 'in', ids)
    .orderBy('stocktake_id')
    .orderBy('product_code')
    .execute();
}

export async function updateStocktake(
  db: Db,
  id: string,
  set: Partial<Omit<StocktakeRow, 'id'>> & { updated_seq: bigint },
): Promise<void> {
  await db.updateTable('retail_stocktake').set(set).where('id', '=', id).execute();
}

export async function listStocktakes(
  db: Db,
  q: { office: string; state?: string; limit: number; offset: number },
): Promise<{ rows: StocktakeRow[]; total: number }> {
  let base = db.selectFrom('retail_stocktake').where('office_id', '=', q.office);
  if (q.state !== undefined) base = base.where('state', '=', q.state);
  const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { rows, total: Number(total.n) };
}

/** Stocktakes in a state whose moves (by ref) number other than expected: approved one, others none. */
export async function stocktakesOffTheirMoves(
  db: Db,
  limit: number,
): Promise<Array<{ id: string; state: string; moves: number }>> {
  const rows = await db
    .selectFrom('retail_stocktake as s')
    .leftJoin('retail_move as m', (j) => j.onRef('m.ref', '=', 's.id').on('m.kind', '=', 'stocktake'))
    .select((eb) => ['s.id', 's.state', eb.fn.count<string>('m.id').as('moves')])
    .groupBy(['s.id', 's.state'])
    .execute();
  return rows
    .map((r) => ({ id: r.id, state: r.state, moves: Number(r.moves) }))
    .filter((r) => r.moves > 1 || (r.state !== 'approved' && r.moves > 0))
    .slice(0, limit);
}

// Stock and moves.

export async function officeAccounts(
  db: Db,
  office: string,
  places: readonly string[],
): Promise<
  Array<
    RetailTables['retail_stock'] & { name_vi: string | null; name_en: string | null; unit: string | null }
  >
> {
  return db
    .selectFrom('retail_stock as s')
    .leftJoin('retail_product as p', 'p.code', 's.product_code')
    .selectAll('s')
    .select(['p.name_vi', 'p.name_en', 'p.unit'])
    .where('s.office_id', '=', office)
    .where('s.place', 'in', places)
    .orderBy('s.product_code')
    .execute();
}

export async function productOnShelves(
  db: Db,
  product: string,
): Promise<Array<{ office_id: string; quantity: bigint }>> {
  const rows = await db
    .selectFrom('retail_stock')
    .select(['office_id', 'quantity'])
    .where('product_code', '=', product)
    .where('place', '=', 'shelf')
    .where('quantity', '>', 0n)
    .orderBy('office_id')
    .execute();
  return rows.map((r) => ({ office_id: r.office_id, quantity: BigInt(r.quantity) }));
}

export async function listMoves(
  db: Db,
  q: { office?: string; product?: string; limit: number; offset: number },
): Promise<{ rows: RetailTables['retail_move'][]; total: number }> {
  let base = db.selectFrom('retail_move as m').where((eb) =>
    eb.exists(
      eb
        .selectFrom('retail_move_line as l')
        .select('l.move_id')
        .whereRef('l.move_id', '=', 'm.id')
        .where((w) => {
          const and = [];
          if (q.office !== undefined)
            and.push(w.or([w('l.from_office', '=', q.office), w('l.to_office', '=', q.office)]));
          if (q.product !== undefined) and.push(w('l.product_code', '=', q.product));
          return w.and(and);
        }),
    ),
  );
  base = base.where('m.id', '<>', '');
  const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll('m').orderBy('m.seq', 'desc').limit(q.limit).offset(q.offset).execute();
  return { rows, total: Number(total.n) };
}

export async function moveLinesOf(
  db: Db,
  ids: readonly string[],
): Promise<RetailTables['retail_move_line'][]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('retail_move_line')
    .selectAll()
    .where('move_id', 'in', ids)
    .orderBy('move_id')
    .orderBy('line_no')
    .execute();
}

export async function movesOfRefs(db: Db, refs: readonly string[]): Promise<RetailTables['retail_move'][]> {
  if (refs.length === 0) return [];
  return db.selectFrom('retail_move').selectAll().where('ref', 'in', refs).orderBy('seq').execute();
}

/** Approved stocktakes, a page at a time by id (for the invariants). */
export async function pageApprovedStocktakes(db: Db, after: string, limit: number): Promise<StocktakeRow[]> {
  return db
    .selectFrom('retail_stocktake')
    .selectAll()
    .where('state', '=', 'approved')
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
}
