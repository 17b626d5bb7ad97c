import type { Kysely } from 'kysely';
import type { JournalTables } from './journal-event.ts';

export type EventRow = JournalTables['journal_event'];
export interface HeadRow {
  seq: bigint;
  hash: string;
}

type JournalDb = Kysely<JournalTables>;

// SQLite allows 32,766 bound values per statement and PostgreSQL 65,535; 10 columns x 1,000 rows fits both.
const INSERT_CHUNK = 1000;

/**
 * Takes the journal's write lock and returns the head. The no-op UPDATE locks the head row on PostgreSQL
 * and takes the write lock on SQLite, so concurrent appends to one cell queue here on both dialects.
 */
export async function lockHead(trx: JournalDb): Promise<HeadRow> {
  return trx
    .updateTable('journal_head')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('id', '=', 1n)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
}

/** Reads the head without locking it. */
export async function readHead(db: JournalDb): Promise<HeadRow> {
  const row = await db
    .selectFrom('journal_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1n)
    .executeTakeFirstOrThrow();
  return { seq: row.seq, hash: row.hash };
}

/** Moves the head to the last appended event. */
export async function setHead(trx: JournalDb, head: HeadRow): Promise<void> {
  await trx
    .updateTable('journal_head')
    .set({ seq: head.seq, hash: head.hash })
    .where('id', '=', 1n)
    .execute();
}

/** Inserts event rows in chunks that fit both dialects' parameter limits. */
export async function insertEvents(trx: JournalDb, rows: readonly EventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await trx
      .insertInto('journal_event')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/** Events with seq > after, in order, at most limit of them. */
export async function readEventsAfter(db: JournalDb, after: bigint, limit: number): Promise<EventRow[]> {
  return db
    .selectFrom('journal_event')
    .selectAll()
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** The number of events and the highest seq actually stored (which the head should match). */
export async function eventStats(db: JournalDb): Promise<{ count: bigint; maxSeq: bigint | null }> {
  const row = await db
    .selectFrom('journal_event')
    .select((eb) => [eb.fn.countAll<bigint>().as('count'), eb.fn.max<bigint | null>('seq').as('maxSeq')])
    .executeTakeFirstOrThrow();
  return { count: BigInt(row.count), maxSeq: row.maxSeq === null ? null : BigInt(row.maxSeq) };
}

/** A consumer's position in another cell's journal, locked for this transaction. */
export async function lockConsumerPosition(trx: JournalDb, source: string, now: string): Promise<bigint> {
  const row = await trx
    .updateTable('journal_consumer')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('source', '=', source)
    .returning('seq')
    .executeTakeFirst();
  if (row !== undefined) return row.seq;
  await trx.insertInto('journal_consumer').values({ source, seq: 0n, updated_at: now }).execute();
  return 0n;
}

/** Reads a consumer's position without locking. */
export async function readConsumerPosition(db: JournalDb, source: string): Promise<bigint> {
  const row = await db
    .selectFrom('journal_consumer')
    .select('seq')
    .where('source', '=', source)
    .executeTakeFirst();
  return row?.seq ?? 0n;
}

/** Records the last source seq a consumer applied, in the consumer's own transaction. */
export async function setConsumerPosition(
  trx: JournalDb,
  source: string,
  seq: bigint,
  now: string,
): Promise<void> {
  await trx
    .updateTable('journal_consumer')
    .set({ seq, updated_at: now })
    .where('source', '=', source)
    .execute();
}
