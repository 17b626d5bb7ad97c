// postcore's commands that only read: verify names the cell and the seq of what was tampered with, and a
// reading command on a post that is not there, or not migrated, or without its keys, writes nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createStorage, type Storage } from './storage/index.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from './storage/testing.ts';
import { placeEnv as envFor, postcore } from './testing.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`postcore verify on ${dialect} names the cell and the seq`, { skip }, () => {
    let place: TestPlace;
    const opened: Storage[] = [];
    const run = (sqlText: string) => sql.raw(sqlText).execute(cellDb());
    let cellDb: () => Awaited<ReturnType<Storage['openCell']>>['db'];

    before(async () => {
      place = testPlace(dialect);
    });
    after(async () => {
      for (const s of opened) await s.close();
      await place.remove();
    });

    // A fresh core cell per case: migrate loads the geography (34 events), verify passes.
    let n = 0;
    async function freshCore(): Promise<Record<string, string>> {
      n++;
      const env: Record<string, string> =
        place.config.dialect === 'sqlite'
          ? { POSTCORE_DATA_DIR: `${place.config.dataDir}/case${n}` }
          : { ...envFor(place), POSTCORE_SCHEMA_PREFIX: `${place.config.schemaPrefix}c${n}_` };
      const m = postcore(['migrate'], env);
      assert.equal(m.code, 0, m.stderr);
      assert.match(m.stdout, /34 provinces, 3321 communes/);
      const caseStorage =
        place.config.dialect === 'sqlite'
          ? await createStorage({ dialect: 'sqlite', dataDir: `${place.config.dataDir}/case${n}` })
          : await createStorage({ ...place.config, schemaPrefix: `${place.config.schemaPrefix}c${n}_` });
      const core = await caseStorage.openCell('core');
      cellDb = () => core.db;
      opened.push(caseStorage);
      const ok = postcore(['verify'], env);
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /^core: ok — 34 events, head seq 34/);
      return env;
    }

    test('one byte of an event payload changed', async () => {
      const env = await freshCore();
      await run(
        `update journal_event set payload = replace(payload, '"code":4,', '"code":5,') where seq = 1`,
      );
      const r = postcore(['verify'], env);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^core: FAILED at seq 1 \[hash\]/m);
    });

    test('an event deleted', async () => {
      const env = await freshCore();
      await run('delete from journal_event where seq = 12');
      const r = postcore(['verify', '--json'], env);
      assert.equal(r.code, 1);
      const report = JSON.parse(r.stdout) as {
        ok: boolean;
        cells: Array<{ cell: string; failures: Array<{ check: string; seq: string }> }>;
      };
      assert.equal(report.ok, false);
      assert.equal(report.cells[0]!.cell, 'core');
      assert.deepEqual(
        report.cells[0]!.failures.map((f) => [f.check, f.seq]),
        [
          ['seq', '12'],
          ['prev', '13'],
        ],
      );
    });

    test('two events swapped', async () => {
      const env = await freshCore();
      await run('update journal_event set seq = 1000007 where seq = 7');
      await run('update journal_event set seq = 7 where seq = 8');
      await run('update journal_event set seq = 8 where seq = 1000007');
      const r = postcore(['verify'], env);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^core: FAILED at seq 7 \[hash\]/m);
      assert.match(r.stdout, /^core: FAILED at seq 8 \[hash\]/m);
    });

    test('a projection emptied, then a restart: nothing is loaded twice and verify names the table', async () => {
      const env = await freshCore();
      await run('delete from geo_commune');
      await run('delete from geo_province');
      const m = postcore(['migrate'], env);
      assert.equal(m.code, 0, m.stderr);
      const r = postcore(['verify'], env);
      assert.equal(r.code, 1);
      assert.match(
        r.stdout,
        /^core: FAILED at seq 34 \[projection\] table geo_commune .* row code=00004 is missing from the live table/m,
      );
    });

    test('a projection row edited directly in the database', async () => {
      const env = await freshCore();
      await run(`update geo_commune set name = 'Phường Hòa Bình Mới' where code = '04795'`);
      const r = postcore(['verify'], env);
      assert.equal(r.code, 1);
      assert.match(
        r.stdout,
        /^core: FAILED at seq 34 \[projection\] table geo_commune .* row code=04795 differs: name is "Phường Hòa Bình Mới", journal says "Phường Hòa Bình"/m,
      );
    });
  });
}

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(
    `postcore CLI on ${dialect}: a command that only reads refuses a post that is not there`,
    { skip },
    () => {
      test('track, verify and reports name where they looked and create nothing', async () => {
        const place = testPlace(dialect);
        try {
          // A data dir (and on PostgreSQL a schema prefix) where no post was ever made.
          const missing = join(place.dataDir, 'not-here');
          const env = { ...envFor(place), POSTCORE_DATA_DIR: missing };
          for (const args of [
            ['delivery', 'track', 'CP000000014VN'],
            ['verify'],
            ['finance', 'cash-position', '--office', '11100'],
            ['staff', 'list'],
          ]) {
            const r = postcore(args, env);
            assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
            assert.match(
              r.stderr,
              dialect === 'sqlite'
                ? /^postcore: There is no database for cell core at .*not-here.*POSTCORE_DATA_DIR/
                : /^postcore: There is no database for cell core at postgres:.*POSTCORE_DATABASE_URL/,
            );
            assert.equal(existsSync(missing), false, `${args.join(' ')} created ${missing}`);
          }
          if (dialect === 'postgres') {
            const storage = await createStorage(place.config);
            try {
              await assert.rejects(storage.openCell('core', { create: false }), /no database for cell core/);
            } finally {
              await storage.close();
            }
          }
        } finally {
          await place.remove();
        }
      });
    },
  );
}

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`postcore CLI on ${dialect}: a command that only reads writes nothing`, { skip }, () => {
    test('it refuses a cell not migrated, and on a post without its keys answers and creates no key', async () => {
      const place = testPlace(dialect);
      try {
        // Where the keys would be: an empty directory (on PostgreSQL the data dir itself).
        const keys = join(place.dataDir, 'reader');
        mkdirSync(keys, { recursive: true });
        const env = {
          ...envFor(place),
          ...(dialect === 'postgres' ? { POSTCORE_DATA_DIR: keys } : {}),
          POSTCORE_SECRET_KEY_FILE: join(keys, 'keys', 'secret-box.key'),
          POSTCORE_CHECKPOINT_KEY_FILE: join(keys, 'keys', 'checkpoint.key'),
        };
        // A core database that is there but was never migrated is refused, not migrated.
        const storage = await createStorage(place.config);
        try {
          await sql`create table t (x integer)`.execute((await storage.openCell('core')).db);
        } finally {
          await storage.close();
        }
        const unmigrated = postcore(['staff', 'list'], env);
        assert.equal(unmigrated.code, 1, unmigrated.stdout);
        assert.match(unmigrated.stderr, /^postcore: Cell core at .* lacks migrations .*postcore migrate/);
        assert.deepEqual(readdirSync(keys), []);
        assert.equal(postcore(['migrate'], envFor(place)).code, 0);
        for (const [args, code, out] of [
          [['delivery', 'track', 'CP000000014VN'], 1, /No item has id CP000000014VN/],
          [['staff', 'list'], 0, /^0 of 0$/m],
          [['finance', 'cash-position', '--office', '11100'], 1, /office/i],
          [
            [
              'cod',
              'statement',
              '--payee',
              'sender:+84912345678',
              '--from',
              '2026-01-01',
              '--to',
              '2026-01-31',
            ],
            0,
            /collected 0/,
          ],
        ] as const) {
          const r = postcore([...args], env);
          assert.equal(r.code, code, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
          assert.match(r.stdout + r.stderr, out, args.join(' '));
          assert.deepEqual(readdirSync(keys), [], `${args.join(' ')} wrote into ${keys}`);
        }
      } finally {
        await place.remove();
      }
    });
  });
}
