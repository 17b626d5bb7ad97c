// Goods at post offices (issue 24). Sales: a basket of three lines a call, as a counter makes them (each scanned
// barcode found, priced from the province's list of the day, VAT per rate, the receipt number drawn, the sale
// event and its stock move journaled in one transaction) against plain SQL writing the same sale, its lines, the
// move, its lines and the account upserts one transaction each. The goal: a busy day's million lines across the
// network within ten minutes of machine time (1,667 lines/s). Stock postings: a three-line move a transaction through the stock ledger (the
// lines valued at their moving average against the accounts as they stand, the held place checked not to go below
// zero, the hash-chained event, the move, its lines and six account rows) against plain SQL writing the same
// move, lines and account upserts one transaction each. Same database. Lines are what the table counts.
// The same sales from eight counters at once go through the journal's group commit (one commit for the baskets that
// arrived while the last was written). BENCH_SCALE sizes it down (0.02 = a smoke run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import {
  createRetail,
  loadDemoCatalogue,
  moveStock,
  retailCell,
  type MoveInput,
  type Retail,
  type RetailTables,
} from '../src/cells/retail/index.ts';
import { createJournal, type Journal } from '../src/journal/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { createStorage, migrateCell, type Storage } from '../src/storage/index.ts';
import { postgresUnavailableReason, TEST_DATABASE_URL } from '../src/storage/testing.ts';
import type { BenchContext, BenchSuite } from './harness.ts';

const OFFICES = ['ofc_a', 'ofc_b', 'ofc_c', 'ofc_d'];
const PRODUCTS = Array.from({ length: 300 }, (_, i) => `HH-${String(i + 1).padStart(6, '0')}`);
const LINES = 3;
/** Counters selling at once in the group-commit case. */
const COUNTERS = 8;

interface Opened {
  journal: Journal<RetailTables>;
  retail: Retail;
  /** The same cell through a journal with group commit: counters selling at once share commits. */
  grouped: Retail;
}

async function open(storage: Storage): Promise<Opened> {
  const clock = new ManualClock('2026-12-08T02:00:00.000Z');
  const cell = await storage.openCell<RetailTables>('retail');
  await migrateCell(cell, retailCell.migrations);
  const journal = createJournal({ cell: retailCell, db: cell.db, clock });
  const grouped = createJournal({ cell: retailCell, db: cell.db, clock, groupCommit: { max: 64 } });
  return {
    journal,
    retail: createRetail({ db: cell.db, journal, clock }),
    grouped: createRetail({ db: cell.db, journal: grouped, clock }),
  };
}

const SALE_AT = {
  office_id: 'ofc_s',
  postcode: '01100',
  province_code: '01',
  clerk_id: 'stf_0190c2a4e1b07c5a9d3f2b6e8a4c1d70',
  till_session_id: 'till_1',
};

/** The demo catalogue, and 100,000 of each of its first 60 goods priced in Hà Nội on the sales office's shelf. */
async function stockTheCounter(o: Opened): Promise<string[]> {
  await loadDemoCatalogue(o.retail.catalogue, 'stf_admin');
  const list = await o.retail.catalogue.priceList('01', '2026-12-08', { limit: 60, offset: 0 });
  const goods = list.items.filter((p) => p.price !== undefined);
  await o.journal.transaction((trx) =>
    moveStock(
      trx,
      o.journal,
      {
        id: 'rcv:bench',
        kind: 'receipt',
        office: SALE_AT.office_id,
        ref: 'bench',
        lines: goods.map((g) => ({
          product: g.code,
          from: { office: SALE_AT.office_id, place: 'supplier' as const },
          to: { office: SALE_AT.office_id, place: 'shelf' as const },
          quantity: 100_000n,
          value: 100_000n * (g.price! / 2n),
        })),
      },
      'stf_bench',
    ),
  );
  return goods.map((g) => g.barcode);
}

