import { journalMigrations, requestKeyMigration } from '../../../journal/index.ts';
import * as createDelivery from './2026_11_25_1800_create_delivery.ts';

/** The delivery cell's frozen migrations, in the order they run. */
export const deliveryMigrations = {
  ...journalMigrations,
  '2026_11_25_1800_create_delivery': createDelivery,
  '2026_12_06_2100_create_request_key': requestKeyMigration,
} as const;
