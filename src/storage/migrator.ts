import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { CellDatabase } from './types.ts';
import { StorageError } from './storage-error.ts';

export type { Migration };

/** Migration files of one cell by name; names sort in the order they run (`2026_11_25_0700_create_x`). */
export type MigrationSet = Readonly<Record<string, Migration>>;

export interface MigrationReport {
  cell: string;
  applied: string[];
}

function migratorFor<DB>(cell: CellDatabase<DB>, migrations: MigrationSet): Migrator {
  return new Migrator({
    db: cell.db as Kysely<unknown>,
    provider: { getMigrations: () => Promise.resolve({ ...migrations }) },
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
    ...(cell.schema === undefined ? {} : { migrationTableSchema: cell.schema }),
  });
}

/** Brings a cell's database to the newest of its frozen migrations; fails naming the migration. */
export async function migrateCell<DB>(
  cell: CellDatabase<DB>,
  migrations: MigrationSet,
): Promise<MigrationReport> {
  const { error, results } = await againIfOthersSchemaGone(cell, async () => {
    const r = await migratorFor(cell, migrations).migrateToLatest();
    if (r.error !== undefined && isOthersSchemaGone(r.error, cell.schema)) throw r.error;
    return r;
  }).catch((err: unknown) => ({ error: err, results: undefined }));
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(before any migration)';
    const detail = error instanceof Error ? error.message : JSON.stringify(error);
    throw new StorageError(
      'migration_failed',
      `Migration ${failed} of cell ${cell.cell} failed at ${cell.location}: ${detail}`,
      `Nâng cấp cơ sở dữ liệu của phân hệ ${cell.cell} thất bại; liên hệ quản trị hệ thống`,
      { cell: cell.cell, migration: failed },
    );
  }
  return { cell: cell.cell, applied: (results ?? []).map((r) => r.migrationName) };
}

function isOthersSchemaGone(error: unknown, own: string | undefined): error is Error {
  // Dropped between the catalogue's listing and the look: the schema itself, or a table of it.
  const m =
    error instanceof Error
      ? (/^schema "([^"]+)" does not exist$/.exec(error.message) ??
        /^relation "([^".]+)\.[^"]+" does not exist$/.exec(error.message))
      : null;
  return m !== null && m[1] !== own;
}

/**
 * Kysely's migrator looks for its own tables across every schema of the database (introspection over
 * pg_catalog): a schema another process drops meanwhile (a verify's scratch copy, a restore's staging, a
 * test's place) fails that look-up with 'schema "…" does not exist', or 'relation "schema.table" does not
 * exist' when it goes between the listing and the look. It is not this cell's failure, so look again, a few
 * times.
 */
async function againIfOthersSchemaGone<T, DB>(cell: CellDatabase<DB>, look: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await look();
    } catch (err) {
      if (attempt >= 5 || !isOthersSchemaGone(err, cell.schema)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/** Refuses a cell whose database lacks some of its migrations, naming them; for commands that must not migrate. */
export async function assertMigrated<DB>(cell: CellDatabase<DB>, migrations: MigrationSet): Promise<void> {
  const pending = (await againIfOthersSchemaGone(cell, () => migratorFor(cell, migrations).getMigrations()))
    .filter((m) => m.executedAt === undefined)
    .map((m) => m.name);
  if (pending.length > 0) {
    throw new StorageError(
      'migration_pending',
      `Cell ${cell.cell} at ${cell.location} lacks migrations ${pending.join(', ')}: run postcore migrate, or check that this is the right database`,
      `Cơ sở dữ liệu của phân hệ ${cell.cell} chưa được nâng cấp; liên hệ quản trị hệ thống`,
      { cell: cell.cell, pending },
    );
  }
}
