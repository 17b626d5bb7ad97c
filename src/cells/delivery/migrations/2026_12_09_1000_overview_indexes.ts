import type { Kysely } from 'kysely';

// Frozen: what the managers' overview counts without reading every item: the day's tracking events at an
// office, and the items on their way to an office.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('delivery_item_event_office_at')
    .on('delivery_item_event')
    .columns(['office_id', 'at'])
    .execute();
  await db.schema
    .createIndex('delivery_item_target')
    .on('delivery_item')
    .columns(['target_office_id', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('delivery_item_target').execute();
  await db.schema.dropIndex('delivery_item_event_office_at').execute();
}
