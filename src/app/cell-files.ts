// Where a cell's data lies, for the two jobs that name it: detection watches a SQLite cell's file, and a restore
// takes a restored copy's file or schema and keeps the replaced one aside. Storage does not answer this yet, so
// these ask the cell's database whether it lives in a schema (PostgreSQL) or in a file (SQLite).
// TODO(storage): storage should answer both itself, and these go; see cellFile and restoredCopy below.
import { join } from 'node:path';
import type { CellDatabase, Storage } from '../storage/index.ts';

/** The cell a database holds, and its schema when it lives in one. */
type CellPlace = Pick<CellDatabase<unknown>, 'cell' | 'schema'>;

/**
 * The file a cell lives in, as a detector's cell takes it: `{ file }` for a SQLite cell, nothing for a schema.
 * TODO(storage): `Storage.cellFile(cell): string | undefined` (undefined on PostgreSQL) instead of one that throws.
 */
export function cellFile(storage: Storage, database: CellPlace): { file?: string } {
  return database.schema === undefined ? { file: storage.cellFile(database.cell) } : {};
}

/** Where a restore takes a cell's restored copy from, and where the data it replaces goes. */
export interface RestoredCopy {
  /** The restored file (SQLite) or schema (PostgreSQL) to put in place. */
  source: string;
  /** Whether `source` is a file, which must still be there (a schema is checked by storage.replaceCell). */
  isFile: boolean;
  /** Where the replaced data goes: a file under evidence/replaced/, or the cell's schema renamed aside. */
  keep: string;
}

/**
 * The restored copy `postcore restore --into dir` wrote for the cell (its file in `dir`, or its schema named
 * with the report's prefix), and where the replaced data is kept, stamped with the time.
 * TODO(storage): `Storage.restoredCopy(cell, from: { dir: string; schemaPrefix?: string }, stamp: string):
 * RestoredCopy` (the SQLite storage knows its data dir, the PostgreSQL one its prefix).
 */
export function restoredCopy(
  database: CellPlace,
  from: { dir: string; schemaPrefix: string | null | undefined },
  aside: { dataDir: string; stamp: string },
): RestoredCopy {
  const { cell, schema } = database;
  if (schema === undefined)
    return {
      source: join(from.dir, `${cell}.sqlite`),
      isFile: true,
      keep: join(aside.dataDir, 'evidence', 'replaced', `${cell}-${aside.stamp}.sqlite`),
    };
  return {
    source: `${from.schemaPrefix ?? ''}${cell}`,
    isFile: false,
    keep: `${schema}_replaced_${aside.stamp}`,
  };
}
