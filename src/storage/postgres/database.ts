// PostgreSQL's connections: the URL checked, int8 read as bigint, an unreachable server named with its cause,
// and a short-lived admin client for work on schemas (restore's staging).
import pg from 'pg';
import { StorageError } from '../storage-error.ts';

/** Parses and checks a PostgreSQL URL so that a typo fails with one clear line instead of a stack trace. */
export function parseDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StorageError(
      'invalid_database_url',
      `POSTCORE_DATABASE_URL is not a URL (${JSON.stringify(url)}): use postgres://user@host:5432/database`,
      'POSTCORE_DATABASE_URL không hợp lệ: dùng dạng postgres://user@host:5432/database',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StorageError(
      'invalid_database_url',
      `POSTCORE_DATABASE_URL must start with postgres:// (got ${parsed.protocol}//): use postgres://user@host:5432/database`,
      'POSTCORE_DATABASE_URL phải bắt đầu bằng postgres://',
    );
  }
  if (parsed.hostname === '' || parsed.pathname.length <= 1) {
    throw new StorageError(
      'invalid_database_url',
      'POSTCORE_DATABASE_URL must name a host and a database: use postgres://user@host:5432/database',
      'POSTCORE_DATABASE_URL phải có máy chủ và tên cơ sở dữ liệu',
    );
  }
  return parsed;
}

// The PostgreSQL half of "int8 is bigint": one parser for every pool postcore opens.
const PG_INT8_OID = 20;
const parseInt8 = (value: string): bigint => BigInt(value);
export const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === PG_INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export function describeUrl(url: URL): string {
  return `${url.hostname}:${url.port === '' ? '5432' : url.port}${url.pathname}`;
}

export function unreachable(url: URL, err: unknown): StorageError {
  const code = err !== null && typeof err === 'object' && 'code' in err ? String(err.code) : '';
  const detail = err instanceof Error ? err.message : String(err);
  const hint =
    code === '3D000'
      ? 'create the database or fix POSTCORE_DATABASE_URL'
      : code === '28000' || code === '28P01'
        ? 'check the user and password in POSTCORE_DATABASE_URL'
        : 'start PostgreSQL or fix POSTCORE_DATABASE_URL';
  return new StorageError(
    'database_unreachable',
    `PostgreSQL at ${describeUrl(url)} cannot be reached (${code || detail}): ${hint}`,
    `Không kết nối được PostgreSQL tại ${describeUrl(url)}: hãy khởi động PostgreSQL hoặc sửa POSTCORE_DATABASE_URL`,
    { code, detail },
  );
}

/** Runs fn on a client of its own, closed afterwards. */
export async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The schemas among `names` that exist. */
export async function existingSchemas(url: string, names: readonly string[]): Promise<string[]> {
  const rows = await withAdmin(
    url,
    async (c) =>
      (
        await c.query<{ nspname: string }>('select nspname from pg_namespace where nspname = any($1)', [
          names,
        ])
      ).rows,
  );
  return rows.map((r) => r.nspname);
}

/** Renames `<from><cell>` to `<to><cell>` for each cell, all or none. */
export async function renameSchemas(
  url: string,
  from: string,
  to: string,
  cells: readonly string[],
): Promise<void> {
  await withAdmin(url, async (c) => {
    await c.query('begin');
    for (const n of cells) await c.query(`alter schema "${from}${n}" rename to "${to}${n}"`);
    await c.query('commit');
  });
}

/** Drops every schema whose name starts with `prefix`; never fails (a clean-up on the way out). */
export async function dropSchemas(url: string, prefix: string): Promise<void> {
  await withAdmin(url, async (c) => {
    const rows = (
      await c.query<{ nspname: string }>('select nspname from pg_namespace where starts_with(nspname, $1)', [
        prefix,
      ])
    ).rows;
    for (const r of rows) await c.query(`drop schema if exists "${r.nspname}" cascade`);
  }).catch(() => undefined);
}
