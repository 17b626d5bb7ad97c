import { DomainError } from '../platform/errors.ts';

export type StorageErrorCode =
  | 'invalid_database_url'
  | 'database_unreachable'
  | 'data_dir_unwritable'
  | 'migration_failed'
  | 'database_unavailable'
  | 'cell_missing'
  | 'migration_pending'
  | 'attachment_too_large'
  | 'attachment_missing'
  | 'attachment_corrupt';

/** Errors of the storage layer: configuration, connectivity and migrations. */
export class StorageError extends DomainError<StorageErrorCode> {
  readonly cell = 'storage';
}
