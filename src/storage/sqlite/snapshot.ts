// SQLite's snapshots: the database file itself, copied by VACUUM INTO on its own connection in a worker thread
// so the server keeps serving; loaded back by moving the file in place.
import { once } from 'node:events';
import { existsSync, renameSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, SqliteDialect } from 'kysely';
import { StorageError } from '../storage-error.ts';
import type { CellDatabase, Storage } from '../types.ts';
import { kyselySqliteDatabase } from './database.ts';

async function inSqliteWorker(job: Record<string, string>): Promise<unknown> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: job });
  const [message] = (await once(worker, 'message')) as [{ error?: string }];
  await worker.terminate();
  if (message.error !== undefined) throw new Error(message.error);
  return message;
}

/** `PRAGMA quick_check` of a SQLite file on its own thread and connection: 'ok', or what is wrong. */
export async function sqliteQuickCheck(path: string): Promise<string> {
  return ((await inSqliteWorker({ op: 'quick_check', path })) as { result: string }).result;
}

/** Copies the cell's file to `file` and returns what `mark` reads from the copy. */
export async function writeSqliteSnapshot<T>(
  cell: CellDatabase<unknown>,
  file: string,
  mark: (db: Kysely<unknown>) => Promise<T>,
): Promise<T> {
  await inSqliteWorker({ op: 'vacuum_into', path: cell.location, target: file });
  const copy = new DatabaseSync(file, { readOnly: true });
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: kyselySqliteDatabase(copy) }) });
  try {
    return await mark(db);
  } finally {
    await db.destroy();
  }
}

/** Moves a SQLite snapshot in as the file of cell `cell`, which `storage` must not have yet. */
export function placeSqliteFile(storage: Storage, cell: string, file: string): void {
  const path = storage.cellFileIfAny(cell);
  if (path === undefined)
    throw new StorageError(
      'database_unavailable',
      `A SQLite snapshot of cell ${cell} cannot be loaded into ${storage.describe()}: restore into a data directory`,
      'Bản chụp SQLite chỉ khôi phục được vào thư mục dữ liệu',
      { cell },
    );
  if (existsSync(path)) throw new Error(`${path} exists`);
  renameSync(file, path);
}
