// verify: a cell's journal checked on its own (verify-journal.ts), then replayed into an empty database whose
// tables must equal the live ones, then the tables the replay does not rebuild (verify-tables.ts) and the
// cell's own invariants, all read from one snapshot.
import type { Kysely } from '../storage/index.ts';
import { isDomainError } from '../platform/errors.ts';
import { snapshotTransaction } from '../storage/index.ts';
import { digestTables, firstDifference } from './digest.ts';
import type { JournalTables } from './journal-event.ts';
import { createJournal } from './journal.ts';
import { replayCell } from './replay.ts';
import { verifyJournal } from './verify-journal.ts';
import { checkOtherTables } from './verify-tables.ts';
import type { CellVerifyReport, VerifyDeps, VerifyFailure } from './verify.types.ts';

export { verifyChain, type ChainOptions } from './verify-chain.ts';
export { verifyJournal } from './verify-journal.ts';
export type {
  CellVerifyReport,
  JournalVerifyReport,
  VerifyCheck,
  VerifyDeps,
  VerifyFailure,
} from './verify.types.ts';

/**
 * Verifies one cell: its journal (verifyJournal), then a replay of its journal into an empty database whose
 * table digest must equal the live one (the first differing row is named), then the cell's own invariants.
 * Everything live is read from one snapshot, so a cell that keeps serving during verify is not reported as
 * tampered. With `since` the replay is skipped.
 */
export async function verifyCell<DB extends JournalTables>(deps: VerifyDeps<DB>): Promise<CellVerifyReport> {
  const started = performance.now();
  const { cell } = deps;
  return snapshotTransaction(deps.db, async (db) => {
    const journal = await verifyJournal(db as unknown as Kysely<JournalTables>, {
      cell: cell.name,
      ...(deps.keys === undefined ? {} : { keys: deps.keys }),
      ...(deps.since === undefined ? {} : { since: deps.since }),
      ...(deps.maxFailures === undefined ? {} : { maxFailures: deps.maxFailures }),
      ...(deps.parallel === undefined ? {} : { parallel: deps.parallel }),
    });
    const failures = [...journal.failures];
    const headSeq = journal.headSeq.toString();
    let digest: string | undefined;
    if (failures.length === 0 && deps.since === undefined) {
      const result = await compareWithReplay(deps, db, journal.headSeq);
      digest = result.digest;
      failures.push(...result.failures);
    }
    failures.push(...(await checkOtherTables(deps, db as unknown as Kysely<JournalTables>, headSeq)));
    for (const broken of (await cell.invariants?.(db)) ?? []) {
      failures.push({ check: 'invariant', seq: headSeq, message: broken });
    }
    return {
      cell: cell.name,
      ok: failures.length === 0,
      events: journal.events.toString(),
      headSeq,
      checkpoints: journal.checkpoints,
      ...(journal.since === undefined ? {} : { since: journal.since }),
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
