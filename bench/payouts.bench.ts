// Counter payouts (issue 6): pension lines paid one per call through the finance cell (the journal's lock,
// the line's state and the person's CCCD checked, the till and the schedule checked, a ledger transfer from
// pensions payable to the till, the hash-chained event, the receipt) against the plain SQL a payout needs at
// least (mark the line paid, insert the receipt, update two balances, in one transaction), same database.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import {
  createFinance,
  financeCell,
  financeMigrations,
  syntheticList,
  type Finance,
  type FinanceTables,
  type PensionLine,
} from '../src/cells/finance/index.ts';
import { fillVault, openOfficeAccounts } from '../src/cells/finance/testing.ts';
import { createJournal, type Journal } from '../src/journal/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { parseNames } from '../src/platform/people.ts';
import { createAttachments, createStorage, migrateCell, type Storage } from '../src/storage/index.ts';
import { postgresUnavailableReason, TEST_DATABASE_URL } from '../src/storage/testing.ts';
import type { BenchContext, BenchSuite } from './harness.ts';

const OFFICE = 'ofc_bench';
const DIRECTORY = {
  communes: new Map([['00004', '01']]),
  offices: new Map([
    ['10000', { id: 'ofc_province', province_code: '01', status: 'open', type: 'provincial_post' }],
    ['01100', { id: OFFICE, province_code: '01', status: 'open', type: 'post_office' }],
  ]),
};

export interface Prepared {
  finance: Finance;
  journal: Journal<FinanceTables>;
  till: string;
  /** Lines waiting at the counter, one slice per run. */
  lines: PensionLine[];
}

/** A funded list of `count` lines at one office, and a till holding enough to pay them all. */
export async function prepare(storage: Storage, dataDir: string, count: number): Promise<Prepared> {
  // 10 December 2026, 09:00 in Hà Nội: the counters are paying.
  const clock = new ManualClock('2026-12-10T02:00:00.000Z');
  const cell = await storage.openCell<FinanceTables>('finance');
  await migrateCell(cell, financeMigrations);
  const attachments = createAttachments(join(dataDir, 'attachments'));
  const journal = createJournal({ cell: financeCell(attachments), db: cell.db, clock });
  const finance = createFinance({ db: cell.db, journal, clock, attachments });
  await openOfficeAccounts(finance, [
    ['ofc_province', 'Bưu điện tỉnh'],
    [OFFICE, 'Bưu cục'],
  ]);
  const names = parseNames(
    JSON.parse(readFileSync(new URL('../assets/people/names.json', import.meta.url), 'utf8')),
  );
  const gen = syntheticList({
    count,
    communes: ['00004'],
    postcodes: ['01100'],
    periodStart: '2026-12-01',
    names,
    seed: 11,
  });
  const chunks: string[] = [];
  let r = gen.next();
  while (r.done !== true) {
    chunks.push(r.value);
    r = gen.next();
  }
  const period = await finance.pensions.openPeriod({ province_code: '01', months: ['2026-12'] }, 'bench');
  const list = await finance.pensions.importList(
    {
      period_id: period.id,
      file_name: 'bench.csv',
      declared_count: r.value.count,
      declared_total: r.value.total,
      source: Readable.from([Buffer.from(chunks.join(''))]),
    },
    DIRECTORY,
    'bench',
  );
  await finance.payouts.fund(
    { period_id: period.id, sha256: list.sha256, reference: 'BENCH' },
    DIRECTORY,
    'bench',
  );
  // Enough 500,000 đ notes for every line.
  const notes = (r.value.total + 499_999n) / 500_000n;
  await fillVault(finance, OFFICE, notes * 500_000n);
  const opened = await finance.tills.open(
    {
      office_id: OFFICE,
      clerk_id: 'stf_clerk',
      clerk_name: 'Giao dịch viên',
      amount: (notes * 500_000n).toString(),
      denominations: { '500000': Number(notes) },
    },
    'stf_clerk',
  );
  await finance.tills.decideMove(opened.movement.id, { confirm: true }, 'stf_manager');
  const lines: PensionLine[] = [];
  for (const status of ['at_office', 'at_point']) {
    const { items } = await finance.pensions.lines({ period_id: period.id, status, limit: count, offset: 0 });
    lines.push(...items);
  }
  return { finance, journal, till: opened.session.id, lines };
}

/**
 * Pays the lines one call at a time; `after` runs after each (a server's turn of the event loop between
 * requests, the vault's acknowledgement).
 */
export async function payAll(
  p: Prepared,
  lines: readonly PensionLine[],
  after?: (seq: bigint) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  for (const l of lines) {
    const r = await p.finance.payouts.pay(
      {
        line_id: l.id,
        session_id: p.till,
        place: 'counter',
        office_province: '01',
        recipient: 'self',
        cccd: l.cccd,
      },
      'stf_clerk',
    );
    await after?.(BigInt(r.seq));
  }
  return lines.length / ((performance.now() - started) / 1000);
}

