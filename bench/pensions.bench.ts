// Pension list import (issue 6): a synthetic national-size list imported through the finance cell (read
// and checked row by row, stored as an attachment, one event, its lines built streaming) against a raw bulk
// load of the same file into the same database: node:sqlite prepared INSERTs in one transaction, and
// PostgreSQL COPY … FROM STDIN (CSV). Figures are lines/s; the peak RSS of the process is noted.
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DatabaseSync } from 'node:sqlite';
import { parse } from 'csv-parse';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  createFinance,
  financeCell,
  financeMigrations,
  syntheticList,
  type Directory,
  type FinanceTables,
} from '../src/cells/finance/index.ts';
import { createJournal } from '../src/journal/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { parseNames } from '../src/platform/people.ts';
import { createAttachments, createStorage, migrateCell, type StorageConfig } from '../src/storage/index.ts';
import { postgresUnavailableReason, TEST_DATABASE_URL } from '../src/storage/testing.ts';
import type { BenchContext, BenchSuite } from './harness.ts';

const COMMUNES = Array.from({ length: 126 }, (_, i) => String(4 + i * 3).padStart(5, '0'));
const POSTCODES = Array.from({ length: 126 }, (_, i) => `01${String(100 + i).padStart(3, '0')}`);
const DIRECTORY: Directory = {
  communes: new Map(COMMUNES.map((c) => [c, '01'])),
  offices: new Map(
    POSTCODES.map((p) => [p, { id: `off_${p}`, province_code: '01', status: 'open', type: 'post_office' }]),
  ),
};

/** Writes the synthetic list to a file once; its envelope. */
function writeList(file: string, count: number): { count: number; total: bigint } {
  const names = parseNames(
    JSON.parse(readFileSync(new URL('../assets/people/names.json', import.meta.url), 'utf8')),
  );
  const gen = syntheticList({
    count,
    communes: COMMUNES,
    postcodes: POSTCODES,
    periodStart: '2026-12-01',
    names,
    seed: 3,
  });
  writeFileSync(file, '');
  let r = gen.next();
  while (r.done !== true) {
    appendFileSync(file, r.value);
    r = gen.next();
  }
  return r.value;
}

/** Runs fn, sampling the process's RSS; lines/s and the peak RSS in MB. */
async function measured(lines: number, fn: () => Promise<void>): Promise<{ rate: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { rate: lines / ((performance.now() - started) / 1000), peakMb: peak / 1e6 };
}

async function importThroughPostcore(
  config: StorageConfig,
  dataDir: string,
  file: string,
  envelope: { count: number; total: bigint },
) {
  const storage = await createStorage(config);
  try {
    const cell = await storage.openCell<FinanceTables>('finance');
    await migrateCell(cell, financeMigrations);
    const attachments = createAttachments(join(dataDir, 'attachments'));
    const journal = createJournal({ cell: financeCell(attachments), db: cell.db, clock: systemClock });
    const finance = createFinance({ db: cell.db, journal, clock: systemClock, attachments });
    const period = await finance.pensions.openPeriod({ province_code: '01', months: ['2026-12'] }, 'bench');
    const list = await finance.pensions.importList(
      {
        period_id: period.id,
        file_name: 'bench.csv',
        declared_count: envelope.count,
        declared_total: envelope.total,
        source: createReadStream(file),
      },
      DIRECTORY,
      'bench',
    );
    if (list.line_count !== envelope.count) throw new Error('bench list not imported whole');
  } finally {
    await storage.close();
  }
}

const COLUMNS =
  'cccd text, ho_ten text, nam_sinh bigint, loai text, so_tien bigint, ma_xa text, ma_buu_cuc text, kenh text, nguoi_nhan_thay text, cccd_nguoi_nhan_thay text, uy_quyen_den text';

