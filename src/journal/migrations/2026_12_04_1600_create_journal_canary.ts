import type { Kysely } from 'kysely';

// Frozen: canary rows in every cell's database. Nothing in postcore writes them after detection plants them,
// and no route reads them: a change means someone wrote to the database behind the API.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('journal_canary')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('journal_canary').execute();
}
