import { createHash } from 'node:crypto';
import { canonicalJson } from '../platform/canonical-json.ts';
import type { Kysely } from '../storage/index.ts';
import type { ProjectionTable } from './journal-event.ts';
import { streamProjectionRows } from './journal.repository.ts';

type Row = Record<string, unknown>;

export interface TableDigest {
  table: string;
  rows: number;
  digest: string;
}

export interface CellDigest {
  /** SHA-256 over the table digests in table-name order. */
  digest: string;
  tables: TableDigest[];
}

export interface RowDifference {
  table: string;
  key: Record<string, string>;
  /** The row as the live database has it, or undefined when it is missing there. */
  live: Record<string, unknown> | undefined;
  /** The row as replay produced it, or undefined when replay has no such row. */
  replayed: Record<string, unknown> | undefined;
}

const STREAM_CHUNK = 1000;

// One representation per value so that a digest does not depend on the driver: bigint as its decimal
// string, bytes as hex.
function normalise(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'bigint') out[k] = v.toString();
    else if (v instanceof Uint8Array) out[k] = Buffer.from(v).toString('hex');
    else if (v instanceof Date) out[k] = v.toISOString();
    else out[k] = v;
  }
  return out;
}

function rowsInOrder<DB>(db: Kysely<DB>, p: ProjectionTable): AsyncIterableIterator<Row> {
  return streamProjectionRows(db, p, STREAM_CHUNK);
}

/**
 * canonicalJson(normalise(row)) for a flat row whose columns are `keys` (sorted as RFC 8785 sorts them),
 * built directly: a digest reads every row of every projection, and the general form checks and walks each
 * value. Anything but a plain column value takes the general form.
 */
export function canonicalRow(row: Row, keys: readonly string[]): string {
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = row[k];
    let text: string;
    if (v === undefined) continue;
    if (v === null) text = 'null';
    else if (typeof v === 'string') {
      if (!v.isWellFormed()) return canonicalJson(normalise(row));
      text = JSON.stringify(v);
    } else if (typeof v === 'bigint') text = `"${v.toString()}"`;
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return canonicalJson(normalise(row));
      text = JSON.stringify(v);
    } else if (typeof v === 'boolean') text = v ? 'true' : 'false';
    else if (v instanceof Uint8Array) text = `"${Buffer.from(v).toString('hex')}"`;
    else return canonicalJson(normalise(row));
    out += `${first ? '' : ','}${JSON.stringify(k)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/** Digests every projection table of a cell, ordered by key and canonicalised row by row. */
export async function digestTables<DB>(
  db: Kysely<DB>,
  projections: readonly ProjectionTable[],
): Promise<CellDigest> {
  const tables: TableDigest[] = [];
  for (const p of [...projections].sort((a, b) => (a.table < b.table ? -1 : 1))) {
    const h = createHash('sha256');
    let rows = 0;
    let keys: string[] | undefined;
    for await (const row of rowsInOrder(db, p)) {
      keys ??= Object.keys(row).sort();
      h.update(canonicalRow(row, keys));
      h.update('\n');
      rows++;
    }
    tables.push({ table: p.table, rows, digest: h.digest('hex') });
  }
  const all = createHash('sha256');
  for (const t of tables) all.update(`${t.table} ${t.rows} ${t.digest}\n`);
  return { digest: all.digest('hex'), tables };
}

function keyOf(p: ProjectionTable, row: Row): Record<string, string> {
  return Object.fromEntries(p.key.map((k) => [k, String(row[k])]));
}

function compareKeys(p: ProjectionTable, a: Row, b: Row): number {
  for (const k of p.key) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : 1;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** Walks two copies of a table in key order and returns the first row where they differ. */
export async function firstDifference<DB>(
  live: Kysely<DB>,
  replayed: Kysely<DB>,
  p: ProjectionTable,
): Promise<RowDifference | undefined> {
  const a = rowsInOrder(live, p);
  const b = rowsInOrder(replayed, p);
  try {
    let x = await a.next();
    let y = await b.next();
    while (!x.done || !y.done) {
      if (x.done)
        return {
          table: p.table,
          key: keyOf(p, y.value as Row),
          live: undefined,
          replayed: normalise(y.value as Row),
        };
      if (y.done)
        return { table: p.table, key: keyOf(p, x.value), live: normalise(x.value), replayed: undefined };
      const order = compareKeys(p, x.value, y.value);
      if (order < 0)
        return { table: p.table, key: keyOf(p, x.value), live: normalise(x.value), replayed: undefined };
      if (order > 0)
        return { table: p.table, key: keyOf(p, y.value), live: undefined, replayed: normalise(y.value) };
      const nx = normalise(x.value);
      const ny = normalise(y.value);
      if (canonicalJson(nx) !== canonicalJson(ny))
        return { table: p.table, key: keyOf(p, x.value), live: nx, replayed: ny };
      x = await a.next();
      y = await b.next();
    }
    return undefined;
  } finally {
    await a.return?.();
    await b.return?.();
  }
}
