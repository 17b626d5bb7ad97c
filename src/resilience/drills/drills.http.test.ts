// The drill on screen through the API, on both dialects: a security officer starts a demo drill from the
// console on a drill data dir under drills/ (never the live data, never the platform's database), a second start
// answers the running one, the timeline fills in as the drill records it and the report comes at the end; the
// auditor reads, a clerk is refused, bad input starts nothing, and only a few drills are kept. The drill's own
// platform shows that drill and starts none. The drill's process is a stand-in that records as the drill does.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../../app.ts';
import { totpFor } from '../../cells/core/index.ts';
import type { Server } from '../../http/server.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../storage/testing.ts';
import {
  addSecurityOfficers,
  addSignedInStaff,
  apiCaller,
  callApi,
  openPayingCounter,
  signIn,
  TEST_PASSWORD,
  testConfig,
} from '../../testing.ts';

/**
 * Records as `postcore drill ransomware` does: a step every 50 ms into <data dir>.drill/timeline.jsonl, then
 * waits for <data dir>.finish, writes the report and exits.
 */
const STAND_IN = `
const fs = require('node:fs');
const data = process.env.POSTCORE_DATA_DIR;
const ws = data + '.drill';
fs.mkdirSync(ws, { recursive: true });
const t0 = Date.now();
const steps = [
  ['drill started', 'setup', 0, 0], ['the vault holds every cell', 'setup', 100, 3],
  ['attack: delivery rows tampered, its database files encrypted (03:10)', 'attack', 1000, 10],
  ['detected: file_entropy', 'detection', 3500, 11], ['delivery isolated automatically', 'isolation', 3500, 11],
  ['delivery back in service', 'return_to_service', 5000, 14], ['traffic stopped', 'proof', 9000, 20],
];
let i = 0;
const next = () => {
  if (i < steps.length) {
    const [step, phase, ms, paid] = steps[i++];
    const line = { step, at: new Date(t0 + ms).toISOString(), phase, paid: { count: paid, amount: String(paid * 700000) } };
    fs.appendFileSync(ws + '/timeline.jsonl', JSON.stringify(line) + '\\n');
    return setTimeout(next, 50);
  }
  if (!fs.existsSync(data + '.finish')) return setTimeout(next, 50);
  const report = { format: 'postcore-drill/1', ok: true, events_lost: { total: 0 },
    traffic: { payouts: { acknowledged: { count: 20, amount: '14000000' }, during_incident: { count: 4, amount: '2800000' } } } };
  fs.writeFileSync(ws + '/report.json', JSON.stringify(report));
};
next();
`;

