import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createStorage, type Storage } from './storage/index.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from './storage/testing.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function postcore(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function envFor(place: TestPlace): Record<string, string> {
  return place.config.dialect === 'sqlite'
    ? { POSTCORE_DATA_DIR: place.config.dataDir }
    : {
        POSTCORE_DATA_DIR: place.dataDir,
        POSTCORE_DATABASE_URL: place.config.url,
        POSTCORE_SCHEMA_PREFIX: place.config.schemaPrefix ?? '',
      };
}

describe('postcore CLI: bad configuration is one clear line and a non-zero exit', () => {
  const expectOneLine = (r: ReturnType<typeof postcore>, pattern: RegExp) => {
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };
  test('a malformed POSTCORE_DATABASE_URL', () => {
    expectOneLine(
      postcore(['migrate'], { POSTCORE_DATABASE_URL: 'not a url' }),
      /^postcore: POSTCORE_DATABASE_URL/,
    );
    expectOneLine(
      postcore(['migrate'], { POSTCORE_DATABASE_URL: 'mysql://x@h/db' }),
      /must start with postgres/,
    );
  });
  test('an unreachable PostgreSQL', () => {
    expectOneLine(
      postcore(['migrate'], { POSTCORE_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' }),
      /^postcore: PostgreSQL at 127\.0\.0\.1:1\/test cannot be reached \(ECONNREFUSED\)/,
    );
  });
  test('an unwritable data dir', () => {
    expectOneLine(
      postcore(['migrate'], { POSTCORE_DATA_DIR: '/etc/hostname/data' }),
      /Data directory .* is not writable/,
    );
  });
  test('verify on a data dir or schema that holds no cell fails and creates nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'postcore-empty-'));
    try {
      expectOneLine(
        postcore(['verify'], { POSTCORE_DATA_DIR: join(dir, 'typo') }),
        /There is no database for cell core at .*typo\/core\.sqlite: check POSTCORE_DATA_DIR/,
      );
      assert.equal(existsSync(join(dir, 'typo', 'core.sqlite')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a bad port or cell name', () => {
    expectOneLine(
      postcore(['serve', '--port', 'eighty'], { POSTCORE_DATA_DIR: '/tmp/x' }),
      /--port must be a port/,
    );
    expectOneLine(
      postcore(['serve'], { POSTCORE_DATA_DIR: '/tmp/x', POSTCORE_DEMO: 'yes' }),
      /POSTCORE_DEMO must be true or false/,
    );
    expectOneLine(
      postcore(['verify', '--cell', 'parcels'], { POSTCORE_DATA_DIR: '/tmp/x' }),
      /Unknown cell "parcels"/,
    );
  });
});

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
