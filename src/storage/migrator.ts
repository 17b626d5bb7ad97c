import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { CellDatabase } from './storage.ts';
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
  const { error, results } = await migratorFor(cell, migrations).migrateToLatest();
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

/** Refuses a cell whose database lacks some of its migrations, naming them; for commands that must not migrate. */
export async function assertMigrated<DB>(cell: CellDatabase<DB>, migrations: MigrationSet): Promise<void> {
  const pending = (await migratorFor(cell, migrations).getMigrations())
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
