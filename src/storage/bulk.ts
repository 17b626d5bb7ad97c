// Many rows into one table in few statements, on both dialects, for the repositories that write in bulk.
import { CompiledQuery, type Kysely } from 'kysely';
import { quote } from './common.ts';
import { dialectOfDb } from './dialect.ts';
import type { BatchCache, BulkColumn } from './types.ts';

export type { BatchCache, BulkColumn } from './types.ts';

/**
 * Inserts rows with the given columns: on SQLite a multi-row INSERT whose text depends only on the row count
 * (so SQLite's statement cache keeps it), on PostgreSQL `INSERT … SELECT FROM unnest(arrays)`, one statement
 * to plan however many rows. About a fifth of the cost of building the same INSERT with the query builder.
 */
export async function bulkInsert<DB, R extends object>(
  db: Kysely<DB>,
  table: string,
  columns: ReadonlyArray<BulkColumn<R>>,
  rows: readonly R[],
): Promise<void> {
  if (rows.length === 0) return;
  await dialectOfDb(db).bulkInsert(db as Kysely<unknown>, table, columns, rows);
}

/**
 * Inserts rows bound as Kysely binds them (a bigint as a bigint): on PostgreSQL one array per column, as
 * bulkInsert; on SQLite `cache.chunk` rows a statement, whose SQL Kysely compiles once per chunk size (checked
 * to bind in column order) and `cache` keeps. For a hot path that inserts the same table again and again.
 */
export async function insertBatch<DB, R extends object>(
  db: Kysely<DB>,
  table: string,
  columns: ReadonlyArray<BulkColumn<R>>,
  rows: readonly R[],
  cache: BatchCache,
): Promise<void> {
  if (rows.length === 0) return;
  await dialectOfDb(db).insertBatch(db as Kysely<unknown>, table, columns, rows, cache);
}

/**
 * Updates rows by key with new values of the given columns, in few statements: `UPDATE … FROM` a VALUES
 * list on SQLite (plain SQL text, so SQLite's statement cache keeps it), `UPDATE … FROM unnest(arrays)`
 * on PostgreSQL. The key is the first column.
 */
export async function bulkUpdate<DB, R extends object>(
  db: Kysely<DB>,
  table: string,
  columns: ReadonlyArray<BulkColumn<R>>,
  rows: readonly R[],
): Promise<void> {
  if (rows.length === 0) return;
  if (columns.length < 2) throw new Error('bulkUpdate needs a key column and a column to set');
  await dialectOfDb(db).bulkUpdate(db as Kysely<unknown>, table, columns, rows);
}

/**
 * Reads the given columns of the rows whose key is in `keys`, 500 keys a statement, as plain SQL text that
 * depends only on the chunk's size (building a 500-value IN list with the query builder costs more than the
 * read). Rows come back in no particular order.
 */
export async function selectByKeys<DB, R>(
  db: Kysely<DB>,
  table: string,
  key: string,
  columns: readonly string[],
  keys: readonly string[],
): Promise<R[]> {
  const out: R[] = [];
  const list = columns.map(quote).join(', ');
  const dialect = dialectOfDb(db);
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const marks = dialect.placeholders(chunk.length);
    const text = `select ${list} from ${quote(table)} where ${quote(key)} in (${marks.join(', ')})`;
    out.push(...(await db.executeQuery<R>(CompiledQuery.raw(text, [...chunk]))).rows);
  }
  return out;
}
