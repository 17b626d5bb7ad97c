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
import { chartAccount, OFFICE_KINDS } from './chart/index.ts';
import {
  createFinance,
  financeCell,
  financeMigrations,
  receiveVaultCash,
  type Finance,
  type FinanceTables,
} from './index.ts';

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

/** Opens each office's chart of accounts, as the chart consumer does when the core cell opens an office. */
export async function openOfficeAccounts(
  finance: Finance,
  offices: ReadonlyArray<readonly [id: string, name: string]>,
): Promise<void> {
  for (const [id, name] of offices)
    await finance.ledger.openAccounts(
      OFFICE_KINDS.map((k) => chartAccount(id, name, k)),
      'system:chart',
    );
}

/** Puts cash in an office's vault, as head office sends it. */
export async function fillVault(finance: Finance, officeId: string, amount: bigint): Promise<void> {
  await receiveVaultCash(finance, officeId, amount, 'system:test');
}
