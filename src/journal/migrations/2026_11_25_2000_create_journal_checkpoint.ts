import type { Kysely } from 'kysely';

// Frozen: the cell's signed checkpoints, (cell, size, root, time) signed with the server's Ed25519 key; the
// size is the key, so two processes cutting the same checkpoint store it once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('journal_checkpoint')
    .addColumn('size', 'bigint', (c) => c.primaryKey())
    .addColumn('root', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('journal_checkpoint').execute();
}
