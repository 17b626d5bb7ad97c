// PostgreSQL's answers to what storage does differently per dialect (../types.ts's StorageDialect).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { StorageConfig, StorageDialect } from '../types.ts';
import { postgresBulkInsert, postgresBulkUpdate, postgresPlaceholders } from './bulk.ts';
import { dropSchemas, existingSchemas, renameSchemas } from './database.ts';
import { writeTableRows } from './snapshot.ts';
import { openPostgresStorage } from './storage.ts';
import { postgresFenced, postgresSnapshotTransaction, postgresWriteTransaction } from './transaction.ts';

type PostgresConfig = Extract<StorageConfig, { dialect: 'postgres' }>;

export const postgresDialect: StorageDialect<PostgresConfig> = {
  name: 'postgres',
  snapshotFormat: 'table-rows',
  cellsInFiles: false,
  open: (config) => openPostgresStorage(config.url, config.schemaPrefix ?? '', config.poolSize ?? 5),
  oneConnection: (config) => ({ ...config, poolSize: 1 }),
  existingCells: (config, cells) =>
    existingSchemas(
      config.url,
      cells.map((n) => `${config.schemaPrefix ?? ''}${n}`),
    ),
  schemaPrefix: (config) => config.schemaPrefix ?? '',
  // The staged cells are schemas under a prefix of their own, renamed to the final prefix once all verify.
  staging(config, _stageDir) {
    const prefix = config.schemaPrefix ?? '';
    const stagePrefix = `${prefix}rs${randomBytes(3).toString('hex')}_`;
    return {
      config: { dialect: 'postgres', url: config.url, schemaPrefix: stagePrefix, poolSize: 3 },
      place: (cells) => renameSchemas(config.url, stagePrefix, prefix, cells),
      discard: () => dropSchemas(config.url, stagePrefix),
    };
  },
  writeTransaction: postgresWriteTransaction,
  snapshotTransaction: postgresSnapshotTransaction,
  fenced: postgresFenced,
  writeSnapshot: writeTableRows,
  async tableNames(db) {
    const rows = await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema()`.execute(db);
    return rows.rows.map((r) => r.name).sort();
  },
  async createTempTableLike(db, temp, table) {
    await sql`drop table if exists pg_temp.${sql.raw(temp)}`.execute(db);
    await sql`create temp table ${sql.raw(temp)} (like ${sql.raw(table)}) on commit drop`.execute(db);
  },
  async dropTempTable(db, temp) {
    await sql`drop table if exists pg_temp.${sql.raw(temp)}`.execute(db);
  },
  bulkInsert: (db, table, columns, rows) => postgresBulkInsert(db, table, columns, rows),
  bulkUpdate: postgresBulkUpdate,
  insertBatch: (db, table, columns, rows) => postgresBulkInsert(db, table, columns, rows, true),
  placeholders: postgresPlaceholders,
};
