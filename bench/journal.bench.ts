// Journal benchmarks (issue 3): append on SQLite and PostgreSQL, and verify, each against a baseline that
// does the same storage or hashing work without the journal.
import { execFileSync } from 'node:child_process';
import { createHash, hash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  createJournal,
  hashInput,
  verifyCell,
  verifyChain,
  type Journal,
  type JournalTables,
} from '../src/journal/index.ts';
import { canonicalJson } from '../src/platform/canonical-json.ts';
import { systemClock } from '../src/platform/clock.ts';
import { sha256Hex } from '../src/platform/hash.ts';
import { newId } from '../src/platform/ids.ts';
import { createStorage, migrateCell, type CellDatabase, type Storage } from '../src/storage/index.ts';
import { postgresUnavailableReason, TEST_DATABASE_URL } from '../src/storage/testing.ts';
import { benchCell, draftAt, itemAccepted, type BenchTables } from './bench-cell.ts';
import { formatRate, median, rate, type BenchContext, type BenchSuite } from './harness.ts';

type EventRow = JournalTables['journal_event'];

const COLUMNS = ['seq', 'id', 'type', 'stream', 'at', 'actor', 'office', 'payload', 'prev', 'hash'] as const;

interface AppendCase {
  name: string;
  events: number;
  /** Events per transaction: 1 uses append, more uses appendMany. */
  perTx: number;
}

