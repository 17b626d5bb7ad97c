// What the finance cell is made of and what it is given: apart from its door, so that its routes can name
// them without importing the door that exports the routes.
import type { Attachments, Kysely } from '../../storage/index.ts';
import type { Journal } from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { FinanceTables } from './finance-tables.ts';
import type { Agencies } from './agency/index.ts';
import type { Cod } from './cod/index.ts';
import type { Ledger, LedgerDeps } from './ledger/index.ts';
import type { Payouts, Pensions } from './pensions/index.ts';
import type { Overviews } from './overview/index.ts';
import type { Reports } from './reports/index.ts';
import type { Tills } from './tills/index.ts';

export interface FinanceDeps {
  db: Kysely<FinanceTables>;
  journal: Journal<FinanceTables>;
  clock: Clock;
  attachments: Attachments;
  /** Raises security's alert when the ledger refuses a transfer of the platform's own. */
  alarm?: LedgerDeps['alarm'];
}

export interface Finance {
  ledger: Ledger;
  tills: Tills;
  reports: Reports;
  overviews: Overviews;
  pensions: Pensions;
  payouts: Payouts;
  cod: Cod;
  agencies: Agencies;
}
