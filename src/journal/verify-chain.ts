// The chain walked on one thread: gapless seq, prev links, recomputed hashes, a head that matches the end,
// and every checkpoint's root recomputed from the events as the walk passes it.
import type { Kysely } from '../storage/index.ts';
import { GENESIS_HASH } from './chain.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { JournalTables } from './journal-event.ts';
import * as repo from './journal.repository.ts';
import { Frontier } from './merkle.ts';
import { checkEvent, failureList } from './verify-parallel.ts';
import type { ChainWalk } from './verify.types.ts';

/** Events (and tree nodes) read a page at a time. */
export const PAGE = 5000;

export interface ChainOptions {
  maxFailures?: number;
  /** Checkpoints (ascending by size) whose roots are recomputed from the events as the walk passes them. */
  checkpoints?: readonly Checkpoint[];
  /** Start after this verified point instead of the genesis: the last event's seq and hash, and the tree's edge. */
  from?: { seq: bigint; hash: string; frontier: Frontier };
  /** Also keep the root at this many events (the stored tree's size), to compare with the stored tree. */
  rootAt?: number;
}

/**
 * Walks the stored chain: gapless seq, prev links, recomputed hashes, a head that matches the end, and the
 * Merkle root of every checkpoint's size recomputed from the events' hashes.
 */
export async function verifyChain(db: Kysely<JournalTables>, options: ChainOptions = {}): Promise<ChainWalk> {
  const { failures, fail } = failureList(options.maxFailures ?? 20);
  let expectSeq = (options.from?.seq ?? 0n) + 1n;
  let prevHash = options.from?.hash ?? GENESIS_HASH;
  let events = 0;
  let after = options.from?.seq ?? 0n;
  let last = { seq: after, hash: prevHash };
  const frontier = options.from?.frontier ?? new Frontier();
  const checkpoints = (options.checkpoints ?? []).filter((c) => c.size > frontier.size);
  let nextCheckpoint = 0;
  let rootAt: string | undefined;
  for (;;) {
    const rows = await repo.scanEventsAfter(db, after, PAGE);
    for (const row of rows) {
      const recomputed = checkEvent(row, expectSeq, prevHash, fail);
      frontier.push(recomputed);
      if (frontier.size === options.rootAt) rootAt = frontier.root();
      for (
        let c = checkpoints[nextCheckpoint];
        c?.size === frontier.size;
        c = checkpoints[++nextCheckpoint]
      ) {
        const root = frontier.root();
        if (root !== c.root)
          fail({
            check: 'checkpoint_root',
            seq: row.seq.toString(),
            message: `checkpoint ${c.cell}@${c.size} signed root ${c.root.slice(0, 16)}…, but the first ${c.size} events give ${root.slice(0, 16)}… (history was rewritten after it was signed)`,
          });
      }
      prevHash = row.hash;
      expectSeq = row.seq + 1n;
    }
    events += rows.length;
    const end = rows.at(-1);
    if (end !== undefined) last = { seq: end.seq, hash: end.hash };
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.seq;
  }
  for (const c of checkpoints.slice(nextCheckpoint))
    fail({
      check: 'checkpoint_root',
      seq: last.seq.toString(),
      message: `checkpoint ${c.cell}@${c.size} covers ${c.size} events but the journal holds ${frontier.size} (signed events were deleted)`,
    });
  const head = await repo.readHead(db);
  if (head.seq !== last.seq || head.hash !== last.hash) {
    fail({
      check: 'head',
      seq: head.seq.toString(),
      message: `the journal head says seq ${head.seq} but the stored events end at seq ${last.seq} (events removed or added behind the journal)`,
    });
  }
  return { failures, events: BigInt(events), last, ...(rootAt === undefined ? {} : { rootAt }) };
}
