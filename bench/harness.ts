// The small framework every bench file uses: a suite of sections, each measuring postcore against a
// baseline in the same run, reported as one row per case.

/** One measured case: postcore's rate next to the baseline's rate for the same work. */
export interface BenchRow {
  suite: string;
  section: string;
  case: string;
  /** Events (rows, hashes) processed by each side in one run. */
  events: number;
  /** Events per second of each run of postcore; the table shows the median. */
  subjectRuns: number[];
  baseline: string;
  /** Events per second of each run of the baseline; the table shows the median. */
  baselineRuns: number[];
}

export interface BenchContext {
  /** Multiplies every size; BENCH_SCALE=0.02 gives a smoke run. */
  scale: number;
  /** How many times each case runs (BENCH_REPEATS, default 3); the median is reported. */
  repeats: number;
  /** A size scaled by BENCH_SCALE, rounded down to a multiple of `unit` and never below it. */
  size(n: number, unit?: number): number;
  report(row: Omit<BenchRow, 'suite' | 'section'>): void;
  /** A line printed under the section's name: what was measured, settings, skip reasons. */
  note(text: string): void;
}

export interface BenchSection {
  name: string;
  run(ctx: BenchContext): Promise<void>;
}

/** What a `bench/*.bench.ts` file exports as `suite`. */
export interface BenchSuite {
  name: string;
  sections: BenchSection[];
}

/** Runs fn once and returns its rate in events per second. */
export async function rate(events: number, fn: () => Promise<void> | void): Promise<number> {
  const started = performance.now();
  await fn();
  const ms = performance.now() - started;
  return events / (ms / 1000);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** 12345.6 -> "12,346"; rates below 100 keep one decimal. */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return '-';
  return perSec < 100
    ? perSec.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })
    : Math.round(perSec).toLocaleString('en-US');
}
