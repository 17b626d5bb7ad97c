// Issue 20, findings 1 and 3, attacked the way the probe did, on both dialects.
// 1. a manager takes in advance the id the
// platform derives for the next counter fee (`fee:<next S10>`) or for a pension month's refund
// (`pc:<period>:refund`). Caller-chosen ids can no longer enter the platform's namespace (API and CLI, `id` and
// `pending_id`); and a conflicting transfer planted behind the API (an attacker with the database) is a journaled
// alert, never a stuck counter or a server that will not start, and `verify` names it.
// 3. A manager moves 5,000 × 10^15 đ twice between his own accounts: the totals stop at their bound with a
// coded refusal per transfer, nothing past it is written, and `verify` passes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../../app.ts';
import type { Server } from '../../http/server.ts';
import { ManualClock, vietnamDay } from '../../platform/clock.ts';
import { formatS10, parseS10 } from '../../platform/s10.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';
import {
  addSignedInStaff,
  callApi,
  openDeliveryWorld,
  openFundedMonth,
  openTill,
  PARCEL,
  placeEnv,
  postcore,
  signIn,
  testConfig,
  type DeliveryWorld,
} from '../../testing.ts';
import { accountId, MAX_AMOUNT, MAX_MANUAL_ACCOUNT_TOTAL, openMonthAtCounters } from './index.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the platform's transfer ids on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let platform: Platform;
    let app: Server;
    const cookies: Record<string, string> = {};
    const ids: Record<string, string> = {};
    let keyN = 0;

    const call = (who: string, url: string, payload: unknown) =>
      callApi<Record<string, unknown>>(app, {
        method: 'POST',
        url,
        cookie: cookies[who]!,
        key: `k-${++keyN}`,
        payload,
      });
    const accept = () => call('lan', `/v1/delivery/tills/${ids['till']}/items`, PARCEL);
    const nextS10 = (id: string) => {
      const s = parseS10(id);
      return formatS10(s.service, Number(s.serial) + 1);
    };
    const tillCash = async () =>
      (await platform.finance.ledger.getAccount(accountId(world.o.a.id, 'till_cash', ids['lan'])))
        .debits_posted;

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      platform = world.platform;
      app = await buildApp(platform, pino({ level: 'silent' }));
      const signedIn = await addSignedInStaff(platform, app, [
        ['lan', ['counter_clerk'], world.o.a.id],
        ['hung', ['office_manager'], world.o.a.id],
        ['minh', ['office_manager'], world.o.b.id],
        ['province', ['provincial_manager'], (await platform.core.offices.getByPostcode('01000')).id],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookies, signedIn.cookies);
      ids['till'] = await openTill(platform, {
        office: world.o.a.id,
        clerk: ids['lan']!,
        name: 'Nguyễn Văn lan',
        checker: ids['hung']!,
      });
    });
    after(async () => {
      await app.close();
      await platform.close();
      await world.place.remove();
    });

    test('a manager cannot take the next counter fee’s id; the counters keep accepting', async () => {
      const first = await accept();
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const next = nextS10(String(first.body['id']));
      const office = world.o.a.id;
      const squat = await call('hung', `/v1/finance/offices/${office}/transfers`, {
        transfers: [
          {
            id: `fee:${next}`,
            debit_account_id: accountId(office, 'vault_cash'),
            credit_account_id: accountId(office, 'settlement'),
            amount: '1',
            code: 900,
          },
        ],
      });
      assert.equal(squat.status, 400, JSON.stringify(squat.body));
      assert.equal(squat.body['code'], 'invalid_transfer');
      assert.deepEqual(
        { field: (squat.body['details'] as { field?: string }).field },
        { field: 'transfers[0].id' },
      );
      assert.match(String(squat.body['message']), /":"/);
      assert.match(String(squat.body['message_vi']), /":"/);
      const before = await tillCash();
      const second = await accept();
      assert.equal(second.status, 201, JSON.stringify(second.body));
      assert.equal(second.body['id'], next);
      assert.equal((await tillCash()) - before, BigInt(String(second.body['fee'])), 'the fee is in the till');
    });

    test('a manager of another province cannot take a pension month’s refund, as id or pending_id', async () => {
      const period = await openMonthAtCounters(platform.finance, '01', clock.now(), 'system:test');
      const office = world.o.b.id;
      const transfer = {
        debit_account_id: accountId(office, 'vault_cash'),
        credit_account_id: accountId(office, 'settlement'),
        amount: '1',
        code: 900,
      };
      const url = `/v1/finance/offices/${office}/transfers`;
      const asId = await call('minh', url, { transfers: [{ ...transfer, id: `pc:${period.id}:refund` }] });
      assert.equal(asId.status, 400, JSON.stringify(asId.body));
      assert.equal(asId.body['code'], 'invalid_transfer');
      assert.equal((asId.body['details'] as { field?: string }).field, 'transfers[0].id');
      const asPending = await call('minh', url, {
        transfers: [
          { ...transfer, id: 'ok-1' },
          { id: 'post-1', pending_id: `pc:${period.id}:refund`, flags: ['post_pending_transfer'], code: 900 },
        ],
      });
      assert.equal(asPending.status, 400, JSON.stringify(asPending.body));
      assert.equal((asPending.body['details'] as { field?: string }).field, 'transfers[1].pending_id');
      await assert.rejects(platform.finance.ledger.getTransfer(`pc:${period.id}:refund`), {
        code: 'invalid_transfer',
      });
      await assert.rejects(platform.finance.ledger.getTransfer('ok-1'), { code: 'invalid_transfer' });
    });

    test('the command line refuses the same id, naming --id', async () => {
      const office = await platform.core.offices.get(world.o.a.id);
      const r = postcore(
        [
          'finance',
          'transfer',
          '--office',
          office.postcode,
          '--id',
          'cod:EA000000000VN',
          '--debit',
          'vault_cash',
          '--credit',
          'settlement',
          '--amount',
          '1',
        ],
        placeEnv(world.place),
      );
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /--id/);
      await assert.rejects(platform.finance.ledger.getTransfer('cod:EA000000000VN'), {
        code: 'invalid_transfer',
      });
    });

    test('5,000 transfers of 10^15 đ twice between a manager’s own accounts: refused at the manual bound, verify passes', async () => {
      const office = world.o.b.id;
      const batch = (tag: string) => ({
        transfers: Array.from({ length: 5000 }, (_, i) => ({
          id: `big-${tag}-${i}`,
          debit_account_id: accountId(office, 'vault_cash'),
          credit_account_id: accountId(office, 'settlement'),
          amount: String(MAX_AMOUNT),
          code: 900,
        })),
      });
      const head = async () =>
        (await platform.cells.find((c) => c.definition.name === 'finance')!.journal.head()).seq;
      const first = await call('minh', `/v1/finance/offices/${office}/transfers`, batch('a'));
      assert.equal(first.status, 422, JSON.stringify(first.body).slice(0, 500));
      const results = first.body['results'] as Array<{ result: string }>;
      const created = results.filter((r) => r.result === 'created').length;
      assert.ok(created > 0 && created <= Number(MAX_MANUAL_ACCOUNT_TOTAL / MAX_AMOUNT), String(created));
      assert.deepEqual(
        new Set(results.slice(created).map((r) => r.result)),
        new Set(['overflows_manual_debits']),
      );
      const vault = await platform.finance.ledger.getAccount(accountId(office, 'vault_cash'));
      assert.ok(vault.debits_posted <= MAX_MANUAL_ACCOUNT_TOTAL);
      // Past the bound nothing more is written: the second request changes nothing, and answers 422, not 500.
      const at = await head();
      const second = await call('minh', `/v1/finance/offices/${office}/transfers`, batch('b'));
      assert.equal(second.status, 422, JSON.stringify(second.body).slice(0, 500));
      assert.ok(
        (second.body['results'] as Array<{ result: string }>).every(
          (r) => r.result === 'overflows_manual_debits',
        ),
      );
      assert.equal(await head(), at);
      const [report] = await platform.verify({ only: 'finance' });
      assert.deepEqual(
        report!.failures.filter((f) => f.check === 'invariant' || f.check === 'replay'),
        [],
        'verify sums the totals at the bound (and does not die on arithmetic)',
      );
    });

    test('a manager cannot fill the office’s fee revenue by hand past the manual bound; the counter fees still land', async () => {
      const office = world.o.a.id;
      const revenue = accountId(office, 'fee_revenue');
      const move = (id: string, amount: bigint, from: 'vault_cash' | 'settlement' = 'settlement') => ({
        id,
        debit_account_id: accountId(office, from),
        credit_account_id: revenue,
        amount: String(amount),
        code: 900,
      });
      // Test-sized: the revenue is brought to 1 đ below the manual bound at once, as the platform would over time.
      const credited = (await platform.finance.ledger.getAccount(revenue)).credits_posted;
      let gap = MAX_MANUAL_ACCOUNT_TOTAL - 1n - credited;
      const fill = [];
      for (let i = 0; gap > 0n; i++) {
        const amount = gap < MAX_AMOUNT ? gap : MAX_AMOUNT;
        fill.push({ ...move(`fill-${i}`, amount, 'vault_cash'), amount });
        gap -= amount;
      }
      const filled = await platform.finance.ledger.createTransfers(fill, 'system:test', office);
      assert.ok(filled.every((r) => r.result === 'created'));
      const head = async () =>
        (await platform.cells.find((c) => c.definition.name === 'finance')!.journal.head()).seq;
      const at = await head();
      const over = await call('hung', `/v1/finance/offices/${office}/transfers`, {
        transfers: [move('fill-by-hand-2', 2n)],
      });
      assert.equal(over.status, 422, JSON.stringify(over.body));
      const [refused] = over.body['results'] as Array<{ result: string; message: string }>;
      assert.equal(refused!.result, 'overflows_manual_credits');
      assert.match(refused!.message, /credit account.*10\^17/);
      assert.equal(await head(), at, 'nothing written');
      const last = await call('hung', `/v1/finance/offices/${office}/transfers`, {
        transfers: [move('fill-by-hand-1', 1n)],
      });
      assert.equal(last.status, 200, JSON.stringify(last.body));
      assert.equal(
        (await platform.finance.ledger.getAccount(revenue)).credits_posted,
        MAX_MANUAL_ACCOUNT_TOTAL,
      );
      // The platform's own transfers at the office go on past it.
      const accepted = await accept();
      assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
      assert.equal(
        (await platform.finance.ledger.getAccount(revenue)).credits_posted,
        MAX_MANUAL_ACCOUNT_TOTAL + BigInt(String(accepted.body['fee'])),
      );
      const [report] = await platform.verify({ only: 'finance' });
      assert.deepEqual(
        report!.failures.filter((f) => f.check === 'invariant'),
        [],
      );
    });

    test('a conflicting transfer planted behind the API is an alert; the counter, the server and verify carry on', async () => {
      const office = world.o.a.id;
      const last = await accept();
      const next = nextS10(String(last.body['id']));
      // An attacker with the database: past every check of the API, a valid event in the journal.
      const [planted] = await platform.finance.ledger.createTransfers(
        [
          {
            id: `fee:${next}`,
            debit_account_id: accountId(office, 'vault_cash'),
            credit_account_id: accountId(office, 'settlement'),
            amount: 1n,
            code: 301,
          },
        ],
        'stf_attacker',
        office,
      );
      assert.equal(planted!.result, 'created');
      const before = await tillCash();
      const hit = await accept();
      assert.equal(hit.status, 201, JSON.stringify(hit.body));
      assert.equal(hit.body['id'], next);
      assert.equal(await tillCash(), before, 'the fee was not booked over the planted transfer');
      const { items } = await platform.security.alerts({
        signal: 'system_transfer_refused',
        limit: 10,
        offset: 0,
      });
      assert.equal(items.length, 1);
      assert.equal(items[0]!.cell, 'finance');
      assert.equal(items[0]!.severity, 'critical');
      assert.match(items[0]!.message, new RegExp(`fee:${next}`));
      // Later acceptances are booked as before.
      const after = await accept();
      assert.equal(after.status, 201);
      assert.equal((await tillCash()) - before, BigInt(String(after.body['fee'])));

      // Once more, met while the server opens: another planted id, a counter acceptance that finance has not
      // followed yet (a counter of another process), then a start, finance catching up while it opens.
      const later = nextS10(String(after.body['id']));
      await platform.finance.ledger.createTransfers(
        [
          {
            id: `fee:${later}`,
            debit_account_id: accountId(office, 'vault_cash'),
            credit_account_id: accountId(office, 'settlement'),
            amount: 2n,
            code: 900,
          },
        ],
        'stf_attacker',
        office,
      );
      const unseen = await platform.delivery.items.accept(
        PARCEL,
        { office_id: office, clerk_id: ids['lan']!, till_session_id: ids['till']! },
        ids['lan']!,
      );
      assert.equal(unseen.id, later);
      await app.close();
      await platform.close();
      platform = await openPlatform(testConfig(world.place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }));
      const alerts = await platform.security.alerts({
        signal: 'system_transfer_refused',
        limit: 10,
        offset: 0,
      });
      assert.equal(alerts.items.length, 2);
      assert.ok(alerts.items.some((a) => a.message.includes(`fee:${later}`)));
      assert.equal((await accept()).status, 201, 'the counters carry on after the start');
      const reports = await platform.verify();
      const finance = reports.find((r) => r.cell === 'finance')!;
      assert.equal(finance.ok, false);
      for (const id of [next, later])
        assert.ok(
          finance.failures.some((f) => f.check === 'invariant' && f.message.includes(`fee:${id}`)),
          JSON.stringify(finance.failures),
        );
      for (const r of reports.filter((x) => x.cell !== 'finance'))
        assert.deepEqual(
          r.failures.filter((f) => f.check === 'invariant' || f.check === 'replay'),
          [],
          r.cell,
        );
    });

    test('a pension month closes over HTTP after another province’s manager tried to take its refund id', async () => {
      // A month of its own (the earlier test's month is open until 2099), paid from today and closed tonight.
      const day = vietnamDay(clock.now());
      const month = vietnamDay(new Date(clock.now().getTime() - 31 * 86_400_000)).slice(0, 7);
      const period = await platform.finance.pensions.openPeriod(
        {
          province_code: '01',
          months: [month],
          schedule: { bank_from: day, points_from: day, counters_from: day, close_on: day },
        },
        'system:test',
      );
      const b = world.o.b.id;
      const squat = await call('minh', `/v1/finance/offices/${b}/transfers`, {
        transfers: [
          {
            id: `pc:${period.id}:refund`,
            debit_account_id: accountId(b, 'vault_cash'),
            credit_account_id: accountId(b, 'settlement'),
            amount: '1',
            code: 900,
          },
        ],
      });
      assert.equal(squat.status, 400);
      // The agency's list for Ba Đình (11100), funded; nobody comes to be paid.
      const { total } = await openFundedMonth(platform, { count: 3, postcode: '11100', period });
      clock.advance(86_400_000);
      cookies['province'] = await signIn(app, 'province'); // a day later: a new session
      const closed = await call('province', `/v1/finance/pension-periods/${period.id}/close`, {});
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
      const refund = await platform.finance.ledger.getTransfer(`pc:${period.id}:refund`);
      assert.equal(refund.amount, total, 'the whole month went back to the agency');
      assert.equal(refund.code, 209);
    });
  });
}
