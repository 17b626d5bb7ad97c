import { journalMigrations } from '../../../journal/index.ts';
import * as createGeo from './2026_11_25_0700_create_geo.ts';

/** The core cell's frozen migrations, in the order they run. */
export const coreMigrations = {
  ...journalMigrations,
  '2026_11_25_0700_create_geo': createGeo,
} as const;
