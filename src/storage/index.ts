export {
  createStorage,
  dialectOf,
  parseDatabaseUrl,
  pingCell,
  snapshotTransaction,
  writeTransaction,
  type OpenCellOptions,
  type CellDatabase,
  type Dialect,
  type ScratchDatabase,
  type Storage,
  type StorageConfig,
} from './storage.ts';
export {
  assertMigrated,
  migrateCell,
  type Migration,
  type MigrationReport,
  type MigrationSet,
} from './migrator.ts';
export { StorageError, type StorageErrorCode } from './storage-error.ts';
export {
  createAttachments,
  type Attachment,
  type Attachments,
  type PendingAttachment,
} from './attachments.ts';
export { ROWS_AS_ARRAYS } from './sqlite-database.ts';
export { bulkInsert, bulkUpdate, selectByKeys, type BulkColumn } from './bulk.ts';
export { loadSnapshot, sqliteQuickCheck, writeSnapshot, type SnapshotFormat } from './snapshot.ts';
/** Kysely's types, for code that hands a database or transaction on without building a query itself. */
export type { Kysely, Selectable, Transaction } from 'kysely';
