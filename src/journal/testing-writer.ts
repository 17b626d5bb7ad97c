// A separate process that appends through a read-then-write command, for the test that several processes
// writing one SQLite cell queue instead of failing. Usage: node testing-writer.ts DATA_DIR CELL COUNT
import { ManualClock } from '../platform/clock.ts';
import { createStorage } from '../storage/index.ts';
import { createJournal } from './journal.ts';
import { counterAdded, tallyCell, type TallyTables } from './testing.ts';

const [dataDir, cellName, count] = process.argv.slice(2);
const storage = await createStorage({ dialect: 'sqlite', dataDir: dataDir! });
const cell = await storage.openCell<TallyTables>(cellName!, { create: false });
const journal = createJournal({
  cell: tallyCell(),
  db: cell.db,
  clock: new ManualClock('2026-11-25T03:10:00Z'),
});
for (let i = 0; i < Number(count); i++) {
  await journal.transaction(async (trx) => {
    // Read first, then write: the pattern that fails at once under a deferred BEGIN.
    const n = await journal.countEvents(trx, counterAdded.type);
    await journal.append(trx, counterAdded, {
      stream: 'w',
      actor: `pid${process.pid}`,
      payload: { name: 'w', by: Number(n % 5n) + 1 },
    });
  });
}
await storage.close();
