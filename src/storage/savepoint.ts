// A savepoint around some work of a write transaction, the same on both dialects.
import { sql, type Kysely } from 'kysely';

/**
 * Runs fn under a savepoint of the caller's write transaction: released when it succeeds, rolled back (everything
 * fn wrote undone, the transaction going on) when it throws. What lets a statement fail without spoiling
 * PostgreSQL's transaction, and several commands share one commit, each undone alone when it fails.
 */
export async function underSavepoint<DB, T>(db: Kysely<DB>, name: string, fn: () => Promise<T>): Promise<T> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`savepoint name ${name} is not an identifier`);
  await sql`savepoint ${sql.raw(name)}`.execute(db);
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    await sql`rollback to savepoint ${sql.raw(name)}`.execute(db);
    await sql`release savepoint ${sql.raw(name)}`.execute(db);
    throw err;
  }
  await sql`release savepoint ${sql.raw(name)}`.execute(db);
  return result;
}