/** The baseline's sale: the receipt row, three lines, the move, its lines and the account upserts. */
const CREATE_SALE_BASE = (s: string) => [
  `create table ${s}base_sale (id text primary key, office_id text not null, clerk_id text not null, day text not null, payment text not null, total bigint not null, vat bigint not null, at text not null)`,
  `create table ${s}base_sale_line (sale_id text not null, line_no bigint not null, product_code text not null, quantity bigint not null, unit_price bigint not null, amount bigint not null, vat bigint not null, cost bigint not null, primary key (sale_id, line_no))`,
];

async function measureSales(
  ctx: BenchContext,
  o: Opened,
  barcodes: readonly string[],
  base: {
    sell(id: string, lines: ReadonlyArray<readonly [string, number]>, at: string): Promise<void> | void;
  },
): Promise<void> {
  const per = ctx.size(1_000, 10);
  const subject: number[] = [];
  const baseline: number[] = [];
  const together: number[] = [];
  const basket = (r: number, i: number) =>
    Array.from(
      { length: LINES },
      (_, k) => [barcodes[(r * 7 + i * LINES + k) % barcodes.length]!, 1 + ((i + k) % 3)] as const,
    );
  for (let r = 0; r < ctx.repeats; r++) {
    let started = performance.now();
    for (let i = 0; i < per; i++)
      await o.retail.sales.sell(
        {
          lines: basket(r, i).map(([barcode, quantity]) => ({ barcode, quantity })),
          payment: 'vietqr',
          transfer_confirmed: true,
        },
        SALE_AT,
      );
    subject.push((per * LINES) / ((performance.now() - started) / 1000));
    const at = new Date().toISOString();
    started = performance.now();
    for (let i = 0; i < per; i++) await base.sell(`B${r}-${i}`, basket(r, i), at);
    baseline.push((per * LINES) / ((performance.now() - started) / 1000));
    // The same baskets from COUNTERS tills at once, each one basket a call after another, through group commit.
    started = performance.now();
    await Promise.all(
      Array.from({ length: COUNTERS }, async (_, c) => {
        for (let i = c; i < per; i += COUNTERS)
          await o.grouped.sales.sell(
            {
              lines: basket(r + 7, i).map(([barcode, quantity]) => ({ barcode, quantity })),
              payment: 'vietqr',
              transfer_confirmed: true,
            },
            { ...SALE_AT, till_session_id: `till_${c}` },
          );
      }),
    );
    together.push((per * LINES) / ((performance.now() - started) / 1000));
  }
  const median = [...subject].sort((a, b) => a - b)[Math.floor(subject.length / 2)]!;
  const medianTogether = [...together].sort((a, b) => a - b)[Math.floor(together.length / 2)]!;
  ctx.note(
    `sales: ${per.toLocaleString('en-US')} baskets of ${LINES} lines a run; a million lines at the median rate take ${(1_000_000 / median / 60).toFixed(1)} min of this machine's time (goal: 10)`,
  );
  ctx.report({
    case: `sale, ${LINES}-line basket/call`,
    events: per * LINES,
    subjectRuns: subject,
    baseline: 'plain SQL sale+lines+move+upserts',
    baselineRuns: baseline,
  });
  ctx.note(
    `sales from ${COUNTERS} counters at once, group commit: a million lines take ${(1_000_000 / medianTogether / 60).toFixed(1)} min (goal: 10)`,
  );
  ctx.report({
    case: `sale, ${COUNTERS} counters at once`,
    events: per * LINES,
    subjectRuns: together,
    baseline: 'plain SQL sale+lines+move+upserts',
    baselineRuns: baseline,
  });
}

/** The i-th posting: a receipt on even i, a sale of what the receipt brought on odd i, at one of four offices. */
function postingAt(run: number, i: number): MoveInput {
  const office = OFFICES[Math.floor(i / 2) % OFFICES.length]!;
  const sale = i % 2 === 1;
  const lines = Array.from({ length: LINES }, (_, k) => {
    const product = PRODUCTS[(Math.floor(i / 2) * LINES + k) % PRODUCTS.length]!;
    return sale
      ? {
          product,
          from: { office, place: 'shelf' as const },
          to: { office, place: 'customer' as const },
          quantity: 2n,
        }
      : {
          product,
          from: { office, place: 'supplier' as const },
          to: { office, place: 'shelf' as const },
          quantity: 5n,
          value: 5n * (10_000n + BigInt(k) * 1_500n),
        };
  });
  return { id: `b:${run}:${i}`, kind: sale ? 'sale' : 'receipt', office, ref: `b:${run}:${i}`, lines };
}

