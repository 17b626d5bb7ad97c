// SQLite's answers to what storage does differently per dialect (../types.ts's StorageDialect).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { StorageConfig, StorageDialect } from '../types.ts';
import { sqliteBulkInsert, sqliteBulkUpdate, sqliteInsertBatch, sqlitePlaceholders } from './bulk.ts';
import { writeSqliteSnapshot } from './snapshot.ts';
import { openSqliteStorage } from './storage.ts';
import { sqliteFenced, sqliteSnapshotTransaction, sqliteWriteTransaction } from './transaction.ts';

type SqliteConfig = Extract<StorageConfig, { dialect: 'sqlite' }>;

export const sqliteDialect: StorageDialect<SqliteConfig> = {
  name: 'sqlite',
  snapshotFormat: 'sqlite-file',
  cellsInFiles: true,
  open: (config, options) => Promise.resolve(openSqliteStorage(config.dataDir, options)),
  oneConnection: (config) => config,
  existingCells: (config, cells) =>
    Promise.resolve(cells.map((c) => join(config.dataDir, `${c}.sqlite`)).filter((path) => existsSync(path))),
  schemaPrefix: () => null,
  // The staged cells are files in the staging dir, which the restore moves in place as a whole.
  staging: (_config, stageDir) => ({
    config: { dialect: 'sqlite', dataDir: stageDir },
    place: () => Promise.resolve(),
    discard: () => Promise.resolve(),
  }),
  writeTransaction: sqliteWriteTransaction,
  snapshotTransaction: sqliteSnapshotTransaction,
  fenced: sqliteFenced,
  writeSnapshot: writeSqliteSnapshot,
  async tableNames(db) {
    const rows = await sql<{ name: string }>`select name from sqlite_master
          where type in ('table', 'view') and name not like 'sqlite\\_%' escape '\\'`.execute(db);
    return rows.rows.map((r) => r.name).sort();
  },
  async createTempTableLike(db, temp, table) {
    await sql`drop table if exists temp.${sql.raw(temp)}`.execute(db);
    await sql`create temp table ${sql.raw(temp)} as select * from main.${sql.raw(table)} where 0`.execute(db);
  },
  async dropTempTable(db, temp) {
    await sql`drop table if exists temp.${sql.raw(temp)}`.execute(db);
  },
  bulkInsert: sqliteBulkInsert,
  bulkUpdate: sqliteBulkUpdate,
  insertBatch: sqliteInsertBatch,
  placeholders: sqlitePlaceholders,
};
