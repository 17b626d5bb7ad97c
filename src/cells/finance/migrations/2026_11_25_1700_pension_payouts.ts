import type { Kysely } from 'kysely';

// Frozen: paying pensions. A period's schedule; a list's funding and how it was split between offices;
// what happened to each line (paid where and how, stopped, returned); one payout (the receipt) per paid
// line, unique, so that no line is paid twice whatever the commands above it do; postmen's home rounds.
export async function up(db: Kysely<any>): Promise<void> {
  for (const c of ['bank_from', 'points_from', 'counters_from', 'close_on', 'province_office_id'])
    await db.schema.alterTable('pension_period').addColumn(c, 'text').execute();
  await db.schema.alterTable('pension_list').addColumn('funded_seq', 'bigint').execute();
  await db.schema.alterTable('pension_list').addColumn('funding_reference', 'text').execute();
  for (const c of ['round_id', 'receipt_id', 'paid_place', 'stop_reason', 'stop_reference', 'return_reason'])
    await db.schema.alterTable('pension_line').addColumn(c, 'text').execute();
  await db.schema
    .createTable('pension_allocation')
    .addColumn('period_id', 'text', (c) => c.notNull())
    .addColumn('list_sha256', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('line_count', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pension_allocation_pk', ['period_id', 'list_sha256', 'postcode'])
    .execute();
  await db.schema
    .createTable('pension_payout')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('line_id', 'text', (c) => c.notNull().unique())
    .addColumn('period_id', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('clerk_id', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('recipient_cccd', 'text')
    .addColumn('evidence', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pension_payout_session').on('pension_payout').column('session_id').execute();
  await db.schema
    .createTable('pension_round')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('period_id', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('postman_id', 'text', (c) => c.notNull())
    .addColumn('postman_name', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('line_count', 'bigint', (c) => c.notNull())
    .addColumn('advance', 'bigint', (c) => c.notNull())
    .addColumn('returned', 'bigint')
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  // A line's id is its period, CCCD and benefit, so the primary key both keeps a person from being listed
  // twice for a benefit in a period and finds a person's lines: the person index is a second copy of it.
  await db.schema.dropIndex('pension_line_person').execute();
  await db.schema
    .createIndex('pension_line_round')
    .on('pension_line')
    .column('round_id')
    .where('round_id', 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('pension_line_round').execute();
  await db.schema
    .createIndex('pension_line_person')
    .on('pension_line')
    .columns(['period_id', 'cccd', 'benefit'])
    .unique()
    .execute();
  await db.schema.dropTable('pension_round').execute();
  await db.schema.dropTable('pension_payout').execute();
  await db.schema.dropTable('pension_allocation').execute();
  for (const c of ['round_id', 'receipt_id', 'paid_place', 'stop_reason', 'stop_reference', 'return_reason'])
    await db.schema.alterTable('pension_line').dropColumn(c).execute();
  await db.schema.alterTable('pension_list').dropColumn('funding_reference').execute();
  await db.schema.alterTable('pension_list').dropColumn('funded_seq').execute();
  for (const c of ['bank_from', 'points_from', 'counters_from', 'close_on', 'province_office_id'])
    await db.schema.alterTable('pension_period').dropColumn(c).execute();
}
