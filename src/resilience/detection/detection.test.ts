// Detection on both dialects: each signal fires on its trigger (a stored event changed, a database file
// encrypted, canary rows and files touched, attachments renamed en masse, one clerk's burst, a checkpoint the
// vault countersigned rewritten, the vault gone) and a certain finding isolates its cell while finance pays on;
// a working day of ordinary traffic raises nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp, createPlatformDetector, GUARDED_CELLS, openPlatform, type Platform } from '../../app.ts';
import type { PensionLine } from '../../cells/finance/index.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../storage/testing.ts';
import { pino } from 'pino';
import {
  apiCaller,
  openPayingCounter,
  signIn,
  startTestVault,
  testConfig,
  type PayingCounter,
} from '../../testing.ts';
import { CANARY_FILES, detectOnce, type DetectionThresholds, type Detector } from './index.ts';

interface World {
  place: TestPlace;
  platform: Platform;
  counter: PayingCounter;
  clock: ManualClock;
  detector: Detector;
  paid: number;
}

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`detection on ${dialect}`, { skip }, () => {
    const worlds: World[] = [];
    /** A platform with a paying counter and its detector started; 09:00 on a Wednesday. */
    const world = async (thresholds?: Partial<DetectionThresholds>, lines = 12): Promise<World> => {
      const clock = new ManualClock('2026-12-09T02:00:00.000Z');
      const place = testPlace(dialect);
      const platform = await openPlatform(testConfig(place), { clock });
      const counter = await openPayingCounter(platform, { count: lines });
      const detector = createPlatformDetector(platform, testConfig(place), undefined, thresholds);
      await detector.start();
      const w = { place, platform, counter, clock, detector, paid: 0 };
      worlds.push(w);
      return w;
    };
    const pay = async (w: World) => {
      const l: PensionLine = w.counter.lines[w.paid++]!;
      return w.platform.finance.payouts.pay(
        {
          line_id: l.id,
          session_id: w.counter.till,
          place: 'counter',
          office_province: '01',
          recipient: 'self',
          cccd: l.cccd,
        },
        w.counter.clerk.id,
      );
    };
    const step = (w: World) => detectOnce(w.detector, w.platform.security, GUARDED_CELLS);
    const cellDb = (w: World, name: string) =>
      w.platform.cells.find((c) => c.definition.name === name)!.database.db;

    after(async () => {
      for (const w of worlds) {
        await w.platform.close().catch(() => undefined);
        await w.place.remove();
      }
    });

    test('a working day of ordinary traffic raises no alert', async () => {
      const w = await world(undefined, 60);
      assert.deepEqual((await step(w)).findings, [], 'the first look finds nothing');
      // 08:00 to 17:00 in steps of five minutes: payouts, sign-ins, the background work, a checkpoint.
      for (let minute = 0; minute < 9 * 60; minute += 5) {
        w.clock.advance(5 * 60_000);
        if (minute % 10 === 0 && w.paid < w.counter.lines.length) await pay(w);
        if (minute % 60 === 0)
          await w.platform.core.signIn.signIn(w.counter.clerk.username, 'gánh hàng rong qua cầu');
        await w.platform.sync();
        await w.platform.checkpoint();
        const s = await step(w);
        assert.deepEqual(s.findings, [], `at minute ${minute}: ${JSON.stringify(s.findings)}`);
      }
      assert.ok(w.paid >= 50);
      assert.equal((await w.platform.security.alerts({ limit: 10, offset: 0 })).total, 0);
      for (const c of GUARDED_CELLS) assert.equal(w.platform.security.modeOf(c), 'normal');
    });

    test('a stored event changed behind the journal breaks the chain, and its cell is isolated', async () => {
      const w = await world();
      await pay(w);
      await step(w);
      await sql`update journal_event set payload = replace(payload, '"counter"', '"point"') where type = 'finance.pension.line_paid'`.execute(
        cellDb(w, 'finance'),
      );
      const s = await step(w);
      const f = s.findings.find((x) => x.signal === 'chain_broken');
      assert.ok(f, JSON.stringify(s.findings));
      assert.equal(f.cell, 'finance');
      assert.match(f.message, /does not match its own hash/);
      assert.deepEqual(s.isolated, ['finance']);
      const [alert] = (await w.platform.security.alerts({ signal: 'chain_broken', limit: 5, offset: 0 }))
        .items;
      assert.equal(
        (await w.platform.security.modes()).find((m) => m.cell === 'finance')?.alert_id,
        alert?.id,
      );
      // Seen again, the same finding raises no second alert.
      assert.deepEqual((await step(w)).raised, []);
    });

    test('events removed from the end of a journal are seen', async () => {
      const w = await world();
      await pay(w);
      await pay(w);
      await step(w);
      const db = cellDb(w, 'finance');
      const { seq } = (await sql<{ seq: bigint }>`select seq from journal_head`.execute(db)).rows[0]!;
      await sql`delete from journal_event where seq = ${seq}`.execute(db);
      await sql`update journal_head set seq = ${BigInt(seq) - 1n}, hash = (select hash from journal_event where seq = ${BigInt(seq) - 1n})`.execute(
        db,
      );
      const f = (await step(w)).findings.find((x) => x.signal === 'chain_broken');
      assert.match(f?.message ?? '', /went back from seq/);
    });

    test('canary rows changed behind the API isolate the cell; canary files touched raise an alert', async () => {
      const w = await world();
      assert.deepEqual((await step(w)).findings, []);
      await sql`update journal_canary set value = 'x' where name = 'audit-2'`.execute(cellDb(w, 'core'));
      const s = await step(w);
      const rows = s.findings.find((x) => x.signal === 'canary_touched' && x.cell === 'core');
      assert.ok(rows, JSON.stringify(s.findings));
      assert.deepEqual(rows.evidence['changed'], ['audit-2']);
      assert.deepEqual(s.isolated, ['core']);

      const file = join(w.place.dataDir, 'exports', CANARY_FILES[1]!);
      renameSync(file, `${file}.locked`);
      const files = (await step(w)).findings.filter((x) => x.signal === 'canary_touched' && x.cell === null);
      assert.equal(files.length, 1);
      assert.match(files[0]!.message, /so-cai-tong-hop\.csv is gone/);
      assert.equal(w.platform.security.modeOf('finance'), 'normal', 'a canary file alone isolates no cell');
    });

    test('attachments removed and rewritten en masse are a mass change', async () => {
      const w = await world();
      const dir = join(w.place.dataDir, 'attachments', 'scans');
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 8; i++) writeFileSync(join(dir, `phieu-${i}.pdf`), `scan ${i}`);
      assert.deepEqual((await step(w)).findings, [], 'new files are ordinary');
      for (let i = 0; i < 6; i++) renameSync(join(dir, `phieu-${i}.pdf`), join(dir, `phieu-${i}.pdf.enc`));
      const s = await step(w);
      const f = s.findings.find((x) => x.signal === 'mass_change');
      assert.ok(f, JSON.stringify(s.findings));
      assert.equal((f.evidence['removed'] as string[]).length, 6);
      assert.deepEqual(s.isolated, []);
      // Two files rewritten are below the threshold: no alert.
      for (let i = 6; i < 8; i++) writeFileSync(join(dir, `phieu-${i}.pdf`), randomBytes(64));
      assert.equal((await step(w)).findings.filter((x) => x.signal === 'mass_change').length, 0);
    });

    test("a drill's post under drills/, encrypted on purpose, is not the data dir's mass change", async () => {
      const w = await world();
      const dir = join(w.place.dataDir, 'drills', 'drl_1', 'data');
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 8; i++) writeFileSync(join(dir, `cell-${i}.sqlite`), `cell ${i}`);
      await step(w);
      for (let i = 0; i < 8; i++) writeFileSync(join(dir, `cell-${i}.sqlite`), randomBytes(4096));
      assert.deepEqual((await step(w)).findings, []);
    });

    test("one clerk's burst far beyond their usual minute is an alert", async () => {
      const w = await world({ burstFloor: 20, burstFactor: 5 }, 80);
      await step(w);
      for (let m = 0; m < 10; m++) {
        w.clock.advance(60_000);
        await pay(w);
        await pay(w);
        assert.deepEqual((await step(w)).findings, []);
      }
      w.clock.advance(60_000);
      for (let i = 0; i < 30; i++) await pay(w);
      const s = await step(w);
      const f = s.findings.find((x) => x.signal === 'actor_burst');
      assert.ok(f, JSON.stringify(s.findings));
      assert.equal(f.evidence['actor'], w.counter.clerk.id);
      assert.ok((f.evidence['events'] as number) >= 30);
      assert.deepEqual(s.isolated, [], 'a burst is for a person to judge');
    });

    test(
      'a database file encrypted in place isolates its cell, and finance pays on',
      { skip: dialect !== 'sqlite' && 'SQLite files only' },
      async () => {
        const w = await world();
        // Shipping to a vault too: the status of a cell that cannot be read must not stop detection.
        const vault = await startTestVault(w.platform, `${w.place.dataDir}-vault`, w.clock);
        after(() => vault.close().catch(() => undefined));
        w.detector = createPlatformDetector(w.platform, testConfig(w.place), vault.shipper);
        await w.detector.start();
        await vault.shipper.ship();
        await step(w);
        // Ransomware: the database, its WAL and shared memory rewritten with ciphertext (random bytes), in place.
        const cellFile = w.platform.storage.cellFile('delivery');
        for (const file of [cellFile, `${cellFile}-wal`, `${cellFile}-shm`]) {
          const size = statSync(file).size;
          const fd = openSync(file, 'r+');
          for (let at = 0; at < size; at += 65_536)
            writeSync(fd, randomBytes(Math.min(65_536, size - at)), 0, undefined, at);
          closeSync(fd);
        }
        const s = await step(w);
        const f = s.findings.find((x) => x.cell === 'delivery');
        assert.equal(f?.signal, 'file_entropy', JSON.stringify(s.findings));
        assert.match(f.message, /no longer a SQLite file/);
        assert.ok((f.evidence['entropy_bits'] as number) > 7.9, JSON.stringify(f.evidence));
        assert.deepEqual(s.isolated, ['delivery']);
        assert.equal(w.platform.security.modeOf('finance'), 'normal');
        const receipt = await pay(w);
        assert.ok(
          receipt.seq > 0n,
          `finance pays while delivery is isolated: ${JSON.stringify(receipt, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
        );
        assert.deepEqual((await w.platform.sync()).delivery, 0, 'nothing reads the isolated cell');
        const shipping = await vault.shipper.status();
        assert.match(shipping.find((x) => x.cell === 'delivery')?.last_error ?? '', /cannot be read/);
        assert.equal(shipping.find((x) => x.cell === 'finance')?.last_error, null);
        assert.equal(shipping.find((x) => x.cell === 'delivery')?.paused, true);
        // A minute on, the isolated cell's lag is the incident's, not the vault's: no vault alert.
        w.clock.advance(61_000);
        await vault.shipper.ship();
        const later = await step(w);
        assert.deepEqual(
          later.findings.filter((f) => f.signal === 'vault_unreachable'),
          [],
          JSON.stringify(later.findings),
        );
        // What operations staff look at first still answers, showing the cell as unreadable.
        const app = await buildApp(w.platform, pino({ level: 'silent' }), { shipper: vault.shipper });
        after(() => app.close());
        const cookies = { lan: await signIn(app, 'lan') };
        const status = await apiCaller(() => app, cookies)('lan', 'GET', '/v1/status');
        assert.equal(status.status, 200, JSON.stringify(status.body));
        const cells = status.body['cells'] as Array<{ cell: string; mode: string; head_seq: string | null }>;
        assert.deepEqual(
          cells.find((c) => c.cell === 'delivery'),
          { ...cells.find((c) => c.cell === 'delivery'), mode: 'isolated', head_seq: null },
        );
        assert.ok(cells.find((c) => c.cell === 'finance')?.head_seq !== null);
      },
    );

    test('a checkpoint rewritten after the vault countersigned it, and a vault gone, are seen', async () => {
      const clock = new ManualClock('2026-12-09T02:00:00.000Z');
      const place = testPlace(dialect);
      const platform = await openPlatform(testConfig(place), { clock });
      const counter = await openPayingCounter(platform, { count: 6 });
      const vault = await startTestVault(platform, `${place.dataDir}-vault`, clock);
      const { shipper } = vault;
      const detector = createPlatformDetector(platform, testConfig(place), shipper, { vaultSeconds: 60 });
      const w: World = { place, platform, counter, clock, detector, paid: 0 };
      worlds.push(w);
      try {
        await detector.start();
        await pay(w);
        await platform.checkpoint(true);
        await shipper.ship();
        const [finance] = (await shipper.status()).filter((s) => s.cell === 'finance');
        assert.ok(finance?.witnessed_size, 'the vault countersigned the finance checkpoint');
        assert.deepEqual((await step(w)).findings, []);

        await sql`update journal_checkpoint set root = ${'0'.repeat(64)} where size = ${BigInt(finance.witnessed_size)}`.execute(
          cellDb(w, 'finance'),
        );
        const s = await step(w);
        const f = s.findings.find((x) => x.signal === 'checkpoint_diverged');
        assert.equal(f?.cell, 'finance', JSON.stringify(s.findings));
        assert.match(f.message, /the vault countersigned/);
        assert.deepEqual(s.isolated, ['finance']);

        await vault.close();
        await pay(w).catch(() => undefined);
        await shipper.ship().catch(() => undefined);
        assert.equal(
          (await step(w)).findings.filter((x) => x.signal === 'vault_unreachable').length,
          0,
          'not at once',
        );
        clock.advance(61_000);
        await shipper.ship().catch(() => undefined);
        const gone = (await step(w)).findings.find((x) => x.signal === 'vault_unreachable');
        assert.ok(gone);
        assert.equal(gone.severity, 'high');
      } finally {
        await vault.close().catch(() => undefined);
      }
    });

    test('every detection step is journaled and the cells still verify', async () => {
      const w = worlds[1]!;
      const alerts = await w.platform.security.alerts({ limit: 50, offset: 0 });
      assert.ok(alerts.total >= 1);
      const reports = await w.platform.verify({ only: 'security' });
      assert.equal(reports[0]?.ok, true, JSON.stringify(reports[0]?.failures));
      assert.ok(readdirSync(join(w.place.dataDir, 'exports')).length >= CANARY_FILES.length);
    });
  });
}
