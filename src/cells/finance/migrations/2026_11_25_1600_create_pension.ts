import type { Kysely } from 'kysely';

// Frozen: pension and benefit payment periods, the lists the social insurance agency sends (each a
// content-addressed attachment), and one line per person and benefit to pay.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pension_period')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('months', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createTable('pension_list')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('period_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('line_count', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('accepted_at', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pension_list_pk', ['period_id', 'sha256'])
    .execute();
  await db.schema
    .createTable('pension_line')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('period_id', 'text', (c) => c.notNull())
    .addColumn('list_sha256', 'text', (c) => c.notNull())
    .addColumn('row', 'bigint', (c) => c.notNull())
    .addColumn('cccd', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('search_key', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'bigint', (c) => c.notNull())
    .addColumn('benefit', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('commune_code', 'text', (c) => c.notNull())
    .addColumn('office_postcode', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('proxy_name', 'text')
    .addColumn('proxy_cccd', 'text')
    .addColumn('proxy_until', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pension_line_person')
    .on('pension_line')
    .columns(['period_id', 'cccd', 'benefit'])
    .unique()
    .execute();
  await db.schema
    .createIndex('pension_line_office')
    .on('pension_line')
    .columns(['office_postcode', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pension_line').execute();
  await db.schema.dropTable('pension_list').execute();
  await db.schema.dropTable('pension_period').execute();
}
