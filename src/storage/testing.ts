// Test support: run a suite on every dialect, each test on its own fresh storage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStorage, type Dialect, type Storage, type StorageConfig } from './storage.ts';

export const TEST_DATABASE_URL =
  process.env['POSTCORE_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

let postgresProbe: Promise<string | undefined> | undefined;

/** Why PostgreSQL cannot be used for tests, or undefined when it answers. */
export function postgresUnavailableReason(): Promise<string | undefined> {
  postgresProbe ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return undefined;
    } catch (err) {
      return `PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${err instanceof Error ? err.message : String(err)})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresProbe;
}

export interface DialectUnderTest {
  dialect: Dialect;
  /** A skip reason for node:test, or false. Under CI=true PostgreSQL is never skipped: it must fail. */
  skip: string | false;
}

/** The dialects every storage test runs on (Kysely's `for (const dialect of DIALECTS)`). */
export async function dialectsUnderTest(): Promise<DialectUnderTest[]> {
  const reason = await postgresUnavailableReason();
  const ci = process.env['CI'] === 'true';
  if (reason !== undefined && !ci) console.log(`# skipping PostgreSQL tests: ${reason}`);
  return [
    { dialect: 'sqlite', skip: false },
    { dialect: 'postgres', skip: reason !== undefined && !ci ? reason : false },
  ];
}

export interface TestPlace {
  config: StorageConfig;
  /** The data dir (SQLite) or schema prefix (PostgreSQL). */
  place: string;
  /** A temporary directory for the server's own files (keys), on either dialect. */
  dataDir: string;
  /** Removes the data dir or drops every schema under the prefix. */
  remove(): Promise<void>;
}

/** A fresh, empty place for a storage: a temporary data dir on SQLite, a unique schema prefix on PostgreSQL. */
export function testPlace(dialect: Dialect): TestPlace {
  // Every place has a directory of its own for the server's files (keys), whatever holds the cells.
  const dir = mkdtempSync(join(tmpdir(), 'postcore-test-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  switch (dialect) {
    case 'sqlite':
      return {
        config: { dialect: 'sqlite', dataDir: dir },
        place: dir,
        dataDir: dir,
        remove: () => Promise.resolve(removeDir()),
      };
    case 'postgres': {
      const prefix = `t${randomBytes(4).toString('hex')}_`;
      return {
        config: { dialect: 'postgres', url: TEST_DATABASE_URL, schemaPrefix: prefix, poolSize: 3 },
        place: prefix,
        dataDir: dir,
        remove: async () => {
          removeDir();
          await dropSchemas(prefix);
        },
      };
    }
  }
}

export interface TestStorage {
  storage: Storage;
  /** What opened it: for code that opens its own connections (verify's worker threads). */
  config: StorageConfig;
  place: string;
  /** A temporary directory for the server's own files (keys, attachments). */
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty storage in a testPlace. */
export async function openTestStorage(dialect: Dialect): Promise<TestStorage> {
  const p = testPlace(dialect);
  const storage = await createStorage(p.config);
  return {
    storage,
    config: p.config,
    place: p.place,
    dataDir: p.dataDir,
    cleanup: async () => {
      await storage.close();
      await p.remove();
    },
  };
}

async function dropSchemas(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      'select nspname from pg_namespace where starts_with(nspname, $1)',
      [prefix],
    );
    for (const { nspname } of rows) await client.query(`drop schema if exists "${nspname}" cascade`);
  } finally {
    await client.end();
  }
}
