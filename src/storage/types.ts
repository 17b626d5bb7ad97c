// The shapes storage is made of, shared by its two dialects (sqlite/ and postgres/) and its door.
import type { Kysely } from 'kysely';

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
  /** Where a cell's SQLite file is, or undefined on PostgreSQL, whose cells are schemas (detection's file checks). */
  cellFileIfAny(cell: string): string | undefined;
  /**
   * What `replaceCell` takes as the restored copy of a cell that `postcore restore` left in `restoredDir`
   * (its SQLite file there, or the schema `<schemaPrefix><cell>` its report names); undefined when the
   * restored file is not there (taken already).
   */
  restoredSource(cell: string, restoredDir: string, schemaPrefix: string | null): string | undefined;
  /**
   * Where `replaceCell` keeps the data it replaces, stamped `stamp`: a file under `<dataDir>/evidence/replaced/`
   * on SQLite, a schema `<prefix><cell>_replaced_<stamp>` on PostgreSQL.
   */
  replacedName(cell: string, stamp: string): string;
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

export type SnapshotFormat = 'sqlite-file' | 'table-rows';

/** A column of a bulk insert and its PostgreSQL type (arrays are sent one per column). */
export interface BulkColumn<R> {
  name: keyof R & string;
  type: 'text' | 'bigint';
}

/** A bulk write of rows with the given columns into a table, as each dialect does it. */
export type BulkWrite = <R extends object>(
  db: Kysely<unknown>,
  table: string,
  columns: ReadonlyArray<BulkColumn<R>>,
  rows: readonly R[],
) => Promise<void>;

/** How insertBatch reuses its SQLite statements: compiled once per chunk size, kept by the caller. */
export interface BatchCache {
  /** Rows per SQLite statement. */
  chunk: number;
  /** The compiled INSERT by row count, for one table. */
  sql: Map<number, string>;
  /** How many sizes the cache keeps. */
  sizes: number;
}

/** Where a restore builds its cells until every one verifies, and how they then go in place. */
export interface RestoreStaging {
  /** The storage the staged cells open in (a staging data dir, plus staging schemas on PostgreSQL). */
  readonly config: StorageConfig;
  /** Puts the staged cells under their final names (PostgreSQL renames the schemas; SQLite's move with the dir). */
  place(cells: readonly string[]): Promise<void>;
  /** Removes what was staged outside the staging dir (PostgreSQL's schemas). */
  discard(): Promise<void>;
}

/**
 * One dialect's answers to everything storage does differently on it: chosen once per config or per Kysely
 * instance in dialect.ts, so that no other file of storage asks which dialect it is on.
 */
export interface StorageDialect<C extends StorageConfig = StorageConfig> {
  readonly name: Dialect;
  /** The format of the snapshots writeSnapshot makes on this dialect. */
  readonly snapshotFormat: SnapshotFormat;
  /** Whether each cell is a file of its own (which the ransomware drill encrypts). */
  readonly cellsInFiles: boolean;
  open(config: C, options: { create?: boolean }): Promise<Storage>;
  /** The config a worker thread opens its own storage with: one connection. */
  oneConnection(config: C): C;
  /** The names of the cells among `cells` that already have a database where `config` points. */
  existingCells(config: C, cells: readonly string[]): Promise<string[]>;
  /** The PostgreSQL schemas' prefix; null on SQLite. */
  schemaPrefix(config: C): string | null;
  /** A staging place beside `config` for a restore, whose files go in `stageDir`. */
  staging(config: C, stageDir: string): RestoreStaging;
  writeTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
  snapshotTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
  /** Runs one statement that may fail without spoiling the caller's transaction. */
  fenced<T>(db: Kysely<unknown>, name: string, fn: () => Promise<T>): Promise<T>;
  writeSnapshot<T>(
    cell: CellDatabase<unknown>,
    file: string,
    mark: (db: Kysely<unknown>) => Promise<T>,
  ): Promise<T>;
  /** The names of every table of the database (its schema on PostgreSQL), views included, sorted. */
  tableNames(db: Kysely<unknown>): Promise<string[]>;
  createTempTableLike(db: Kysely<unknown>, temp: string, table: string): Promise<void>;
  dropTempTable(db: Kysely<unknown>, temp: string): Promise<void>;
  bulkInsert: BulkWrite;
  bulkUpdate: BulkWrite;
  insertBatch<R extends object>(
    db: Kysely<unknown>,
    table: string,
    columns: ReadonlyArray<BulkColumn<R>>,
    rows: readonly R[],
    cache: BatchCache,
  ): Promise<void>;
  /** The text of `count` bound parameters. */
  placeholders(count: number): string[];
}

/** The line before a table's rows in a `table-rows` snapshot: its name and columns. */
export interface TableHeader {
  table: string;
  columns: Array<[name: string, type: 'bigint' | 'text']>;
}