function appendCases(ctx: BenchContext): AppendCase[] {
  return [
    { name: 'single (1/tx)', events: ctx.size(2_000, 10), perTx: 1 },
    { name: 'appendMany 100/tx', events: ctx.size(100_000, 100), perTx: 100 },
    { name: 'appendMany 1,000/tx', events: ctx.size(100_000, 1_000), perTx: 1_000 },
  ];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Appends `events` drafts through the journal, perTx per transaction; drafts are built before timing. */
async function timeAppend(journal: Journal<BenchTables>, c: AppendCase, offset = 0): Promise<number> {
  const batches = chunks(
    Array.from({ length: c.events }, (_, i) => draftAt(offset + i)),
    c.perTx,
  );
  return rate(c.events, async () => {
    for (const batch of batches) {
      if (c.perTx === 1) await journal.transaction((trx) => journal.append(trx, itemAccepted, batch[0]!));
      else await journal.transaction((trx) => journal.appendMany(trx, itemAccepted, batch));
    }
  });
}

async function openJournal(
  storage: Storage,
  name: string,
): Promise<{ cell: CellDatabase<BenchTables>; journal: Journal<BenchTables> }> {
  const cell = await storage.openCell<BenchTables>(name);
  await migrateCell(cell, benchCell.migrations);
  return { cell, journal: createJournal({ cell: benchCell, db: cell.db, clock: systemClock }) };
}

/** The rows exactly as the journal stored them: the baselines write the same bytes. */
function storedRows(db: Kysely<BenchTables>): Promise<EventRow[]> {
  return db.selectFrom('journal_event').selectAll().orderBy('seq').execute();
}

// --- SQLite ---------------------------------------------------------------------------------------------

async function sqlitePragmas(db: Kysely<BenchTables>): Promise<{ journalMode: string; synchronous: string }> {
  const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
  const sync = await sql<{ synchronous: bigint }>`pragma synchronous`.execute(db);
  return { journalMode: mode.rows[0]!.journal_mode, synchronous: String(sync.rows[0]!.synchronous) };
}

/** Closes a cell and removes its file, so repeated runs do not fill the disk. */
async function disposeSqlite<DB>(cell: CellDatabase<DB>): Promise<void> {
  await cell.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(cell.location + suffix, { force: true });
}

/**
 * The raw baseline: the same rows into a table made by the same migration, on a file opened with the same
 * pragmas, through one prepared node:sqlite statement, perTx rows per transaction.
 */
async function rawSqliteInsert(
  storage: Storage,
  name: string,
  rows: readonly EventRow[],
  perTx: number,
  pragmas: { journalMode: string; synchronous: string },
): Promise<number> {
  const { cell } = await openJournal(storage, name);
  await cell.close();
  const raw = new DatabaseSync(cell.location);
  try {
    raw.exec(`pragma journal_mode = ${pragmas.journalMode}`);
    raw.exec(`pragma synchronous = ${pragmas.synchronous}`);
    const insert = raw.prepare(
      `insert into journal_event (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
    );
    const begin = raw.prepare('begin');
    const commit = raw.prepare('commit');
    const batches = chunks(
      rows.map((r) => COLUMNS.map((c) => r[c]) as SQLInputValue[]),
      perTx,
    );
    return await rate(rows.length, () => {
      for (const batch of batches) {
        begin.run();
        for (const values of batch) insert.run(...values);
        commit.run();
      }
    });
  } finally {
    raw.close();
    await disposeSqlite(cell);
  }
}

interface AppendSide {
  storage: Storage;
  dispose(cell: CellDatabase<BenchTables>): Promise<void>;
  /** Writes the rows the baseline way into a fresh table called name; returns events/s. */
  baseline(name: string, rows: readonly EventRow[], perTx: number): Promise<number>;
  baselineLabel(perTx: number): string;
}

/** Each case runs `repeats` times, journal then baseline, each on a fresh table of its own. */
async function benchAppend(ctx: BenchContext, side: AppendSide): Promise<void> {
  const warm = await openJournal(side.storage, 'warmup');
  // Warm up the JIT on both paths so that the first case is not penalised.
  await timeAppend(warm.journal, { name: 'warmup', events: ctx.size(5_000, 1_000), perTx: 1_000 });
  await timeAppend(warm.journal, { name: 'warmup', events: ctx.size(200, 10), perTx: 1 }, 1_000_000);
  await side.baseline('warmup_raw', await storedRows(warm.cell.db), 1_000);
  await side.dispose(warm.cell);

  for (const [i, c] of appendCases(ctx).entries()) {
    const subjectRuns: number[] = [];
    const baselineRuns: number[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      const { cell, journal } = await openJournal(side.storage, `journal_${i}_${r}`);
      subjectRuns.push(await timeAppend(journal, c));
      const rows = await storedRows(cell.db);
      if (rows.length !== c.events) throw new Error(`expected ${c.events} events, found ${rows.length}`);
      await side.dispose(cell);
      baselineRuns.push(await side.baseline(`raw_${i}_${r}`, rows, c.perTx));
    }
    ctx.report({
      case: c.name,
      events: c.events,
      subjectRuns,
      baseline: side.baselineLabel(c.perTx),
      baselineRuns,
    });
  }
}

const perTxText = (perTx: number): string =>
  perTx === 1 ? '1 row/tx' : `${perTx.toLocaleString('en-US')} rows/tx`;

async function benchSqlite(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-'));
  const storage = await createStorage({ dialect: 'sqlite', dataDir: dir });
  try {
    const probe = await openJournal(storage, 'pragmas');
    const pragmas = await sqlitePragmas(probe.cell.db);
    await disposeSqlite(probe.cell);
    ctx.note(`data dir ${dir}`);
    ctx.note(
      `both sides: journal_mode=${pragmas.journalMode}, synchronous=${pragmas.synchronous} (2 = FULL),`,
    );
    ctx.note('read from a cell that createStorage opened');
    ctx.note('bench cell: one event type with a Zod-checked payload; its apply writes no projection');
    ctx.note('baseline: the rows the journal stored, re-inserted by one prepared node:sqlite statement');
    await benchAppend(ctx, {
      storage,
      dispose: disposeSqlite,
      baseline: (name, rows, perTx) => rawSqliteInsert(storage, name, rows, perTx, pragmas),
      baselineLabel: (perTx) => `sqlite INSERT, ${perTxText(perTx)}`,
    });
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- PostgreSQL -----------------------------------------------------------------------------------------

// COPY text format: backslash, tab, newline and carriage return escaped, null as \N.
function copyField(value: string | bigint | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'bigint') return value.toString();
  return value.replace(/[\\\t\n\r]/g, (ch) =>
    ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r',
  );
}

function copyText(rows: readonly EventRow[]): Buffer {
  return Buffer.from(rows.map((r) => COLUMNS.map((c) => copyField(r[c])).join('\t') + '\n').join(''));
}

/** The PostgreSQL baseline: COPY FROM STDIN of the same rows, perTx rows per COPY (each its own transaction). */
async function copyRows(
  client: pg.Client,
  schema: string,
  rows: readonly EventRow[],
  perTx: number,
): Promise<number> {
  const statement = `copy "${schema}".journal_event (${COLUMNS.join(', ')}) from stdin`;
  const buffers = chunks(rows, perTx).map(copyText);
  return rate(rows.length, async () => {
    for (const buffer of buffers) await pipeline(Readable.from([buffer]), client.query(copyFrom(statement)));
  });
}

async function dropSchemas(client: pg.Client, prefix: string): Promise<void> {
  const { rows } = await client.query<{ nspname: string }>(
    'select nspname from pg_namespace where starts_with(nspname, $1)',
    [prefix],
  );
  for (const { nspname } of rows) await client.query(`drop schema if exists "${nspname}" cascade`);
}

async function benchPostgres(ctx: BenchContext): Promise<void> {
  const reason = await postgresUnavailableReason();
  if (reason !== undefined) {
    ctx.note(`skipped: ${reason}`);
    return;
  }
  const prefix = `bench_${randomBytes(4).toString('hex')}_`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  let storage: Storage | undefined;
  try {
    const settings = await client.query<{ version: string; sc: string; fsync: string }>(
      "select current_setting('server_version') as version, current_setting('synchronous_commit') as sc, current_setting('fsync') as fsync",
    );
    const s = settings.rows[0]!;
    ctx.note(`PostgreSQL ${s.version} at ${TEST_DATABASE_URL}`);
    ctx.note(`synchronous_commit=${s.sc}, fsync=${s.fsync}; schemas ${prefix}*, dropped at the end`);
    ctx.note('baseline: the rows the journal stored, by COPY FROM STDIN (pg-copy-streams) into a table');
    ctx.note('made by the same migration, one COPY (its own transaction) per batch');
    storage = await createStorage({
      dialect: 'postgres',
      url: TEST_DATABASE_URL,
      schemaPrefix: prefix,
      poolSize: 2,
    });
    const st = storage;
    const dispose = async (cell: CellDatabase<BenchTables>): Promise<void> => {
      await cell.close();
      await client.query(`drop schema if exists "${cell.schema!}" cascade`);
    };
    await benchAppend(ctx, {
      storage: st,
      dispose,
      async baseline(name, rows, perTx) {
        const { cell } = await openJournal(st, name);
        try {
          return await copyRows(client, cell.schema!, rows, perTx);
        } finally {
          await dispose(cell);
        }
      },
      baselineLabel: (perTx) => `pg COPY FROM STDIN, ${perTxText(perTx)}`,
    });
  } finally {
    await storage?.close();
    await dropSchemas(client, prefix);
    await client.end();
  }
}

// --- verify ---------------------------------------------------------------------------------------------

function hasSha256sum(): boolean {
  try {
    execFileSync('sha256sum', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs fn `repeats` times and returns each run's events/s. */
async function repeat(ctx: BenchContext, events: number, fn: () => Promise<void> | void): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < ctx.repeats; r++) out.push(await rate(events, fn));
  return out;
}

async function benchVerify(ctx: BenchContext): Promise<void> {
  const events = ctx.size(200_000, 1_000);
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-'));
  const storage = await createStorage({ dialect: 'sqlite', dataDir: dir });
  try {
    const { cell, journal } = await openJournal(storage, 'verify');
    const setup = await timeAppend(journal, { name: 'setup', events, perTx: 1_000 });
    ctx.note(
      `a SQLite journal of ${events.toLocaleString('en-US')} bench events (built at ${formatRate(setup)} ev/s)`,
    );
    const rows = await storedRows(cell.db);
    const inputs = rows.map(hashInput);
    const bytes = inputs.reduce((n, s) => n + Buffer.byteLength(s), 0);
    ctx.note(`hash input: ${(bytes / 1e6).toFixed(1)} MB, ${Math.round(bytes / events)} bytes per event`);
    ctx.note('verifyChain: read every event, recompute its hash, check seq, prev and head');
    ctx.note('verifyCell: verifyChain, then replay into a scratch database and compare digests');
    ctx.note('baselines: hashInput(row) of every stored event computed beforehand, then only hashed');

    // The pure hashing floor: SHA-256 of each event's canonical bytes, already in memory. crypto.hash is
    // the one-shot form src/platform/hash.ts calls; createHash is the streaming form of the same digest.
    const hashes = new Array<string>(inputs.length);
    const checkHashes = (how: string): void => {
      if (hashes.some((h, i) => h !== rows[i]!.hash))
        throw new Error(`${how}: hashes differ from the stored ones`);
    };
    const floor = await repeat(ctx, events, () => {
      for (let i = 0; i < inputs.length; i++)
        hashes[i] = createHash('sha256').update(inputs[i]!).digest('hex');
    });
    checkHashes('createHash');
    const oneShot = await repeat(ctx, events, () => {
      for (let i = 0; i < inputs.length; i++) hashes[i] = hash('sha256', inputs[i]!, 'hex');
    });
    checkHashes('crypto.hash');
    const floorLabel = 'SHA-256 per event, createHash';

    const chain = await repeat(ctx, events, async () => {
      const result = await verifyChain(cell.db);
      if (result.failures.length > 0 || result.events !== BigInt(events))
        throw new Error(`verifyChain did not pass cleanly: ${JSON.stringify(result.failures)}`);
    });
    ctx.report({
      case: 'verifyChain',
      events,
      subjectRuns: chain,
      baseline: floorLabel,
      baselineRuns: floor,
    });
    ctx.report({
      case: 'verifyChain',
      events,
      subjectRuns: chain,
      baseline: 'SHA-256 per event, crypto.hash',
      baselineRuns: oneShot,
    });

    if (hasSha256sum()) {
      const file = join(dir, 'hash-input.txt');
      writeFileSync(file, inputs.join(''));
      const tool = await repeat(ctx, events, () => {
        execFileSync('sha256sum', [file], { stdio: 'ignore' });
      });
      ctx.report({
        case: 'verifyChain',
        events,
        subjectRuns: chain,
        baseline: 'sha256sum of the same bytes, 1 file',
        baselineRuns: tool,
      });
    } else {
      ctx.note('sha256sum not found: that baseline is skipped');
    }

    const full = await repeat(ctx, events, async () => {
      const report = await verifyCell({ cell: benchCell, db: cell.db, storage, clock: systemClock });
      if (!report.ok) throw new Error(`verifyCell failed: ${JSON.stringify(report.failures)}`);
    });
    ctx.report({
      case: 'verifyCell (with replay)',
      events,
      subjectRuns: full,
      baseline: floorLabel,
      baselineRuns: floor,
    });
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- breakdown ------------------------------------------------------------------------------------------

/**
 * Where appendMany's time goes, in microseconds per event: the whole appendMany of 1,000 per transaction on
 * SQLite; the same rows written through the same storage path alone (createStorage's connection, Kysely
 * executing a multi-row INSERT compiled once, as insertEvents does) and by the raw prepared statement; then
 * each per-event step of appendMany timed alone in a warm loop. The steps and the storage sum to less than
 * the whole, which also allocates, collects garbage and awaits.
 */
async function benchBreakdown(ctx: BenchContext): Promise<void> {
  const events = ctx.size(100_000, 1_000);
  const drafts = Array.from({ length: events }, (_, i) => draftAt(i));
  const payloads = drafts.map((d) => canonicalJson(d.payload));
  let prev = '0'.repeat(64);
  const rows: EventRow[] = drafts.map((d, i) => {
    const row: EventRow = {
      seq: BigInt(i + 1),
      id: newId('evt'),
      type: itemAccepted.type,
      stream: d.stream,
      at: '2026-11-25T03:10:00.000Z',
      actor: d.actor,
      office: d.office ?? null,
      payload: payloads[i]!,
      prev,
      hash: '',
    };
    row.hash = sha256Hex(hashInput(row));
    prev = row.hash;
    return row;
  });
  const batches = chunks(rows, 1_000);
  const inputs = rows.map(hashInput);
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-'));
  const storage = await createStorage({ dialect: 'sqlite', dataDir: dir });
  try {
    const probe = await openJournal(storage, 'probe');
    const pragmas = await sqlitePragmas(probe.cell.db);
    const whole: number[] = [];
    const storagePath: number[] = [];
    const raw: number[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      const j = await openJournal(storage, `whole_${r}`);
      whole.push(await timeAppend(j.journal, { name: 'whole', events, perTx: 1_000 }));
      await disposeSqlite(j.cell);

      const { cell } = await openJournal(storage, `storage_${r}`);
      let text: string | undefined;
      storagePath.push(
        await rate(events, async () => {
          for (const batch of batches) {
            await cell.db.transaction().execute(async (trx) => {
              const parameters: unknown[] = [];
              for (const row of batch) for (const column of COLUMNS) parameters.push(row[column]);
              text ??= trx.insertInto('journal_event').values(batch).compile().sql;
              await trx.executeQuery(CompiledQuery.raw(text, parameters));
            });
          }
        }),
      );
      await disposeSqlite(cell);

      raw.push(await rawSqliteInsert(storage, `raw_${r}`, rows, 1_000, pragmas));
    }
    const wholeUs = 1e6 / median(whole);
    const show = (name: string, us: number, share = true): void =>
      ctx.note(
        `${name.padEnd(44)} ${us.toFixed(2).padStart(6)} us` +
          (share ? `  ${((100 * us) / wholeUs).toFixed(0).padStart(3)}%` : ''),
      );
    ctx.note(`${events.toLocaleString('en-US')} events, microseconds per event (median of ${ctx.repeats}),`);
    ctx.note('share of the whole appendMany:');
    show('appendMany 1,000/tx, whole', wholeUs);
    show('storage alone: Kysely, INSERT compiled once', 1e6 / median(storagePath));
    show('raw prepared node:sqlite INSERT, 1,000/tx', 1e6 / median(raw));
    const steps: Array<[string, () => void, boolean]> = [
      [
        'Zod safeParse of the payload',
        () => drafts.forEach((d) => itemAccepted.schema.safeParse(d.payload)),
        true,
      ],
      ['canonicalJson(payload)', () => drafts.forEach((d) => canonicalJson(d.payload)), true],
      ["newId('evt') (uuid v7)", () => drafts.forEach(() => newId('evt')), true],
      ['hashInput(fields)', () => rows.forEach((r) => hashInput(r)), true],
      ['sha256Hex (crypto.hash, as used)', () => inputs.forEach((s) => sha256Hex(s)), true],
      [
        '  for comparison: createHash().update().digest()',
        () => inputs.forEach((s) => createHash('sha256').update(s).digest('hex')),
        false,
      ],
      [
        'Kysely builder, 1,000-row INSERT (1)',
        () => {
          for (const batch of batches) probe.cell.db.insertInto('journal_event').values(batch).compile();
        },
        true,
      ],
    ];
    for (const [name, fn, share] of steps) {
      fn(); // warm-up
      show(name, 1e6 / median(await repeat(ctx, events, fn)), share);
    }
    ctx.note('(1) no longer paid per batch: insertEvents now compiles the INSERT once per batch size');
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const suite: BenchSuite = {
  name: 'journal',
  sections: [
    { name: 'sqlite', run: benchSqlite },
    { name: 'postgres', run: benchPostgres },
    { name: 'verify', run: benchVerify },
    { name: 'breakdown', run: benchBreakdown },
  ],
};
