import type { Kysely } from 'kysely';

// Frozen: the Merkle tree over a cell's event hashes (RFC 6962), kept as its complete subtrees: node (level,
// idx) covers leaves idx·2^level to (idx+1)·2^level − 1. Any tree head or proof is then O(log n) lookups.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('journal_tree')
    .addColumn('level', 'bigint', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('journal_tree_pk', ['level', 'idx'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('journal_tree').execute();
}
