import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { JournalError } from './journal-error.ts';
import type { JournalEvent, JournalTables } from './journal-event.ts';
import type { Journal } from './journal.ts';
import * as repo from './journal.repository.ts';

export interface ConsumerDeps<DB extends JournalTables> {
  /** The journal being consumed (another cell's). */
  source: Pick<Journal<JournalTables>, 'cell' | 'readAfter'>;
  /** The consuming cell's journal: its transaction holds the position and the effects together. */
  target: Pick<Journal<DB>, 'transaction'>;
  clock: Clock;
  /** Applies one source event inside the target's transaction. */
  handle(trx: Kysely<DB>, event: JournalEvent): Promise<void>;
  batchSize?: number;
}

export interface Consumer {
  /** Applies the next batch of source events; returns how many it applied (0 when caught up or resent). */
  runOnce(): Promise<number>;
  /** Applies batches until caught up; returns how many it applied. */
  drain(): Promise<number>;
  /** The last source seq applied. */
  position(): Promise<bigint>;
}

/**
 * A consumer of another cell's journal. The position is stored in the consumer's own database, in the
 * same transaction as the effects, so each event takes effect exactly once even across crashes.
 */
export function createConsumer<DB extends JournalTables>(deps: ConsumerDeps<DB>): Consumer {
  const batch = deps.batchSize ?? 500;
  const source = deps.source.cell;
  const j = (db: Kysely<DB>) => db as unknown as Kysely<JournalTables>;
  const step = () =>
    deps.target.transaction(async (trx) => {
      const now = deps.clock.now().toISOString();
      let position = await repo.lockConsumerPosition(j(trx), source, now);
      let applied = 0;
      const events = await deps.source.readAfter(position, batch);
      for (const e of events) {
        // Delivered again (a source that resends, a retried batch): already applied, so skipped.
        if (e.seq <= position) continue;
        if (e.seq !== position + 1n) {
          throw new JournalError(
            'consumer_out_of_order',
            `Consumer of ${source} expected seq ${position + 1n} but the journal gave ${e.seq}`,
            `Bộ xử lý nhật ký ${source} nhận sai thứ tự sự kiện`,
            { source, expected: (position + 1n).toString(), got: e.seq.toString() },
          );
        }
        await deps.handle(trx, e);
        position = e.seq;
        applied++;
      }
      if (events.length > 0) await repo.setConsumerPosition(j(trx), source, position, now);
      return { read: events.length, applied };
    });
  return {
    runOnce: async () => (await step()).applied,
    async drain() {
      let total = 0;
      for (;;) {
        const { read, applied } = await step();
        total += applied;
        if (read < batch) return total;
      }
    },
    position: () => deps.target.transaction((trx) => repo.readConsumerPosition(j(trx), source)),
  };
}
