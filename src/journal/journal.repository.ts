import { sql, type Kysely } from 'kysely';
import { insertBatch, selectArrays, tableNames, type BulkColumn } from '../storage/index.ts';
import type { JournalTables, ProjectionTable } from './journal-event.ts';

export type EventRow = JournalTables['journal_event'];
export interface HeadRow {
  seq: bigint;
  hash: string;
}

type JournalDb = Kysely<JournalTables>;

// SQLite allows 32,766 bound values per statement and PostgreSQL 65,535; 10 columns x 1,000 rows fits both.
const INSERT_CHUNK = 1000;
const INSERT_CACHE_SIZES = 16;

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

// The order in which the INSERT binds each row's values, with each column's PostgreSQL type.
const EVENT_COLUMNS: ReadonlyArray<BulkColumn<EventRow>> = [
  { name: 'seq', type: 'bigint' },
  { name: 'id', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'stream', type: 'text' },
  { name: 'at', type: 'text' },
  { name: 'actor', type: 'text' },
  { name: 'office', type: 'text' },
  { name: 'payload', type: 'text' },
  { name: 'prev', type: 'text' },
  { name: 'hash', type: 'text' },
];

/**
 * The SQL of the multi-row INSERT by row count, kept by one journal (so for one dialect): building and
 * compiling a 1,000-row INSERT with Kysely's query builder cost about 1.3 µs per event, against about 6 µs
 * for SQLite to write the row (docs/benchmarks.md), and the SQL is the same for every batch of that size.
 */
export type InsertCache = Map<number, string>;

/**
 * Inserts event rows in chunks that fit both dialects' parameter limits, reusing compiled SQL by size. On
 * PostgreSQL a batch goes in as ten arrays, one per column: one small statement to parse and plan whatever
 * the batch size, instead of 10,000 bound parameters (bench/: about twice the rate at 1,000/tx).
 */
export async function insertEvents(
  trx: JournalDb,
  rows: readonly EventRow[],
  cache: InsertCache = new Map(),
): Promise<void> {
  await insertBatch(trx, 'journal_event', EVENT_COLUMNS, rows, {
    chunk: INSERT_CHUNK,
    sql: cache,
    sizes: INSERT_CACHE_SIZES,
  });
}

/**
 * The journal head that a copy of a cell's database holds (a snapshot for the vault): its seq and its last
 * event's time, null when it has no event.
 */
export async function readHeadMark(db: JournalDb): Promise<{ seq: number; at: string | null }> {
  const head = await db.selectFrom('journal_head').select(['seq']).executeTakeFirstOrThrow();
  const seq = Number(head.seq);
  const last =
    seq === 0
      ? undefined
      : await db.selectFrom('journal_event').select('at').where('seq', '=', BigInt(seq)).executeTakeFirst();
  return { seq, at: last?.at ?? null };
}

