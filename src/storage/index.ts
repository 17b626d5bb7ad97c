// Storage's door: Kysely over node:sqlite (sqlite/) or PostgreSQL (postgres/), one database per cell, and the
// functions both dialects answer, so that nothing outside storage/ asks which dialect it is on.
export {
  createStorage,
  createTempTableLike,
  dropTempTable,
  existingCells,
  fencedStatement,
  keepsCellsInFiles,
  oneConnection,
  pingCell,
  restoreStaging,
  schemaPrefixOf,
  selectArrays,
  snapshotFormatOf,
  snapshotTransaction,
  tableNames,
  writeTransaction,
  type OpenCellOptions,
  type CellDatabase,
  type Dialect,
  type RestoreStaging,
  type ScratchDatabase,
  type Storage,
  type StorageConfig,
} from './storage.ts';
export { parseDatabaseUrl } from './postgres/database.ts';
export { underSavepoint } from './savepoint.ts';
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
export {
  bulkInsert,
  bulkUpdate,
  insertBatch,
  selectByKeys,
  type BatchCache,
  type BulkColumn,
} from './bulk.ts';
export { loadSnapshot, sqliteQuickCheck, writeSnapshot, type SnapshotFormat } from './snapshot.ts';
/** Kysely's types, for code that hands a database or transaction on without building a query itself. */
export type { Kysely, RawBuilder, Selectable, Transaction } from 'kysely';
