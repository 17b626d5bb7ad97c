// Ledger benchmarks (issue 5): transfers per second through the finance cell's ledger (validation, the
// decision under the journal's lock, the hash-chained event, the transfer row, both balances and their
// history), single and batched, on SQLite and PostgreSQL; baseline: the plain-SQL transfer pgledger does
// (insert the transfer row, update two balance rows, in one transaction) on the same database, same batches.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { createJournal } from '../src/journal/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import {
  createFinance,
  financeCell,
  financeMigrations,
  type Finance,
  type FinanceTables,
  type TransferInput,
} from '../src/cells/finance/index.ts';
import { createAttachments, createStorage, migrateCell, type Storage } from '../src/storage/index.ts';
import { postgresUnavailableReason, TEST_DATABASE_URL } from '../src/storage/testing.ts';
import { median, type BenchContext, type BenchSuite } from './harness.ts';

const ACCOUNTS = 1_000;

interface Case {
  name: string;
  transfers: number;
  perCall: number;
}
const cases = (ctx: BenchContext): Case[] => [
  { name: 'single (1/call)', transfers: ctx.size(2_000, 10), perCall: 1 },
  { name: 'batched 100/call', transfers: ctx.size(20_000, 100), perCall: 100 },
  { name: 'batched 1,000/call', transfers: ctx.size(50_000, 1_000), perCall: 1_000 },
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Transfers between random pairs of the bench accounts, each of its own id, built before timing. */
function makeTransfers(n: number, prefix: string): TransferInput[] {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i) => {
    const a = Math.floor(next() * ACCOUNTS);
    let b = Math.floor(next() * ACCOUNTS);
    if (b === a) b = (a + 1) % ACCOUNTS;
    return {
      id: `${prefix}-${i}`,
      debit_account_id: `a${a}`,
      credit_account_id: `a${b}`,
      amount: BigInt(1 + Math.floor(next() * 1_000_000)),
      code: 1,
    };
  });
}

/** Runs the transfers through `call` perCall at a time; events/s and each call's latency in ms. */
async function timed(
  transfers: readonly TransferInput[],
  perCall: number,
  call: (batch: TransferInput[]) => Promise<void>,
) {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < transfers.length; i += perCall) {
    const t0 = performance.now();
    await call(transfers.slice(i, i + perCall));
    latencies.push(performance.now() - t0);
  }
  const rate = transfers.length / ((performance.now() - started) / 1000);
  return { rate, latencies };
}

async function openFinance(storage: Storage): Promise<Finance> {
  const cell = await storage.openCell<FinanceTables>('finance');
  await migrateCell(cell, financeMigrations);
  const attachments = createAttachments(mkdtempSync(join(tmpdir(), 'postcore-bench-att-')));
  const definition = financeCell(attachments);
  const finance = createFinance({
    db: cell.db,
    journal: createJournal({ cell: definition, db: cell.db, clock: systemClock }),
    attachments,
    clock: systemClock,
  });
  await finance.ledger.openAccounts(
    Array.from({ length: ACCOUNTS }, (_, i) => ({ id: `a${i}`, code: 3011, name: `bench ${i}` })),
    'bench',
  );
  return finance;
}

interface Baseline {
  label: string;
  setUp(): Promise<void>;
  /** One transaction: insert each transfer row and update its two balances. */
  run(batch: TransferInput[]): Promise<void>;
  close(): Promise<void>;
}

async function runCases(ctx: BenchContext, finance: Finance, baseline: Baseline): Promise<void> {
  await baseline.setUp();
  for (const c of cases(ctx)) {
    const subjectRuns: number[] = [];
    const baselineRuns: number[] = [];
    const subjectLat: number[] = [];
    const baselineLat: number[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      const prefix = `${c.perCall}-${r}`;
      const s = await timed(makeTransfers(c.transfers, `p${prefix}`), c.perCall, async (batch) => {
        const results = await finance.ledger.createTransfers(batch, 'bench');
        if (results.some((x) => x.result !== 'created'))
          throw new Error(`bench transfer refused: ${results.find((x) => x.result !== 'created')!.result}`);
      });
      const b = await timed(makeTransfers(c.transfers, `b${prefix}`), c.perCall, (batch) =>
        baseline.run(batch),
      );
      subjectRuns.push(s.rate);
      baselineRuns.push(b.rate);
      subjectLat.push(...s.latencies);
      baselineLat.push(...b.latencies);
    }
    subjectLat.sort((x, y) => x - y);
    baselineLat.sort((x, y) => x - y);
    ctx.note(
      `${c.name}: latency per call p50/p99 postcore ${percentile(subjectLat, 50).toFixed(2)}/${percentile(subjectLat, 99).toFixed(2)} ms, ` +
        `baseline ${percentile(baselineLat, 50).toFixed(2)}/${percentile(baselineLat, 99).toFixed(2)} ms`,
    );
    ctx.report({ case: c.name, events: c.transfers, subjectRuns, baseline: baseline.label, baselineRuns });
    void median;
  }
}

