// `postcore drill ransomware` refuses, before it writes anything, a data dir that is not empty (or whose
// workspace beside it is not), PostgreSQL, an unknown scale and a report in a directory that does not exist.
// The drill itself runs in CI as its own step of .ci/run (it takes minutes, with real processes).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { postcore } from '../../testing.ts';

describe('postcore drill ransomware refuses what it must not touch', () => {
  const root = mkdtempSync(join(tmpdir(), 'postcore-drill-refusals-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a data dir that is not empty: refused, nothing changed', () => {
    const dataDir = join(root, 'used');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'core.sqlite'), 'the post’s real data');
    const r = postcore(['drill', 'ransomware'], { POSTCORE_DATA_DIR: dataDir });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /used is not empty: the drill .* runs only on a fresh data dir.*nothing was changed/,
    );
    assert.deepEqual(readdirSync(dataDir), ['core.sqlite']);
    assert.equal(existsSync(`${dataDir}.drill`), false, 'no workspace made');
  });

  test('a workspace beside the data dir that is not empty: refused', () => {
    const dataDir = join(root, 'fresh');
    mkdirSync(`${dataDir}.drill`);
    writeFileSync(join(`${dataDir}.drill`, 'vault.json'), '{}');
    const r = postcore(['drill', 'ransomware'], { POSTCORE_DATA_DIR: dataDir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /fresh\.drill is not empty/);
    assert.equal(existsSync(dataDir), false);
  });

  test('PostgreSQL, an unknown scale and a report nowhere: refused with what to do', () => {
    const dataDir = join(root, 'new');
    const pg = postcore(['drill', 'ransomware'], {
      POSTCORE_DATA_DIR: dataDir,
      POSTCORE_DATABASE_URL: 'postgres://127.0.0.1:5432/test',
    });
    assert.equal(pg.code, 1);
    assert.match(pg.stderr, /runs on SQLite files: unset POSTCORE_DATABASE_URL/);
    const scale = postcore(['drill', 'ransomware', '--scale', 'province'], { POSTCORE_DATA_DIR: dataDir });
    assert.notEqual(scale.code, 0);
    assert.match(scale.stderr, /--scale.*province.*demo, national/s);
    const report = postcore(['drill', 'ransomware', '--report', join(root, 'nowhere', 'r.json')], {
      POSTCORE_DATA_DIR: dataDir,
    });
    assert.equal(report.code, 1);
    assert.match(report.stderr, /--report .*nowhere.* does not exist/);
    assert.equal(existsSync(dataDir), false, 'nothing made');
  });
});
