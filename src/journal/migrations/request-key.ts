import type { Kysely } from 'kysely';

// Frozen: the client idempotency keys a cell has answered, rebuilt from its `<cell>.request.answered`
// events. A cell that takes keys adds this migration to its own set under its own dated name.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('request_key')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('request_key').execute();
}
