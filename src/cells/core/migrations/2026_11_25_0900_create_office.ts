import type { Kysely } from 'kysely';

// Frozen: post offices and their hierarchy (corporation, provincial posts, offices, service points,
// sorting centres).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('office')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull().unique())
    .addColumn('province_code', 'text')
    .addColumn('commune_code', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('close_reason', 'text')
    .addColumn('search_key', 'text', (c) => c.notNull())
    .addColumn('updated_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('office_parent').on('office').column('parent_id').execute();
  await db.schema
    .createIndex('office_place')
    .on('office')
    .columns(['province_code', 'commune_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('office').execute();
}
