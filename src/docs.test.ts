import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, SETTINGS } from './config.ts';
import { referencePages } from './docs.ts';

const root = new URL('..', import.meta.url);

describe('the generated reference pages are true to the code', () => {
  test('docs/cli.md and docs/configuration.md are what npm run docs makes now', async () => {
    for (const page of await referencePages(root)) {
      const committed = readFileSync(new URL(page.path, root), 'utf8');
      assert.ok(committed === page.text, `${page.path} is stale: run npm run docs`);
    }
  });

  test('every environment variable the code reads is a documented setting, and every setting is read', () => {
    const src = new URL('.', import.meta.url).pathname;
    // Read as env['NAME'], or through loadConfig's readers of a number, a boolean or a file.
    const read = new Set<string>();
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !/(^|\/)testing[^/]*\.ts$/.test(f),
    );
    for (const f of files)
      for (const m of readFileSync(join(src, f), 'utf8').matchAll(
        /(?:env\[\s*|(?:whole|bool|readSetting)\(\s*)'([A-Z][A-Z0-9_]*)'/g,
      ))
        if (m[1] !== 'PATH') read.add(m[1]!); // PATH is handed on to child processes, not a setting
    const documented = new Set(SETTINGS.map((s) => s.name));
    assert.deepEqual([...read].filter((n) => !documented.has(n)).sort(), [], 'read but not in SETTINGS');
    assert.deepEqual([...documented].filter((n) => !read.has(n)).sort(), [], 'in SETTINGS but never read');
  });

  test("the documented defaults are loadConfig's", () => {
    const d = Object.fromEntries(SETTINGS.map((s) => [s.name, s.default]));
    const c = loadConfig({});
    assert.equal(d['PORT'], String(c.port));
    assert.equal(d['HOST'], c.host);
    assert.equal(d['POSTCORE_LOG_LEVEL'], c.logLevel);
    assert.equal(d['POSTCORE_DEMO'], String(c.demo));
    assert.equal(d['POSTCORE_CHECKPOINT_EVENTS'], String(c.checkpointCadence.events));
    assert.equal(d['POSTCORE_CHECKPOINT_SECONDS'], String(c.checkpointCadence.seconds));
    assert.equal(d['POSTCORE_DETECT_SECONDS'], String(c.detectSeconds));
    assert.equal(c.dataDir, join(process.cwd(), d['POSTCORE_DATA_DIR']!));
    assert.equal(c.secretKeyFile, join(c.dataDir, 'keys/secret-box.key'));
    assert.equal(d['POSTCORE_SECRET_KEY_FILE'], '<data dir>/keys/secret-box.key');
    assert.equal(c.checkpointKeyFile, join(c.dataDir, 'keys/checkpoint.key'));
    assert.equal(d['POSTCORE_CHECKPOINT_KEY_FILE'], '<data dir>/keys/checkpoint.key');
    const v = loadConfig({
      POSTCORE_VAULT_URL: 'http://vault.internal:8090',
      POSTCORE_VAULT_TOKEN: 'pcva_x',
      POSTCORE_BACKUP_PUBLIC_KEY_FILE: new URL('../package.json', import.meta.url).pathname,
    }).vault!;
    assert.equal(d['POSTCORE_VAULT_CONFIRM_PAYOUTS'], String(v.confirmPayouts));
    assert.equal(d['POSTCORE_VAULT_CONFIRM_WRITES'], String(v.confirmWrites));
    assert.equal(d['POSTCORE_VAULT_CONFIRM_MS'], String(v.confirmTimeoutMs));
    assert.equal(d['POSTCORE_SNAPSHOT_EVENTS'], String(v.snapshotEvery.events));
    assert.equal(d['POSTCORE_SNAPSHOT_SECONDS'], String(v.snapshotEvery.seconds));
  });
});
