// POSTCORE_VAULT_CONFIRM_WRITES on both dialects: a write of any cell is answered only once the vault holds
// that cell's events up to it; with the vault gone the write is recorded but answered 503, so a client never
// holds an answer the vault could not restore.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../app.ts';
import { ManualClock } from '../platform/clock.ts';
import { type Shipper } from '../resilience/shipping.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../storage/testing.ts';
import {
  apiCaller,
  counterPayer,
  openPayingCounter,
  signIn,
  startTestVault,
  TEST_PASSWORD,
  testConfig,
  type PayingCounter,
  type TestVault,
} from '../testing.ts';
import type { Server } from './server.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`writes confirmed by the vault on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-09T02:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let vault: TestVault;
    let shipper: Shipper;
    let app: Server;
    let counter: PayingCounter;
    const cookies: Record<string, string> = {};
    const api = apiCaller(() => app, cookies);
    let payer: ReturnType<typeof counterPayer>;
    const pay = () => payer.pay();
    /** Pays the n-th line through a server that confirms payouts only (POSTCORE_VAULT_CONFIRM_PAYOUTS). */
    const payConfirmedOnly = (server: Server, n: number) => {
      const line = counter.lines[n]!;
      return apiCaller(() => server, cookies)(
        'lan',
        'POST',
        `/v1/finance/tills/${counter.till}/pension-payouts`,
        { line_id: line.id, place: 'counter', recipient: 'self', cccd: line.cccd },
      );
    };

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      counter = await openPayingCounter(platform, { count: 6 });
      payer = counterPayer(counter, api);
      vault = await startTestVault(platform, `${place.dataDir}-vault`, clock);
      shipper = vault.shipper;
      await shipper.ship(); // the first round's snapshots, as serve takes them when it starts
      app = await buildApp(platform, pino({ level: 'silent' }), { shipper, confirmWritesMs: 5000 });
      cookies['lan'] = await signIn(app, 'lan');
    });
    after(async () => {
      await app?.close();
      await vault?.close().catch(() => undefined);
      await platform?.close();
      await place?.remove();
    });

    test('a write is answered once the vault holds its cell up to it', async () => {
      for (let i = 0; i < 3; i++) {
        const r = await pay();
        assert.equal(r.status, 201, JSON.stringify(r.body));
        const head = (await platform.cells.find((c) => c.definition.name === 'finance')!.journal.head()).seq;
        const status = (await shipper.status()).find((s) => s.cell === 'finance');
        assert.equal(status?.acked_seq, head.toString(), 'the vault held the payout before the clerk saw it');
      }
      // A sign-in writes to core: confirmed too, and a refused write waits for nothing.
      assert.ok((await signIn(app, 'lan')).length > 20);
      const refused = await api('lan', 'POST', `/v1/finance/tills/${counter.till}/pension-payouts`, {
        line_id: 'nope',
        place: 'counter',
        recipient: 'self',
        cccd: '001085000001',
      });
      assert.ok(refused.status >= 400 && refused.status < 500);
    });

    test('finance applies only the events of another cell that the vault holds', async () => {
      platform.followDurable((cell) => shipper.acked(cell));
      await shipper.ship();
      await platform.sync();
      const core = platform.cells.find((c) => c.definition.name === 'core')!.journal;
      const before = (await core.head()).seq;
      // A sign-in written straight to core (not through the API, which would wait for the vault).
      await platform.core.signIn.signIn('lan', TEST_PASSWORD);
      const written = Number((await core.head()).seq - before);
      assert.ok(written > 0);
      assert.equal((await platform.sync()).chart, 0, 'not applied while only this server holds it');
      await shipper.ship();
      assert.equal((await platform.sync()).chart, written, 'applied once the vault holds it');
    });

    test('opened as serve opens it with writes confirmed, finance catches up nothing the vault lacks', async () => {
      await shipper.ship();
      await platform.sync();
      const core = platform.cells.find((c) => c.definition.name === 'core')!.journal;
      const before = (await core.head()).seq;
      await platform.core.signIn.signIn('lan', TEST_PASSWORD); // only this server holds it
      const written = Number((await core.head()).seq - before);
      const reopened = await openPlatform(testConfig(place), { clock, drain: false });
      try {
        reopened.followDurable((cell) => shipper.acked(cell));
        assert.equal((await reopened.sync()).chart, 0);
        await shipper.ship();
        assert.equal(
          (await reopened.sync()).chart,
          written,
          'left for after the vault held it, not applied while opening',
        );
      } finally {
        await reopened.close();
      }
    });

    test('with payouts confirmed only, a payout is answered once the vault holds it', async () => {
      const payouts = await buildApp(platform, pino({ level: 'silent' }), {
        shipper,
        confirmPayoutsMs: 5000,
      });
      try {
        const r = await payConfirmedOnly(payouts, 4);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        const head = (await platform.cells.find((c) => c.definition.name === 'finance')!.journal.head()).seq;
        const status = (await shipper.status()).find((s) => s.cell === 'finance');
        assert.equal(status?.acked_seq, head.toString(), 'the vault held the payout before the clerk saw it');
      } finally {
        await payouts.close();
      }
    });

    test('with the vault gone, a write is recorded but answered 503, never as if it were safe', async () => {
      await vault.close();
      const line = payer.next;
      const r = await pay();
      assert.equal(r.status, 503);
      assert.equal(r.body.code, 'vault_not_acknowledged');
      const { items } = await platform.finance.pensions.lines({
        period_id: line.period_id,
        status: 'paid',
        limit: 50,
        offset: 0,
      });
      assert.ok(
        items.some((l) => l.id === line.id),
        'the payout itself is recorded',
      );
    });

    test('with payouts confirmed only and the vault gone, a payout is answered 503 and a sign-in as ever', async () => {
      const payouts = await buildApp(platform, pino({ level: 'silent' }), { shipper, confirmPayoutsMs: 300 });
      try {
        const r = await payConfirmedOnly(payouts, 5);
        assert.deepEqual([r.status, r.body.code], [503, 'vault_not_acknowledged']);
        assert.ok((await signIn(payouts, 'lan')).length > 20, 'a write that is no payout does not wait');
      } finally {
        await payouts.close();
      }
    });
  });
}
