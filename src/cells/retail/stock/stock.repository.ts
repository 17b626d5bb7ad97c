import { sql } from 'kysely';
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';

type Db = Kysely<RetailTables>;
export type StockRow = RetailTables['retail_stock'];
export type MoveRow = RetailTables['retail_move'];
export type MoveLineRow = RetailTables['retail_move_line'];

/** The accounts of some products at one office, every place. */
export async function findStock(db: Db, office: string, products: readonly string[]): Promise<StockRow[]> {
  if (products.length === 0) return [];
  return db
    .selectFrom('retail_stock')
    .selectAll()
    .where('office_id', '=', office)
    .where('product_code', 'in', products)
    .execute();
}

export async function findAccount(
  db: Db,
  office: string,
  product: string,
  place: string,
): Promise<StockRow | undefined> {
  return db
    .selectFrom('retail_stock')
    .selectAll()
    .where('office_id', '=', office)
    .where('product_code', '=', product)
    .where('place', '=', place)
    .executeTakeFirst();
}

/** What a move adds to one account (negative to take away). */
export interface AccountChange {
  office_id: string;
  product_code: string;
  place: string;
  quantity: bigint;
  value: bigint;
}

/**
 * Adds each change to its account, opening it at zero on first use, one statement per 150 accounts; the
 * balances after, keyed as the changes are. The changes' accounts must be distinct (one row may change once a
 * statement).
 */
export async function addToAccounts(
  db: Db,
  changes: readonly AccountChange[],
  seq: bigint,
): Promise<StockRow[]> {
  const out: StockRow[] = [];
  for (let i = 0; i < changes.length; i += 150)
    out.push(
      ...(await db
        .insertInto('retail_stock')
        .values(changes.slice(i, i + 150).map((c) => ({ ...c, updated_seq: seq })))
        .onConflict((oc) =>
          oc.columns(['office_id', 'product_code', 'place']).doUpdateSet({
            quantity: sql`retail_stock.quantity + excluded.quantity`,
            value: sql`retail_stock.value + excluded.value`,
            updated_seq: seq,
          }),
        )
        .returningAll()
        .execute()),
    );
  return out;
}

export async function insertMove(db: Db, move: MoveRow, lines: readonly MoveLineRow[]): Promise<void> {
  await db.insertInto('retail_move').values(move).execute();
  for (let i = 0; i < lines.length; i += 200)
    await db
      .insertInto('retail_move_line')
      .values(lines.slice(i, i + 200))
      .execute();
}

export async function findMove(db: Db, id: string): Promise<MoveRow | undefined> {
  return db.selectFrom('retail_move').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMoveLines(db: Db, id: string): Promise<MoveLineRow[]> {
  return db.selectFrom('retail_move_line').selectAll().where('move_id', '=', id).orderBy('line_no').execute();
}

export async function findMovesOf(db: Db, ref: string): Promise<MoveRow[]> {
  return db.selectFrom('retail_move').selectAll().where('ref', '=', ref).orderBy('seq').execute();
}

/** Every account whose balance is not what its lines add up to (at most `limit`). */
export async function accountsOffTheirLines(
  db: Db,
  limit: number,
): Promise<
  Array<{
    office_id: string;
    product_code: string;
    place: string;
    quantity: bigint;
    value: bigint;
    lines_quantity: bigint;
    lines_value: bigint;
  }>
> {
  const lines = db
    .selectFrom(
      db
        .selectFrom('retail_move_line')
        .select(['to_office as office_id', 'product_code', 'to_place as place', 'quantity', 'value'])
        .unionAll(
          db
            .selectFrom('retail_move_line')
            .select([
              'from_office as office_id',
              'product_code',
              'from_place as place',
              sql<bigint>`-quantity`.as('quantity'),
              sql<bigint>`-value`.as('value'),
            ]),
        )
        .as('l'),
    )
    .select((eb) => [
      'l.office_id',
      'l.product_code',
      'l.place',
      eb.fn.sum<bigint>('l.quantity').as('quantity'),
      eb.fn.sum<bigint>('l.value').as('value'),
    ])
    .groupBy(['l.office_id', 'l.product_code', 'l.place'])
    .as('t');
  const rows = await db
    .selectFrom('retail_stock as s')
    .fullJoin(lines, (j) =>
      j
        .onRef('s.office_id', '=', 't.office_id')
        .onRef('s.product_code', '=', 't.product_code')
        .onRef('s.place', '=', 't.place'),
    )
    .select([
      sql<string>`coalesce(s.office_id, t.office_id)`.as('office_id'),
      sql<string>`coalesce(s.product_code, t.product_code)`.as('product_code'),
      sql<string>`coalesce(s.place, t.place)`.as('place'),
      sql<bigint>`coalesce(s.quantity, 0)`.as('quantity'),
      sql<bigint>`coalesce(s.value, 0)`.as('value'),
      sql<bigint>`coalesce(t.quantity, 0)`.as('lines_quantity'),
      sql<bigint>`coalesce(t.value, 0)`.as('lines_value'),
    ])
    .where((eb) =>
      eb.or([
        eb(sql`coalesce(s.quantity, 0)`, '<>', sql`coalesce(t.quantity, 0)`),
        eb(sql`coalesce(s.value, 0)`, '<>', sql`coalesce(t.value, 0)`),
      ]),
    )
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    quantity: BigInt(r.quantity),
    value: BigInt(r.value),
    lines_quantity: BigInt(r.lines_quantity),
    lines_value: BigInt(r.lines_value),
  }));
}

/** Products whose accounts do not sum to zero (goods made or lost outside any move), at most `limit`. */
export async function productsOutOfBalance(
  db: Db,
  limit: number,
): Promise<Array<{ product_code: string; quantity: bigint; value: bigint }>> {
  const rows = await db
    .selectFrom('retail_stock')
    .select((eb) => [
      'product_code',
      eb.fn.sum<bigint>('quantity').as('quantity'),
      eb.fn.sum<bigint>('value').as('value'),
    ])
    .groupBy('product_code')
    .having((eb) => eb.or([eb(eb.fn.sum('quantity'), '<>', 0), eb(eb.fn.sum('value'), '<>', 0)]))
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    product_code: r.product_code,
    quantity: BigInt(r.quantity),
    value: BigInt(r.value),
  }));
}

/** Held accounts (shelf, transit, picked) below zero, or holding value without goods, at most `limit`. */
export async function heldAccountsWrong(db: Db, held: readonly string[], limit: number): Promise<StockRow[]> {
  return db
    .selectFrom('retail_stock')
    .selectAll()
    .where('place', 'in', held)
    .where((eb) =>
      eb.or([
        eb('quantity', '<', 0n),
        eb('value', '<', 0n),
        eb.and([eb('quantity', '=', 0n), eb('value', '<>', 0n)]),
      ]),
    )
    .limit(limit)
    .execute();
}

/** Moves without a line, at most `limit`. */
export async function emptyMoves(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('retail_move as m')
    .leftJoin('retail_move_line as l', 'l.move_id', 'm.id')
    .select('m.id')
    .where('l.move_id', 'is', null)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
