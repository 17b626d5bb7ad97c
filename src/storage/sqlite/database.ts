import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Opens a SQLite file with the pragmas every cell database uses. Integers are read as bigint so that
 * money and sequence numbers never pass through a float (the SQLite half of "int8 is bigint").
 */
export function openSqliteFile(path: string): DatabaseSync {
  const db = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: 10_000 });
  db.exec('PRAGMA journal_mode = WAL');
  // FULL: a committed payout survives a power cut; NORMAL could lose the last commits.
  db.exec('PRAGMA synchronous = FULL');
  // 64 MiB of page cache (the default is 2 MiB): a national list's indexes are written in random order
  // (by CCCD), and with the small cache each row's index pages were evicted and re-read.
  db.exec('PRAGMA cache_size = -65536');
  return db;
}

/**
 * A query whose text starts with this comment returns each row as an array of its columns on SQLite (node:sqlite
 * builds arrays faster than objects): for walks over millions of rows, such as verify's. PostgreSQL ignores it.
 */
export const ROWS_AS_ARRAYS = '/* rows as arrays */';

function toSqlite(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value as SQLInputValue;
}

/** Kysely's SqliteDialect database over node:sqlite, whose connection can be replaced underneath it. */
export interface SwappableSqlite extends SqliteDatabase {
  /** Closes the current connection (ignoring a broken file) and goes on with `next`. */
  replace(next: DatabaseSync): void;
}

/** Adapts node:sqlite's DatabaseSync to the interface Kysely's SqliteDialect drives. */
export function kyselySqliteDatabase(first: DatabaseSync): SwappableSqlite {
  let db = first;
  const cache = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare(sql);
      stmt.setReadBigInts(true);
      if (sql.startsWith(ROWS_AS_ARRAYS)) stmt.setReturnArrays(true);
      if (cache.size > 500) cache.clear();
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    close: () => {
      cache.clear();
      if (db.isOpen) db.close();
    },
    replace(next) {
      cache.clear();
      try {
        if (db.isOpen) db.close();
      } catch {
        // the file being replaced may be unreadable: that is why it is being replaced
      }
      db = next;
    },
    prepare: (sql: string): SqliteStatement => {
      const stmt = prepare(sql);
      // A statement that yields columns is a reader, which includes INSERT ... RETURNING.
      const reader = stmt.columns().length > 0;
      return {
        reader,
        all: (parameters) => stmt.all(...parameters.map(toSqlite)),
        run: (parameters) => {
          const r = stmt.run(...parameters.map(toSqlite));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (parameters) => stmt.iterate(...parameters.map(toSqlite)) as IterableIterator<unknown>,
      };
    },
  };
}
