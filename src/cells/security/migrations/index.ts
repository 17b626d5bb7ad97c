import { journalMigrations } from '../../../journal/index.ts';
import * as createSecurity from './2026_12_04_1500_create_security.ts';

/** The security cell's frozen migrations, in the order they run. */
export const securityMigrations = {
  ...journalMigrations,
  '2026_12_04_1500_create_security': createSecurity,
} as const;
