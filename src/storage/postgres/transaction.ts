import type { Kysely } from 'kysely';
import { underSavepoint } from '../savepoint.ts';

/** Each row PostgreSQL writes is locked till commit: a plain transaction holds the write lock it needs. */
export async function postgresWriteTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(fn);
}

/** REPEATABLE READ, read only: one snapshot throughout. */
export async function postgresSnapshotTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn);
}

/** PostgreSQL abandons a transaction at its first failed statement unless a savepoint fences it. */
export function postgresFenced<T>(db: Kysely<unknown>, name: string, fn: () => Promise<T>): Promise<T> {
  return underSavepoint(db, name, fn);
}
