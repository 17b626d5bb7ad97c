// PostgreSQL's snapshots: every table of the cell's schema, read in one REPEATABLE READ snapshot and written as
// JSON lines (a header line per table, then its rows), which load back on either dialect (../snapshot.ts).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { CellDatabase, TableHeader } from '../types.ts';
import { postgresSnapshotTransaction } from './transaction.ts';

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

/** Writes every table of the cell's schema to `file` and returns what `mark` reads in the same snapshot. */
export async function writeTableRows<T>(
  cell: CellDatabase<unknown>,
  file: string,
  mark: (db: Kysely<unknown>) => Promise<T>,
): Promise<T> {
  const out = createWriteStream(file, { mode: 0o600 });
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  try {
    const result = await postgresSnapshotTransaction(cell.db, async (trx) => {
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
    return result;
  } catch (err) {
    out.destroy();
    throw err;
  }
}
