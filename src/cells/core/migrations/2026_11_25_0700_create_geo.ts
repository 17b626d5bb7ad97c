import type { Kysely } from 'kysely';

// Frozen: provinces and communes after the 1 July 2025 reform (no districts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('geo_province')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('phone_code', 'text')
    .addColumn('search_key', 'text', (c) => c.notNull())
    .addColumn('loaded_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('geo_commune')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('province_code', 'text', (c) => c.notNull().references('geo_province.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('search_key', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('geo_commune_province')
    .on('geo_commune')
    .columns(['province_code', 'code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('geo_commune').execute();
  await db.schema.dropTable('geo_province').execute();
}
