// The story issue 9 is for, with real processes: a vault and a platform each in its own process; a clerk pays
// pensions, each payout answered only once the vault holds it; the platform is killed mid-stream (SIGKILL);
// ransomware overwrites its data dir with random bytes; `postcore restore` rebuilds every cell from the vault
// alone, verify passes, and every acknowledged payout is there, with the till's balance exact to the đồng.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPlatform } from '../app.ts';
import type { PensionLine } from '../cells/finance/index.ts';
import { loadConfig } from '../config.ts';
import { testPlace, type TestPlace } from '../storage/testing.ts';
import { openPayingCounter, postcore, TEST_PASSWORD, testConfig } from '../testing.ts';
import { freePort, startPostcore as start, waitForHttp as waitFor } from './drill/index.ts';
import { readBackupPrivateKey } from './seal.ts';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('ransomware against real processes: killed, encrypted, restored from the vault', () => {
  let root: string;
  let place: TestPlace;
  let vault: ChildProcess | undefined;
  let platformProcess: ChildProcess | undefined;
  let vaultUrl: string;
  const lines: PensionLine[] = [];
  let till = '';
  let apiPort = 0;
  const env: Record<string, string> = {};

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'postcore-ransomware-'));
    place = testPlace('sqlite');
    // The post's data, prepared in-process: a Hà Nội office, a funded pension list, a clerk's open till.
    const platform = await openPlatform(testConfig(place));
    try {
      const counter = await openPayingCounter(platform, { count: 60 });
      till = counter.till;
      lines.push(...counter.lines);
    } finally {
      await platform.close();
    }
    assert.ok(lines.length >= 40, `${lines.length} lines to pay`);

    // The vault, on "another host": its own dir and port. The backup key pair, its private half offline.
    const vaultDir = join(root, 'vault');
    assert.equal(
      postcore([
        'vault',
        'init',
        '--dir',
        vaultDir,
        '--append-token-file',
        join(root, 'append.token'),
        '--restore-token-file',
        join(root, 'offline', 'restore.token'),
      ]).code,
      0,
    );
    const keys = postcore(['keys', 'backup', '--out', join(root, 'offline', 'backup.key')], {
      POSTCORE_DATA_DIR: place.dataDir,
    });
    assert.equal(keys.code, 0, keys.stderr);
    assert.match(
      postcore(['keys', 'backup', '--out', join(place.dataDir, 'backup.key')], {
        POSTCORE_DATA_DIR: place.dataDir,
      }).stderr,
      /inside the data directory .*: the backup private key must never be on the platform's disk/,
    );
    const vaultPort = await freePort();
    vaultUrl = `http://127.0.0.1:${vaultPort}`;
    vault = start(['vault', 'serve', '--dir', vaultDir, '--port', String(vaultPort)], {});
    await waitFor(`${vaultUrl}/health`);
    Object.assign(env, {
      POSTCORE_DATA_DIR: place.dataDir,
      POSTCORE_DEMO: 'false',
      POSTCORE_VAULT_URL: vaultUrl,
      POSTCORE_VAULT_TOKEN_FILE: join(root, 'append.token'),
      POSTCORE_BACKUP_PUBLIC_KEY_FILE: join(root, 'offline', 'backup.key.pub'),
      POSTCORE_VAULT_CONFIRM_PAYOUTS: 'true',
    });
  });

  after(async () => {
    for (const p of [platformProcess, vault]) p?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
    await place.remove();
  });

  test('with the append token the platform cannot read, overwrite or delete; its files cannot open a backup', async () => {
    const port = await freePort();
    apiPort = port;
    platformProcess = start(['serve', '--port', String(port)], env);
    const api = `http://127.0.0.1:${port}`;
    await waitFor(`${api}/health`);
    // Wait until every cell has reached the vault.
    const append = readFileSync(join(root, 'append.token'), 'utf8').trim();
    const restoreToken = readFileSync(join(root, 'offline', 'restore.token'), 'utf8').trim();
    const acks = async (token: string) =>
      (await (
        await fetch(`${vaultUrl}/v1/acks`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        cells: Record<string, { seq: number }>;
      };
    for (let i = 0; i < 100 && Object.keys((await acks(append)).cells).length < 3; i++)
      await new Promise((r) => setTimeout(r, 200));
    const entries = (await (
      await fetch(`${vaultUrl}/v1/entries?limit=10000`, {
        headers: { authorization: `Bearer ${restoreToken}` },
      })
    ).json()) as {
      entries: Array<{ kind: string; body: Record<string, unknown> }>;
    };
    const object = entries.entries.find((e) => e.kind === 'snapshot')!.body['object'] as string;
    const as = (token: string, method: string, body?: Buffer) =>
      fetch(`${vaultUrl}/v1/objects/${object}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/octet-stream' }),
        },
        ...(body === undefined ? {} : { body: new Blob([new Uint8Array(body)]) }),
      });
    assert.equal((await as(append, 'GET')).status, 403, 'read');
    const overwrite = await as(append, 'PUT', randomBytes(1000));
    assert.equal(overwrite.status, 422, 'overwrite');
    assert.equal(((await overwrite.json()) as { code: string }).code, 'vault_hash_mismatch');
    assert.equal((await as(append, 'DELETE')).status, 403, 'delete');
    assert.equal(
      (await fetch(`${vaultUrl}/v1/entries`, { headers: { authorization: `Bearer ${append}` } })).status,
      403,
      'list',
    );
    assert.equal((await as(restoreToken, 'GET')).status, 200, 'the restore token reads');
    // Nothing the server holds opens a backup: no file under its data dir, nor its settings, is the private key.
    for (const file of [
      ...filesUnder(place.dataDir),
      join(root, 'append.token'),
      join(root, 'offline', 'backup.key.pub'),
    ])
      assert.throws(
        () => readBackupPrivateKey(readFileSync(file, 'utf8'), file),
        { code: 'invalid_backup_key' },
        file,
      );
  });

  test('SIGKILL mid-stream, the data dir overwritten with random bytes: restore brings back every acknowledged payout', async () => {
    const api = `http://127.0.0.1:${apiPort}`;
    const signIn = await fetch(`${api}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lan', password: TEST_PASSWORD }),
    });
    assert.equal(signIn.status, 200, await signIn.clone().text());
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const acknowledged: Array<{ line: string; amount: bigint }> = [];
    const pay = async (l: PensionLine) => {
      const res = await fetch(`${api}/v1/finance/tills/${till}/pension-payouts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ line_id: l.id, place: 'counter', recipient: 'self', cccd: l.cccd }),
      });
      if (res.status === 201) acknowledged.push({ line: l.id, amount: BigInt(l.amount) });
      else assert.fail(`payout answered ${res.status}: ${await res.text()}`);
    };
    const stream = lines.slice(0, 35);
    for (const l of stream.slice(0, 30)) await pay(l);
    // Two more in flight when the process dies.
    const inFlight = stream.slice(30).map((l) => pay(l).catch(() => undefined));
    await new Promise((r) => setTimeout(r, 15));
    platformProcess!.kill('SIGKILL');
    await Promise.all(inFlight);
    if (platformProcess!.exitCode === null && platformProcess!.signalCode === null)
      await new Promise((r) => platformProcess!.once('exit', r));
    assert.ok(acknowledged.length >= 30);

    // Ransomware: every file of the data dir overwritten with random bytes of its size.
    for (const file of filesUnder(place.dataDir))
      writeFileSync(file, randomBytes(Math.max(16, statSync(file).size)));
    const broken = postcore(['verify'], { POSTCORE_DATA_DIR: place.dataDir });
    assert.equal(broken.code, 1, 'the encrypted data dir does not verify');

    const into = join(root, 'restored');
    const restored = postcore([
      'restore',
      '--vault',
      vaultUrl,
      '--token-file',
      join(root, 'offline', 'restore.token'),
      '--key',
      join(root, 'offline', 'backup.key'),
      '--into',
      into,
      '--json',
    ]);
    assert.equal(restored.code, 0, restored.stderr);
    const report = JSON.parse(restored.stdout) as {
      cells: Array<{
        cell: string;
        head_seq: string;
        events_not_restored: number;
        verify: { ok: boolean };
        witnessed: unknown;
      }>;
    };
    assert.deepEqual(
      report.cells.map((c) => c.cell),
      ['core', 'finance', 'delivery', 'services', 'retail', 'security'],
    );
    for (const c of report.cells) {
      assert.equal(c.verify.ok, true);
      assert.equal(c.events_not_restored, 0, `${c.cell}: every event the vault held`);
    }
    const verify = postcore(['verify'], { POSTCORE_DATA_DIR: into });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);

    // Every acknowledged payout is in the restored ledger, and the till holds the float less what was paid.
    const platform = await openPlatform(
      loadConfig({ POSTCORE_DATA_DIR: into, POSTCORE_LOG_LEVEL: 'silent' }),
      { mode: 'inspect' },
    );
    try {
      const paid = new Map<string, bigint>();
      const { items } = await platform.finance.pensions.lines({
        period_id: lines[0]!.period_id,
        status: 'paid',
        limit: 100,
        offset: 0,
      });
      for (const p of items) paid.set(p.id, BigInt(p.amount));
      for (const a of acknowledged)
        assert.equal(paid.get(a.line), a.amount, `acknowledged payout of ${a.line} restored`);
      assert.ok(paid.size <= acknowledged.length + 2, 'nothing beyond what was sent');
      const session = await platform.finance.tills.get(till);
      const total = [...paid.values()].reduce((sum, v) => sum + v, 0n);
      assert.equal(
        session.cash,
        session.float_amount - total,
        'the till: its float less every restored payout',
      );
    } finally {
      await platform.close();
    }
  });
});
