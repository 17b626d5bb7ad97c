// SQLite's storage: each cell a file `<dataDir>/<cell>.sqlite` on node:sqlite, scratch copies in the temp dir.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { cellMissing, checkCellName, ensureWritableDir, notReplaceable } from '../common.ts';
import { StorageError } from '../storage-error.ts';
import type { CellDatabase, OpenCellOptions, ScratchDatabase, Storage } from '../types.ts';
import { kyselySqliteDatabase, openSqliteFile, type SwappableSqlite } from './database.ts';

export const SQLITE_HINT =
  "point POSTCORE_DATA_DIR at the post's data dir (or POSTCORE_DATABASE_URL at its database), or run postcore migrate first";

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

/** The storage of a data dir; with `create: false` a missing data dir is refused rather than made. */
export function openSqliteStorage(dataDir: string, options: { create?: boolean }): Storage {
  // A command that only reads must not leave an empty data dir behind where the post's is not.
  if (options.create === false && !existsSync(dataDir)) throw cellMissing('core', dataDir, SQLITE_HINT);
  ensureWritableDir(dataDir);
  const open: CellDatabase<unknown>[] = [];
  const cellFile = (cell: string) => {
    checkCellName(cell);
    return join(dataDir, `${cell}.sqlite`);
  };
  return {
    dialect: 'sqlite',
    describe: () => `sqlite:${dataDir}`,
    openCell<DB>(cell: string, options: OpenCellOptions = {}) {
      const path = cellFile(cell);
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
    cellFile,
    cellFileIfAny: cellFile,
    restoredSource(cell, restoredDir) {
      const source = join(restoredDir, `${cell}.sqlite`);
      return existsSync(source) ? source : undefined;
    },
    replacedName: (cell, stamp) => join(dataDir, 'evidence', 'replaced', `${cell}-${stamp}.sqlite`),
    async replaceCell(cell, source, keep) {
      const path = cellFile(cell);
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
      const path = cellFile(cell);
      await Promise.all(open.filter((c) => c.cell === cell).map((c) => c.close()));
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    },
    async close() {
      await Promise.all(open.splice(0).map((c) => c.close()));
    },
  };
}
