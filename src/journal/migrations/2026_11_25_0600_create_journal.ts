import { sql, type Kysely } from 'kysely';

// Frozen: the journal tables every cell carries. Integers are bigint on both dialects.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('journal_event')
    // NOT NULL and positive: SQLite would otherwise accept a NULL or negative key outside the chain.
    .addColumn('seq', 'bigint', (c) =>
      c
        .primaryKey()
        .notNull()
        .check(sql`seq > 0`),
    )
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('office', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('prev', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('journal_event_stream')
    .on('journal_event')
    .columns(['stream', 'seq'])
    .execute();
  await db.schema
    .createTable('journal_head')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('journal_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();
  await db.schema
    .createTable('journal_consumer')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('journal_consumer').execute();
  await db.schema.dropTable('journal_head').execute();
  await db.schema.dropTable('journal_event').execute();
}
