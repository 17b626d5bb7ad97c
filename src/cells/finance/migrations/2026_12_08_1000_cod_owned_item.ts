import type { Kysely } from 'kysely';

// Frozen: items another cell owns (the retail cell's orders) whose COD that cell settles itself, so that no
// remittance pays it to the item's shipper or sender. One row per item.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cod_owned_item')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('source_seq', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cod_owned_item').execute();
}