async function benchSqlite(
  ctx: BenchContext,
  file: string,
  envelope: { count: number; total: bigint },
): Promise<void> {
  const subjectRuns: number[] = [];
  const baselineRuns: number[] = [];
  const peaks: string[] = [];
  for (let r = 0; r < ctx.repeats; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-pension-'));
    try {
      const s = await measured(envelope.count, () =>
        importThroughPostcore({ dialect: 'sqlite', dataDir: dir }, dir, file, envelope),
      );
      const raw = new DatabaseSync(join(dir, 'raw.sqlite'));
      raw.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL');
      raw.exec(`create table raw_line (${COLUMNS})`);
      const insert = raw.prepare('insert into raw_line values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const b = await measured(envelope.count, async () => {
        raw.exec('begin');
        let header = true;
        for await (const rec of createReadStream(file).pipe(
          parse({ relax_column_count: true }),
        ) as AsyncIterable<string[]>) {
          if (header) {
            header = false;
            continue;
          }
          insert.run(
            ...(rec as [
              string,
              string,
              string,
              string,
              string,
              string,
              string,
              string,
              string,
              string,
              string,
            ]),
          );
        }
        raw.exec('commit');
      });
      raw.close();
      subjectRuns.push(s.rate);
      baselineRuns.push(b.rate);
      peaks.push(`${s.peakMb.toFixed(0)}/${b.peakMb.toFixed(0)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  ctx.note(`peak RSS MB per run (postcore/baseline): ${peaks.join(', ')}`);
  ctx.report({
    case: `import ${envelope.count.toLocaleString('en-US')} lines`,
    events: envelope.count,
    subjectRuns,
    baseline: 'csv-parse + sqlite INSERT, 1 tx',
    baselineRuns,
  });
}

async function benchPostgres(
  ctx: BenchContext,
  file: string,
  envelope: { count: number; total: bigint },
): Promise<void> {
  const reason = await postgresUnavailableReason();
  if (reason !== undefined) return ctx.note(`skipped: ${reason}`);
  const subjectRuns: number[] = [];
  const baselineRuns: number[] = [];
  const peaks: string[] = [];
  for (let r = 0; r < ctx.repeats; r++) {
    const prefix = `benchp_${Math.floor(Math.random() * 1e8)}_`;
    const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-pension-'));
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const s = await measured(envelope.count, () =>
        importThroughPostcore(
          { dialect: 'postgres', url: TEST_DATABASE_URL, schemaPrefix: prefix },
          dir,
          file,
          envelope,
        ),
      );
      await client.query(`create schema "${prefix}raw"`);
      await client.query(`create table "${prefix}raw".raw_line (${COLUMNS})`);
      const b = await measured(envelope.count, async () => {
        await pipeline(
          createReadStream(file),
          client.query(copyFrom(`copy "${prefix}raw".raw_line from stdin with (format csv, header true)`)),
        );
      });
      subjectRuns.push(s.rate);
      baselineRuns.push(b.rate);
      peaks.push(`${s.peakMb.toFixed(0)}/${b.peakMb.toFixed(0)}`);
    } finally {
      for (const schema of [`${prefix}finance`, `${prefix}raw`])
        await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  ctx.note(`peak RSS MB per run (postcore/baseline): ${peaks.join(', ')}`);
  ctx.report({
    case: `import ${envelope.count.toLocaleString('en-US')} lines`,
    events: envelope.count,
    subjectRuns,
    baseline: 'COPY FROM STDIN (CSV)',
    baselineRuns,
  });
}

let list: { file: string; envelope: { count: number; total: bigint }; dir: string } | undefined;
function theList(ctx: BenchContext) {
  if (list === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-list-'));
    const file = join(dir, 'list.csv');
    const envelope = writeList(file, ctx.size(3_300_000, 1_000));
    ctx.note(
      `list: ${envelope.count.toLocaleString('en-US')} lines, ${(statSync(file).size / 1e6).toFixed(0)} MB, ${file}`,
    );
    list = { file, envelope, dir };
  }
  return list;
}

export const suite: BenchSuite = {
  name: 'pensions',
  sections: [
    {
      name: 'sqlite',
      run: async (ctx) => {
        const l = theList(ctx);
        await benchSqlite(ctx, l.file, l.envelope);
      },
    },
    {
      name: 'postgres',
      run: async (ctx) => {
        const l = theList(ctx);
        await benchPostgres(ctx, l.file, l.envelope);
        rmSync(l.dir, { recursive: true, force: true });
      },
    },
  ],
};
