import type { Kysely } from 'kysely';

// Frozen: administrative agencies' fees and charges in the finance cell, taken at dossier intake by the services
// cell. One collection per dossier (the primary key keeps a dossier's fees from being counted twice, whatever the
// consumer is sent), and the remittances that pay the agencies.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agency_collection')
    .addColumn('dossier_id', 'text', (c) => c.primaryKey())
    .addColumn('source_seq', 'bigint', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('agency_code', 'text', (c) => c.notNull())
    .addColumn('agency_name', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('clerk_id', 'text', (c) => c.notNull())
    .addColumn('till_session_id', 'text', (c) => c.notNull())
    .addColumn('collected_at', 'text', (c) => c.notNull())
    .addColumn('remittance_id', 'text')
    .execute();
  await db.schema
    .createIndex('agency_collection_agency')
    .on('agency_collection')
    .columns(['agency_code', 'collected_at'])
    .execute();
  await db.schema
    .createIndex('agency_collection_remittance')
    .on('agency_collection')
    .column('remittance_id')
    .execute();
  await db.schema
    .createTable('agency_remittance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_code', 'text', (c) => c.notNull())
    .addColumn('through', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text')
    .addColumn('dossier_count', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agency_remittance_agency')
    .on('agency_remittance')
    .columns(['agency_code', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('agency_remittance').execute();
  await db.schema.dropTable('agency_collection').execute();
}
