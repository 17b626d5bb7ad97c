import { journalMigrations, requestKeyMigration } from '../../../journal/index.ts';
import * as createRetail from './2026_12_08_0900_create_retail.ts';

/** The retail cell's frozen migrations, in the order they run. */
export const retailMigrations = {
  ...journalMigrations,
  '2026_12_06_2100_create_request_key': requestKeyMigration,
  '2026_12_08_0900_create_retail': createRetail,
} as const;
