import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { isDomainError } from '../platform/errors.ts';
import { snapshotTransaction, type Storage } from '../storage/index.ts';
import { GENESIS_HASH, hashEvent } from './chain.ts';
import { digestTables, firstDifference } from './digest.ts';
import type { CellDefinition, JournalTables } from './journal-event.ts';
import { createJournal } from './journal.ts';
import * as repo from './journal.repository.ts';
import { replayCell } from './replay.ts';

export type VerifyCheck = 'seq' | 'prev' | 'hash' | 'head' | 'replay' | 'projection' | 'invariant';

export interface VerifyFailure {
  check: VerifyCheck;
  /** The event's seq, or for a projection the journal head it was compared at. */
  seq: string;
  table?: string;
  key?: Record<string, string>;
  message: string;
}

export interface CellVerifyReport {
  cell: string;
  ok: boolean;
  events: string;
  headSeq: string;
  /** Digest of the live projection tables (absent when replay did not run). */
  digest?: string;
  failures: VerifyFailure[];
  ms: number;
}

export interface VerifyDeps<DB extends JournalTables> {
  cell: CellDefinition<DB>;
  db: Kysely<DB>;
  storage: Storage;
  clock: Clock;
  /** Stop collecting chain failures after this many. */
  maxFailures?: number;
}

const PAGE = 5000;

/** Walks the stored chain: gapless seq, prev links, recomputed hashes, and a head that matches the end. */
export async function verifyChain(
  db: Kysely<JournalTables>,
  maxFailures = 20,
): Promise<{
  failures: VerifyFailure[];
  events: bigint;
  last: { seq: bigint; hash: string };
}> {
  const failures: VerifyFailure[] = [];
  let expectSeq = 1n;
  let prevHash = GENESIS_HASH;
  let events = 0n;
  let after = 0n;
  let last = { seq: 0n, hash: GENESIS_HASH };
  const fail = (f: VerifyFailure) => {
    if (failures.length < maxFailures) failures.push(f);
  };
  for (;;) {
    const rows = await repo.readEventsAfter(db, after, PAGE);
    for (const row of rows) {
      events++;
      const seq = row.seq.toString();
      if (row.seq !== expectSeq) {
        fail({
          check: 'seq',
          seq: expectSeq.toString(),
          message:
            row.seq > expectSeq
              ? `event seq ${expectSeq}${row.seq - expectSeq > 1n ? `..${row.seq - 1n}` : ''} is missing (next stored event is seq ${seq})`
              : `event seq ${seq} is out of order (expected ${expectSeq})`,
        });
      }
      const recomputed = hashEvent(row);
      if (recomputed !== row.hash) {
        fail({
          check: 'hash',
          seq,
          message: `event seq ${seq} (${row.type}) does not match its hash: stored ${row.hash.slice(0, 16)}…, recomputed ${recomputed.slice(0, 16)}… (its content was changed)`,
        });
      }
      if (row.prev !== prevHash) {
        fail({
          check: 'prev',
          seq,
          message: `event seq ${seq} does not link to the event before it (prev ${row.prev.slice(0, 16)}…, previous hash ${prevHash.slice(0, 16)}…)`,
        });
      }
      prevHash = row.hash;
      expectSeq = row.seq + 1n;
      last = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.seq;
  }
  const head = await repo.readHead(db);
  if (head.seq !== last.seq || head.hash !== last.hash) {
    fail({
      check: 'head',
      seq: head.seq.toString(),
      message: `the journal head says seq ${head.seq} but the stored events end at seq ${last.seq} (events removed or added behind the journal)`,
    });
  }
  return { failures, events, last };
}

/**
 * Verifies one cell: its chain, then a replay of its journal into an empty database whose table digest
 * must equal the live one (the first differing row is named), then the cell's own invariants. Everything
 * live is read from one snapshot, so a cell that keeps serving during verify is not reported as tampered.
 */
export async function verifyCell<DB extends JournalTables>(deps: VerifyDeps<DB>): Promise<CellVerifyReport> {
  const started = performance.now();
  const { cell } = deps;
  return snapshotTransaction(deps.db, async (db) => {
    const chain = await verifyChain(db as unknown as Kysely<JournalTables>, deps.maxFailures);
    const failures = [...chain.failures];
    const headSeq = chain.last.seq.toString();
    const stats = await repo.eventStats(db as unknown as Kysely<JournalTables>);
    if (stats.count !== chain.events) {
      failures.push({
        check: 'seq',
        seq: headSeq,
        message: `${stats.count - chain.events} stored event(s) have a seq outside the chain (zero, negative or null)`,
      });
    }
    let digest: string | undefined;
    if (failures.length === 0) {
      const result = await compareWithReplay(deps, db, chain.last.seq);
      digest = result.digest;
      failures.push(...result.failures);
    }
    for (const broken of (await cell.invariants?.(db)) ?? []) {
      failures.push({ check: 'invariant', seq: headSeq, message: broken });
    }
    return {
      cell: cell.name,
      ok: failures.length === 0,
      events: chain.events.toString(),
      headSeq,
      ...(digest === undefined ? {} : { digest }),
      failures,
      ms: Math.round(performance.now() - started),
    };
  });
}

async function compareWithReplay<DB extends JournalTables>(
  deps: VerifyDeps<DB>,
  db: Kysely<DB>,
  toSeq: bigint,
): Promise<{ digest?: string; failures: VerifyFailure[] }> {
  const { cell } = deps;
  const headSeq = toSeq.toString();
  const source = createJournal({ cell, db, clock: deps.clock });
  let replay;
  try {
    replay = await replayCell({ cell, source, storage: deps.storage, clock: deps.clock, toSeq });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const seq = isDomainError(err) ? (err.details?.['seq'] as string | undefined) : undefined;
    return { failures: [{ check: 'replay', seq: seq ?? headSeq, message: `replay failed: ${detail}` }] };
  }
  const failures: VerifyFailure[] = [];
  try {
    const live = await digestTables(db, cell.projections);
    const rebuilt = await digestTables(replay.scratch.db, cell.projections);
    for (const p of cell.projections) {
      const a = live.tables.find((t) => t.table === p.table);
      const b = rebuilt.tables.find((t) => t.table === p.table);
      if (a?.digest === b?.digest) continue;
      const diff = await firstDifference(db, replay.scratch.db, p);
      const key = diff === undefined ? {} : diff.key;
      const keyText = Object.entries(key)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      const what =
        diff === undefined
          ? 'digests differ'
          : diff.live === undefined
            ? `row ${keyText} is missing from the live table`
            : diff.replayed === undefined
              ? `row ${keyText} exists live but not in the replay`
              : `row ${keyText} differs: ${describeRowDiff(diff.live, diff.replayed)}`;
      failures.push({
        check: 'projection',
        seq: headSeq,
        table: p.table,
        key,
        message: `table ${p.table} does not match a replay of the journal up to seq ${headSeq}: ${what}`,
      });
    }
    return { digest: live.digest, failures };
  } finally {
    await replay.scratch.drop();
  }
}

function describeRowDiff(live: Record<string, unknown>, replayed: Record<string, unknown>): string {
  const cols = new Set([...Object.keys(live), ...Object.keys(replayed)]);
  const parts: string[] = [];
  for (const c of cols) {
    if (JSON.stringify(live[c]) !== JSON.stringify(replayed[c]))
      parts.push(`${c} is ${JSON.stringify(live[c])}, journal says ${JSON.stringify(replayed[c])}`);
  }
  return parts.join('; ');
}
