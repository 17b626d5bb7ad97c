import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { kyselySqliteDatabase, openSqliteFile, type SwappableSqlite } from './sqlite-database.ts';
import { DatabaseSync } from 'node:sqlite';
import { StorageError } from './storage-error.ts';

export type Dialect = 'sqlite' | 'postgres';

export type StorageConfig =
  | { dialect: 'sqlite'; dataDir: string }
  | { dialect: 'postgres'; url: string; schemaPrefix?: string; poolSize?: number };

/** One cell's database: a SQLite file, or a PostgreSQL schema reached through its own pool. */
export interface CellDatabase<DB> {
  readonly cell: string;
  readonly dialect: Dialect;
  /** Where the data lives, for logs and reports: a file path or `postgres:schema`. */
  readonly location: string;
  /** The PostgreSQL schema that holds the cell; undefined on SQLite. */
  readonly schema?: string;
  readonly db: Kysely<DB>;
  close(): Promise<void>;
}

/** An empty database for one cell (a temporary file or schema), used by replay and removed by drop(). */
export interface ScratchDatabase<DB> extends CellDatabase<DB> {
  drop(): Promise<void>;
}

export interface OpenCellOptions {
  /**
   * False to refuse a cell whose file or schema does not exist yet (verify, restore checks) instead of
   * creating an empty one; true by default.
   */
  create?: boolean;
}

export interface Storage {
  readonly dialect: Dialect;
  describe(): string;
  openCell<DB>(cell: string, options?: OpenCellOptions): Promise<CellDatabase<DB>>;
  openScratch<DB>(cell: string): Promise<ScratchDatabase<DB>>;
  /** Where a cell's SQLite file is (restore puts a snapshot there); PostgreSQL has no such file. */
  cellFile(cell: string): string;
  /**
   * Puts a restored copy in place of an open cell's database while the process runs: on SQLite `source` is a
   * restored file, moved in after the current files are moved to `keep` (a path prefix); on PostgreSQL it is
   * the restored schema, renamed to the cell's after the current one is renamed to `keep`. The cell's open
   * handle goes on with the new data. Returns where the replaced data went.
   */
  replaceCell(cell: string, source: string, keep: string): Promise<string>;
  /** Deletes a cell's database (its SQLite files, or its PostgreSQL schema): only `postcore demo --reset`. */
  dropCell(cell: string): Promise<void>;
  close(): Promise<void>;
}

const CELL_NAME = /^[a-z][a-z0-9_]{0,30}$/;

function checkCellName(cell: string): void {
  if (!CELL_NAME.test(cell)) throw new Error(`invalid cell name ${JSON.stringify(cell)}`);
}

/** Creates the storage for the configured dialect; the only place where the dialect is chosen. */
export async function createStorage(
  config: StorageConfig,
  options: { create?: boolean } = {},
): Promise<Storage> {
  switch (config.dialect) {
    case 'sqlite':
      // A command that only reads must not leave an empty data dir behind where the post's is not.
      if (options.create === false && !existsSync(config.dataDir))
        throw cellMissing('core', config.dataDir, SQLITE_HINT);
      return createSqliteStorage(config.dataDir);
    case 'postgres':
      return createPostgresStorage(config.url, config.schemaPrefix ?? '', config.poolSize ?? 5);
  }
}

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    throw new StorageError(
      'data_dir_unwritable',
      `Data directory ${dir} is not writable (${reason}): create it with write permission or set POSTCORE_DATA_DIR`,
      `Không ghi được vào thư mục dữ liệu ${dir}: hãy cấp quyền ghi hoặc đặt POSTCORE_DATA_DIR`,
      { dir, reason },
    );
  }
}

const SQLITE_HINT =
  "point POSTCORE_DATA_DIR at the post's data dir (or POSTCORE_DATABASE_URL at its database), or run postcore migrate first";

function cellMissing(cell: string, where: string, hint: string): StorageError {
  return new StorageError(
    'cell_missing',
    `There is no database for cell ${cell} at ${where}: ${hint}`,
    `Không tìm thấy cơ sở dữ liệu của phân hệ ${cell} tại ${where}`,
    { cell, where },
  );
}

