import { journalMigrations } from '../../../journal/index.ts';
import * as createSecurity from './2026_12_04_1500_create_security.ts';
import * as createEvidence from './2026_12_04_1700_create_evidence.ts';

/** The security cell's frozen migrations, in the order they run. */
export const securityMigrations = {
  ...journalMigrations,
  '2026_12_04_1500_create_security': createSecurity,
  '2026_12_04_1700_create_evidence': createEvidence,
} as const;
