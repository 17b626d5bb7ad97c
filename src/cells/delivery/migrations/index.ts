import { journalMigrations } from '../../../journal/index.ts';
import * as createDelivery from './2026_11_25_1800_create_delivery.ts';

/** The delivery cell's frozen migrations, in the order they run. */
export const deliveryMigrations = {
  ...journalMigrations,
  '2026_11_25_1800_create_delivery': createDelivery,
} as const;
