// Test support for the finance cell: a migrated, empty finance cell on a fresh storage.
import { createJournal, type Journal } from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { migrateCell, type CellDatabase, type Dialect } from '../../storage/index.ts';
import { openTestStorage, type TestStorage } from '../../storage/testing.ts';
import { createFinance, financeCell, type Finance, type FinanceTables } from './index.ts';

export interface TestFinance {
  t: TestStorage;
  cell: CellDatabase<FinanceTables>;
  journal: Journal<FinanceTables>;
  finance: Finance;
}

export async function openTestFinance(dialect: Dialect, clock: Clock): Promise<TestFinance> {
  const t = await openTestStorage(dialect);
  const cell = await t.storage.openCell<FinanceTables>('finance');
  await migrateCell(cell, financeCell.migrations);
  const journal = createJournal({ cell: financeCell, db: cell.db, clock });
  return { t, cell, journal, finance: createFinance({ db: cell.db, journal, clock }) };
}
