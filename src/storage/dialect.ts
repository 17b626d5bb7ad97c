// The one place where storage chooses its dialect: by a config's name, or by the adapter under a Kysely.
import { PostgresAdapter, type Kysely } from 'kysely';
import { postgresDialect } from './postgres/dialect.ts';
import { sqliteDialect } from './sqlite/dialect.ts';
import type { Dialect, StorageConfig, StorageDialect } from './types.ts';

const DIALECTS: { [D in Dialect]: StorageDialect<Extract<StorageConfig, { dialect: D }>> } = {
  sqlite: sqliteDialect,
  postgres: postgresDialect,
};

/** The dialect a config opens. */
export function dialectFor(config: StorageConfig): StorageDialect {
  return DIALECTS[config.dialect];
}

/** Whether a name (read from outside, such as a vault log entry) is one of the dialects. */
export function isDialect(name: unknown): name is Dialect {
  return typeof name === 'string' && Object.hasOwn(DIALECTS, name);
}

/** The dialect of a name, such as the one a vault log entry records. */
export function dialectNamed(name: Dialect): StorageDialect {
  return DIALECTS[name];
}

/** The dialect behind a Kysely instance or transaction. */
export function dialectOfDb<DB>(db: Kysely<DB>): StorageDialect {
  return dialectNamed(db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');
}
