// Storage's functions that both dialects answer, each asking dialect.ts for the dialect once.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectFor, dialectNamed, dialectOfDb, isDialect } from './dialect.ts';
import { ROWS_AS_ARRAYS } from './sqlite/database.ts';
import type { CellDatabase, RestoreStaging, SnapshotFormat, Storage, StorageConfig } from './types.ts';

export type {
  CellDatabase,
  Dialect,
  OpenCellOptions,
  RestoreStaging,
  ScratchDatabase,
  Storage,
  StorageConfig,
} from './types.ts';

/** Creates the storage for the configured dialect. */
export async function createStorage(
  config: StorageConfig,
  options: { create?: boolean } = {},
): Promise<Storage> {
  return dialectFor(config).open(config, options);
}

/** Checks that a cell's database answers; used by /ready. */
export async function pingCell<DB>(cell: CellDatabase<DB>): Promise<void> {
  await sql`select 1`.execute(cell.db);
}

/**
 * Runs a raw select for a walk over many rows (verify's), each row an array of its columns in select order:
 * node:sqlite builds arrays faster than objects; PostgreSQL's rows are put in the same shape.
 */
export async function selectArrays<DB, R extends readonly unknown[]>(
  db: Kysely<DB>,
  query: RawBuilder<unknown>,
): Promise<R[]> {
  const r = await sql`${sql.raw(ROWS_AS_ARRAYS)} ${query}`.execute(db);
  return r.rows.map((row) => (Array.isArray(row) ? row : Object.values(row as object)) as unknown as R);
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
  return dialectOfDb(db).writeTransaction(db, fn);
}

/**
 * Runs fn in a read-only transaction that sees one snapshot of the database throughout: what verify reads
 * while the cell keeps serving. On SQLite (WAL) a deferred read transaction; on PostgreSQL REPEATABLE READ.
 */
export async function snapshotTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return dialectOfDb(db).snapshotTransaction(db, fn);
}

/**
 * Runs one statement that may fail (a unique key taken) without spoiling the caller's transaction: on
 * PostgreSQL, which abandons a transaction at its first failed statement, inside a savepoint `name` rolled
 * back on failure; SQLite undoes just the failed statement by itself.
 */
export async function fencedStatement<DB, T>(db: Kysely<DB>, name: string, fn: () => Promise<T>): Promise<T> {
  return dialectOfDb(db).fenced(db as Kysely<unknown>, name, fn);
}

/** The names of every table in the cell's own database (its schema on PostgreSQL), views included, sorted. */
export async function tableNames<DB>(db: Kysely<DB>): Promise<string[]> {
  return dialectOfDb(db).tableNames(db as Kysely<unknown>);
}

/**
 * Creates an empty temporary table `temp` shaped like `table`, private to this connection (dropped at commit
 * on PostgreSQL), replacing one left from before.
 */
export async function createTempTableLike<DB>(db: Kysely<DB>, temp: string, table: string): Promise<void> {
  await dialectOfDb(db).createTempTableLike(db as Kysely<unknown>, temp, table);
}

/** Drops the temporary table `temp` if there is one. */
export async function dropTempTable<DB>(db: Kysely<DB>, temp: string): Promise<void> {
  await dialectOfDb(db).dropTempTable(db as Kysely<unknown>, temp);
}

/** The config a worker thread opens its own storage with: the same place, one connection. */
export function oneConnection(config: StorageConfig): StorageConfig {
  return dialectFor(config).oneConnection(config);
}

/** Whether each cell of this config is a file of its own (SQLite), as the ransomware drill needs. */
export function keepsCellsInFiles(config: StorageConfig): boolean {
  return dialectFor(config).cellsInFiles;
}

/** The format of the snapshots taken on a dialect, such as the one a vault log entry names; rows if unknown. */
export function snapshotFormatOf(dialect: unknown): SnapshotFormat {
  return isDialect(dialect) ? dialectNamed(dialect).snapshotFormat : 'table-rows';
}

/** The PostgreSQL schemas' prefix of a config; null on SQLite. */
export function schemaPrefixOf(config: StorageConfig): string | null {
  return dialectFor(config).schemaPrefix(config);
}

/** Where cells among `cells` already have a database under `config`: the schemas or files that exist. */
export function existingCells(config: StorageConfig, cells: readonly string[]): Promise<string[]> {
  return dialectFor(config).existingCells(config, cells);
}

/** A staging place beside `config` for a restore, whose files go in `stageDir` (see RestoreStaging). */
export function restoreStaging(config: StorageConfig, stageDir: string): RestoreStaging {
  return dialectFor(config).staging(config, stageDir);
}
