import { sql, type Kysely } from 'kysely';

/**
 * BEGIN IMMEDIATE: a deferred transaction that reads and then writes cannot wait for another process's
 * writer (SQLite fails it at once with "database is locked"); an immediate one waits up to the busy timeout.
 */
export async function sqliteWriteTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}

/** In WAL mode a deferred read transaction sees one snapshot throughout. */
export async function sqliteSnapshotTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(fn);
}

/** A failed statement undoes only itself in SQLite: the transaction goes on without a savepoint. */
export function sqliteFenced<T>(_db: Kysely<unknown>, _name: string, fn: () => Promise<T>): Promise<T> {
  return fn();
}
