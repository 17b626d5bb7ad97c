import * as createJournal from './2026_11_25_0600_create_journal.ts';
import * as createJournalTree from './2026_11_25_1900_create_journal_tree.ts';
import * as createJournalCheckpoint from './2026_11_25_2000_create_journal_checkpoint.ts';
import * as createJournalCanary from './2026_12_04_1600_create_journal_canary.ts';
import * as consumerHash from './2026_12_04_1800_consumer_hash.ts';

/** The journal's own frozen migrations; every cell's migration set starts with them. */
export const migration = {
  '2026_11_25_0600_create_journal': createJournal,
  '2026_11_25_1900_create_journal_tree': createJournalTree,
  '2026_11_25_2000_create_journal_checkpoint': createJournalCheckpoint,
  '2026_12_04_1600_create_journal_canary': createJournalCanary,
  '2026_12_04_1800_consumer_hash': consumerHash,
} as const;
