// Runs every bench/*.bench.ts in name order and prints one table: postcore against its baseline.
//   npm run bench                  everything
//   npm run bench -- journal       suites or sections whose "suite/section" name contains the filter
//   BENCH_SCALE=0.02 npm run bench a smoke run with every size multiplied by 0.02
//   BENCH_REPEATS=5 npm run bench  each case five times instead of three (the median is reported)
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatRate, median, type BenchContext, type BenchRow, type BenchSuite } from './harness.ts';

const COLUMNS = [
  { title: 'section', width: 17 },
  { title: 'case', width: 24 },
  { title: 'events', width: 9, right: true },
  { title: 'postcore ev/s', width: 13, right: true },
  { title: 'baseline', width: 35 },
  { title: 'baseline ev/s', width: 13, right: true },
  { title: 'ratio', width: 6, right: true },
] as const;

function line(cells: readonly string[]): string {
  return COLUMNS.map((c, i) => {
    const text = cells[i] ?? '';
    return 'right' in c ? text.padStart(c.width) : text.padEnd(c.width);
  })
    .join(' | ')
    .trimEnd();
}

function rowCells(r: BenchRow): string[] {
  return [
    `${r.suite}/${r.section}`,
    r.case,
    r.events.toLocaleString('en-US'),
    formatRate(median(r.subjectRuns)),
    r.baseline,
    formatRate(median(r.baselineRuns)),
    (median(r.subjectRuns) / median(r.baselineRuns)).toFixed(2),
  ];
}

const header = line(COLUMNS.map((c) => c.title));
const rule = COLUMNS.map((c) => '-'.repeat(c.width)).join('-|-');

function parseEnv(name: string, fallback: number, integer: boolean): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    console.error(
      `${name} must be a positive ${integer ? 'integer' : 'number'} (got ${JSON.stringify(text)})`,
    );
    process.exit(2);
  }
  return value;
}

const runs = (values: readonly number[]): string => values.map(formatRate).join(' / ');

async function main(): Promise<void> {
  const filter = (process.argv[2] ?? '').toLowerCase();
  const scale = parseEnv('BENCH_SCALE', 1, false);
  const repeats = parseEnv('BENCH_REPEATS', 3, true);
  const dir = import.meta.dirname;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const rows: BenchRow[] = [];
  const started = performance.now();
  console.log(
    `postcore bench: node ${process.version}, ${availableParallelism()} CPUs, BENCH_SCALE=${scale}, BENCH_REPEATS=${repeats}` +
      (filter === '' ? '' : `, filter "${filter}"`),
  );
  console.log('ev/s are medians of the repeats; ratio = postcore ev/s / baseline ev/s (1.00 = as fast)');
  let ran = 0;
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { suite: BenchSuite };
    const suite = mod.suite;
    for (const section of suite.sections) {
      const name = `${suite.name}/${section.name}`;
      if (filter !== '' && !name.toLowerCase().includes(filter)) continue;
      ran++;
      console.log(`\n## ${name}`);
      const ctx: BenchContext = {
        scale,
        repeats,
        size: (n, unit = 1) => Math.max(unit, Math.floor((n * scale) / unit) * unit),
        note: (text) => console.log(`   ${text}`),
        report: (r) => {
          const row: BenchRow = { suite: suite.name, section: section.name, ...r };
          rows.push(row);
          console.log(`   ${line(rowCells(row))}`);
          console.log(`     runs: postcore ${runs(row.subjectRuns)}; baseline ${runs(row.baselineRuns)}`);
        },
      };
      const t0 = performance.now();
      await section.run(ctx);
      console.log(`   (${name} took ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }
  if (ran === 0) {
    console.error(`no bench matches "${filter}" (files: ${files.join(', ')})`);
    process.exit(2);
  }
  console.log(`\n## summary (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  if (rows.length === 0) return;
  console.log(header);
  console.log(rule);
  for (const r of rows) console.log(line(rowCells(r)));
}

await main();
