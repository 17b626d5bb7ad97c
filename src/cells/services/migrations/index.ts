import { journalMigrations, requestKeyMigration } from '../../../journal/index.ts';
import * as createServices from './2026_12_07_0900_create_services.ts';

/** The services cell's frozen migrations, in the order they run. */
export const servicesMigrations = {
  ...journalMigrations,
  '2026_12_06_2100_create_request_key': requestKeyMigration,
  '2026_12_07_0900_create_services': createServices,
} as const;
