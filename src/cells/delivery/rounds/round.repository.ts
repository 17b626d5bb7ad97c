import type { Kysely } from 'kysely';
import type { DeliveryTables } from '../delivery-tables.ts';

type Db = Kysely<DeliveryTables>;
export type RoundRow = DeliveryTables['delivery_round'];
export type RoundItemRow = DeliveryTables['delivery_round_item'];

export async function insertRound(db: Db, row: RoundRow, items: readonly string[]): Promise<void> {
  await db.insertInto('delivery_round').values(row).execute();
  for (let i = 0; i < items.length; i += 500)
    await db
      .insertInto('delivery_round_item')
      .values(
        items
          .slice(i, i + 500)
          .map((item_id) => ({ round_id: row.id, item_id, outcome: 'pending', cod_collected: 0n })),
      )
      .execute();
}

export async function findRound(db: Db, id: string): Promise<RoundRow | undefined> {
  return db.selectFrom('delivery_round').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function roundItems(db: Db, id: string): Promise<RoundItemRow[]> {
  return db
    .selectFrom('delivery_round_item')
    .selectAll()
    .where('round_id', '=', id)
    .orderBy('item_id')
    .execute();
}

export async function findRoundItem(db: Db, round: string, item: string): Promise<RoundItemRow | undefined> {
  return db
    .selectFrom('delivery_round_item')
    .selectAll()
    .where('round_id', '=', round)
    .where('item_id', '=', item)
    .executeTakeFirst();
}

export async function setOutcome(
  db: Db,
  round: string,
  item: string,
  patch: Partial<RoundItemRow>,
): Promise<void> {
  await db
    .updateTable('delivery_round_item')
    .set(patch)
    .where('round_id', '=', round)
    .where('item_id', '=', item)
    .execute();
}

export async function addCollected(db: Db, round: string, amount: bigint): Promise<void> {
  await db
    .updateTable('delivery_round')
    .set((eb) => ({ cod_collected: eb('cod_collected', '+', amount) }))
    .where('id', '=', round)
    .execute();
}

export async function updateRound(db: Db, id: string, patch: Partial<RoundRow>): Promise<void> {
  await db.updateTable('delivery_round').set(patch).where('id', '=', id).execute();
}

export async function listRounds(
  db: Db,
  q: { office?: string; day?: string; status?: string },
): Promise<RoundRow[]> {
  let s = db.selectFrom('delivery_round').selectAll();
  if (q.office !== undefined) s = s.where('office_id', '=', q.office);
  if (q.day !== undefined) s = s.where('day', '=', q.day);
  if (q.status !== undefined) s = s.where('status', '=', q.status);
  return s.orderBy('opened_at').limit(500).execute();
}

/** Marks items as out on a round. */
export async function setItemsRound(db: Db, items: readonly string[], round: string): Promise<void> {
  for (let i = 0; i < items.length; i += 500)
    await db
      .updateTable('delivery_item')
      .set({ round_id: round })
      .where('id', 'in', items.slice(i, i + 500))
      .execute();
}
