// Required idempotency keys on pension payouts, on both dialects (issue 20, finding 8): a payout, a home round
// opened, paid at a door and closed, each sent twice, in turn or at once, takes effect once; a used key for
// another line, or no key, pays nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../app.ts';
import { accountId, receiveVaultCash } from '../cells/finance/index.ts';
import { balanceOf } from '../cells/delivery/testing.ts';
import { ManualClock } from '../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../storage/testing.ts';
import {
  apiCaller,
  openPayingCounter,
  signIn,
  TEST_PASSWORD,
  testConfig,
  type PayingCounter,
} from '../testing.ts';
import type { Server } from './server.ts';

const financeHead = async (platform: Platform) =>
  (await platform.cells.find((c) => c.definition.name === 'finance')!.journal.head()).seq;

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`idempotency keys on pension payouts on ${dialect}`, { skip }, () => {
    // 10 December 2026, 09:00 in Hà Nội: the counters are paying.
    const clock = new ManualClock('2026-12-10T02:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    let counter: PayingCounter;
    const cookie: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const call = apiCaller(() => app, cookie);
    const till = () => balanceOf(platform, accountId(counter.office.id, 'till_cash', counter.clerk.id));

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }));
      counter = await openPayingCounter(platform, { count: 40 });
      const postman = await platform.core.staff.add(
        {
          username: 'tuan',
          full_name: 'Lê Văn Tuấn',
          cccd: '001085000399',
          phone: '0912345799',
          office_id: counter.office.id,
          roles: ['postman'],
          password: TEST_PASSWORD,
        },
        'system:test',
      );
      ids['postman'] = postman.id;
      for (const who of [counter.clerk.username, counter.manager.username, 'tuan'])
        cookie[who] = await signIn(app, who);
    });
    after(async () => {
      await app.close();
      await platform.close();
      await place.remove();
    });

    const payout = (n: number) => {
      const l = counter.lines[n]!;
      return { line_id: l.id, place: 'counter', recipient: 'self', cccd: l.cccd };
    };
    const pay = (n: number, key: string | null, body = payout(n)) =>
      call(
        counter.clerk.username,
        'POST',
        `/v1/finance/tills/${counter.till}/pension-payouts`,
        body,
        undefined,
        key,
      );

    test('a payout sent twice, in turn or at once, pays once with one receipt', async () => {
      const cash = await till();
      const a = await pay(0, 'pay-1');
      const b = await pay(0, 'pay-1');
      assert.deepEqual([a.status, b.status], [201, 201], JSON.stringify(a.body));
      assert.equal(b.body.id, a.body.id);
      const both = await Promise.all([pay(1, 'pay-2'), pay(1, 'pay-2')]);
      assert.deepEqual(
        both.map((r) => r.status),
        [201, 201],
      );
      assert.equal(both[0].body.id, both[1].body.id);
      const paid = counter.lines[0]!.amount + counter.lines[1]!.amount;
      assert.equal(await till(), cash - paid, 'each line paid once from the till');
    });

    test('a used key for another line, or no key, pays nothing', async () => {
      const [cash, head] = [await till(), await financeHead(platform)];
      const changed = await pay(2, 'pay-1');
      assert.deepEqual([changed.status, changed.body.code], [422, 'idempotency_key_reused']);
      const missing = await pay(2, null);
      assert.deepEqual([missing.status, missing.body.code], [400, 'idempotency_key_required']);
      assert.equal(await till(), cash);
      assert.equal(await financeHead(platform), head);
      const line = (
        await platform.finance.pensions.lines({
          period_id: counter.lines[2]!.period_id,
          status: 'paid',
          limit: 10,
          offset: 0,
        })
      ).items.map((l) => l.id);
      assert.equal(line.includes(counter.lines[2]!.id), false, 'the line waits to be paid');
    });

    test('a home round opened, paid at a door and closed, each sent twice, moves its cash once', async () => {
      // The first three lines were paid or tried at the counter above.
      const home = counter.lines
        .slice(3)
        .find((l) => l.status === 'at_office' && (l.channel === 'TAI_NHA' || 2026 - l.birth_year >= 80))!;
      assert.ok(home !== undefined, 'the list has a line to pay at home');
      await receiveVaultCash(
        platform.finance,
        counter.office.id,
        50_000_000n,
        'system:test',
        'home-round-cash',
      );
      const vault = accountId(counter.office.id, 'vault_cash');
      const cash = await balanceOf(platform, vault);
      const round = { period_id: home.period_id, postman_id: ids['postman'], line_ids: [home.id] };
      const open = () =>
        call(
          counter.manager.username,
          'POST',
          `/v1/finance/offices/${counter.office.id}/pension-rounds`,
          round,
          undefined,
          'round-1',
        );
      const opened = await Promise.all([open(), open()]);
      assert.deepEqual(
        opened.map((r) => r.status),
        [201, 201],
        JSON.stringify(opened[0].body),
      );
      assert.equal(opened[0].body.id, opened[1].body.id, 'one round');
      assert.equal(await balanceOf(platform, vault), cash - home.amount, 'one advance from the vault');

      const rid = String(opened[0].body.id);
      const door = { line_id: home.id, recipient: 'self', cccd: home.cccd, evidence: 'signature:ky-1' };
      const pay = () =>
        call('tuan', 'POST', `/v1/finance/pension-rounds/${rid}/payouts`, door, undefined, 'door-1');
      const paid = [await pay(), await pay()] as const;
      assert.deepEqual(
        paid.map((r) => r.status),
        [201, 201],
        JSON.stringify(paid[0].body),
      );
      assert.equal(paid[0].body.id, paid[1].body.id, 'one receipt');

      const close = () =>
        call(
          counter.manager.username,
          'POST',
          `/v1/finance/pension-rounds/${rid}/close`,
          { returned: '0' },
          undefined,
          'close-1',
        );
      const closed = [await close(), await close()] as const;
      assert.deepEqual(
        closed.map((r) => [r.status, r.body['status']]),
        [
          [200, 'closed'],
          [200, 'closed'],
        ],
        JSON.stringify(closed[1].body),
      );
      assert.equal(await balanceOf(platform, vault), cash - home.amount, 'paid once, nothing back');
    });
  });
}
