import type { Kysely } from 'kysely';

// Frozen: a clerk's till sessions (float, cash-up, variance) and the cash moved between vault and till,
// each move made by one person and confirmed or rejected by another.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('till_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('clerk_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('float_amount', 'bigint', (c) => c.notNull())
    .addColumn('float_denominations', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('counted_amount', 'bigint')
    .addColumn('counted_denominations', 'text')
    .addColumn('expected_amount', 'bigint')
    .addColumn('variance', 'bigint')
    .addColumn('variance_reason', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('updated_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('till_session_clerk')
    .on('till_session')
    .columns(['clerk_id', 'status'])
    .execute();
  await db.schema
    .createIndex('till_session_office')
    .on('till_session')
    .columns(['office_id', 'day'])
    .execute();
  await db.schema
    .createTable('till_movement')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('denominations', 'text', (c) => c.notNull())
    .addColumn('maker_id', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('checker_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('till_movement_session').on('till_movement').column('session_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('till_movement').execute();
  await db.schema.dropTable('till_session').execute();
}