async function benchSqlite(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-ledger-'));
  const storage = await createStorage({ dialect: 'sqlite', dataDir: dir });
  const raw = new DatabaseSync(join(dir, 'finance.sqlite'));
  try {
    const finance = await openFinance(storage);
    raw.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000');
    ctx.note(`data dir ${dir}; ${ACCOUNTS} accounts, random pairs, amounts up to 1,000,000 đ`);
    ctx.note(
      'baseline: same file, WAL, synchronous=FULL; per transfer INSERT + two UPDATEs, one transaction per call',
    );
    let ins: ReturnType<DatabaseSync['prepare']>;
    let upd: ReturnType<DatabaseSync['prepare']>;
    await runCases(ctx, finance, {
      label: 'plain SQL: INSERT + 2 UPDATE',
      setUp: async () => {
        raw.exec(
          'create table bench_account (id text primary key, debits bigint not null, credits bigint not null)',
        );
        raw.exec(
          'create table bench_transfer (id text primary key, debit text not null, credit text not null, amount bigint not null)',
        );
        const add = raw.prepare('insert into bench_account values (?, 0, 0)');
        raw.exec('begin');
        for (let i = 0; i < ACCOUNTS; i++) add.run(`a${i}`);
        raw.exec('commit');
        ins = raw.prepare('insert into bench_transfer values (?, ?, ?, ?)');
        upd = raw.prepare('update bench_account set debits = debits + ?, credits = credits + ? where id = ?');
        await Promise.resolve();
      },
      run: async (batch) => {
        raw.exec('begin immediate');
        for (const t of batch) {
          const a = t.amount as bigint;
          ins.run(t.id, t.debit_account_id!, t.credit_account_id!, a);
          upd.run(a, 0n, t.debit_account_id!);
          upd.run(0n, a, t.credit_account_id!);
        }
        raw.exec('commit');
        await Promise.resolve();
      },
      close: () => Promise.resolve(),
    });
  } finally {
    raw.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(ctx: BenchContext): Promise<void> {
  const reason = await postgresUnavailableReason();
  if (reason !== undefined) return ctx.note(`skipped: ${reason}`);
  const prefix = `benchl_${Math.floor(Math.random() * 1e8)}_`;
  const storage = await createStorage({ dialect: 'postgres', url: TEST_DATABASE_URL, schemaPrefix: prefix });
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    options: `-c search_path=${prefix}finance`,
  });
  await client.connect();
  try {
    const finance = await openFinance(storage);
    const s = (
      await client.query<{ v: string; sc: string }>(
        "select current_setting('server_version') v, current_setting('synchronous_commit') sc",
      )
    ).rows[0]!;
    ctx.note(`PostgreSQL ${s.v}, synchronous_commit=${s.sc}; schema ${prefix}finance, dropped at the end`);
    ctx.note(
      'baseline: same schema, one raw pg client; per transfer INSERT + two UPDATEs, one transaction per call',
    );
    await runCases(ctx, finance, {
      label: 'plain SQL: INSERT + 2 UPDATE',
      setUp: async () => {
        await client.query(
          'create table bench_account (id text primary key, debits bigint not null, credits bigint not null)',
        );
        await client.query(
          'create table bench_transfer (id text primary key, debit text not null, credit text not null, amount bigint not null)',
        );
        await client.query(
          `insert into bench_account select 'a' || g, 0, 0 from generate_series(0, ${ACCOUNTS - 1}) g`,
        );
      },
      run: async (batch) => {
        await client.query('begin');
        for (const t of batch) {
          const a = String(t.amount);
          await client.query({
            name: 'ins',
            text: 'insert into bench_transfer values ($1, $2, $3, $4)',
            values: [t.id, t.debit_account_id, t.credit_account_id, a],
          });
          await client.query({
            name: 'upd',
            text: 'update bench_account set debits = debits + $1, credits = credits + $2 where id = $3',
            values: [a, '0', t.debit_account_id],
          });
          await client.query({
            name: 'upd',
            text: 'update bench_account set debits = debits + $1, credits = credits + $2 where id = $3',
            values: ['0', a, t.credit_account_id],
          });
        }
        await client.query('commit');
      },
      close: () => Promise.resolve(),
    });
  } finally {
    await client.query(`drop schema if exists "${prefix}finance" cascade`);
    await client.end();
    await storage.close();
  }
}

export const suite: BenchSuite = {
  name: 'ledger',
  sections: [
    { name: 'sqlite', run: benchSqlite },
    { name: 'postgres', run: benchPostgres },
  ],
};
