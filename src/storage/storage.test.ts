import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { journalMigrations } from '../journal/index.ts';
import {
  existingCells,
  keepsCellsInFiles,
  migrateCell,
  parseDatabaseUrl,
  pingCell,
  schemaPrefixOf,
  StorageError,
  type CellDatabase,
  type Migration,
} from './index.ts';
import { dialectsUnderTest, openTestStorage, type TestStorage } from './testing.ts';

interface Tables {
  account: { id: string; balance: bigint; note: string | null };
}

const createAccount: Migration = {
  async up(db) {
    await db.schema
      .createTable('account')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('balance', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
  },
};
const broken: Migration = {
  async up(db) {
    await sql`create table oops (`.execute(db);
  },
};

// 2^53 + 1: a float would silently become 2^53.
const BEYOND_FLOAT = 9_007_199_254_740_993n;

describe('parseDatabaseUrl', () => {
  test('accepts postgres URLs and names what is wrong with others', () => {
    assert.equal(parseDatabaseUrl('postgres://u@127.0.0.1:5432/test').hostname, '127.0.0.1');
    assert.equal(parseDatabaseUrl('postgresql://u@db/x').pathname, '/x');
    for (const [url, why] of [
      ['localhost:5432', /must start with postgres/],
      ['', /not a URL/],
      ['postgres://u@host', /must name a host and a database/],
    ] as const) {
      assert.throws(
        () => parseDatabaseUrl(url),
        (err: unknown) =>
          err instanceof StorageError && err.code === 'invalid_database_url' && why.test(err.message),
      );
    }
  });
});

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`storage on ${dialect}`, { skip }, () => {
    let t: TestStorage;
    let a: CellDatabase<Tables>;
    let b: CellDatabase<Tables>;

    before(async () => {
      t = await openTestStorage(dialect);
      a = await t.storage.openCell<Tables>('finance');
      b = await t.storage.openCell<Tables>('delivery');
      for (const c of [a, b]) await migrateCell(c, { '2026_11_25_0700_create_account': createAccount });
    });
    after(async () => {
      await t.cleanup();
    });

    test('each cell has its own database: a file per cell, or a schema per cell', async () => {
      await a.db.insertInto('account').values({ id: 'only-in-finance', balance: 1n, note: null }).execute();
      assert.equal((await b.db.selectFrom('account').selectAll().execute()).length, 0);
      if (dialect === 'sqlite') {
        assert.ok(existsSync(join(t.place, 'finance.sqlite')));
        const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(a.db);
        assert.equal(mode.rows[0]!.journal_mode, 'wal');
      } else {
        assert.equal(a.location, `postgres:${t.place}finance`);
      }
      await pingCell(a);
    });

    test('statements with returning return rows, and int8 comes back as an exact bigint', async () => {
      const inserted = await a.db
        .insertInto('account')
        .values({ id: 'vault', balance: BEYOND_FLOAT, note: 'két' })
        .returning(['id', 'balance'])
        .execute();
      assert.deepEqual(
        inserted.map((r) => ({ ...r })),
        [{ id: 'vault', balance: BEYOND_FLOAT }],
      );
      const updated = await a.db
        .updateTable('account')
        .set((eb) => ({ balance: eb('balance', '+', 2n) }))
        .where('id', '=', 'vault')
        .returning('balance')
        .executeTakeFirstOrThrow();
      assert.equal(updated.balance, BEYOND_FLOAT + 2n);
      const count = await a.db
        .selectFrom('account')
        .select((eb) => eb.fn.countAll<bigint>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(typeof count.n, 'bigint');
      const deleted = await a.db.deleteFrom('account').where('id', '=', 'vault').returning('note').execute();
      assert.equal(deleted[0]!.note, 'két');
    });

    test('a transaction that throws leaves nothing behind', async () => {
      await assert.rejects(
        a.db.transaction().execute(async (trx) => {
          await trx.insertInto('account').values({ id: 'half', balance: 5n, note: null }).execute();
          throw new Error('second step failed');
        }),
        /second step failed/,
      );
      assert.equal(
        await a.db.selectFrom('account').where('id', '=', 'half').selectAll().executeTakeFirst(),
        undefined,
      );
    });

    test('migrations run once, and a failing one is named and stops the start', async () => {
      const again = await migrateCell(a, { '2026_11_25_0700_create_account': createAccount });
      assert.deepEqual(again.applied, []);
      await assert.rejects(
        migrateCell(a, { '2026_11_25_0700_create_account': createAccount, '2026_11_25_0800_broken': broken }),
        (err: unknown) =>
          err instanceof StorageError &&
          err.code === 'migration_failed' &&
          err.message.includes('2026_11_25_0800_broken') &&
          err.message.includes('finance'),
      );
    });

    test('a cell migrates while other schemas of the database come and go', async () => {
      // verify's scratch copies, restores' staging and other processes create and drop schemas at any time;
      // Kysely's migrator looks across all of them for its own tables.
      const migrations = { '2026_11_25_0700_create_account': createAccount };
      let churning = true;
      const churn = (async () => {
        while (churning) {
          const s = await t.storage.openScratch<Tables>('delivery');
          await migrateCell(s, migrations);
          await s.drop();
        }
      })();
      try {
        for (let i = 0; i < 25; i++) {
          const s = await t.storage.openScratch<Tables>('finance');
          try {
            await migrateCell(s, migrations);
          } finally {
            await s.drop();
          }
        }
      } finally {
        churning = false;
        await churn;
      }
    });

    test('a scratch database is empty and disappears when dropped', async () => {
      const s = await t.storage.openScratch<Tables>('finance');
      await migrateCell(s, { '2026_11_25_0700_create_account': createAccount });
      assert.equal((await s.db.selectFrom('account').selectAll().execute()).length, 0);
      await s.drop();
      if (dialect === 'sqlite') assert.equal(existsSync(s.location), false);
    });

    test('a restored copy replaces an open cell under its handle; what it replaced is kept', async () => {
      const journaled = { ...journalMigrations, '2026_11_25_0700_create_account': createAccount };
      const live = await t.storage.openCell<Tables>('retail');
      await migrateCell(live, journaled);
      await live.db.insertInto('account').values({ id: 'live', balance: 1n, note: null }).execute();
      // The restored copy: the same cell, elsewhere (another dir, or another schema prefix).
      const other = await openTestStorage(dialect);
      try {
        const copy = await other.storage.openCell<Tables>('retail');
        await migrateCell(copy, journaled);
        await copy.db.insertInto('account').values({ id: 'restored', balance: 2n, note: null }).execute();
        await copy.close();
        const source = dialect === 'sqlite' ? other.storage.cellFile('retail') : copy.schema!;
        const keep =
          dialect === 'sqlite'
            ? join(t.dataDir, 'replaced', 'retail-1.sqlite')
            : `${live.schema!}_replaced_1`;

        const notACell = dialect === 'sqlite' ? join(t.dataDir, 'nope.sqlite') : 'no_such_schema';
        if (dialect === 'sqlite') writeFileSync(notACell, 'not a database');
        await assert.rejects(
          t.storage.replaceCell('retail', notACell, keep),
          /is not a cell database|no such schema/,
        );
        assert.deepEqual(
          (await live.db.selectFrom('account').select('id').execute()).map((r) => r.id),
          ['live'],
          'a refused replacement changes nothing',
        );

        assert.equal(await t.storage.replaceCell('retail', source, keep), keep);
        assert.deepEqual(
          (await live.db.selectFrom('account').select('id').execute()).map((r) => r.id),
          ['restored'],
        );
        await live.db.insertInto('account').values({ id: 'after', balance: 3n, note: null }).execute();
        assert.equal((await live.db.selectFrom('account').selectAll().execute()).length, 2);
        if (dialect === 'sqlite') {
          assert.ok(existsSync(keep));
          assert.equal(existsSync(source), false, 'the restored file was moved, not copied');
        } else {
          const kept = await sql<{
            n: bigint;
          }>`select count(*) as n from ${sql.table(`${keep}.account`)}`.execute(live.db);
          assert.equal(BigInt(kept.rows[0]!.n), 1n);
        }
      } finally {
        await other.cleanup();
      }
    });

    test('where a restored copy is and what its replacement keeps are answered the same way on both dialects', async () => {
      const other = await openTestStorage(dialect);
      try {
        const copy = await other.storage.openCell<Tables>('services');
        await copy.close();
        const prefix = schemaPrefixOf(other.config);
        assert.equal(prefix, dialect === 'sqlite' ? null : other.place);
        assert.equal(
          t.storage.restoredSource('services', other.place, prefix),
          dialect === 'sqlite' ? other.storage.cellFile('services') : copy.schema,
        );
        assert.equal(
          t.storage.restoredSource('nothing', other.place, prefix),
          dialect === 'sqlite' ? undefined : `${other.place}nothing`,
        );
        assert.equal(
          t.storage.replacedName('services', '20261207010000'),
          dialect === 'sqlite'
            ? join(t.place, 'evidence', 'replaced', 'services-20261207010000.sqlite')
            : `${t.place}services_replaced_20261207010000`,
        );
        assert.equal(
          t.storage.cellFileIfAny('finance'),
          dialect === 'sqlite' ? join(t.place, 'finance.sqlite') : undefined,
        );
        assert.equal(keepsCellsInFiles(t.config), dialect === 'sqlite');
        assert.deepEqual(await existingCells(t.config, ['finance', 'nothing']), [
          dialect === 'sqlite' ? join(t.place, 'finance.sqlite') : `${t.place}finance`,
        ]);
      } finally {
        await other.cleanup();
      }
    });
  });
}
