import { journalMigrations } from '../../../journal/index.ts';
import * as createGeo from './2026_11_25_0700_create_geo.ts';
import * as createOffice from './2026_11_25_0900_create_office.ts';
import * as createStaff from './2026_11_25_1000_create_staff.ts';

/** The core cell's frozen migrations, in the order they run. */
export const coreMigrations = {
  ...journalMigrations,
  '2026_11_25_0700_create_geo': createGeo,
  '2026_11_25_0900_create_office': createOffice,
  '2026_11_25_1000_create_staff': createStaff,
} as const;
