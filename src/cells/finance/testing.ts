// Test support for the finance cell: a migrated, empty finance cell on a fresh storage.
import { join } from 'node:path';
import { createJournal, type CellDefinition, type Journal } from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import {
  createAttachments,
  migrateCell,
  type Attachments,
  type CellDatabase,
  type Dialect,
} from '../../storage/index.ts';
import { openTestStorage, type TestStorage } from '../../storage/testing.ts';
import { createFinance, financeCell, financeMigrations, type Finance, type FinanceTables } from './index.ts';

export interface TestFinance {
  t: TestStorage;
  definition: CellDefinition<FinanceTables>;
  attachments: Attachments;
  cell: CellDatabase<FinanceTables>;
  journal: Journal<FinanceTables>;
  finance: Finance;
}

export async function openTestFinance(dialect: Dialect, clock: Clock): Promise<TestFinance> {
  const t = await openTestStorage(dialect);
  const cell = await t.storage.openCell<FinanceTables>('finance');
  await migrateCell(cell, financeMigrations);
  const attachments = createAttachments(join(t.dataDir, 'attachments', 'finance'));
  const definition = financeCell(attachments);
  const journal = createJournal({ cell: definition, db: cell.db, clock });
  return {
    t,
    cell,
    definition,
    attachments,
    journal,
    finance: createFinance({ db: cell.db, journal, clock, attachments }),
  };
}