function sqliteCell<DB>(cell: string, path: string): CellDatabase<DB> {
  let file;
  try {
    file = openSqliteFile(path);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new StorageError(
      'database_unavailable',
      `Cannot open the database of cell ${cell} at ${path} (${detail}): restore it from the vault or move it aside`,
      `Không mở được cơ sở dữ liệu của phân hệ ${cell}; hãy báo bộ phận an ninh`,
      { cell, path, detail },
    );
  }
  const adapter = kyselySqliteDatabase(file);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: adapter }) });
  adapters.set(db, adapter);
  return { cell, dialect: 'sqlite', location: path, db, close: () => db.destroy() };
}

/** The adapter under each SQLite cell's Kysely, to swap its connection on replaceCell. */
const adapters = new WeakMap<object, SwappableSqlite>();

function notReplaceable(cell: string, source: string, why: string): StorageError {
  return new StorageError(
    'database_unavailable',
    `Cannot put ${source} in place of cell ${cell}: ${why}; nothing was changed`,
    `Không thay được cơ sở dữ liệu của phân hệ ${cell}; chưa thay đổi gì`,
    { cell, source },
  );
}

function createSqliteStorage(dataDir: string): Storage {
  ensureWritableDir(dataDir);
  const open: CellDatabase<unknown>[] = [];
  return {
    dialect: 'sqlite',
    describe: () => `sqlite:${dataDir}`,
    openCell<DB>(cell: string, options: OpenCellOptions = {}) {
      checkCellName(cell);
      const path = join(dataDir, `${cell}.sqlite`);
      if (options.create === false && !existsSync(path))
        return Promise.reject(cellMissing(cell, path, SQLITE_HINT));
      const c = sqliteCell<DB>(cell, path);
      open.push(c as CellDatabase<unknown>);
      return Promise.resolve(c);
    },
    async openScratch<DB>(cell: string) {
      checkCellName(cell);
      const dir = join(tmpdir(), 'postcore-scratch');
      ensureWritableDir(dir);
      const path = join(dir, `${cell}-${process.pid}-${randomBytes(6).toString('hex')}.sqlite`);
      const c = sqliteCell<DB>(cell, path);
      // A scratch copy is thrown away on a crash: it need not reach the disk at each commit.
      await sql`pragma synchronous = off`.execute(c.db);
      const scratch: ScratchDatabase<DB> = {
        ...c,
        drop: async () => {
          await c.db.destroy();
          for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
        },
      };
      return scratch;
    },
    cellFile(cell) {
      checkCellName(cell);
      return join(dataDir, `${cell}.sqlite`);
    },
    async replaceCell(cell, source, keep) {
      checkCellName(cell);
      const path = join(dataDir, `${cell}.sqlite`);
      const handles = open.filter((c) => c.cell === cell);
      try {
        const probe = new DatabaseSync(source, { readOnly: true });
        try {
          probe.prepare('select seq from journal_head').all();
        } finally {
          probe.close();
        }
      } catch (err) {
        throw notReplaceable(
          cell,
          source,
          `it is not a cell database (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      mkdirSync(dirname(keep), { recursive: true });
      for (const h of handles) adapters.get(h.db)?.replace(new DatabaseSync(':memory:'));
      for (const suffix of ['', '-wal', '-shm'])
        if (existsSync(path + suffix)) renameSync(path + suffix, `${keep}${suffix}`);
      for (const suffix of ['-wal', '-shm'])
        if (existsSync(source + suffix)) renameSync(source + suffix, path + suffix);
      renameSync(source, path);
      for (const h of handles) adapters.get(h.db)?.replace(openSqliteFile(path));
      return Promise.resolve(keep);
    },
    async dropCell(cell) {
      checkCellName(cell);
      const path = join(dataDir, `${cell}.sqlite`);
      await Promise.all(open.filter((c) => c.cell === cell).map((c) => c.close()));
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    },
    async close() {
      await Promise.all(open.splice(0).map((c) => c.close()));
    },
  };
}

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
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === PG_INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function describeUrl(url: URL): string {
  return `${url.hostname}:${url.port === '' ? '5432' : url.port}${url.pathname}`;
}

function unreachable(url: URL, err: unknown): StorageError {
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

async function createPostgresStorage(url: string, schemaPrefix: string, poolSize: number): Promise<Storage> {
  const parsed = parseDatabaseUrl(url);
  const admin = new pg.Pool({ connectionString: url, max: 1, types: pgTypes, connectionTimeoutMillis: 5000 });
  admin.on('error', () => undefined);
  try {
    await admin.query('select 1');
  } catch (err) {
    await admin.end();
    throw unreachable(parsed, err);
  }
  const open: CellDatabase<unknown>[] = [];

  const openSchema = async <DB>(cell: string, schema: string): Promise<CellDatabase<DB>> => {
    await admin.query(`create schema if not exists "${schema}"`);
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      types: pgTypes,
      connectionTimeoutMillis: 5000,
      options: `-c search_path=${schema}`,
    });
    // An idle client that loses its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
    return {
      cell,
      dialect: 'postgres',
      location: `postgres:${schema}`,
      schema,
      db,
      close: () => db.destroy(),
    };
  };

  return {
    dialect: 'postgres',
    describe: () => `postgres:${describeUrl(parsed)}`,
    async openCell<DB>(cell: string, options: OpenCellOptions = {}) {
      checkCellName(cell);
      const schema = `${schemaPrefix}${cell}`;
      if (options.create === false) {
        const found = await admin.query('select 1 from pg_namespace where nspname = $1', [schema]);
        if (found.rowCount === 0)
          throw cellMissing(
            cell,
            `postgres:${schema}`,
            "point POSTCORE_DATABASE_URL (and POSTCORE_SCHEMA_PREFIX) at the post's database, or run postcore migrate first",
          );
      }
      const c = await openSchema<DB>(cell, schema);
      open.push(c as CellDatabase<unknown>);
      return c;
    },
    async openScratch<DB>(cell: string) {
      checkCellName(cell);
      const schema = `${schemaPrefix}${cell}_scratch_${randomBytes(5).toString('hex')}`;
      const c = await openSchema<DB>(cell, schema);
      return {
        ...c,
        drop: async () => {
          await c.db.destroy();
          await admin.query(`drop schema if exists "${schema}" cascade`);
        },
      };
    },
    cellFile(cell) {
      throw new Error(`cell ${cell} is a PostgreSQL schema, not a file`);
    },
    async replaceCell(cell, source, keep) {
      checkCellName(cell);
      const schema = `${schemaPrefix}${cell}`;
      const found = await admin.query('select 1 from pg_namespace where nspname = $1', [source]);
      const head = await admin
        .query(
          `select 1 from information_schema.tables where table_schema = $1 and table_name = 'journal_head'`,
          [source],
        )
        .catch(() => ({ rowCount: 0 }));
      if (found.rowCount === 0 || head.rowCount === 0)
        throw notReplaceable(cell, source, 'there is no such schema holding a cell');
      const client = await admin.connect();
      try {
        await client.query('begin');
        await client.query(`alter schema "${schema}" rename to "${keep}"`);
        await client.query(`alter schema "${source}" rename to "${schema}"`);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw notReplaceable(cell, source, err instanceof Error ? err.message : String(err));
      } finally {
        client.release();
      }
      return keep;
    },
    async dropCell(cell) {
      checkCellName(cell);
      await Promise.all(open.filter((c) => c.cell === cell).map((c) => c.close()));
      await admin.query(`drop schema if exists "${schemaPrefix}${cell}" cascade`);
    },
    async close() {
      await Promise.all(open.splice(0).map((c) => c.close()));
      // Idempotent: a shutdown hook and an error path may both close.
      if (!admin.ended) await admin.end();
    },
  };
}

/** Checks that a cell's database answers; used by /ready. */
export async function pingCell<DB>(cell: CellDatabase<DB>): Promise<void> {
  await sql`select 1`.execute(cell.db);
}

/**
 * The dialect behind a Kysely instance or transaction, for the few repository functions that offer the
 * same operation with a faster statement on one dialect.
 */
export function dialectOf<DB>(db: Kysely<DB>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Runs fn in a transaction that holds the write lock from its first statement. On SQLite that is BEGIN
 * IMMEDIATE: a deferred transaction that reads and then writes cannot wait for another process's writer
 * (SQLite fails it at once with "database is locked"); an immediate one waits up to the busy timeout.
 */
export async function writeTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (dialectOf(db) === 'postgres') return db.transaction().execute(fn);
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

/**
 * Runs fn in a read-only transaction that sees one snapshot of the database throughout: what verify reads
 * while the cell keeps serving. On SQLite (WAL) a deferred read transaction; on PostgreSQL REPEATABLE READ.
 */
export async function snapshotTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (dialectOf(db) === 'postgres')
    return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn);
  return db.transaction().execute(fn);
}
