import type { Kysely } from 'kysely';

// Frozen: the chain of custody of evidence captured on incidents; each manifest names the one before it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cell', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('prev_sha256', 'text', (c) => c.notNull())
    .addColumn('files', 'bigint', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('captured_at', 'text', (c) => c.notNull())
    .addColumn('captured_by', 'text', (c) => c.notNull())
    .addColumn('captured_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_seq').on('evidence').column('captured_seq').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence').execute();
}
