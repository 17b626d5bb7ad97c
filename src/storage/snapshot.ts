// Consistent copies of a cell's database for the vault, and their loading back. On SQLite the copy is the
// database file itself (VACUUM INTO, on its own connection in a worker thread so the server keeps serving);
// on PostgreSQL it is every table of the cell's schema, read in one REPEATABLE READ snapshot and written
// as JSON lines, loaded back into a freshly migrated schema (on either dialect).
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, renameSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { bulkInsert, type BulkColumn } from './bulk.ts';
import { migrateCell, type MigrationSet } from './migrator.ts';
import { kyselySqliteDatabase } from './sqlite-database.ts';
import { StorageError } from './storage-error.ts';
import { snapshotTransaction, type CellDatabase, type Storage } from './storage.ts';

export type SnapshotFormat = 'sqlite-file' | 'table-rows';

const ROWS_PER_INSERT = 5000;

interface TableHeader {
  table: string;
  columns: Array<[name: string, type: 'bigint' | 'text']>;
}

function vacuumInto(path: string, target: string): Promise<unknown> {
  return inSqliteWorker({ op: 'vacuum_into', path, target });
}

/** `PRAGMA quick_check` of a SQLite file on its own thread and connection: 'ok', or what is wrong. */
export async function sqliteQuickCheck(path: string): Promise<string> {
  return ((await inSqliteWorker({ op: 'quick_check', path })) as { result: string }).result;
}

async function inSqliteWorker(job: Record<string, string>): Promise<unknown> {
  const worker = new Worker(new URL('./sqlite.worker.ts', import.meta.url), { workerData: job });
  const [message] = (await once(worker, 'message')) as [{ error?: string }];
  await worker.terminate();
  if (message.error !== undefined) throw new Error(message.error);
  return message;
}

async function tablesOf(db: Kysely<unknown>, schema: string): Promise<TableHeader[]> {
  const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = ${schema} and t.table_type = 'BASE TABLE' and c.table_name not like 'kysely_migration%'
    order by c.table_name, c.ordinal_position`.execute(db);
  const out = new Map<string, TableHeader>();
  for (const r of rows.rows) {
    const type = r.data_type === 'bigint' ? 'bigint' : r.data_type === 'text' ? 'text' : undefined;
    if (type === undefined)
      throw new Error(
        `column ${r.table_name}.${r.column_name} has type ${r.data_type}, which snapshots do not carry`,
      );
    let t = out.get(r.table_name);
    if (t === undefined) out.set(r.table_name, (t = { table: r.table_name, columns: [] }));
    t.columns.push([r.column_name, type]);
  }
  // Parents before children, so that the rows load with their foreign keys checked.
  const links = await sql<{ child: string; parent: string }>`
    select tc.table_name as child, ccu.table_name as parent
    from information_schema.table_constraints tc
    join information_schema.constraint_column_usage ccu
      on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = ${schema}`.execute(db);
  const ordered: TableHeader[] = [];
  const visit = (t: TableHeader, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t.table)) return;
    path.add(t.table);
    for (const l of links.rows) {
      const parent = out.get(l.parent);
      if (l.child === t.table && parent !== undefined && parent !== t) visit(parent, path);
    }
    ordered.push(t);
  };
  for (const t of out.values()) visit(t, new Set());
  return ordered;
}

/**
 * Writes a consistent copy of the cell's database to `file`, and returns what `mark` reads from that same
 * copy (the journal head it holds).
 */
export async function writeSnapshot<T>(
  cell: CellDatabase<unknown>,
  file: string,
  mark: (db: Kysely<unknown>) => Promise<T>,
): Promise<{ format: SnapshotFormat; mark: T }> {
  if (cell.dialect === 'sqlite') {
    await vacuumInto(cell.location, file);
    const copy = new DatabaseSync(file, { readOnly: true });
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: kyselySqliteDatabase(copy) }) });
    try {
      return { format: 'sqlite-file', mark: await mark(db) };
    } finally {
      await db.destroy();
    }
  }
  const out = createWriteStream(file, { mode: 0o600 });
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  try {
    const result = await snapshotTransaction(cell.db, async (trx) => {
      const value = await mark(trx);
      for (const t of await tablesOf(trx, cell.schema!)) {
        await write(`${JSON.stringify(t)}\n`);
        const names = t.columns.map(([n]) => n);
        let q = (trx as unknown as Kysely<Record<string, Record<string, unknown>>>)
          .selectFrom(t.table)
          .select(names);
        for (const n of names) q = q.orderBy(sql.ref(n));
        for await (const row of q.stream(2000)) {
          await write(
            `${JSON.stringify(names.map((n) => (typeof row[n] === 'bigint' ? String(row[n]) : row[n])))}\n`,
          );
        }
      }
      return value;
    });
    out.end();
    await once(out, 'finish');
    return { format: 'table-rows', mark: result };
  } catch (err) {
    out.destroy();
    throw err;
  }
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
    if (storage.dialect !== 'sqlite')
      throw new StorageError(
        'database_unavailable',
        `A SQLite snapshot of cell ${cell} cannot be loaded into ${storage.describe()}: restore into a data directory`,
        'Bản chụp SQLite chỉ khôi phục được vào thư mục dữ liệu',
        { cell },
      );
    const path = storage.cellFile(cell);
    if (existsSync(path)) throw new Error(`${path} exists`);
    renameSync(file, path);
    const opened = await storage.openCell<DB>(cell, { create: false });
    await migrateCell(opened, migrations);
    return opened;
  }
  const opened = await storage.openCell<DB>(cell);
  await migrateCell(opened, migrations);
  const db = opened.db as unknown as Kysely<unknown>;
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
  return opened;
}
