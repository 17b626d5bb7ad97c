import * as createJournal from './2026_11_25_0600_create_journal.ts';

/** The journal's own frozen migrations; every cell's migration set starts with them. */
export const migration = { '2026_11_25_0600_create_journal': createJournal } as const;
