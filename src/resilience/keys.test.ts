// A change of keys takes two people, on both dialects: replacing the backup key that is in use needs a `keys`
// request one officer made and another approved (`postcore keys backup --request ID`); a pending request, a
// request for something else, none at all, or one already used are refused and nothing is written.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPlatform, type Platform } from '../app.ts';
import { totpFor } from '../cells/core/index.ts';
import { ManualClock } from '../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../storage/testing.ts';
import { addSecurityOfficers, openPayingCounter, placeEnv, postcore, testConfig } from '../testing.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`changing the backup key takes two people on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-09T02:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    const offline = mkdtempSync(join(tmpdir(), 'postcore-keys-'));
    const inUse = join(offline, 'backup-2025.key.pub');
    const ids: Record<string, string> = {};
    const officers: Record<string, { id: string; seed: string }> = {};
    const code = (who: string) => {
      clock.advance(30_000);
      return totpFor(who, officers[who]!.seed).generate({ timestamp: clock.now().getTime() });
    };
    const keys = (out: string, request?: string) =>
      postcore(['keys', 'backup', '--out', out, ...(request === undefined ? [] : ['--request', request])], {
        ...placeEnv(place),
        POSTCORE_BACKUP_PUBLIC_KEY_FILE: inUse,
      });

    before(async () => {
      writeFileSync(inUse, 'the public key backups are sealed to now\n');
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      const counter = await openPayingCounter(platform, { count: 1 });
      Object.assign(officers, await addSecurityOfficers(platform, counter.office.id));
      const a = officers['an.ninh']!.id;
      const b = officers['bao.ve']!.id;
      const ask = (input: Record<string, unknown>) => platform.security.request(input, a, code('an.ninh'));
      const reason = 'Khóa sao lưu cũ hết hạn theo quy định';
      ids['approved'] = (await ask({ kind: 'keys', key: 'backup', reason })).id;
      await platform.security.decide(ids['approved'], { approve: true, reason: 'Đồng ý' }, b, code('bao.ve'));
      ids['race'] = (await ask({ kind: 'keys', key: 'backup', reason })).id;
      await platform.security.decide(ids['race'], { approve: true, reason: 'Đồng ý' }, b, code('bao.ve'));
      ids['pending'] = (await ask({ kind: 'keys', key: 'backup', reason })).id;
      ids['other key'] = (await ask({ kind: 'keys', key: 'checkpoint', reason })).id;
      await platform.security.decide(
        ids['other key'],
        { approve: true, reason: 'Đồng ý' },
        b,
        code('bao.ve'),
      );
      await platform.close();
    });
    after(async () => {
      await platform?.close().catch(() => undefined);
      await place?.remove();
      rmSync(offline, { recursive: true, force: true });
    });

    test('without an approved request for the backup key: refused, no key written', () => {
      const out = join(offline, 'refused.key');
      const none = keys(out);
      assert.equal(none.code, 1);
      assert.match(
        none.stderr,
        /A backup key is in use .*: replacing it needs a keys request .* give its id with --request/,
      );
      const pending = keys(out, ids['pending']);
      assert.equal(pending.code, 1);
      assert.match(
        pending.stderr,
        /is pending: a change of keys needs a request approved by a second person/,
      );
      const other = keys(out, ids['other key']);
      assert.equal(other.code, 1);
      assert.match(other.stderr, /is not a change of the backup key \(it is keys of checkpoint\)/);
      const unknown = keys(out, 'inr_01a2000000000000000000000000000');
      assert.equal(unknown.code, 1);
      assert.equal(existsSync(out), false);
      assert.equal(existsSync(`${out}.pub`), false);
    });

    test('with one: the new pair is written, its fingerprint journaled, and the request used up', async () => {
      const out = join(offline, 'backup-2026.key');
      const done = keys(out, ids['approved']);
      assert.equal(done.code, 0, done.stderr);
      const fingerprint = createHash('sha256')
        .update(readFileSync(`${out}.pub`))
        .digest('hex');
      assert.match(done.stdout, new RegExp(`fingerprint ${fingerprint}; request ${ids['approved']} is done`));
      assert.ok(existsSync(out));
      platform = await openPlatform(testConfig(place), { clock });
      const request = await platform.security.getRequest(ids['approved']!);
      assert.equal(request.status, 'done');
      const security = platform.cells.find((c) => c.definition.name === 'security')!.journal;
      const last = (await security.readAfter((await security.head()).seq - 1n, 1))[0]!;
      assert.equal(last.type, 'security.keys.changed');
      assert.deepEqual(last.payload, { request_id: ids['approved'], key: 'backup', fingerprint });
      assert.match(last.actor, /^cli:/);
      await platform.close();

      const again = keys(join(offline, 'again.key'), ids['approved']);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /is done: a change of keys needs a request approved/);
      assert.equal(existsSync(join(offline, 'again.key')), false);
    });

    test('two operators at once with one approval: one key change, the other refused', async () => {
      platform = await openPlatform(testConfig(place), { clock });
      const change = (n: number) =>
        platform.security.keysChanged(
          { request_id: ids['race']!, key: 'backup', fingerprint: String(n).repeat(64) },
          'cli:test',
        );
      const results = await Promise.allSettled([change(1), change(2)]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results));
      const refused = results.find((r) => r.status === 'rejected');
      assert.equal((refused?.reason as { code?: string }).code, 'keys_not_approved');
      await platform.close();
    });
  });
}
