// The journal's tests on one dialect: a fresh tally cell database per test (so that tampering in one cannot
// leak into another), with the few moves every such test makes: add to a counter, verify, count the events.
import { after, before } from 'node:test';
import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { migrateCell, type CellDatabase, type Dialect } from '../storage/index.ts';
import { openTestStorage, type TestStorage } from '../storage/testing.ts';
import { counterAdded, tallyCell, type TallyTables } from './testing.ts';
import { createJournal, verifyCell, type CellDefinition, type Journal } from './index.ts';

/** Opens the dialect's test storage before the suite's tests and removes it after them. */
export function freshTallies(dialect: Dialect, cell: CellDefinition<TallyTables>, clock: Clock) {
  let t: TestStorage;
  let c: CellDatabase<TallyTables>;
  let journal: Journal<TallyTables>;
  before(async () => {
    t = await openTestStorage(dialect);
  });
  after(async () => {
    await t.cleanup();
  });
  let n = 0;
  return {
    /** A new cell database `tally<n>`, migrated, and its journal. */
    async fresh(): Promise<{
      t: TestStorage;
      c: CellDatabase<TallyTables>;
      journal: Journal<TallyTables>;
      n: number;
    }> {
      n++;
      const def = tallyCell();
      c = await t.storage.openCell<TallyTables>(`tally${n}`);
      await migrateCell(c, def.migrations);
      journal = createJournal({ cell, db: c.db, clock });
      return { t, c, journal, n };
    },
    /** Adds to a counter of the fresh cell, in a command of its own. */
    add: (name: string, by: number) =>
      journal.transaction((trx) =>
        journal.append(trx, counterAdded, { stream: name, actor: 'stf_test', payload: { name, by } }),
      ),
    /** Verifies the fresh cell. */
    verify: () => verifyCell({ cell, db: c.db, storage: t.storage, clock }),
    /** The events a cell's journal holds. */
    count: async (db: Kysely<TallyTables>) =>
      (
        await db
          .selectFrom('journal_event')
          .select((eb) => eb.fn.countAll<bigint>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
  };
}
