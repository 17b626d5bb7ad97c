import type { Kysely } from 'kysely';

// Frozen: a consumer keeps the hash of the last source event it applied, so that a source journal that went
// back (a restore that lost events) and then grew other events at the same seqs is noticed, not skipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('journal_consumer').addColumn('hash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('journal_consumer').dropColumn('hash').execute();
}
