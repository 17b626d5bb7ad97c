import type { CreateTableBuilder, Kysely } from 'kysely';

// Frozen: the delivery cell. Items with their S10 ids, fees and where they are; every tracking event of an
// item; the serial counters S10 ids are drawn from; bags, dispatches between offices, postmen's rounds.
export async function up(db: Kysely<any>): Promise<void> {
  const text = ['service', 'origin_office_id', 'delivery_office_id', 'sender_name', 'sender_phone'];
  let item: CreateTableBuilder<'delivery_item', string> = db.schema
    .createTable('delivery_item')
    .addColumn('id', 'text', (c) => c.primaryKey());
  for (const c of text) item = item.addColumn(c, 'text', (col) => col.notNull());
  item = item.addColumn('shipper_id', 'text').addColumn('shipper_key', 'text');
  for (const c of [
    'sender_address',
    'sender_commune',
    'recipient_name',
    'recipient_phone',
    'recipient_address',
    'recipient_commune',
    'recipient_province',
  ])
    item = item.addColumn(c, 'text', (col) => col.notNull());
  for (const c of [
    'weight_g',
    'length_cm',
    'width_cm',
    'height_cm',
    'charged_g',
    'postage',
    'insurance_fee',
    'cod_fee',
    'fee',
    'insured_value',
    'cod_amount',
    'returning',
    'attempts',
    'event_count',
    'updated_seq',
  ])
    item = item.addColumn(c, 'bigint', (col) => col.notNull());
  item = item
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('paid_by', 'text', (c) => c.notNull())
    .addColumn('till_session_id', 'text')
    .addColumn('code_hash', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('location_office_id', 'text')
    .addColumn('target_office_id', 'text', (c) => c.notNull())
    .addColumn('bag_id', 'text')
    .addColumn('round_id', 'text')
    .addColumn('last_code', 'text')
    .addColumn('last_office_id', 'text')
    .addColumn('last_at', 'text')
    .addColumn('accepted_at', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('delivered_to', 'text')
    .addColumn('pod_signature', 'text')
    .addColumn('pod_photo', 'text')
    // NULLs are distinct in both dialects: counter items (no shipper) never collide.
    .addUniqueConstraint('delivery_item_shipper_key', ['shipper_id', 'shipper_key']);
  await item.execute();
  await db.schema
    .createIndex('delivery_item_place')
    .on('delivery_item')
    .columns(['location_office_id', 'status'])
    .execute();
  await db.schema
    .createTable('delivery_item_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('action', 'text')
    .addColumn('bag_id', 'text')
    .addColumn('dispatch_id', 'text')
    .addColumn('round_id', 'text')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('delivery_serial')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last_serial', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('delivery_bag')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('origin_office_id', 'text', (c) => c.notNull())
    .addColumn('dest_office_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('item_count', 'bigint', (c) => c.notNull())
    .addColumn('weight_g', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text', (c) => c.notNull())
    .addColumn('dispatch_id', 'text')
    .addColumn('received_at', 'text')
    .addColumn('received_by', 'text')
    .execute();
  await db.schema
    .createTable('delivery_bag_item')
    .addColumn('bag_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_bag_item_pk', ['bag_id', 'item_id'])
    .execute();
  await db.schema
    .createTable('delivery_dispatch')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('origin_office_id', 'text', (c) => c.notNull())
    .addColumn('dest_office_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bag_count', 'bigint', (c) => c.notNull())
    .addColumn('item_count', 'bigint', (c) => c.notNull())
    .addColumn('departed_at', 'text', (c) => c.notNull())
    .addColumn('departed_by', 'text', (c) => c.notNull())
    .addColumn('arrived_at', 'text')
    .execute();
  await db.schema
    .createTable('delivery_round')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('postman_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('item_count', 'bigint', (c) => c.notNull())
    .addColumn('cod_expected', 'bigint', (c) => c.notNull())
    .addColumn('cod_collected', 'bigint', (c) => c.notNull())
    .addColumn('cod_counted', 'bigint')
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .execute();
  await db.schema
    .createTable('delivery_round_item')
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('cod_collected', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_round_item_pk', ['round_id', 'item_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'delivery_round_item',
    'delivery_round',
    'delivery_dispatch',
    'delivery_bag_item',
    'delivery_bag',
    'delivery_serial',
    'delivery_item_event',
    'delivery_item',
  ])
    await db.schema.dropTable(t).execute();
}
