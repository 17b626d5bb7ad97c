import type { Kysely } from 'kysely';

// Frozen: cash on delivery in the finance cell. One collection per item (the primary key keeps an item's
// COD from being counted twice, whatever the consumer is sent), and the remittances that pay shippers.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cod_collection')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('source_seq', 'bigint', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('payee', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('round_id', 'text')
    .addColumn('till_session_id', 'text')
    .addColumn('collected_at', 'text', (c) => c.notNull())
    .addColumn('handed_in_at', 'text')
    .addColumn('remittance_id', 'text')
    .execute();
  await db.schema
    .createIndex('cod_collection_payee')
    .on('cod_collection')
    .columns(['payee', 'collected_at'])
    .execute();
  await db.schema
    .createTable('cod_remittance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payee', 'text', (c) => c.notNull())
    .addColumn('through', 'text', (c) => c.notNull())
    .addColumn('item_count', 'bigint', (c) => c.notNull())
    .addColumn('cod_total', 'bigint', (c) => c.notNull())
    .addColumn('fees', 'bigint', (c) => c.notNull())
    .addColumn('net', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cod_remittance').execute();
  await db.schema.dropTable('cod_collection').execute();
}
