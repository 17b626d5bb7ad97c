// Incident modes through the API on both dialects: a security officer isolates delivery and finance keeps
// paying pensions while delivery refuses every request with the isolation code; returning it to service takes
// a request and a different approver, each with a fresh second-factor code; read-only lets look-ups through;
// bad input and the wrong person change nothing; detection's alerts are journaled once per open finding.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, captureEvidenceOnIncident, openPlatform, type Platform } from '../../app.ts';
import type { Server } from '../../http/server.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../storage/testing.ts';
import { readPublicKey } from '../../journal/index.ts';
import { verifySignature } from '../../journal/signing.ts';
import { totpFor } from '../core/index.ts';
import {
  addSecurityOfficers,
  apiCaller,
  callApi,
  counterPayer,
  openPayingCounter,
  signIn,
  TEST_PASSWORD,
  testConfig,
  type Json,
  type PayingCounter,
} from '../../testing.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`incident modes on ${dialect}`, { skip }, () => {
    // Wednesday 9 December 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-12-09T02:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    let counter: PayingCounter;
    let evidence: { settled(): Promise<void> };
    const cookies: Record<string, string> = {};
    const seeds: Record<string, string> = {};
    const api = apiCaller(() => app, cookies);
    let payer: ReturnType<typeof counterPayer>;
    /** A fresh code for an officer: the clock moves on a step first, as a code is good once. */
    const code = (who: string) => {
      clock.advance(30_000);
      return totpFor(who, seeds[who]!).generate({ timestamp: clock.now().getTime() });
    };
    const pay = () => payer.pay();
    const scan = () =>
      api('lan', 'POST', `/v1/delivery/offices/${counter.office.id}/scans`, {
        scans: [{ item: 'EB123456789VN', code: 'EMC' }],
      });
    const modeOf = async (cell: string) =>
      ((await api('lan', 'GET', '/v1/status')).body['cells'] as Array<{ cell: string; mode: string }>).find(
        (c) => c.cell === cell,
      )?.mode;
    const securityEvents = async () =>
      (await platform.cells.find((c) => c.definition.name === 'security')!.journal.head()).seq;

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }));
      evidence = captureEvidenceOnIncident(platform, pino({ level: 'silent' }), () => ['a log line']);
      counter = await openPayingCounter(platform, { count: 8 });
      payer = counterPayer(counter, api);
      const officers = await addSecurityOfficers(platform, counter.office.id);
      for (const username of ['an.ninh', 'bao.ve'] as const) {
        seeds[username] = officers[username].seed;
        const r = await callApi(app, {
          method: 'POST',
          url: '/v1/auth/sign-in',
          payload: { username, password: TEST_PASSWORD, code: code(username) },
        });
        assert.equal(r.status, 200, r.text);
        cookies[username] = r.cookie!;
      }
      for (const u of ['lan', 'hung']) cookies[u] = await signIn(app, u);
    });
    after(async () => {
      await app?.close();
      await platform?.close();
      await place?.remove();
    });

    test('with delivery isolated, finance pays a pension and delivery refuses a scan with the isolation code', async () => {
      assert.equal((await pay()).status, 201);
      const before = await scan();
      assert.notEqual(before.status, 503, 'delivery serves before the incident');
      assert.equal(await modeOf('delivery'), 'normal');

      const r = await api('an.ninh', 'POST', '/v1/incidents/cells/delivery/restrict', {
        mode: 'isolated',
        reason: 'Tệp cơ sở dữ liệu bưu gửi bị mã hóa',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body['mode'], 'isolated');
      assert.equal(await modeOf('delivery'), 'isolated');
      assert.equal(await modeOf('finance'), 'normal');

      const refused = await scan();
      assert.equal(refused.status, 503);
      assert.equal(refused.body.code, 'cell_isolated');
      assert.match(String(refused.body.message_vi), /cách ly.*phiếu giấy/s);
      const tracking = await api(null, 'GET', '/v1/track/EB123456789VN');
      assert.equal(tracking.body.code, 'cell_isolated', 'an isolated cell answers no read either');

      // The same run: finance pays on, core serves, and the background work leaves delivery alone.
      const payout = await pay();
      assert.equal(payout.status, 201, JSON.stringify(payout.body));
      assert.equal((await api('lan', 'GET', `/v1/offices/${counter.office.id}`)).status, 200);
      const cut = await platform.checkpoint(true);
      assert.equal(
        cut.find((c) => c.cell === 'delivery'),
        undefined,
        'no checkpoint signs an isolated cell',
      );
      assert.deepEqual((await platform.sync()).delivery, 0);
    });

    test('returning a cell to service takes a request and a different approver, each with a fresh code', async () => {
      const again = await api('an.ninh', 'POST', '/v1/incidents/cells/delivery/restrict', {
        mode: 'isolated',
        reason: 'lần nữa',
      });
      assert.equal(again.body.code, 'mode_unchanged');
      const looser = await api('an.ninh', 'POST', '/v1/incidents/cells/delivery/restrict', {
        mode: 'read-only',
        reason: 'mở một phần',
      });
      assert.equal(looser.status, 409);
      assert.equal(looser.body.code, 'approval_required');

      const ask = { kind: 'set_mode', cell: 'delivery', mode: 'normal', reason: 'Đã khôi phục và kiểm tra' };
      const events = await securityEvents();
      assert.equal((await api('lan', 'POST', '/v1/incidents/requests', ask)).body.code, 'permission_missing');
      const noCode = await api('an.ninh', 'POST', '/v1/incidents/requests', ask);
      assert.equal(noCode.body.code, 'second_factor_required');
      const wrong = await api('an.ninh', 'POST', '/v1/incidents/requests', { ...ask, code: '000000' });
      assert.equal(wrong.body.code, 'second_factor_wrong');
      assert.equal(await securityEvents(), events, 'refused requests journal nothing in the security cell');
      assert.equal((await api('an.ninh', 'GET', '/v1/incidents/requests')).body['total'], 0);

      const made = await api('an.ninh', 'POST', '/v1/incidents/requests', { ...ask, code: code('an.ninh') });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body['status'], 'pending');
      const id = String(made.body.id);
      const self = await api('an.ninh', 'POST', `/v1/incidents/requests/${id}/decision`, {
        approve: true,
        reason: 'tự duyệt',
        code: code('an.ninh'),
      });
      assert.equal(self.status, 403);
      assert.equal(self.body.code, 'approver_is_requester');
      const unsure = await api('bao.ve', 'POST', `/v1/incidents/requests/${id}/decision`, {
        approve: true,
        reason: 'đồng ý',
      });
      assert.equal(unsure.body.code, 'second_factor_required');
      assert.equal(await modeOf('delivery'), 'isolated', 'still isolated after the refusals');

      const approved = await api('bao.ve', 'POST', `/v1/incidents/requests/${id}/decision`, {
        approve: true,
        reason: 'Đã xem báo cáo khôi phục',
        code: code('bao.ve'),
      });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body['status'], 'done');
      assert.equal(await modeOf('delivery'), 'normal');
      assert.notEqual((await scan()).status, 503, 'delivery serves again');
      const twice = await api('bao.ve', 'POST', `/v1/incidents/requests/${id}/decision`, {
        approve: false,
        reason: 'đổi ý',
        code: code('bao.ve'),
      });
      assert.equal(twice.body.code, 'request_not_pending');
    });

    test('read-only lets look-ups through and refuses writes; staff can still sign in', async () => {
      const r = await api('bao.ve', 'POST', '/v1/incidents/cells/core/restrict', {
        mode: 'read-only',
        reason: 'Nghi ngờ tài khoản quản trị bị lộ',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal((await api('lan', 'GET', `/v1/offices/${counter.office.id}`)).status, 200);
      const write = await api('hung', 'POST', '/v1/staff', {
        username: 'moi',
        full_name: 'Lê Văn Mới',
        cccd: '001085000999',
        phone: '0912345999',
        office_id: counter.office.id,
        roles: ['counter_clerk'],
        password: TEST_PASSWORD,
      });
      assert.equal(write.status, 503);
      assert.equal(write.body.code, 'cell_read_only');
      assert.match(String(write.body.message_vi), /chỉ đọc/);
      cookies['hung'] = await signIn(app, 'hung');
      assert.equal((await pay()).status, 201, 'finance pays while core is read-only');

      const made = await api('bao.ve', 'POST', '/v1/incidents/requests', {
        kind: 'set_mode',
        cell: 'core',
        mode: 'normal',
        reason: 'Đã đổi mật khẩu quản trị',
        code: code('bao.ve'),
      });
      const ok = await api('an.ninh', 'POST', `/v1/incidents/requests/${String(made.body.id)}/decision`, {
        approve: true,
        reason: 'Đồng ý mở lại',
        code: code('an.ninh'),
      });
      assert.equal(ok.body['status'], 'done');
      assert.equal(await modeOf('core'), 'normal');
    });

    test('with the services cell isolated, its look-up says what to do on paper and pensions are paid on', async () => {
      const r = await api('an.ninh', 'POST', '/v1/incidents/cells/services/restrict', {
        mode: 'isolated',
        reason: 'Nghi ngờ cơ sở dữ liệu hồ sơ bị can thiệp',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const lookUp = await api(null, 'GET', '/v1/public/dossiers/HS011000000001?phone=0912345678');
      assert.equal(lookUp.status, 503);
      assert.equal(lookUp.body.code, 'cell_isolated');
      assert.match(String(lookUp.body.message_vi), /hành chính công.*phiếu giấy/s);
      assert.equal((await pay()).status, 201, 'finance pays while services is isolated');
      assert.equal((await platform.sync()).services, 0, 'the background work leaves services alone');

      const made = await api('an.ninh', 'POST', '/v1/incidents/requests', {
        kind: 'set_mode',
        cell: 'services',
        mode: 'normal',
        reason: 'Đã kiểm tra, dữ liệu nguyên vẹn',
        code: code('an.ninh'),
      });
      const ok = await api('bao.ve', 'POST', `/v1/incidents/requests/${String(made.body.id)}/decision`, {
        approve: true,
        reason: 'Đồng ý mở lại',
        code: code('bao.ve'),
      });
      assert.equal(ok.body['status'], 'done', JSON.stringify(ok.body));
      assert.equal(await modeOf('services'), 'normal');
    });

    test('bad input, an expired request and a refused one change nothing', async () => {
      const events = await securityEvents();
      const unknown = await api('an.ninh', 'POST', '/v1/incidents/cells/kho/restrict', {
        mode: 'isolated',
        reason: 'không có',
      });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'unknown_cell');
      assert.match(String(unknown.body['message']), /use one of core, finance, delivery/);
      const security = await api('an.ninh', 'POST', '/v1/incidents/cells/security/restrict', {
        mode: 'isolated',
        reason: 'tự khóa',
      });
      assert.equal(security.body.code, 'unknown_cell', 'the cell that keeps the modes cannot shut itself');
      const badMode = await api('an.ninh', 'POST', '/v1/incidents/cells/finance/restrict', {
        mode: 'closed',
        reason: 'sai chế độ',
      });
      assert.equal(badMode.status, 400);
      assert.match(String(badMode.body['message']), /mode/);
      const noReason = await api('an.ninh', 'POST', '/v1/incidents/cells/finance/restrict', {
        mode: 'isolated',
        reason: ' ',
      });
      assert.equal(noReason.status, 400);
      const badTarget = await api('an.ninh', 'POST', '/v1/incidents/requests', {
        kind: 'restore',
        cell: 'delivery',
        target: 'yesterday',
        reason: 'khôi phục',
        code: code('an.ninh'),
      });
      assert.equal(badTarget.status, 400);
      assert.match(String(badTarget.body['message']), /target/);
      const tighter = await api('an.ninh', 'POST', '/v1/incidents/requests', {
        kind: 'set_mode',
        cell: 'finance',
        mode: 'isolated',
        reason: 'cách ly qua phê duyệt',
        code: code('an.ninh'),
      });
      assert.equal(tighter.body.code, 'invalid_incident');
      assert.match(String(tighter.body['message']), /needs no approval/);
      assert.equal(await securityEvents(), events);
      assert.equal(await modeOf('finance'), 'normal');

      // A restore request waits four hours for its approval, then lapses.
      const restore = await api('an.ninh', 'POST', '/v1/incidents/requests', {
        kind: 'restore',
        cell: 'delivery',
        target: 'seq 120',
        reason: 'Khôi phục bưu gửi từ kho',
        code: code('an.ninh'),
      });
      assert.equal(restore.status, 201, JSON.stringify(restore.body));
      clock.advance(4 * 3_600_000 + 1000);
      const late = await api('bao.ve', 'POST', `/v1/incidents/requests/${String(restore.body.id)}/decision`, {
        approve: true,
        reason: 'muộn',
        code: code('bao.ve'),
      });
      assert.equal(late.body.code, 'request_expired');
      const shown = await api('bao.ve', 'GET', `/v1/incidents/requests/${String(restore.body.id)}`);
      assert.equal(shown.body['status'], 'expired');

      // A refused request leaves the mode as it was.
      await api('an.ninh', 'POST', '/v1/incidents/cells/finance/restrict', {
        mode: 'read-only',
        reason: 'Kiểm tra sổ cái',
      });
      const ask = await api('an.ninh', 'POST', '/v1/incidents/requests', {
        kind: 'set_mode',
        cell: 'finance',
        mode: 'normal',
        reason: 'Sổ cái khớp',
        code: code('an.ninh'),
      });
      const no = await api('bao.ve', 'POST', `/v1/incidents/requests/${String(ask.body.id)}/decision`, {
        approve: false,
        reason: 'Chưa có báo cáo đối soát',
        code: code('bao.ve'),
      });
      assert.equal(no.body['status'], 'refused');
      assert.equal(await modeOf('finance'), 'read-only');
      const payout = await pay();
      assert.equal(payout.body.code, 'cell_read_only');
    });

    test('an open finding raises one alert; acknowledged, the next one raises another', async () => {
      const finding = {
        signal: 'canary_touched' as const,
        cell: 'delivery',
        severity: 'high' as const,
        message: 'The canary file delivery.canary changed',
        evidence: { file: 'delivery.canary', sha256: 'ab'.repeat(32) },
        key: 'delivery.canary',
      };
      const first = await platform.security.raise(finding);
      const repeat = await platform.security.raise(finding);
      assert.equal(first.created, true);
      assert.equal(repeat.created, false);
      assert.equal(repeat.alert.id, first.alert.id);
      const listed = await api('an.ninh', 'GET', '/v1/alerts?open=true');
      assert.equal(listed.body['total'], 1);
      const item = (listed.body['items'] as Json[])[0]!;
      assert.deepEqual(item['evidence'], finding.evidence);
      assert.equal((await api('lan', 'GET', '/v1/alerts')).body.code, 'permission_missing');
      const ack = await api('an.ninh', 'POST', `/v1/alerts/${first.alert.id}/acknowledge`, {
        note: 'Đã kiểm tra: diễn tập',
      });
      assert.equal(ack.status, 200);
      assert.equal(ack.body['acknowledged_by'] !== null, true);
      assert.equal((await platform.security.raise(finding)).created, true);
      assert.equal((await api('an.ninh', 'GET', '/v1/alerts')).body['total'], 2);
      assert.equal((await api('an.ninh', 'GET', '/v1/alerts?signal=nope')).status, 400);
    });

    test('shutting a cell captures signed evidence in a chain of custody; officers capture on demand', async () => {
      await evidence.settled();
      const list = await api('an.ninh', 'GET', '/v1/incidents/evidence');
      assert.equal(list.status, 200);
      const items = list.body['items'] as Array<Record<string, string | number | null>>;
      assert.equal(items.length, 4, 'delivery and services isolated, core and finance read-only');
      assert.deepEqual(
        items.map((e) => e['cell']),
        ['finance', 'services', 'core', 'delivery'],
      );
      const key = readPublicKey(platform.checkpointKey().pem);
      for (const [i, e] of items.entries()) {
        assert.equal(e['prev_sha256'], i + 1 < items.length ? items[i + 1]!['sha256'] : '0'.repeat(64));
        const text = readFileSync(join(place.dataDir, 'evidence', `${String(e['id'])}.json`), 'utf8');
        assert.equal(
          createHash('sha256').update(text).digest('hex'),
          e['sha256'],
          'the manifest is what was signed',
        );
        assert.ok(verifySignature(key, Buffer.from(String(e['sha256']), 'hex'), String(e['signature'])));
        const manifest = JSON.parse(text) as {
          files: Array<{ path: string; sha256: string }>;
          logs: string[];
          alerts: unknown[];
          checkpoints: Record<string, unknown>;
          processes: Array<{ pid: number }>;
        };
        assert.equal(manifest.files.length, e['files']);
        assert.ok(
          manifest.files.some((f) => f.path === join('keys', 'checkpoint.key.pub') && f.sha256.length === 64),
        );
        if (dialect === 'sqlite') assert.ok(manifest.files.some((f) => f.path === 'delivery.sqlite'));
        assert.deepEqual(manifest.logs, ['a log line']);
        assert.ok('finance' in manifest.checkpoints);
        assert.ok(manifest.processes.some((p) => p.pid === process.pid));
      }
      assert.equal(
        (await api('lan', 'POST', '/v1/incidents/evidence', { reason: 'xem thử' })).body.code,
        'permission_missing',
      );
      const bad = await api('an.ninh', 'POST', '/v1/incidents/evidence', { reason: '' });
      assert.equal(bad.status, 400);
      // The chain of custody names only cells that exist: a misnamed one is refused, nothing recorded.
      const nowhere = await api('an.ninh', 'POST', '/v1/incidents/evidence', {
        cell: 'finanse',
        reason: 'Lưu chứng cứ theo yêu cầu của công an',
      });
      assert.deepEqual([nowhere.status, nowhere.body.code], [404, 'unknown_cell']);
      const now = await api('an.ninh', 'POST', '/v1/incidents/evidence', {
        cell: null,
        reason: 'Lưu chứng cứ theo yêu cầu của công an',
      });
      assert.equal(now.status, 201, JSON.stringify(now.body));
      assert.equal(now.body['prev_sha256'], items[0]!['sha256']);
      assert.equal(now.body['path'], undefined, 'the server path stays on the server');
    });

    test('every step is in the security journal, and every cell verifies', async () => {
      const types = (
        await platform.cells.find((c) => c.definition.name === 'security')!.journal.readAfter(0n, 1000)
      ).map((e) => e.type);
      for (const t of [
        'security.mode.changed',
        'security.request.made',
        'security.request.decided',
        'security.alert.raised',
        'security.alert.acknowledged',
        'security.evidence.captured',
      ])
        assert.ok(types.includes(t), t);
      for (const r of await platform.verify())
        assert.equal(r.ok, true, `${r.cell}: ${JSON.stringify(r.failures)}`);
    });
  });
}
