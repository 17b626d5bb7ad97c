import type { Kysely } from '../storage/index.ts';
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
  /**
   * The newest source seq this consumer may apply (undefined: no limit). With the vault confirming writes it
   * is what the vault holds: an effect in another cell never rests on an event a restore could lose.
   */
  until?: () => bigint | undefined;
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
      const at = await repo.lockConsumerPosition(j(trx), source, now);
      let position = at.seq;
      let hash = at.hash;
      // The event at the position is read again: it must still be the one applied (a restore of the source
      // that lost events, then new events at the same seqs, must stop this consumer, not be skipped).
      const read =
        position === 0n
          ? await deps.source.readAfter(0n, batch)
          : await deps.source.readAfter(position - 1n, batch + 1);
      if (position > 0n && at.hash !== null) {
        const there = read.find((e) => e.seq === position);
        if (there?.hash !== at.hash)
          throw new JournalError(
            'consumer_diverged',
            there === undefined && !read.some((e) => e.seq > position)
              ? `Consumer of ${source} applied up to seq ${position}, but that journal now ends before it: events it applied were lost (a restore); reconcile them by hand before it goes on`
              : `Consumer of ${source} applied event ${position} with hash ${at.hash}, but that journal now has another event there: reconcile by hand before it goes on`,
            `Bộ xử lý nhật ký ${source} phát hiện nhật ký nguồn đã thay đổi; cần đối soát trước khi tiếp tục`,
            { source, seq: position.toString() },
          );
      }
      const limit = deps.until?.();
      const events = read.filter((e) => e.seq > position && (limit === undefined || e.seq <= limit));
      let applied = 0;
      for (const e of events) {
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
        hash = e.hash;
        applied++;
      }
      if (events.length > 0) await repo.setConsumerPosition(j(trx), source, position, hash!, now);
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