const BASE_TABLES = [
  'create table bench_line (id text primary key, status text not null, amount bigint not null)',
  'create table bench_receipt (id text primary key, line_id text not null unique, amount bigint not null)',
  'create table bench_account (id text primary key, debits bigint not null, credits bigint not null)',
];

async function run(
  ctx: BenchContext,
  label: string,
  p: Prepared,
  baseline: (line: PensionLine, i: number) => Promise<void>,
): Promise<void> {
  const per = Math.floor(p.lines.length / ctx.repeats);
  const subjectRuns: number[] = [];
  const baselineRuns: number[] = [];
  for (let r = 0; r < ctx.repeats; r++) {
    const slice = p.lines.slice(r * per, (r + 1) * per);
    subjectRuns.push(await payAll(p, slice));
    const started = performance.now();
    for (const [i, l] of slice.entries()) await baseline(l, r * per + i);
    baselineRuns.push(slice.length / ((performance.now() - started) / 1000));
  }
  ctx.note(`${per} counter payouts per run, one per call (as a clerk pays), from one till`);
  ctx.report({ case: 'counter payout, 1/call', events: per, subjectRuns, baseline: label, baselineRuns });
}

async function benchSqlite(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-payout-'));
  const storage = await createStorage({ dialect: 'sqlite', dataDir: dir });
  const raw = new DatabaseSync(join(dir, 'finance.sqlite'));
  try {
    const p = await prepare(storage, dir, ctx.size(3_000, ctx.repeats) * 2);
    raw.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000');
    for (const t of BASE_TABLES) raw.exec(t);
    const addLine = raw.prepare("insert into bench_line values (?, 'at_office', ?)");
    raw.exec('begin');
    for (const l of p.lines) addLine.run(l.id, l.amount);
    raw.exec("insert into bench_account values ('payable', 0, 0), ('till', 0, 0)");
    raw.exec('commit');
    const mark = raw.prepare("update bench_line set status = 'paid' where id = ? and status = 'at_office'");
    const receipt = raw.prepare('insert into bench_receipt values (?, ?, ?)');
    const move = raw.prepare(
      'update bench_account set debits = debits + ?, credits = credits + ? where id = ?',
    );
    ctx.note(`data dir ${dir}; WAL, synchronous=FULL on both sides`);
    await run(ctx, 'plain SQL: UPDATE+INSERT+2 UPDATE', p, (l, i) => {
      raw.exec('begin immediate');
      mark.run(l.id);
      receipt.run(`r${i}`, l.id, l.amount);
      move.run(l.amount, 0n, 'payable');
      move.run(0n, l.amount, 'till');
      raw.exec('commit');
      return Promise.resolve();
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
  const prefix = `benchp_${Math.floor(Math.random() * 1e8)}_`;
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-payout-'));
  const storage = await createStorage({ dialect: 'postgres', url: TEST_DATABASE_URL, schemaPrefix: prefix });
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    options: `-c search_path=${prefix}finance`,
  });
  await client.connect();
  try {
    const p = await prepare(storage, dir, ctx.size(2_000, ctx.repeats) * 2);
    for (const t of BASE_TABLES) await client.query(t);
    await client.query(
      "insert into bench_line select x->>'id', 'at_office', (x->>'amount')::bigint from json_array_elements($1::json) x",
      [JSON.stringify(p.lines.map((l) => ({ id: l.id, amount: l.amount.toString() })))],
    );
    await client.query("insert into bench_account values ('payable', 0, 0), ('till', 0, 0)");
    ctx.note(`schema ${prefix}finance, dropped at the end; the baseline uses one raw pg client`);
    await run(ctx, 'plain SQL: UPDATE+INSERT+2 UPDATE', p, async (l, i) => {
      const a = l.amount.toString();
      await client.query('begin');
      await client.query({
        name: 'mark',
        text: "update bench_line set status = 'paid' where id = $1 and status = 'at_office'",
        values: [l.id],
      });
      await client.query({
        name: 'rcp',
        text: 'insert into bench_receipt values ($1, $2, $3)',
        values: [`r${i}`, l.id, a],
      });
      const move = 'update bench_account set debits = debits + $1, credits = credits + $2 where id = $3';
      await client.query({ name: 'move', text: move, values: [a, '0', 'payable'] });
      await client.query({ name: 'move', text: move, values: ['0', a, 'till'] });
      await client.query('commit');
    });
  } finally {
    await client.query(`drop schema if exists "${prefix}finance" cascade`);
    await client.end();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const suite: BenchSuite = {
  name: 'payouts',
  sections: [
    { name: 'sqlite', run: benchSqlite },
    { name: 'postgres', run: benchPostgres },
  ],
};