const until = async (what: string, ok: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not happen within 10 s`);
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the drill on screen on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-09T02:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    const launched: Array<{ args: string[]; env: Record<string, string>; child: ChildProcess }> = [];
    const cookies: Record<string, string> = {};
    const api = apiCaller(() => app, cookies);

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }), {
        drills: {
          keep: 2,
          launch: (args, env, log) => {
            const child = spawn(process.execPath, ['-e', STAND_IN], {
              env: { PATH: process.env['PATH'] ?? '', ...env },
              stdio: 'ignore',
            });
            launched.push({ args, env, child });
            writeFileSync(log, '');
            return child;
          },
        },
      });
      const counter = await openPayingCounter(platform, { count: 1 });
      const officers = await addSecurityOfficers(platform, counter.office.id);
      const r = await callApi(app, {
        method: 'POST',
        url: '/v1/auth/sign-in',
        payload: {
          username: 'an.ninh',
          password: TEST_PASSWORD,
          code: totpFor('an.ninh', officers['an.ninh'].seed).generate({ timestamp: clock.now().getTime() }),
        },
      });
      assert.equal(r.status, 200, r.text);
      cookies['an.ninh'] = r.cookie!;
      cookies['lan'] = await signIn(app, 'lan');
      Object.assign(
        cookies,
        (await addSignedInStaff(platform, app, [['kiem.toan', ['auditor'], counter.office.id]])).cookies,
      );
    });
    after(async () => {
      await app?.close();
      await platform?.close();
      await place?.remove();
    });

    const drillDirs = () => readdirSync(join(platform.dataDir, 'drills')).sort();

    test('an officer starts a demo drill on a drill data dir; a second start answers the running one', async () => {
      const started = await api('an.ninh', 'POST', '/v1/drills', { scale: 'demo' });
      assert.equal(started.status, 202, started.text);
      const id = String(started.body['id']);
      assert.match(id, /^drl_/);
      assert.equal(started.body['status'], 'running');
      assert.equal(launched.length, 1);
      assert.deepEqual(launched[0]!.args, ['drill', 'ransomware', '--scale', 'demo']);
      // Its own data dir under drills/, and nothing else: not the platform's database, not its keys.
      assert.deepEqual(launched[0]!.env, { POSTCORE_DATA_DIR: join(platform.dataDir, 'drills', id, 'data') });

      const again = await api('an.ninh', 'POST', '/v1/drills', { scale: 'demo' });
      assert.equal(again.status, 200);
      assert.equal(again.body['id'], id, 'the running drill is answered');
      assert.equal(launched.length, 1, 'nothing else started');

      // The timeline fills in as the drill records it; after the attack, each step's time since it.
      await until('delivery back in service', async () => {
        const d = await api('kiem.toan', 'GET', `/v1/drills/${id}`);
        return (d.body['timeline'] as unknown[]).length >= 6;
      });
      const watching = (await api('kiem.toan', 'GET', `/v1/drills/${id}`)).body;
      const timeline = watching['timeline'] as Array<{
        phase: string;
        offset_s: number;
        night: string | null;
      }>;
      assert.deepEqual(
        timeline.slice(0, 6).map((s) => [s.phase, s.offset_s, s.night]),
        [
          ['setup', -1, null],
          ['setup', -0.9, null],
          ['attack', 0, '03:10:00'],
          ['detection', 2.5, '03:10:02'],
          ['isolation', 2.5, '03:10:02'],
          ['return_to_service', 4, '03:10:04'],
        ],
      );
      assert.deepEqual((watching['paid'] as Record<string, unknown>)['during_outage'], {
        count: 4,
        amount: '2800000',
      });
      assert.equal(watching['status'], 'running');
      assert.equal(watching['report'], null);

      writeFileSync(join(platform.dataDir, 'drills', id, 'data.finish'), '');
      await until(
        'the report',
        async () => (await api('an.ninh', 'GET', `/v1/drills/${id}`)).body['status'] !== 'running',
      );
      const done = (await api('an.ninh', 'GET', `/v1/drills/${id}`)).body;
      assert.equal(done['status'], 'passed');
      assert.equal((done['report'] as Record<string, unknown>)['format'], 'postcore-drill/1');
      assert.notEqual(done['finished_at'], null);
      const list = await api('kiem.toan', 'GET', '/v1/drills');
      assert.deepEqual(
        (list.body['items'] as Array<Record<string, unknown>>).map((d) => [d['id'], d['status'], d['phase']]),
        [[id, 'passed', 'proof']],
      );
    });

    test('the auditor reads but starts nothing; a clerk sees no drill; bad input starts nothing', async () => {
      const before = drillDirs();
      const auditor = await api('kiem.toan', 'POST', '/v1/drills', { scale: 'demo' });
      assert.equal(auditor.status, 403);
      assert.equal(auditor.body.code, 'permission_missing');
      for (const [method, url] of [
        ['POST', '/v1/drills'],
        ['GET', '/v1/drills'],
        ['GET', `/v1/drills/${before[0]}`],
      ] as const) {
        const r = await api('lan', method, url, method === 'POST' ? { scale: 'demo' } : undefined);
        assert.equal(r.status, 403, `${method} ${url}`);
      }
      const national = await api('an.ninh', 'POST', '/v1/drills', { scale: 'national' });
      assert.equal(national.status, 400);
      assert.match(national.text, /scale/);
      assert.equal((await api('an.ninh', 'POST', '/v1/drills', {})).status, 400);
      const missing = await api('an.ninh', 'GET', '/v1/drills/drl_00000000000000000000000000000000');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'drill_not_found');
      assert.match(String(missing.body.message_vi), /Không có cuộc diễn tập/);
      assert.equal((await api('an.ninh', 'GET', '/v1/drills/..%2F..%2Fkeys')).status, 404);
      assert.deepEqual(drillDirs(), before, 'nothing started');
      assert.equal(launched.length, 1);
    });

    test('only the newest drills are kept', async () => {
      for (let n = 0; n < 2; n++) {
        const r = await api('an.ninh', 'POST', '/v1/drills', { scale: 'demo' });
        assert.equal(r.status, 202, r.text);
        writeFileSync(join(platform.dataDir, 'drills', String(r.body['id']), 'data.finish'), '');
        await until('the drill ends', async () => launched.at(-1)!.child.exitCode !== null);
        await until(
          'the drill is read as ended',
          async () =>
            (await api('an.ninh', 'GET', `/v1/drills/${r.body['id']}`)).body['status'] !== 'running',
        );
      }
      assert.equal(launched.length, 3);
      assert.equal(drillDirs().length, 2, 'the oldest was removed when the third started');
      assert.equal(existsSync(join(platform.dataDir, 'drills', drillDirs()[0]!, 'drill.json')), true);
    });

    test("a drill's own platform shows that drill and starts none", async () => {
      const id = drillDirs().at(-1)!;
      const own = await buildApp(platform, pino({ level: 'silent' }), {
        drills: { ownWorkspace: join(platform.dataDir, 'drills', id, 'data.drill') },
      });
      try {
        const ownCookie = await signIn(own, 'kiem.toan');
        const list = await callApi(own, { method: 'GET', url: '/v1/drills', cookie: ownCookie });
        assert.deepEqual(
          (list.body['items'] as Array<Record<string, unknown>>).map((d) => [d['id'], d['status']]),
          [['current', 'passed']],
        );
        const timeline = await callApi(own, { method: 'GET', url: '/v1/drills/current', cookie: ownCookie });
        assert.equal((timeline.body['timeline'] as unknown[]).length, 7);
        const start = await api('an.ninh', 'POST', '/v1/drills', { scale: 'demo' });
        assert.equal(start.status, 202, 'the post’s own console still starts drills');
        writeFileSync(join(platform.dataDir, 'drills', String(start.body['id']), 'data.finish'), '');
        const refused = await callApi(own, {
          method: 'POST',
          url: '/v1/drills',
          cookie: cookies['an.ninh'],
          payload: { scale: 'demo' },
        });
        assert.equal(refused.status, 409, refused.text);
        assert.equal(refused.body.code, 'drill_not_here');
      } finally {
        await own.close();
      }
    });
  });
}
