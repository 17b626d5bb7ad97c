import type { Kysely } from 'kysely';
import { bulkInsert } from '../../../storage/index.ts';
import type { DeliveryTables } from '../delivery-tables.ts';

type Db = Kysely<DeliveryTables>;
export type BagRow = DeliveryTables['delivery_bag'];
export type DispatchRow = DeliveryTables['delivery_dispatch'];

export async function insertBag(db: Db, bag: BagRow, items: readonly string[]): Promise<void> {
  await db.insertInto('delivery_bag').values(bag).execute();
  await bulkInsert(
    db,
    'delivery_bag_item',
    [
      { name: 'bag_id', type: 'text' },
      { name: 'item_id', type: 'text' },
    ],
    items.map((item_id) => ({ bag_id: bag.id, item_id })),
  );
  await setItemsBag(db, items, bag.id);
}

/** Puts items in a bag, or takes them out (null). */
export async function setItemsBag(db: Db, items: readonly string[], bag: string | null): Promise<void> {
  for (let i = 0; i < items.length; i += 500)
    await db
      .updateTable('delivery_item')
      .set({ bag_id: bag })
      .where('id', 'in', items.slice(i, i + 500))
      .execute();
}

export async function findBag(db: Db, id: string): Promise<BagRow | undefined> {
  return db.selectFrom('delivery_bag').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findBags(db: Db, ids: readonly string[]): Promise<BagRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('delivery_bag').selectAll().where('id', 'in', ids).execute();
}

export async function bagItems(db: Db, bagId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('delivery_bag_item')
    .select('item_id')
    .where('bag_id', '=', bagId)
    .orderBy('item_id')
    .execute();
  return rows.map((r) => r.item_id);
}

export async function updateBags(db: Db, ids: readonly string[], patch: Partial<BagRow>): Promise<void> {
  if (ids.length > 0) await db.updateTable('delivery_bag').set(patch).where('id', 'in', ids).execute();
}

export async function insertDispatch(db: Db, row: DispatchRow): Promise<void> {
  await db.insertInto('delivery_dispatch').values(row).execute();
}

export async function findDispatch(db: Db, id: string): Promise<DispatchRow | undefined> {
  return db.selectFrom('delivery_dispatch').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function dispatchBags(db: Db, id: string): Promise<BagRow[]> {
  return db.selectFrom('delivery_bag').selectAll().where('dispatch_id', '=', id).orderBy('id').execute();
}

export async function updateDispatch(db: Db, id: string, patch: Partial<DispatchRow>): Promise<void> {
  await db.updateTable('delivery_dispatch').set(patch).where('id', '=', id).execute();
}

export async function listBags(
  db: Db,
  q: { office?: string; status?: string; limit: number },
): Promise<BagRow[]> {
  let s = db.selectFrom('delivery_bag').selectAll();
  if (q.office !== undefined)
    s = s.where((eb) =>
      eb.or([eb('origin_office_id', '=', q.office!), eb('dest_office_id', '=', q.office!)]),
    );
  if (q.status !== undefined) s = s.where('status', '=', q.status);
  return s.orderBy('closed_at', 'desc').limit(q.limit).execute();
}
