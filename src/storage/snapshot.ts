// Consistent copies of a cell's database for the vault, and their loading back. Each dialect writes its own
// format (sqlite/snapshot.ts: the file; postgres/snapshot.ts: every table as JSON lines); a `table-rows`
// snapshot loads back into a freshly migrated schema on either dialect.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { sql, type Kysely } from 'kysely';
import { bulkInsert, type BulkColumn } from './bulk.ts';
import { dialectNamed } from './dialect.ts';
import { migrateCell, type MigrationSet } from './migrator.ts';
import { placeSqliteFile } from './sqlite/snapshot.ts';
import type { CellDatabase, SnapshotFormat, Storage, TableHeader } from './types.ts';

export type { SnapshotFormat } from './types.ts';
export { sqliteQuickCheck } from './sqlite/snapshot.ts';

const ROWS_PER_INSERT = 5000;

/**
 * Writes a consistent copy of the cell's database to `file`, and returns what `mark` reads from that same
 * copy (the journal head it holds).
 */
export async function writeSnapshot<T>(
  cell: CellDatabase<unknown>,
  file: string,
  mark: (db: Kysely<unknown>) => Promise<T>,
): Promise<{ format: SnapshotFormat; mark: T }> {
  const dialect = dialectNamed(cell.dialect);
  return { format: dialect.snapshotFormat, mark: await dialect.writeSnapshot(cell, file, mark) };
}

/**
 * Makes `file` (a snapshot in `format`) the database of cell `cell` in `storage`, which must not have that
 * cell yet. Returns the opened cell.
 */
export async function loadSnapshot<DB>(
  storage: Storage,
  cell: string,
  file: string,
  format: SnapshotFormat,
  migrations: MigrationSet,
): Promise<CellDatabase<DB>> {
  if (format === 'sqlite-file') {
    placeSqliteFile(storage, cell, file);
    const opened = await storage.openCell<DB>(cell, { create: false });
    await migrateCell(opened, migrations);
    return opened;
  }
  const opened = await storage.openCell<DB>(cell);
  await migrateCell(opened, migrations);
  await loadTableRows(opened.db as unknown as Kysely<unknown>, file);
  return opened;
}

/** Loads a `table-rows` snapshot into a migrated database, in one transaction. */
async function loadTableRows(db: Kysely<unknown>, file: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    let header: TableHeader | undefined;
    let batch: Array<Record<string, unknown>> = [];
    const flush = async () => {
      if (header === undefined || batch.length === 0) return;
      const columns: Array<BulkColumn<Record<string, unknown>>> = header.columns.map(([name, type]) => ({
        name,
        type,
      }));
      await bulkInsert(trx, header.table, columns, batch);
      batch = [];
    };
    const lines = createInterface({
      input: createReadStream(file, { highWaterMark: 1 << 20 }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (line === '') continue;
      if (line.startsWith('{')) {
        await flush();
        header = JSON.parse(line) as TableHeader;
        // A fresh migration may have seeded a row (a head at seq 0); the snapshot's rows replace it.
        await sql`delete from ${sql.table(header.table)}`.execute(trx);
        continue;
      }
      const values = JSON.parse(line) as Array<string | null>;
      const row: Record<string, unknown> = {};
      header!.columns.forEach(([name, type], i) => {
        const v = values[i] ?? null;
        row[name] = v === null ? null : type === 'bigint' ? BigInt(v) : v;
      });
      batch.push(row);
      if (batch.length >= ROWS_PER_INSERT) await flush();
    }
    await flush();
  });
}
