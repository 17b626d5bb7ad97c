// SQLite's bulk statements: plain multi-row SQL whose text depends only on the row count, so that SQLite's
// statement cache keeps it.
import { CompiledQuery, type Kysely } from 'kysely';
import { bulkValue, quote } from '../common.ts';
import type { BatchCache, BulkColumn, BulkWrite } from '../types.ts';

// SQLite binds at most 32,766 parameters a statement.
const SQLITE_PARAMETERS = 30_000;

/** The rows' values in column order, for SQLite's `?` placeholders. */
function sqliteParameters<R>(chunk: readonly R[], columns: ReadonlyArray<BulkColumn<R>>): unknown[] {
  const out: unknown[] = [];
  for (const r of chunk) for (const c of columns) out.push(bulkValue(r, c.name));
  return out;
}

/** Runs one statement per chunk of `per` rows, its text made from the chunk's row count. */
async function perChunk<R>(
  db: Kysely<unknown>,
  rows: readonly R[],
  columns: ReadonlyArray<BulkColumn<R>>,
  text: (count: number) => string,
): Promise<void> {
  const per = Math.max(1, Math.floor(SQLITE_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await db.executeQuery(CompiledQuery.raw(text(chunk.length), sqliteParameters(chunk, columns)));
  }
}

const repeat = (count: number, row: string) => Array.from({ length: count }, () => row).join(', ');

export const sqliteBulkInsert: BulkWrite = async (db, table, columns, rows) => {
  const names = columns.map((c) => quote(c.name)).join(', ');
  const row = `(${columns.map(() => '?').join(', ')})`;
  await perChunk(db, rows, columns, (n) => `insert into ${quote(table)} (${names}) values ${repeat(n, row)}`);
};

export const sqliteBulkUpdate: BulkWrite = async (db, table, columns, rows) => {
  const [key, ...rest] = columns;
  const t = quote(table);
  // VALUES columns are column1… (SQLite cannot rename them); casts keep integers integers.
  const set = rest.map((c, k) => `${quote(c.name)} = v.column${k + 2}`).join(', ');
  const row = `(${columns.map((c) => (c.type === 'bigint' ? 'cast(? as integer)' : '?')).join(', ')})`;
  await perChunk(
    db,
    rows,
    columns,
    (n) =>
      `update ${t} set ${set} from (values ${repeat(n, row)}) as v where ${t}.${quote(key!.name)} = v.column1`,
  );
};

/**
 * One INSERT per chunk, its SQL compiled by Kysely once per chunk size and kept in the cache: building and
 * compiling a 1,000-row INSERT with the query builder costs about as much as SQLite writing the rows.
 */
export async function sqliteInsertBatch<R extends object>(
  db: Kysely<unknown>,
  table: string,
  columns: ReadonlyArray<BulkColumn<R>>,
  rows: readonly R[],
  cache: BatchCache,
): Promise<void> {
  const names = columns.map((c) => c.name);
  for (let i = 0; i < rows.length; i += cache.chunk) {
    const chunk = rows.slice(i, i + cache.chunk);
    // undefined is bound as null, as Kysely's builder would leave an absent column to its NULL default.
    const parameters: unknown[] = [];
    for (const row of chunk) for (const n of names) parameters.push(row[n] ?? null);
    let text = cache.sql.get(chunk.length);
    if (text === undefined) {
      // Rows built with their keys in another order (read back from JSON) must give the same SQL.
      const ordered = chunk.map((row) => Object.fromEntries(names.map((n) => [n, row[n] ?? null])));
      const compiled = (db as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto(table)
        .values(ordered)
        .compile();
      // The SQL is reused with parameters bound row by row in column order: check that it is so.
      if (
        compiled.parameters.length !== parameters.length ||
        compiled.parameters.some((p, k) => p !== parameters[k])
      )
        throw new Error(`${table} INSERT does not bind its parameters in column order`);
      text = compiled.sql;
      if (cache.sql.size >= cache.sizes) cache.sql.delete(cache.sql.keys().next().value!);
      cache.sql.set(chunk.length, text);
    }
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

export const sqlitePlaceholders = (count: number): string[] => Array.from({ length: count }, () => '?');
