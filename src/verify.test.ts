// Issue 20, finding 9: `verify` reads every table of every cell. The tamper suite edits one row of each table
// of a small fresh post (journal, tree, checkpoints, consumer positions, canaries, Kysely's bookkeeping and every
// projection), runs verify on that cell, and puts the row back; an extra table is a finding too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createPlatformDetector, openPlatform, type Platform } from './app.ts';
import type { CellVerifyReport } from './journal/index.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from './storage/testing.ts';
import { openTestHierarchy, testConfig } from './testing.ts';

type Row = Record<string, unknown>;
type AnyDb = Kysely<Record<string, Row>>;

async function tablesOf(db: AnyDb, dialect: string): Promise<string[]> {
  const r =
    dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() order by 1`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by 1`.execute(db);
  return r.rows.map((x) => x.name);
}

/** Another value of the same type: text gets a character more, numbers one more. */
function changed(v: unknown): unknown {
  if (typeof v === 'string') return v.startsWith('{') ? v.replace('{', '{"x":1,') : `${v}x`;
  if (typeof v === 'bigint') return v + 1n;
  if (typeof v === 'number') return v + 1;
  return undefined;
}

/**
 * Changes one column of one row (the first text column that can change, else the first number), runs `check`,
 * and puts the row back. Returns undefined for an empty table.
 */
async function tamperRow<T>(
  db: AnyDb,
  table: string,
  check: (column: string) => Promise<T>,
): Promise<T | undefined> {
  const row = await db.selectFrom(table).selectAll().limit(1).executeTakeFirst();
  if (row === undefined) return undefined;
  const columns = Object.entries(row)
    .filter(([, v]) => changed(v) !== undefined)
    .sort(([, a], [, b]) => Number(typeof b === 'string') - Number(typeof a === 'string'));
  const where = (values: Row) =>
    Object.entries(values)
      .filter(([, v]) => v !== null && !(v instanceof Uint8Array))
      .reduce((q, [k, v]) => q.where(k, '=', v as never), db.updateTable(table));
  // A column that a foreign key or a check holds cannot change; the next one can.
  let edited: [string, unknown] | undefined;
  for (const [column, value] of columns) {
    try {
      await where(row)
        .set({ [column]: changed(value) } as never)
        .execute();
      edited = [column, value];
      break;
    } catch {
      continue;
    }
  }
  if (edited === undefined) throw new Error(`no column of ${table} could be changed`);
  const [column, value] = edited;
  try {
    return await check(column);
  } finally {
    await where({ ...row, [column]: changed(value) })
      .set({ [column]: value } as never)
      .execute();
  }
}

