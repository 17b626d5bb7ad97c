// verify on every core: the journal is cut into blocks of 2^k events, each walked by a worker thread with its
// own connection (hashes, seq, prev links inside the block, the block's Merkle subtree), and the blocks are
// joined here: prev links across blocks, and each checkpoint's root from the complete blocks before it and
// the partial subtrees inside its block. The results are exactly those of the walk on one thread.
import { Worker } from 'node:worker_threads';
import type { Kysely } from '../storage/index.ts';
import { GENESIS_HASH, hashEvent } from './chain.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { JournalTables } from './journal-event.ts';
import * as repo from './journal.repository.ts';
import { foldToHex, Frontier } from './merkle.ts';
import type { ChainWalk, ParallelOptions, VerifyFailure } from './verify.types.ts';

const PAGE = 5000;

export interface BlockJob {
  /** The block walks events with start < seq ≤ end. */
  start: bigint;
  end: bigint;
  /** Sizes (absolute) inside the block whose partial subtrees are wanted. */
  marks: number[];
}

export interface BlockResult {
  start: bigint;
  count: bigint;
  failures: VerifyFailure[];
  /** The first event's prev (to link with the block before), the last event's seq and hash. */
  firstPrev: string | undefined;
  last: { seq: bigint; hash: string } | undefined;
  /** The block's subtrees at its end, largest first (one node when the block is complete and gapless). */
  nodes: Array<{ level: number; hash: string }>;
  /** The block's subtrees at each mark. */
  marks: Array<{ size: number; nodes: Array<{ level: number; hash: string }> }>;
}

/** The failures of a walk: the first `max` kept, the rest dropped; `fail` adds one. */
export function failureList(max: number): { failures: VerifyFailure[]; fail: (f: VerifyFailure) => void } {
  const failures: VerifyFailure[] = [];
  return {
    failures,
    fail: (f) => {
      if (failures.length < max) failures.push(f);
    },
  };
}

/**
 * The checks of one event in a walk: its seq is the one expected, its hash is recomputed, and it links to
 * `prev` (undefined: the first of a block, linked when the blocks are joined). Returns the recomputed hash.
 */
export function checkEvent(
  row: repo.EventRow,
  expect: bigint,
  prev: string | undefined,
  fail: (f: VerifyFailure) => void,
): string {
  if (row.seq !== expect)
    fail({
      check: 'seq',
      seq: expect.toString(),
      message:
        row.seq > expect
          ? `event seq ${expect}${row.seq - expect > 1n ? `..${row.seq - 1n}` : ''} is missing (next stored event is seq ${row.seq})`
          : `event seq ${row.seq} is out of order (expected ${expect})`,
    });
  const recomputed = hashEvent(row);
  if (recomputed !== row.hash)
    fail({
      check: 'hash',
      seq: row.seq.toString(),
      message: `event seq ${row.seq} (${row.type}) does not match its hash: stored ${row.hash.slice(0, 16)}…, recomputed ${recomputed.slice(0, 16)}… (its content was changed)`,
    });
  if (prev !== undefined && row.prev !== prev) fail(brokenLink(row.seq, row.prev, prev));
  return recomputed;
}

const brokenLink = (seq: bigint, stored: string, previous: string): VerifyFailure => ({
  check: 'prev',
  seq: seq.toString(),
  message: `event seq ${seq} does not link to the event before it (prev ${stored.slice(0, 16)}…, previous hash ${previous.slice(0, 16)}…)`,
});

/** Walks one block: what a worker does, and what tests call directly. */
export async function walkBlock(
  db: Kysely<JournalTables>,
  job: BlockJob,
  maxFailures: number,
): Promise<BlockResult> {
  const { failures, fail } = failureList(maxFailures);
  const frontier = new Frontier();
  const base = Number(job.start);
  const marks = [...new Set(job.marks)].sort((a, b) => a - b);
  let nextMark = 0;
  const out: BlockResult = {
    start: job.start,
    count: 0n,
    failures,
    firstPrev: undefined,
    last: undefined,
    nodes: [],
    marks: [],
  };
  let expect = job.start + 1n;
  let prev: string | undefined;
  for (let after = job.start; after < job.end;) {
    const rows = await repo.scanEventsAfter(db, after, PAGE);
    let taken = 0;
    for (const row of rows) {
      if (row.seq > job.end) break;
      taken++;
      const recomputed = checkEvent(row, expect, prev, fail);
      if (prev === undefined) out.firstPrev = row.prev;
      frontier.push(recomputed);
      // A mark skipped (events missing, already failed) is passed over rather than waited for.
      while (marks[nextMark]! < base + frontier.size) nextMark++;
      if (marks[nextMark] === base + frontier.size)
        out.marks.push({ size: marks[nextMark++]!, nodes: [...frontier.nodes] });
      prev = row.hash;
      expect = row.seq + 1n;
    }
    out.count += BigInt(taken);
    const end = rows[taken - 1];
    if (end !== undefined) out.last = { seq: end.seq, hash: end.hash };
    if (taken < PAGE) break;
    after = end!.seq;
  }
  out.nodes = [...frontier.nodes];
  return out;
}

