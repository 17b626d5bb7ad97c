import { journalMigrations, requestKeyMigration } from '../../../journal/index.ts';
import * as createDelivery from './2026_11_25_1800_create_delivery.ts';
import * as itemOwner from './2026_12_07_0700_item_owner_and_receivers.ts';
import * as overviewIndexes from './2026_12_09_1000_overview_indexes.ts';

/** The delivery cell's frozen migrations, in the order they run. */
export const deliveryMigrations = {
  ...journalMigrations,
  '2026_11_25_1800_create_delivery': createDelivery,
  '2026_12_06_2100_create_request_key': requestKeyMigration,
  '2026_12_07_0700_item_owner_and_receivers': itemOwner,
  '2026_12_09_1000_overview_indexes': overviewIndexes,
} as const;
