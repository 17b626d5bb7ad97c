import type { Kysely } from 'kysely';

// Frozen: the platform's own transfers the ledger refused while finance followed another cell's journal (an id
// already taken with another body, a total at its bound): recorded instead of stopping the consumer, one row
// per refusal event.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_refusal')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('source_cell', 'text', (c) => c.notNull())
    .addColumn('source_seq', 'bigint', (c) => c.notNull())
    .addColumn('debit_account_id', 'text', (c) => c.notNull())
    .addColumn('credit_account_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('code', 'bigint', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ledger_refusal').execute();
}
