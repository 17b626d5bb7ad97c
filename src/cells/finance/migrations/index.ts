import { journalMigrations, requestKeyMigration } from '../../../journal/index.ts';
import * as createLedger from './2026_11_25_1400_create_ledger.ts';
import * as createTill from './2026_11_25_1500_create_till.ts';
import * as createPension from './2026_11_25_1600_create_pension.ts';
import * as pensionPayouts from './2026_11_25_1700_pension_payouts.ts';
import * as createCod from './2026_11_25_1800_create_cod.ts';
import * as createLedgerRefusal from './2026_12_06_2200_create_ledger_refusal.ts';
import * as createAgency from './2026_12_07_1000_create_agency.ts';
import * as codOwnedItem from './2026_12_08_1000_cod_owned_item.ts';
import * as overviewIndexes from './2026_12_09_1000_overview_indexes.ts';

/** The finance cell's frozen migrations, in the order they run. */
export const financeMigrations = {
  ...journalMigrations,
  '2026_11_25_1400_create_ledger': createLedger,
  '2026_11_25_1500_create_till': createTill,
  '2026_11_25_1600_create_pension': createPension,
  '2026_11_25_1700_pension_payouts': pensionPayouts,
  '2026_11_25_1800_create_cod': createCod,
  '2026_12_06_2100_create_request_key': requestKeyMigration,
  '2026_12_06_2200_create_ledger_refusal': createLedgerRefusal,
  '2026_12_07_1000_create_agency': createAgency,
  '2026_12_08_1000_cod_owned_item': codOwnedItem,
  '2026_12_09_1000_overview_indexes': overviewIndexes,
} as const;
