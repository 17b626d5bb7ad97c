// PostgreSQL's storage: each cell a schema `<prefix><cell>` reached through a pool of its own whose search_path
// is that schema; scratch copies are schemas dropped afterwards.
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { cellMissing, checkCellName, notReplaceable } from '../common.ts';
import type { CellDatabase, OpenCellOptions, Storage } from '../types.ts';
import { describeUrl, parseDatabaseUrl, pgTypes, unreachable } from './database.ts';

export async function openPostgresStorage(
  url: string,
  schemaPrefix: string,
  poolSize: number,
): Promise<Storage> {
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
    cellFileIfAny: () => undefined,
    restoredSource: (cell, _restoredDir, prefix) => `${prefix ?? ''}${cell}`,
    replacedName: (cell, stamp) => `${schemaPrefix}${cell}_replaced_${stamp}`,
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
