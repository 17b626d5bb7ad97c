// A restore's progress seen from the running server, on both dialects: the offline key holder runs the restore
// of an approved request into the server's restores/ (as `postcore restore --request ID` does), each phase is
// readable at GET /v1/incidents/requests/{id}/restore as it ends, then the report; a failed restore says why.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, cellDefinitions } from '../app.ts';
import { totpFor } from '../cells/core/index.ts';
import { CLERK, openDeliveryWorld, PARCEL, type DeliveryWorld } from '../cells/delivery/testing.ts';
import { readPublicKey } from '../journal/index.ts';
import type { Server } from '../http/server.ts';
import { ManualClock } from '../platform/clock.ts';
import { dialectsUnderTest } from '../storage/testing.ts';
import {
  addSecurityOfficers,
  addSignedInStaff,
  apiCaller,
  startTestVault,
  type Json,
  type TestVault,
} from '../testing.ts';
import type { RestorePlace, RestoreTarget } from './restore.ts';
import { restoreWithProgress } from './restore-progress.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`a restore's progress through the API on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-09T02:00:00.000Z');
    let w: DeliveryWorld;
    let app: Server;
    let vault: TestVault;
    const cookies: Record<string, string> = {};
    const api = apiCaller(() => app, cookies);
    const officers: Record<string, { id: string; seed: string }> = {};
    const code = (who: string) => {
      clock.advance(30_000);
      return totpFor(who, officers[who]!.seed).generate({ timestamp: clock.now().getTime() });
    };
    const place = (name: string, n: number): RestorePlace =>
      w.place.config.dialect === 'sqlite'
        ? { dialect: 'sqlite', dataDir: join(w.place.dataDir, 'restores', name) }
        : {
            dialect: 'postgres',
            dataDir: join(w.place.dataDir, 'restores', name),
            url: w.place.config.url,
            schemaPrefix: `${w.place.config.schemaPrefix ?? ''}p${n}_`,
          };
    const restore = (id: string, name: string, n: number, target: RestoreTarget = { latest: true }) =>
      restoreWithProgress(
        {
          vault: vault.restore,
          key: vault.key,
          cells: ['delivery'],
          definitions: cellDefinitions,
          into: place(name, n),
          target,
          clock,
          checkpointKeys: [readPublicKey(w.platform.checkpointKey().pem)],
        },
        id,
      );
    const approved = async () => {
      const { body: ask } = await api('an.ninh', 'POST', '/v1/incidents/requests', {
        kind: 'restore',
        cell: 'delivery',
        target: 'latest',
        reason: 'Khôi phục bưu gửi sau sự cố',
        code: code('an.ninh'),
      });
      const r = await api('bao.ve', 'POST', `/v1/incidents/requests/${ask.id}/decision`, {
        approve: true,
        reason: 'Đã xem cảnh báo',
        code: code('bao.ve'),
      });
      assert.equal(r.status, 200, r.text);
      return ask.id!;
    };

    before(async () => {
      w = await openDeliveryWorld(dialect, clock);
      app = await buildApp(w.platform, pino({ level: 'silent' }));
      Object.assign(officers, await addSecurityOfficers(w.platform, w.o.a.id));
      vault = await startTestVault(w.platform, `${w.place.dataDir}-vault`, clock);
      for (let i = 0; i < 3; i++)
        await w.platform.delivery.items.accept(
          PARCEL,
          { office_id: w.o.a.id, clerk_id: CLERK, till_session_id: w.till },
          CLERK,
        );
      await w.platform.checkpoint(true);
      await vault.shipper.ship();
      for (const who of ['an.ninh', 'bao.ve']) {
        const r = await api(null, 'POST', '/v1/auth/sign-in', {
          username: who,
          password: 'gánh hàng rong qua cầu',
          code: code(who),
        });
        assert.equal(r.status, 200, r.text);
        cookies[who] = r.cookie!;
      }
      Object.assign(
        cookies,
        (await addSignedInStaff(w.platform, app, [['kiem.toan', ['auditor'], w.o.a.id]])).cookies,
      );
    });
    after(async () => {
      await vault?.close();
      await app?.close();
      await w?.close();
    });

    test('the phases, then the report, are read by officers and the auditor; apply takes the name', async () => {
      const id = await approved();
      const before = await api('kiem.toan', 'GET', `/v1/incidents/requests/${id}/restore`);
      assert.equal(before.status, 200, before.text);
      assert.equal(before.body['state'], 'not_started');
      assert.deepEqual(before.body['phases'], []);

      const seen: string[] = [];
      const report = await restoreWithProgress(
        {
          vault: vault.restore,
          key: vault.key,
          cells: ['delivery'],
          definitions: cellDefinitions,
          into: place('delivery-a', 1),
          target: { latest: true },
          clock,
          checkpointKeys: [readPublicKey(w.platform.checkpointKey().pem)],
          // While it runs, the server already shows each phase that ended.
          phase: () =>
            void api('an.ninh', 'GET', `/v1/incidents/requests/${id}/restore`).then((r) =>
              seen.push(String(r.body['state'])),
            ),
        },
        id,
      );
      const done = await api('kiem.toan', 'GET', `/v1/incidents/requests/${id}/restore`);
      assert.equal(done.status, 200, done.text);
      const body = done.body as Json & { phases: Array<{ phase: string; cell: string | null }> };
      assert.equal(body['state'], 'done');
      assert.equal(body['name'], 'delivery-a');
      assert.deepEqual(
        body.phases.map((p) => `${p.phase}${p.cell === null ? '' : `:${p.cell}`}`),
        ['vault_log', 'files', 'snapshot:delivery', 'segments:delivery', 'verified:delivery', 'placed'],
      );
      const shown = body['report'] as { rto_seconds: number; cells: Array<{ head_seq: string }> };
      assert.equal(shown.rto_seconds, report.rto_seconds);
      assert.equal(shown.cells[0]!.head_seq, report.cells[0]!.head_seq);
      assert.match(String(body['report_text']), /\(RTO\)/);
      assert.ok(seen.includes('running'), `the server saw it running: ${seen.join()}`);

      // The console's name is what apply takes.
      await w.platform.security.restrict(
        'delivery',
        { mode: 'isolated', reason: 'Thử khôi phục' },
        'system:test',
      );
      const applied = await api('an.ninh', 'POST', `/v1/incidents/requests/${id}/apply`, {
        from: body['name'],
      });
      assert.equal(applied.status, 200, applied.text);
    });

    test('a failed restore says why; an unknown request is not found', async () => {
      const id = await approved();
      await assert.rejects(restore(id, 'delivery-b', 2, { seq: 999_999n }), {
        code: 'restore_target_invalid',
      });
      const r = await api('an.ninh', 'GET', `/v1/incidents/requests/${id}/restore`);
      assert.equal(r.body['state'], 'failed');
      assert.equal((r.body['error'] as Json)['code'], 'restore_target_invalid');
      assert.equal(r.body['report'], null);
      const missing = await api('an.ninh', 'GET', '/v1/incidents/requests/inr_nope/restore');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'request_not_found');
    });
  });
}
