// The managers' finance overview over HTTP, on both dialects: a provincial manager follows a clerk's payouts
// (each moves the office's paid figures by its amount, and the totals are the reconciliation's), approves a
// till's variance above the threshold from her reach, and nobody reads or approves beyond theirs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../../../app.ts';
import type { Server } from '../../../http/server.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../../storage/testing.ts';
import {
  addSignedInStaff,
  apiCaller,
  counterPayer,
  openPayingCounter,
  openTestOffice,
  signIn,
  testConfig,
  type Json,
  type PayingCounter,
} from '../../../testing.ts';

type Tally = { count: number; amount: string };
type Overview = Json & {
  periods: Array<{ id: string; phase: string }>;
  pensions: Array<{ postcode: string; channel: string; paid: Tally; waiting: Tally; paid_today: Tally }>;
  pension_totals: Record<string, Tally>;
  tills: Array<{ postcode: string; open: number; closing: number; closed: number; with_variance: number }>;
  closes: Array<{ session_id: string; variance: string; needs_manager: boolean; clerk_name: string }>;
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the managers' finance overview on ${dialect}`, { skip }, () => {
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    let counter: PayingCounter;
    const cookie: Record<string, string> = {};
    const call = apiCaller(() => app, cookie);
    const overview = async (who: string, path: string) => {
      const r = await call(who, 'GET', path);
      assert.equal(r.status, 200, r.text);
      return r.body as Overview;
    };
    const officeRow = (o: Overview, channel = '') =>
      o.pensions.find((r) => r.postcode === counter.office.postcode && r.channel === channel)!;

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), {});
      app = await buildApp(platform, pino({ level: 'silent' }));
      counter = await openPayingCounter(platform, { count: 6 });
      const hanoi = await platform.core.offices.getByPostcode('01000');
      const other = await openTestOffice(
        platform.core,
        'post_office',
        'Bưu cục Kim Mã',
        '11200',
        '00004',
        hanoi.id,
      );
      await platform.sync();
      cookie[counter.clerk.username] = await signIn(app, counter.clerk.username);
      cookie[counter.manager.username] = await signIn(app, counter.manager.username);
      const signedIn = await addSignedInStaff(platform, app, [
        ['thu.pm', ['provincial_manager'], hanoi.id],
        ['binh.km', ['office_manager'], other.id],
        ['mai.kt', ['auditor'], hanoi.id],
      ]);
      Object.assign(cookie, signedIn.cookies);
    });
    after(async () => {
      await app.close();
      await platform.close();
      await place.remove();
    });

    test('each payout moves the office’s paid figures by its amount; the totals are the reconciliation’s', async () => {
      const pay = counterPayer(counter, call);
      const before = await overview('thu.pm', '/v1/finance/provinces/01/overview');
      assert.equal(before.periods[0]!.phase, 'counters');
      const waiting0 = officeRow(before).waiting;
      assert.equal(waiting0.count, 6);
      let paid = 0n;
      for (let i = 0; i < 2; i++) {
        const line = pay.next;
        const r = await pay.pay();
        assert.equal(r.status, 201, r.text);
        paid += line.amount;
        const now = await overview('thu.pm', '/v1/finance/provinces/01/overview');
        const row = officeRow(now);
        assert.deepEqual(row.paid, { count: i + 1, amount: paid.toString() });
        assert.deepEqual(row.paid_today, { count: i + 1, amount: paid.toString() });
        assert.deepEqual(row.waiting, {
          count: waiting0.count - (i + 1),
          amount: (BigInt(waiting0.amount) - paid).toString(),
        });
        const channels = now.pensions.filter(
          (r) => r.postcode === counter.office.postcode && r.channel !== '',
        );
        assert.deepEqual(
          {
            count: channels.reduce((n, r) => n + r.paid.count, 0),
            amount: channels.reduce((n, r) => n + BigInt(r.paid.amount), 0n).toString(),
          },
          row.paid,
          'the office is the sum of its channels',
        );
      }
      // The same figures as the reconciliation's, state by state.
      const o = await overview('thu.pm', '/v1/finance/provinces/01/overview');
      const rec = await call(
        'thu.pm',
        'GET',
        `/v1/finance/pension-periods/${o.periods[0]!.id}/reconciliation`,
      );
      assert.equal(rec.status, 200, rec.text);
      const byState = (rec.body as { by_state: Array<{ state: string; count: number; amount: string }> })
        .by_state;
      const sum = (states: string[]) => {
        const rows = byState.filter((s) => states.includes(s.state));
        return {
          count: rows.reduce((n, s) => n + s.count, 0),
          amount: rows.reduce((n, s) => n + BigInt(s.amount), 0n).toString(),
        };
      };
      assert.deepEqual(o.pension_totals['paid'], sum(['paid']));
      assert.deepEqual(
        o.pension_totals['waiting'],
        sum(['listed', 'funded', 'at_point', 'at_office', 'on_round']),
      );
      // The office's manager sees the same row for his office alone.
      const own = await overview(
        counter.manager.username,
        `/v1/finance/offices/${counter.office.id}/overview`,
      );
      assert.deepEqual(officeRow(own), officeRow(o));
    });

    test('a variance above the threshold waits for a manager; the provincial manager approves it once', async () => {
      const till = await call(counter.clerk.username, 'GET', `/v1/finance/tills/${counter.till}`);
      assert.equal(till.status, 200, till.text);
      const cash = BigInt((till.body as { session: { cash: string } }).session.cash);
      // The clerk counts 100.000 ₫ short: 500.000 notes and the rest in 1.000s.
      const counted = cash - 100_000n;
      const notes = counted / 500_000n;
      const rest = (counted % 500_000n) / 1_000n;
      assert.equal(counted % 1_000n, 0n);
      const up = await call(counter.clerk.username, 'POST', `/v1/finance/tills/${counter.till}/cash-up`, {
        amount: counted.toString(),
        denominations: { '500000': Number(notes), '1000': Number(rest) },
        reason: 'Thiếu 100.000 đồng, đang tìm',
      });
      assert.equal(up.status, 200, up.text);
      const waiting = await overview('thu.pm', '/v1/finance/provinces/01/overview');
      const close = waiting.closes.find((c) => c.session_id === counter.till)!;
      assert.equal(close.variance, '-100000');
      assert.equal(close.needs_manager, true);
      assert.match(close.clerk_name, /lan/);
      // Refused: the clerk herself, an office manager elsewhere in the province, the auditor (reads only).
      const path = `/v1/finance/tills/${counter.till}/variance-approval`;
      assert.equal((await call(counter.clerk.username, 'POST', path, {})).body.code, 'permission_missing');
      assert.equal((await call('binh.km', 'POST', path, {})).body.code, 'office_out_of_scope');
      assert.equal((await call('mai.kt', 'POST', path, {})).body.code, 'permission_missing');
      const key = 'variance-approval-of-the-test';
      const ok = await call('thu.pm', 'POST', path, {}, undefined, key);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body['status'], 'closed');
      assert.equal(ok.body['variance'], '-100000');
      // The same request again is answered the same; nothing is posted twice.
      const again = await call('thu.pm', 'POST', path, {}, undefined, key);
      assert.deepEqual(again.body, ok.body);
      const after = await overview('thu.pm', '/v1/finance/provinces/01/overview');
      assert.equal(after.closes.length, 0);
      const row = after.tills.find((t) => t.postcode === counter.office.postcode)!;
      assert.equal(row.closed, 1);
      assert.equal(row.with_variance, 1);
      // And the ledger holds it: the till is empty, its shortfall booked.
      const view = await call(counter.manager.username, 'GET', `/v1/finance/tills/${counter.till}`);
      assert.equal((view.body as { session: { cash: string } }).session.cash, '0');
    });

    test('nobody reads beyond their reach, and a bad day is refused by its field', async () => {
      const refusedAs = async (who: string, path: string, code: string) => {
        const r = await call(who, 'GET', path);
        assert.equal(r.status, 403, `${who} ${path}: ${r.text}`);
        assert.equal(r.body.code, code);
      };
      await refusedAs(counter.manager.username, '/v1/finance/provinces/01/overview', 'office_out_of_scope');
      await refusedAs('binh.km', `/v1/finance/offices/${counter.office.id}/overview`, 'office_out_of_scope');
      await refusedAs('thu.pm', '/v1/finance/provinces/48/overview', 'office_out_of_scope');
      await refusedAs(
        counter.clerk.username,
        `/v1/finance/offices/${counter.office.id}/overview`,
        'permission_missing',
      );
      // The auditor reads, everywhere.
      await overview('mai.kt', '/v1/finance/provinces/01/overview');
      const bad = await call('thu.pm', 'GET', '/v1/finance/provinces/01/overview?day=2026-02-30');
      assert.equal(bad.status, 400, bad.text);
      assert.match(bad.text, /day/);
      assert.match(bad.text, /exists/);
      const past = await overview('thu.pm', '/v1/finance/provinces/01/overview?day=2026-01-15');
      assert.equal(past.pension_totals['paid_today']!.count, 0);
    });
  });
}
