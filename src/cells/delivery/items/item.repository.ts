import type { Kysely } from 'kysely';
import { bulkInsert, bulkUpdate, selectByKeys, type BulkColumn } from '../../../storage/index.ts';
import type { DeliveryTables } from '../delivery-tables.ts';

type Db = Kysely<DeliveryTables>;
export type ItemRow = DeliveryTables['delivery_item'];
export type ItemEventRow = DeliveryTables['delivery_item_event'];

/** An item event's id: the item and its ordinal, zero-padded so that the key sorts the item's events in order. */
export const itemEventId = (item: string, n: bigint): string => `${item}:${n.toString().padStart(4, '0')}`;

export async function insertItems(db: Db, rows: readonly ItemRow[]): Promise<void> {
  // Fifty columns a row: chunks stay under SQLite's limit on bound parameters.
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('delivery_item')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function findItem(db: Db, id: string): Promise<ItemRow | undefined> {
  return db.selectFrom('delivery_item').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findItems(db: Db, ids: readonly string[]): Promise<ItemRow[]> {
  const out: ItemRow[] = [];
  for (let i = 0; i < ids.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('delivery_item')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  return out;
}

/** The columns tracking needs of an item: its place, its way, its last event. */
export const STATE_COLUMNS = [
  'id',
  'status',
  'location_office_id',
  'target_office_id',
  'origin_office_id',
  'returning',
  'attempts',
  'event_count',
  'last_code',
  'last_office_id',
  'bag_id',
] as const;
export type ItemStateRow = Pick<ItemRow, (typeof STATE_COLUMNS)[number]>;

/** The tracking columns of many items, 500 ids a query: what a batch of scans reads. */
export async function findItemStates(db: Db, ids: readonly string[]): Promise<ItemStateRow[]> {
  return selectByKeys<DeliveryTables, ItemStateRow>(db, 'delivery_item', 'id', STATE_COLUMNS, ids);
}

export async function findByShipperKeys(
  db: Db,
  shipperId: string,
  keys: readonly string[],
): Promise<ItemRow[]> {
  const out: ItemRow[] = [];
  for (let i = 0; i < keys.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('delivery_item')
        .selectAll()
        .where('shipper_id', '=', shipperId)
        .where('shipper_key', 'in', keys.slice(i, i + 500))
        .execute()),
    );
  return out;
}

/** The item a cell sent under its key, if any. */
export async function findByOwnerKey(db: Db, owner: string, key: string): Promise<ItemRow | undefined> {
  return db
    .selectFrom('delivery_item')
    .selectAll()
    .where('owner', '=', owner)
    .where('owner_key', '=', key)
    .executeTakeFirst();
}

export async function updateItem(db: Db, id: string, patch: Partial<ItemRow>): Promise<number> {
  const r = await db.updateTable('delivery_item').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

const EVENT_COLUMNS: ReadonlyArray<BulkColumn<ItemEventRow>> = [
  { name: 'id', type: 'text' },
  { name: 'item_id', type: 'text' },
  { name: 'n', type: 'bigint' },
  { name: 'code', type: 'text' },
  { name: 'at', type: 'text' },
  { name: 'office_id', type: 'text' },
  { name: 'actor', type: 'text' },
  { name: 'reason', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'bag_id', type: 'text' },
  { name: 'dispatch_id', type: 'text' },
  { name: 'round_id', type: 'text' },
  { name: 'seq', type: 'bigint' },
];

export async function insertItemEvents(db: Db, rows: readonly ItemEventRow[]): Promise<void> {
  await bulkInsert(db, 'delivery_item_event', EVENT_COLUMNS, rows);
}

export async function findItemEvents(db: Db, item: string): Promise<ItemEventRow[]> {
  return db
    .selectFrom('delivery_item_event')
    .selectAll()
    .where('id', '>=', `${item}:`)
    .where('id', '<', `${item};`)
    .orderBy('id')
    .execute();
}

export async function lastSerial(db: Db, prefix: string): Promise<bigint> {
  const r = await db
    .selectFrom('delivery_serial')
    .select('last_serial')
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  return r === undefined ? 0n : BigInt(r.last_serial);
}

export async function setSerial(db: Db, prefix: string, serial: bigint): Promise<void> {
  await db
    .insertInto('delivery_serial')
    .values({ prefix, last_serial: serial })
    .onConflict((oc) =>
      oc
        .column('prefix')
        .doUpdateSet({ last_serial: serial })
        .where('delivery_serial.last_serial', '<', serial),
    )
    .execute();
}

export interface ItemQuery {
  office?: string;
  status?: string;
  shipper?: string;
  limit: number;
  offset: number;
}

export async function listItems(db: Db, q: ItemQuery): Promise<{ rows: ItemRow[]; total: bigint }> {
  let base = db.selectFrom('delivery_item');
  if (q.office !== undefined) base = base.where('location_office_id', '=', q.office);
  if (q.status !== undefined) base = base.where('status', '=', q.status);
  if (q.shipper !== undefined) base = base.where('shipper_id', '=', q.shipper);
  const total = await base.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('id').limit(q.limit).offset(q.offset).execute();
  return { rows, total: BigInt(total.n) };
}

/** Items with their events, in id order, for verify's check of every item's event order. */
export async function allItemEvents(db: Db, after: string, limit: number) {
  const items = await db
    .selectFrom('delivery_item')
    .select(['id', 'origin_office_id', 'delivery_office_id', 'shipper_id', 'event_count'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  if (items.length === 0) return [];
  const events = await db
    .selectFrom('delivery_item_event')
    .selectAll()
    .where('id', '>=', `${items[0]!.id}:`)
    .where('id', '<', `${items.at(-1)!.id};`)
    .orderBy('id')
    .execute();
  const byItem = new Map<string, ItemEventRow[]>();
  for (const e of events) {
    const list = byItem.get(e.item_id);
    if (list === undefined) byItem.set(e.item_id, [e]);
    else list.push(e);
  }
  return items.map((i) => ({ item: i, events: byItem.get(i.id) ?? [] }));
}

/** What a tracking event changes on its item. */
export type ItemStatePatch = Pick<
  ItemRow,
  | 'id'
  | 'status'
  | 'location_office_id'
  | 'target_office_id'
  | 'returning'
  | 'attempts'
  | 'event_count'
  | 'last_code'
  | 'last_office_id'
  | 'last_at'
  | 'updated_seq'
>;

const STATE_PATCH_COLUMNS: ReadonlyArray<BulkColumn<ItemStatePatch>> = [
  { name: 'id', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'location_office_id', type: 'text' },
  { name: 'target_office_id', type: 'text' },
  { name: 'returning', type: 'bigint' },
  { name: 'attempts', type: 'bigint' },
  { name: 'event_count', type: 'bigint' },
  { name: 'last_code', type: 'text' },
  { name: 'last_office_id', type: 'text' },
  { name: 'last_at', type: 'text' },
  { name: 'updated_seq', type: 'bigint' },
];

/** Writes many items' new tracking state in a few statements. */
export async function updateItemStates(db: Db, rows: readonly ItemStatePatch[]): Promise<void> {
  await bulkUpdate(db, 'delivery_item', STATE_PATCH_COLUMNS, rows);
}
