import type { Kysely } from 'kysely';

// Frozen: the ledger. Accounts with exact posted and pending balances (bigint VND), transfers by their
// caller-chosen id, and each account's balance after every transfer that touched it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_account')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'bigint', (c) => c.notNull())
    .addColumn('office_id', 'text')
    .addColumn('holder_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('debits_pending', 'bigint', (c) => c.notNull())
    .addColumn('debits_posted', 'bigint', (c) => c.notNull())
    .addColumn('credits_pending', 'bigint', (c) => c.notNull())
    .addColumn('credits_posted', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('updated_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_account_place')
    .on('ledger_account')
    .columns(['office_id', 'code', 'holder_id'])
    .execute();
  await db.schema
    .createTable('ledger_transfer')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('debit_account_id', 'text', (c) => c.notNull())
    .addColumn('credit_account_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('pending_id', 'text')
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('code', 'bigint', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('timeout', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_transfer_expiry')
    .on('ledger_transfer')
    .columns(['state', 'expires_at'])
    .execute();
  await db.schema
    .createTable('ledger_balance')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('debits_pending', 'bigint', (c) => c.notNull())
    .addColumn('debits_posted', 'bigint', (c) => c.notNull())
    .addColumn('credits_pending', 'bigint', (c) => c.notNull())
    .addColumn('credits_posted', 'bigint', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_balance_pk', ['account_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ledger_balance').execute();
  await db.schema.dropTable('ledger_transfer').execute();
  await db.schema.dropTable('ledger_account').execute();
}
