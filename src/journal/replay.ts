import type { Clock } from '../platform/clock.ts';
import { migrateCell, type ScratchDatabase, type Storage } from '../storage/index.ts';
import type { CellDefinition, JournalTables } from './journal-event.ts';
import { createJournal, type Journal } from './journal.ts';

export interface ReplayDeps<DB extends JournalTables> {
  cell: CellDefinition<DB>;
  /** The journal to read from. */
  source: Pick<Journal<DB>, 'readAfter'>;
  storage: Storage;
  clock: Clock;
  /** Stop after this seq (restore to a point); the whole journal when absent. */
  toSeq?: bigint;
  batchSize?: number;
}

export interface ReplayResult<DB> {
  /** The rebuilt database; the caller drops it when done. */
  scratch: ScratchDatabase<DB>;
  events: bigint;
}

/**
 * Rebuilds a cell's projections into an empty database from its journal with the same apply functions that
 * run live, one transaction per batch. The scratch journal tables stay empty and the events' hashes are not
 * recomputed: the caller checks the chain first (verifyCell does, in the same snapshot).
 */
export async function replayCell<DB extends JournalTables>(deps: ReplayDeps<DB>): Promise<ReplayResult<DB>> {
  const batch = deps.batchSize ?? 2000;
  const scratch = await deps.storage.openScratch<DB>(deps.cell.name);
  try {
    await migrateCell(scratch, deps.cell.migrations);
    const target = createJournal({ cell: deps.cell, db: scratch.db, clock: deps.clock });
    let after = 0n;
    let count = 0n;
    for (;;) {
      let events = await deps.source.readAfter(after, batch);
      if (deps.toSeq !== undefined) events = events.filter((e) => e.seq <= deps.toSeq!);
      if (events.length === 0) break;
      await target.transaction((trx) => target.applyEvents(trx, events));
      after = events[events.length - 1]!.seq;
      count += BigInt(events.length);
      if (events.length < batch) break;
    }
    return { scratch, events: count };
  } catch (err) {
    await scratch.drop();
    throw err;
  }
}
