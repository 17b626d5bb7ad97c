// Test support for the retail cell: the cell alone, migrated on a fresh storage, with its journal and its modules,
// and verify over it; and the products the ledger's and the modules' tests stock.
import { createJournal, verifyCell, type CellVerifyReport, type Journal } from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { migrateCell, type Dialect, type Kysely } from '../../storage/index.ts';
import { openTestStorage, type TestStorage } from '../../storage/testing.ts';
import { createRetail, retailCell, type Retail } from './index.ts';
import type { RetailTables } from './retail-tables.ts';

export interface RetailCellUnderTest {
  t: TestStorage;
  db: Kysely<RetailTables>;
  journal: Journal<RetailTables>;
  retail: Retail;
  /** The cell's verify (chain, replay against the tables, the cell's invariants). */
  verify(): Promise<CellVerifyReport>;
  close(): Promise<void>;
}

/** The retail cell on a fresh storage of a dialect. */
export async function openRetailCell(dialect: Dialect, clock: Clock): Promise<RetailCellUnderTest> {
  const t = await openTestStorage(dialect);
  const cell = await t.storage.openCell<RetailTables>(retailCell.name);
  await migrateCell(cell, retailCell.migrations);
  const journal = createJournal({ cell: retailCell, db: cell.db, clock });
  return {
    t,
    db: cell.db,
    journal,
    retail: createRetail({ db: cell.db, journal, clock }),
    verify: () => verifyCell({ cell: retailCell, db: cell.db, storage: t.storage, clock }),
    close: () => t.cleanup(),
  };
}