/** The plain-SQL side: the move, its lines and the six account upserts a posting writes, one transaction. */
interface Baseline {
  post(m: MoveInput, at: string): Promise<void> | void;
}

const CREATE_BASE = (s: string) => [
  `create table ${s}base_move (id text primary key, kind text not null, office_id text not null, ref text not null, actor text not null, at text not null)`,
  `create table ${s}base_move_line (move_id text not null, line_no bigint not null, product_code text not null, from_office text not null, from_place text not null, to_office text not null, to_place text not null, quantity bigint not null, value bigint not null, primary key (move_id, line_no))`,
  `create table ${s}base_stock (office_id text not null, product_code text not null, place text not null, quantity bigint not null, value bigint not null, primary key (office_id, product_code, place))`,
];
const UPSERT = (s: string, p: (i: number) => string) =>
  `insert into ${s}base_stock (office_id, product_code, place, quantity, value) values (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}) on conflict (office_id, product_code, place) do update set quantity = ${s}base_stock.quantity + excluded.quantity, value = ${s}base_stock.value + excluded.value`;

/** The same values the ledger would give a sale's line are not known to plain SQL: it writes the receipt's cost. */
const rowsOf = (m: MoveInput) =>
  m.lines.map((l, k) => ({
    line: [
      m.id,
      k + 1,
      l.product,
      l.from.office,
      l.from.place,
      l.to.office,
      l.to.place,
      l.quantity,
      l.value ?? 20_000n,
    ],
    from: [l.from.office, l.product, l.from.place, -l.quantity, -(l.value ?? 20_000n)],
    to: [l.to.office, l.product, l.to.place, l.quantity, l.value ?? 20_000n],
  }));

async function measure(ctx: BenchContext, o: Opened, base: Baseline, per: number) {
  const subject: number[] = [];
  const baseline: number[] = [];
  for (let r = 0; r < ctx.repeats; r++) {
    let started = performance.now();
    for (let i = 0; i < per; i++) {
      const m = postingAt(r, i);
      await o.journal.transaction((trx) => moveStock(trx, o.journal, m, 'stf_bench'));
    }
    subject.push((per * LINES) / ((performance.now() - started) / 1000));
    started = performance.now();
    const at = new Date().toISOString();
    for (let i = 0; i < per; i++) await base.post(postingAt(r, i), at);
    baseline.push((per * LINES) / ((performance.now() - started) / 1000));
  }
  ctx.report({
    case: `stock posting, ${LINES} lines/tx`,
    events: per * LINES,
    subjectRuns: subject,
    baseline: 'plain SQL move+lines+upserts, 1/tx',
    baselineRuns: baseline,
  });
}