/** The table each journal check reads. */
const TABLE_OF_CHECK: Record<string, string> = {
  seq: 'journal_event',
  prev: 'journal_event',
  hash: 'journal_event',
  head: 'journal_head',
  checkpoint_key: 'journal_checkpoint',
  checkpoint_signature: 'journal_checkpoint',
  checkpoint_root: 'journal_checkpoint',
  checkpoint_consistency: 'journal_checkpoint',
  tree: 'journal_tree',
};
const namesTable = (r: CellVerifyReport, table: string) =>
  r.failures.some((f) => (f.table ?? TABLE_OF_CHECK[f.check]) === table || f.message.includes(table));

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`verify reads every table of every cell (${dialect})`, { skip }, () => {
    let place: TestPlace;
    let platform: Platform;
    const dbOf = (cell: string) =>
      platform.cells.find((c) => c.definition.name === cell)!.database.db as unknown as AnyDb;
    before(async () => {
      place = testPlace(dialect);
      const config = testConfig(place);
      platform = await openPlatform(config);
      // A small post: the geography, two offices with their charts of accounts in finance.
      await openTestHierarchy(platform.core);
      await platform.sync();
      // Everything a served place has: signed checkpoints (and the tree under them), planted canaries.
      await platform.checkpoint(true);
      await createPlatformDetector(platform, config).start();
    });
    after(async () => {
      await platform.close();
      await place.remove();
    });

    test('a fresh post verifies, with every kind of table present', async () => {
      const reports = await platform.verify();
      assert.deepEqual(
        reports.filter((r) => !r.ok).map((r) => r.failures),
        [],
      );
      for (const table of [
        'kysely_migration',
        'kysely_migration_lock',
        'journal_canary',
        'journal_tree',
        'journal_checkpoint',
        'journal_consumer',
      ])
        assert.ok(
          await dbOf('finance').selectFrom(table).selectAll().limit(1).executeTakeFirst(),
          `finance has a row in ${table}`,
        );
    });

    test('one row edited in any table of any cell fails verify, naming the table', async () => {
      const missed: string[] = [];
      const tampered: string[] = [];
      const check = async (cell: string, tables: readonly string[]) => {
        const [report] = await platform.verify({ only: cell });
        for (const table of tables)
          if (report!.ok || !namesTable(report!, table))
            missed.push(`${cell}.${table}: ${JSON.stringify(report!.failures.slice(0, 2))}`);
        tampered.push(...tables.map((t) => `${cell}.${t}`));
      };
      for (const c of platform.cells) {
        const db = dbOf(c.definition.name);
        const projections = new Set(c.definition.projections.map((p) => p.table));
        // The journal's and Kysely's own tables one at a time: one such edit can hide the others.
        for (const table of await tablesOf(db, dialect))
          if (!projections.has(table)) await tamperRow(db, table, () => check(c.definition.name, [table]));
        // Every projection with rows at once: the replay names each table that differs.
        const edited: string[] = [];
        const puts: Array<() => Promise<void>> = [];
        for (const table of projections) {
          let release!: () => void;
          const held = new Promise<void>((resolve) => (release = resolve));
          let done!: () => void;
          const put = new Promise<void>((resolve) => (done = resolve));
          const editing = tamperRow(db, table, async () => {
            edited.push(table);
            done();
            await held;
          }).then((r) => {
            if (r === undefined) done();
          });
          await put;
          puts.push(async () => {
            release();
            await editing;
          });
        }
        if (edited.length > 0) await check(c.definition.name, edited);
        for (const p of puts) await p();
      }
      assert.deepEqual(missed, []);
      assert.ok(tampered.length >= 25, tampered.join(' '));
      for (const t of ['kysely_migration', 'kysely_migration_lock', 'journal_canary', 'journal_tree'])
        assert.ok(tampered.includes(`core.${t}`), t);
      assert.ok(tampered.includes('finance.journal_consumer'));
      assert.ok(tampered.includes('finance.journal_checkpoint'));
    });

    test('a table the cell does not define is a finding', async () => {
      const db = dbOf('delivery');
      await sql`create table stash (id text primary key)`.execute(db);
      try {
        const [report] = await platform.verify({ only: 'delivery' });
        assert.equal(report!.ok, false);
        assert.deepEqual(
          report!.failures.map((f) => [f.check, f.table]),
          [['unknown_table', 'stash']],
        );
      } finally {
        await sql`drop table stash`.execute(db);
      }
    });

    test('a canary deleted, renamed or changed fails verify; a missing migration row too', async () => {
      const db = dbOf('core');
      const [first] = await db.selectFrom('journal_canary').select(['name', 'value']).execute();
      await db
        .deleteFrom('journal_canary')
        .where('name', '=', first!['name'] as never)
        .execute();
      let [report] = await platform.verify({ only: 'core' });
      await db.insertInto('journal_canary').values(first!).execute();
      assert.deepEqual(
        report!.failures.map((f) => [f.check, f.message]),
        [['canary', report!.failures.find((f) => f.check === 'canary')?.message]],
      );
      // All of them gone: detection planted them here, so an empty table is no fresh cell's.
      const all = await db.selectFrom('journal_canary').selectAll().execute();
      await db.deleteFrom('journal_canary').execute();
      [report] = await platform.verify({ only: 'core' });
      await db.insertInto('journal_canary').values(all).execute();
      assert.deepEqual(
        report!.failures.map((f) => [f.check, f.table]),
        [['canary', 'journal_canary']],
      );
      const [migration] = await db.selectFrom('kysely_migration').selectAll().execute();
      await db
        .deleteFrom('kysely_migration')
        .where('name', '=', migration!['name'] as never)
        .execute();
      [report] = await platform.verify({ only: 'core' });
      await db.insertInto('kysely_migration').values(migration!).execute();
      assert.deepEqual(
        report!.failures.map((f) => [f.check, f.table]),
        [['bookkeeping', 'kysely_migration']],
      );
      [report] = await platform.verify({ only: 'core' });
      assert.equal(report!.ok, true);
    });
  });
}
