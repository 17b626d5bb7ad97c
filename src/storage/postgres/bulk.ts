// PostgreSQL's bulk statements: one typed array per column, unnested, so one small statement is parsed and
// planned whatever the number of rows.
import { sql, type Kysely } from 'kysely';
import { bulkValue, quote } from '../common.ts';
import type { BulkColumn, BulkWrite } from '../types.ts';

const PG_ROWS = 5_000;

/** The rows as one typed PostgreSQL array per column, for `unnest`; `raw` keeps each value as it is. */
const pgArrays = <R>(chunk: readonly R[], columns: ReadonlyArray<BulkColumn<R>>, raw = false) =>
  sql.join(
    columns.map(
      (c) =>
        sql`${sql.val(chunk.map((r) => (raw ? ((r[c.name] as unknown) ?? null) : bulkValue(r, c.name))))}::${sql.raw(c.type)}[]`,
    ),
  );

export async function postgresBulkInsert<R extends object>(
  db: Kysely<unknown>,
  table: string,
  columns: ReadonlyArray<BulkColumn<R>>,
  rows: readonly R[],
  raw = false,
): Promise<void> {
  const names = columns.map((c) => quote(c.name)).join(', ');
  for (let i = 0; i < rows.length; i += PG_ROWS) {
    const chunk = rows.slice(i, i + PG_ROWS);
    await sql`insert into ${sql.raw(quote(table))} (${sql.raw(names)}) select * from unnest(${pgArrays(chunk, columns, raw)})`.execute(
      db,
    );
  }
}

export const postgresBulkUpdate: BulkWrite = async (db, table, columns, rows) => {
  const [key, ...rest] = columns;
  const t = quote(table);
  for (let i = 0; i < rows.length; i += PG_ROWS) {
    const chunk = rows.slice(i, i + PG_ROWS);
    const set = rest.map((c) => `${quote(c.name)} = v.${quote(c.name)}`).join(', ');
    const names = columns.map((c) => quote(c.name)).join(', ');
    await sql`update ${sql.raw(t)} set ${sql.raw(set)} from unnest(${pgArrays(chunk, columns)}) as v(${sql.raw(names)})
        where ${sql.raw(t)}.${sql.raw(quote(key!.name))} = v.${sql.raw(quote(key!.name))}`.execute(db);
  }
};

export const postgresPlaceholders = (count: number): string[] =>
  Array.from({ length: count }, (_, k) => `$${k + 1}`);