/** Runs jobs on `count` worker threads, each with its own connection to the cell; results in job order. */
async function runOnWorkers(
  options: ParallelOptions,
  jobs: BlockJob[],
  maxFailures: number,
): Promise<BlockResult[]> {
  const results = new Array<BlockResult>(jobs.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(options.workers, jobs.length) },
    () =>
      new Worker(new URL('./verify.worker.ts', import.meta.url), {
        workerData: { storage: options.storage, cell: options.cell, maxFailures },
      }),
  );
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= jobs.length) return resolve();
              const i = next++;
              w.once('message', (m: { result?: BlockResult; error?: string }) => {
                if (m.error !== undefined) return reject(new Error(`verify worker: ${m.error}`));
                results[i] = m.result!;
                give();
              });
              w.postMessage(jobs[i]);
            };
            w.once('error', reject);
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * The chain walk of verify-chain.ts's verifyChain from the genesis, spread over worker threads: the same failures
 * (in block order), the same event count and last event, the same roots.
 */
export async function verifyChainParallel(
  db: Kysely<JournalTables>,
  options: ParallelOptions & { checkpoints: readonly Checkpoint[]; rootAt?: number; maxFailures: number },
): Promise<ChainWalk> {
  const head = await repo.readHead(db);
  const n = Number(head.seq);
  const bits = options.blockBits ?? 16;
  const size = 2 ** bits;
  const wanted = [
    ...options.checkpoints.map((c) => c.size),
    ...(options.rootAt === undefined ? [] : [options.rootAt]),
  ];
  const jobs: BlockJob[] = [];
  for (let s = 0; s < n; s += size) {
    const e = Math.min(s + size, n);
    jobs.push({ start: BigInt(s), end: BigInt(e), marks: wanted.filter((m) => m > s && m <= e) });
  }
  const blocks = await runOnWorkers(options, jobs, options.maxFailures);
  const { failures, fail } = failureList(options.maxFailures);
  const roots = new Map<number, string>();
  const whole = new Frontier();
  let prevHash = GENESIS_HASH;
  let events = 0n;
  let last = { seq: 0n, hash: GENESIS_HASH };
  for (const b of blocks) {
    events += b.count;
    if (b.firstPrev !== undefined && b.firstPrev !== prevHash)
      fail(brokenLink(b.start + 1n, b.firstPrev, prevHash));
    b.failures.forEach(fail);
    for (const m of b.marks) roots.set(m.size, foldToHex([...whole.nodes, ...m.nodes]));
    // A complete, gapless block is one subtree; anything else (the last block, or a block with gaps, which
    // has failed already) is added as what it is.
    for (const node of b.nodes) whole.pushNode(node.level, node.hash);
    if (b.last !== undefined) {
      prevHash = b.last.hash;
      last = b.last;
    }
  }
  for (const c of options.checkpoints) {
    const root = roots.get(c.size);
    if (root === undefined)
      fail({
        check: 'checkpoint_root',
        seq: last.seq.toString(),
        message: `checkpoint ${c.cell}@${c.size} covers ${c.size} events but the journal holds ${whole.size} (signed events were deleted)`,
      });
    else if (root !== c.root)
      fail({
        check: 'checkpoint_root',
        seq: c.size.toString(),
        message: `checkpoint ${c.cell}@${c.size} signed root ${c.root.slice(0, 16)}…, but the first ${c.size} events give ${root.slice(0, 16)}… (history was rewritten after it was signed)`,
      });
  }
  if (head.seq !== last.seq || head.hash !== last.hash)
    fail({
      check: 'head',
      seq: head.seq.toString(),
      message: `the journal head says seq ${head.seq} but the stored events end at seq ${last.seq} (events removed or added behind the journal)`,
    });
  const rootAt = options.rootAt === undefined ? undefined : roots.get(options.rootAt);
  return { failures, events, last, ...(rootAt === undefined ? {} : { rootAt }) };
}
