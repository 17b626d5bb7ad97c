// Recovery in service on both dialects: delivery's database is attacked (encrypted in place on SQLite, its
// journal rewritten on PostgreSQL), detection isolates it, a copy is restored from the vault, and it is put in
// place under the running platform only on a restore request one officer made and another approved; the cell
// stays isolated until two officers return it to service, and then serves and verifies.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { cellDefinitions, createPlatformDetector, GUARDED_CELLS } from '../app.ts';
import { totpFor } from '../cells/core/index.ts';
import { readPublicKey } from '../journal/index.ts';
import { CLERK, openDeliveryWorld, PARCEL, type DeliveryWorld } from '../cells/delivery/testing.ts';
import { ManualClock } from '../platform/clock.ts';
import { dialectsUnderTest } from '../storage/testing.ts';
import { addSecurityOfficers, startTestVault, testConfig, type TestVault } from '../testing.ts';
import { detectOnce, type Detector } from './detection/index.ts';
import { restoreFromVault, type RestorePlace } from './restore.ts';
import type { Shipper } from './shipping.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`recovery of an attacked cell in service on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-09T02:00:00.000Z');
    let w: DeliveryWorld;
    let vault: TestVault;
    let shipper: Shipper;
    let detector: Detector;
    const officers: Record<string, { id: string; seed: string }> = {};
    const accepted: string[] = [];
    let deliveryHeadAtRestore = 0n;
    const code = (who: string) => {
      clock.advance(30_000);
      return totpFor(who, officers[who]!.seed).generate({ timestamp: clock.now().getTime() });
    };
    const accept = async () => {
      const item = await w.platform.delivery.items.accept(
        PARCEL,
        { office_id: w.o.a.id, clerk_id: CLERK, till_session_id: w.till },
        CLERK,
      );
      accepted.push(item.id);
    };

    before(async () => {
      w = await openDeliveryWorld(dialect, clock);
      Object.assign(officers, await addSecurityOfficers(w.platform, w.o.a.id));
      vault = await startTestVault(w.platform, `${w.place.dataDir}-vault`, clock);
      shipper = vault.shipper;
      detector = createPlatformDetector(w.platform, testConfig(w.place), shipper);
      await detector.start();
      for (let i = 0; i < 3; i++) await accept();
      await shipper.ship();
      await accept();
      await w.platform.checkpoint(true);
      await shipper.ship();
      assert.deepEqual((await detectOnce(detector, w.platform.security, GUARDED_CELLS)).findings, []);
    });
    after(async () => {
      await vault?.close();
      await w?.close();
    });

    test('the attack is detected and delivery isolated; a restored copy goes in only on an approved request', async () => {
      const deliveryHead = (
        await w.platform.cells.find((c) => c.definition.name === 'delivery')!.journal.head()
      ).seq;
      if (dialect === 'sqlite') {
        // Ransomware: delivery's files rewritten in place with ciphertext.
        for (const f of [
          w.platform.storage.cellFile('delivery'),
          `${w.platform.storage.cellFile('delivery')}-wal`,
          `${w.platform.storage.cellFile('delivery')}-shm`,
        ]) {
          if (!existsSync(f)) continue;
          const size = statSync(f).size;
          const fd = openSync(f, 'r+');
          writeSync(fd, randomBytes(size), 0, size, 0);
          closeSync(fd);
        }
      } else {
        // An intruder with the database's password rewrites a parcel's acceptance.
        const db = w.platform.cells.find((c) => c.definition.name === 'delivery')!.database.db;
        await sql`update journal_event set payload = replace(payload, '450000', '45000') where seq = 2`.execute(
          db,
        );
      }
      const step = await detectOnce(detector, w.platform.security, GUARDED_CELLS);
      assert.deepEqual(step.isolated, ['delivery'], JSON.stringify(step.findings));
      assert.deepEqual(
        step.findings.filter((f) => f.signal === 'checkpoint_diverged'),
        [],
        'the checkpoint the vault countersigned is not "cut" because the database cannot be read',
      );
      assert.equal(w.platform.security.modeOf('finance'), 'normal');

      // The security team restores delivery from the vault, with the offline key, into restores/ of the server.
      const into: RestorePlace =
        w.place.config.dialect === 'sqlite'
          ? { dialect: 'sqlite', dataDir: join(w.place.dataDir, 'restores', 'delivery-1') }
          : {
              dialect: 'postgres',
              dataDir: join(w.place.dataDir, 'restores', 'delivery-1'),
              url: w.place.config.url,
              schemaPrefix: `${w.place.config.schemaPrefix ?? ''}r1_`,
            };
      const report = await restoreFromVault({
        vault: vault.restore,
        key: vault.key,
        cells: ['delivery'],
        definitions: cellDefinitions,
        into,
        target: { latest: true },
        clock,
        // The post's public key (serve ships it to the vault with the server's files; this test vault does not).
        checkpointKeys: [readPublicKey(w.platform.checkpointKey().pem)],
      });
      assert.equal(report.cells[0]?.head_seq, deliveryHead.toString(), 'the vault held every event');

      const me = officers['an.ninh']!.id;
      const other = officers['bao.ve']!.id;
      const ask = await w.platform.security.request(
        { kind: 'restore', cell: 'delivery', target: 'latest', reason: 'Khôi phục bưu gửi sau sự cố' },
        me,
        code('an.ninh'),
      );
      await assert.rejects(w.platform.applyRestore(ask.id, 'delivery-1', me), {
        code: 'restore_not_approved',
      });
      await w.platform.security.decide(
        ask.id,
        { approve: true, reason: 'Đã xem báo cáo' },
        other,
        code('bao.ve'),
      );
      await assert.rejects(w.platform.applyRestore(ask.id, '../etc', me), { code: 'restore_source_invalid' });
      await assert.rejects(w.platform.applyRestore(ask.id, 'nothing-here', me), /no restore report/);
      assert.equal(w.platform.security.modeOf('delivery'), 'isolated', 'refusals change nothing');

      const applied = await w.platform.applyRestore(ask.id, 'delivery-1', me);
      assert.equal(applied.head_seq, deliveryHead.toString());
      deliveryHeadAtRestore = deliveryHead;
      assert.deepEqual(applied.consumers_ahead, []);
      assert.equal((await w.platform.security.getRequest(ask.id)).status, 'done');
      if (dialect === 'sqlite') assert.ok(existsSync(applied.kept), 'the encrypted file is kept as evidence');
      await assert.rejects(w.platform.applyRestore(ask.id, 'delivery-1', me), {
        code: 'restore_not_approved',
      });
      assert.equal(
        w.platform.security.modeOf('delivery'),
        'isolated',
        'still isolated until two people reopen it',
      );
    });

    test('two officers return delivery to service: it serves, verifies, and detection finds nothing', async () => {
      const ask = await w.platform.security.request(
        { kind: 'set_mode', cell: 'delivery', mode: 'normal', reason: 'Đã khôi phục và kiểm tra' },
        officers['bao.ve']!.id,
        code('bao.ve'),
      );
      await w.platform.security.decide(
        ask.id,
        { approve: true, reason: 'Đồng ý' },
        officers['an.ninh']!.id,
        code('an.ninh'),
      );
      assert.equal(w.platform.security.modeOf('delivery'), 'normal');
      for (const id of accepted) assert.equal((await w.platform.delivery.items.track(id)).id, id);
      await accept();
      await w.platform.sync();
      const [report] = await w.platform.verify({ only: 'delivery' });
      assert.equal(report?.ok, true, JSON.stringify(report?.failures));
      const step = await detectOnce(detector, w.platform.security, GUARDED_CELLS);
      assert.deepEqual(step.findings, []);
      await w.platform.checkpoint(true);
      await shipper.ship();
      const status = (await shipper.status()).find((s) => s.cell === 'delivery');
      assert.equal(status?.lag_events, '0', 'shipping goes on from the restored head');
      // The restored cell has the checkpoint the vault countersigned (cut after the snapshot): the next one is
      // proved to extend it, and detection, comparing the two, finds nothing.
      assert.equal(status?.last_error, null);
      assert.ok((status?.witnessed_size ?? 0) > Number(deliveryHeadAtRestore));
      assert.deepEqual((await detectOnce(detector, w.platform.security, GUARDED_CELLS)).findings, []);
    });
  });
}