async function benchSqlite(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-retail-'));
  const storage = await createStorage({ dialect: 'sqlite', dataDir: dir });
  const raw = new DatabaseSync(join(dir, 'baseline.sqlite'));
  try {
    const o = await open(storage);
    raw.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL');
    for (const sql of CREATE_BASE('')) raw.exec(sql);
    for (const sql of CREATE_SALE_BASE('')) raw.exec(sql);
    const move = raw.prepare('insert into base_move values (?, ?, ?, ?, ?, ?)');
    const sale = raw.prepare('insert into base_sale values (?, ?, ?, ?, ?, ?, ?, ?)');
    const saleLine = raw.prepare('insert into base_sale_line values (?, ?, ?, ?, ?, ?, ?, ?)');
    const line = raw.prepare('insert into base_move_line values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const upsert = raw.prepare(UPSERT('', () => '?'));
    const per = ctx.size(2_000, 20);
    ctx.note(`data dir ${dir}; WAL, synchronous=FULL on both sides; one posting a transaction on both sides`);
    await measure(
      ctx,
      o,
      {
        post(m, at) {
          raw.exec('begin');
          move.run(m.id, m.kind, m.office, m.ref, 'stf_bench', at);
          for (const r of rowsOf(m)) {
            line.run(...r.line);
            upsert.run(...r.from);
            upsert.run(...r.to);
          }
          raw.exec('commit');
        },
      },
      per,
    );
    const barcodes = await stockTheCounter(o);
    await measureSales(ctx, o, barcodes, {
      sell(id, lines, at) {
        raw.exec('begin');
        sale.run(id, 'ofc_s', SALE_AT.clerk_id, '2026-12-08', 'vietqr', 90_000, 8_000, at);
        move.run(`sale:${id}`, 'sale', 'ofc_s', id, 'stf_bench', at);
        lines.forEach(([code, q], k) => {
          saleLine.run(id, k + 1, code, q, 30_000, 30_000 * q, 2_500, 15_000);
          line.run(`sale:${id}`, k + 1, code, 'ofc_s', 'shelf', 'ofc_s', 'customer', q, 15_000);
          upsert.run('ofc_s', code, 'shelf', -q, -15_000);
          upsert.run('ofc_s', code, 'customer', q, 15_000);
        });
        raw.exec('commit');
      },
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
  const prefix = `benchr_${Math.floor(Math.random() * 1e8)}_`;
  const storage = await createStorage({ dialect: 'postgres', url: TEST_DATABASE_URL, schemaPrefix: prefix });
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  const schema = `${prefix}retail`;
  try {
    const o = await open(storage);
    const s = `"${schema}".`;
    for (const sql of CREATE_BASE(s)) await client.query(sql);
    for (const sql of CREATE_SALE_BASE(s)) await client.query(sql);
    const upsert = UPSERT(s, (i) => `$${i}`);
    const text = (row: ReadonlyArray<string | number | bigint>) =>
      row.map((v) => (typeof v === 'bigint' ? v.toString() : v));
    const per = ctx.size(2_000, 20);
    ctx.note(`schema ${schema}, dropped at the end; one posting a transaction on both sides`);
    await measure(
      ctx,
      o,
      {
        async post(m, at) {
          await client.query('begin');
          await client.query(`insert into ${s}base_move values ($1, $2, $3, $4, $5, $6)`, [
            m.id,
            m.kind,
            m.office,
            m.ref,
            'stf_bench',
            at,
          ]);
          for (const r of rowsOf(m)) {
            await client.query(
              `insert into ${s}base_move_line values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
              text(r.line),
            );
            await client.query(upsert, text(r.from));
            await client.query(upsert, text(r.to));
          }
          await client.query('commit');
        },
      },
      per,
    );
    const barcodes = await stockTheCounter(o);
    await measureSales(ctx, o, barcodes, {
      async sell(id, lines, at) {
        await client.query('begin');
        await client.query(`insert into ${s}base_sale values ($1, $2, $3, $4, $5, $6, $7, $8)`, [
          id,
          'ofc_s',
          SALE_AT.clerk_id,
          '2026-12-08',
          'vietqr',
          90_000,
          8_000,
          at,
        ]);
        await client.query(`insert into ${s}base_move values ($1, $2, $3, $4, $5, $6)`, [
          `sale:${id}`,
          'sale',
          'ofc_s',
          id,
          'stf_bench',
          at,
        ]);
        for (const [k, [code, q]] of lines.entries()) {
          await client.query(`insert into ${s}base_sale_line values ($1, $2, $3, $4, $5, $6, $7, $8)`, [
            id,
            k + 1,
            code,
            q,
            30_000,
            30_000 * q,
            2_500,
            15_000,
          ]);
          await client.query(`insert into ${s}base_move_line values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
            `sale:${id}`,
            k + 1,
            code,
            'ofc_s',
            'shelf',
            'ofc_s',
            'customer',
            q,
            15_000,
          ]);
          await client.query(upsert, ['ofc_s', code, 'shelf', -q, -15_000]);
          await client.query(upsert, ['ofc_s', code, 'customer', q, 15_000]);
        }
        await client.query('commit');
      },
    });
  } finally {
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
    await storage.close();
  }
}

export const suite: BenchSuite = {
  name: 'retail',
  sections: [
    { name: 'sqlite', run: benchSqlite },
    { name: 'postgres', run: benchPostgres },
  ],
};