/** Every row of a projection table in key order, streamed `chunk` rows at a time: what digests walk. */
export function streamProjectionRows<DB>(
  db: Kysely<DB>,
  p: ProjectionTable,
  chunk: number,
): AsyncIterableIterator<Record<string, unknown>> {
  let q = (db as unknown as Kysely<Record<string, Record<string, unknown>>>).selectFrom(p.table).selectAll();
  for (const k of p.key) q = q.orderBy(sql.ref(k));
  return q.stream(chunk);
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

/**
 * The same as readEventsAfter for a walk over every event (verify): on SQLite the rows come as arrays and are
 * shaped here, which is cheaper than node:sqlite building each object.
 */
export async function scanEventsAfter(db: JournalDb, after: bigint, limit: number): Promise<EventRow[]> {
  const rows = await selectArrays<
    JournalTables,
    [bigint, string, string, string, string, string, string | null, string, string, string]
  >(
    db,
    sql`select seq, id, type, stream, at, actor, office, payload, prev, hash from journal_event where seq > ${after} order by seq limit ${limit}`,
  );
  return rows.map(([seq, id, type, stream, at, actor, office, payload, prev, hash]) => ({
    seq,
    id,
    type,
    stream,
    at,
    actor,
    office,
    payload,
    prev,
    hash,
  }));
}

/** The number of events of one type. */
export async function countEventsOfType(db: JournalDb, type: string): Promise<bigint> {
  const row = await db
    .selectFrom('journal_event')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('type', '=', type)
    .executeTakeFirstOrThrow();
  return BigInt(row.n);
}

/** The number of events and the highest seq actually stored (which the head should match). */
export async function eventStats(db: JournalDb): Promise<{ count: bigint; maxSeq: bigint | null }> {
  const row = await db
    .selectFrom('journal_event')
    .select((eb) => [eb.fn.countAll<bigint>().as('count'), eb.fn.max<bigint | null>('seq').as('maxSeq')])
    .executeTakeFirstOrThrow();
  return { count: BigInt(row.count), maxSeq: row.maxSeq === null ? null : BigInt(row.maxSeq) };
}

/** A consumer's position in another cell's journal (and the hash of the event there), locked for this transaction. */
export async function lockConsumerPosition(
  trx: JournalDb,
  source: string,
  now: string,
): Promise<{ seq: bigint; hash: string | null }> {
  const row = await trx
    .updateTable('journal_consumer')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('source', '=', source)
    .returning(['seq', 'hash'])
    .executeTakeFirst();
  if (row !== undefined) return row;
  await trx.insertInto('journal_consumer').values({ source, seq: 0n, hash: null, updated_at: now }).execute();
  return { seq: 0n, hash: null };
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
  hash: string,
  now: string,
): Promise<void> {
  await trx
    .updateTable('journal_consumer')
    .set({ seq, hash, updated_at: now })
    .where('source', '=', source)
    .execute();
}

/** How many leaves the stored Merkle tree has (its level-0 nodes). */
export async function treeSize(db: JournalDb): Promise<number> {
  const r = await db
    .selectFrom('journal_tree')
    .select((eb) => eb.fn.max('idx').as('top'))
    .where('level', '=', 0n)
    .executeTakeFirst();
  return r?.top === null || r?.top === undefined ? 0 : Number(r.top) + 1;
}

/** Stored Merkle nodes by (level, idx). */
export async function findTreeNodes(
  db: JournalDb,
  keys: ReadonlyArray<{ level: number; idx: number }>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byLevel = new Map<number, number[]>();
  for (const k of keys) byLevel.set(k.level, [...(byLevel.get(k.level) ?? []), k.idx]);
  for (const [level, idxs] of byLevel)
    for (let i = 0; i < idxs.length; i += 500) {
      const rows = await db
        .selectFrom('journal_tree')
        .select(['idx', 'hash'])
        .where('level', '=', BigInt(level))
        .where(
          'idx',
          'in',
          idxs.slice(i, i + 500).map((x) => BigInt(x)),
        )
        .execute();
      for (const r of rows) out.set(`${level}:${r.idx}`, r.hash);
    }
  return out;
}

/** Adds Merkle nodes; a node already there (another process extended the tree first) is the same hash. */
export async function insertTreeNodes(
  db: JournalDb,
  rows: ReadonlyArray<{ level: bigint; idx: bigint; hash: string }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('journal_tree')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['level', 'idx']).doNothing())
      .execute();
}

/** The hashes of the events after a seq, in order: the Merkle tree's next leaves. */
export async function eventHashesAfter(
  db: JournalDb,
  after: bigint,
  limit: number,
): Promise<Array<{ seq: bigint; hash: string }>> {
  return db
    .selectFrom('journal_event')
    .select(['seq', 'hash'])
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export type CheckpointRow = JournalTables['journal_checkpoint'];

/** One event by seq. */
export async function findEvent(db: JournalDb, seq: bigint): Promise<EventRow | undefined> {
  return db.selectFrom('journal_event').selectAll().where('seq', '=', seq).executeTakeFirst();
}

/** The newest checkpoint (the largest size). */
export async function latestCheckpoint(db: JournalDb): Promise<CheckpointRow | undefined> {
  return db.selectFrom('journal_checkpoint').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst();
}

/** The smallest checkpoint that covers event `seq`. */
export async function checkpointCovering(db: JournalDb, seq: bigint): Promise<CheckpointRow | undefined> {
  return db
    .selectFrom('journal_checkpoint')
    .selectAll()
    .where('size', '>=', seq)
    .orderBy('size')
    .limit(1)
    .executeTakeFirst();
}

export async function findCheckpoint(db: JournalDb, size: bigint): Promise<CheckpointRow | undefined> {
  return db.selectFrom('journal_checkpoint').selectAll().where('size', '=', size).executeTakeFirst();
}

/** Checkpoints by size, after `afterSize` (ascending) or before `beforeSize` (descending). */
export async function listCheckpoints(
  db: JournalDb,
  range: { after?: bigint; before?: bigint },
  limit: number,
): Promise<CheckpointRow[]> {
  let q = db.selectFrom('journal_checkpoint').selectAll();
  if (range.after !== undefined) q = q.where('size', '>', range.after);
  if (range.before !== undefined) q = q.where('size', '<', range.before);
  return q
    .orderBy('size', range.before !== undefined ? 'desc' : 'asc')
    .limit(limit)
    .execute();
}

/** The newest checkpoint made at or before a time. */
export async function checkpointAtOrBefore(db: JournalDb, at: string): Promise<CheckpointRow | undefined> {
  return db
    .selectFrom('journal_checkpoint')
    .selectAll()
    .where('at', '<=', at)
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Stores a checkpoint; one already there at that size (another process cut it) is kept. */
export async function insertCheckpoint(db: JournalDb, row: CheckpointRow): Promise<void> {
  await db
    .insertInto('journal_checkpoint')
    .values(row)
    .onConflict((oc) => oc.column('size').doNothing())
    .execute();
}

/** The canary rows detection planted in this cell's database, by name. */
export function readCanaries(db: JournalDb): Promise<Array<{ name: string; value: string }>> {
  return db.selectFrom('journal_canary').select(['name', 'value']).orderBy('name').execute();
}

/** Plants canary rows (only detection does, once, in an empty table). */
export async function plantCanaries(
  db: JournalDb,
  rows: ReadonlyArray<{ name: string; value: string }>,
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('journal_canary')
      .values([...rows])
      .execute();
}

/** The names of every table in the cell's own database (its schema on PostgreSQL), views included. */
export async function listTables(db: JournalDb): Promise<string[]> {
  return tableNames(db);
}

/** Stored Merkle nodes of one level with idx in [from, to), by idx. */
export async function scanTreeLevel(
  db: JournalDb,
  level: number,
  from: number,
  to: number,
): Promise<Array<{ idx: bigint; hash: string }>> {
  return db
    .selectFrom('journal_tree')
    .select(['idx', 'hash'])
    .where('level', '=', BigInt(level))
    .where('idx', '>=', BigInt(from))
    .where('idx', '<', BigInt(to))
    .orderBy('idx')
    .execute();
}

/** How many Merkle nodes are stored per level, and any with a level or idx outside the tree's shape. */
export async function treeShape(
  db: JournalDb,
): Promise<Array<{ level: bigint; count: bigint; low: bigint }>> {
  const rows = await db
    .selectFrom('journal_tree')
    .select((eb) => ['level', eb.fn.countAll().as('count'), eb.fn.min('idx').as('low')])
    .groupBy('level')
    .orderBy('level')
    .execute();
  return rows.map((r) => ({ level: BigInt(r.level), count: BigInt(r.count), low: BigInt(r.low) }));
}

/** Every consumer position the cell keeps in other cells' journals. */
export function listConsumerPositions(
  db: JournalDb,
): Promise<Array<{ source: string; seq: bigint; hash: string | null }>> {
  return db.selectFrom('journal_consumer').select(['source', 'seq', 'hash']).orderBy('source').execute();
}

/** Kysely's own bookkeeping: the migrations it recorded as run, and its lock rows. */
export async function readMigrationBookkeeping(db: JournalDb): Promise<{
  migrations: Array<{ name: string; timestamp: string }>;
  locks: Array<{ id: string; is_locked: number }>;
}> {
  const migrations = await sql<{ name: string; timestamp: string }>`
    select name, timestamp from kysely_migration order by name`.execute(db);
  const locks = await sql<{ id: string; is_locked: number | bigint }>`
    select id, is_locked from kysely_migration_lock order by id`.execute(db);
  return {
    migrations: migrations.rows,
    locks: locks.rows.map((r) => ({ id: r.id, is_locked: Number(r.is_locked) })),
  };
}
