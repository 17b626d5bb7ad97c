// The demo's day on first start, tried as its people would: the clerk of 01100 opens a till and pays her
// lines (one to a proxy, an expired proxy refused), the postman has parcels and pensions to take out, an
// item waits for pick-up; the services counter has a dossier in every state, the agency's fees owed to it in the
// ledger; a second start loads nothing twice and every cell verifies.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openPlatform, type Platform } from '../app.ts';
import { accountId, FinanceError } from '../cells/finance/index.ts';
import { ManualClock, vietnamDay } from '../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../storage/testing.ts';
import { testConfig } from '../testing.ts';
import { CELL_NAMES } from './cells.ts';
import { DEMO_DOSSIER_STATES } from './demo-dossiers.ts';

/** Ba Đình's People's Committee: the demo's dossiers go to it. */
const WARD = 'H01.UBND.X00004';

const staffOf = async (platform: Platform, username: string) => {
  const s = await platform.core.staff.findForSignIn(username);
  assert.ok(s !== undefined, `${username} is a demo account`);
  return s;
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the demo's day on ${dialect}`, { skip }, () => {
    let place: TestPlace;
    let platform: Platform | undefined;
    after(async () => {
      await platform?.close();
      await place?.remove();
    });

    test("each role's day is ready: a till, lines to pay, rounds, a pick-up; loaded once; it verifies", async () => {
      // Tuesday 17 March 2026, 09:00 in Hà Nội: any day of a month.
      const clock = new ManualClock('2026-03-17T02:00:00.000Z');
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock, demo: true });
      const { finance, delivery } = platform;
      const today = vietnamDay(clock.now());
      const clerk = await staffOf(platform, 'gdv.01100');
      const manager = await staffOf(platform, 'tbc.01100');
      const postman = await staffOf(platform, 'bt.01100');
      const office = clerk.office_id;

      // The clerk counts her float; the vault holds it; the manager confirms the move.
      const opened = await finance.tills.open(
        {
          office_id: office,
          clerk_id: clerk.id,
          clerk_name: clerk.full_name,
          amount: '20000000',
          denominations: { '500000': 40 },
        },
        clerk.id,
      );
      await finance.tills.decideMove(opened.movement.id, { confirm: true }, manager.id);
      const till = await finance.tills.get(opened.session.id);
      assert.equal(till.status, 'open');
      assert.equal(till.cash, 20_000_000n);

      // Hà Nội's month is open at the counters today, with the clerk's lines among them.
      const period = (await finance.pensions.periods('01')).find((p) => p.months[0] === today.slice(0, 7));
      assert.ok(period !== undefined, 'a pension month for Hà Nội');
      assert.ok(period.counters_from <= today && today <= period.close_on, JSON.stringify(period));
      const waiting = await finance.pensions.lines({
        period_id: period.id,
        postcode: '01100',
        status: 'at_office',
        limit: 500,
        offset: 0,
      });
      const counter = waiting.items.filter((l) => l.channel === 'QUAY');
      assert.ok(counter.length >= 12, `${counter.length} counter lines at 01100`);
      const proxies = counter.filter((l) => l.proxy_until !== null && l.proxy_until >= today);
      const expired = counter.filter((l) => l.proxy_until !== null && l.proxy_until < today);
      assert.ok(proxies.length >= 2, 'lines paid through a proxy');
      assert.equal(expired.length, 1, 'one proxy whose authorisation has expired');
      const self = counter.find((l) => l.proxy_cccd === null)!;
      const pay = (line: (typeof counter)[number], recipient: 'self' | 'proxy', cccd: string) =>
        finance.payouts.pay(
          { line_id: line.id, session_id: till.id, place: 'counter', office_province: '01', recipient, cccd },
          clerk.id,
        );
      assert.equal((await pay(self, 'self', self.cccd)).amount, self.amount);
      const byProxy = await pay(proxies[0]!, 'proxy', proxies[0]!.proxy_cccd!);
      assert.equal(byProxy.recipient_name, proxies[0]!.proxy_name);
      await assert.rejects(
        pay(expired[0]!, 'proxy', expired[0]!.proxy_cccd!),
        (err: unknown) => err instanceof FinanceError && err.code === 'proxy_expired',
      );

      // The postman's day: pensions to pay at home, parcels on today's round not yet delivered.
      const homeRounds = await finance.payouts.rounds({ officeId: office, status: 'open' });
      assert.equal(homeRounds.length, 1);
      assert.equal(homeRounds[0]!.postman_id, postman.id);
      assert.ok(homeRounds[0]!.line_count >= 3, 'home lines on the pension round');
      const rounds = await delivery.rounds.list({ office, day: today, status: 'open' });
      assert.equal(rounds.length, 1);
      assert.equal(rounds[0]!.postman_id, postman.id);
      assert.ok(rounds[0]!.items.filter((i) => i.outcome === 'pending').length >= 3);
      const held = await delivery.items.list({ office, status: 'held', limit: 10, offset: 0 });
      assert.ok(
        held.items.some((i) => i.cod_amount > 0n),
        'an item with COD held for pick-up at the counter',
      );

      // The services counter: a dossier in every state at 01100, Ba Đình's committee served by hcc.01, and
      // what the accepted dossiers' citizens paid for it owed to it in the ledger and in its statement.
      const { services } = platform;
      for (const state of DEMO_DOSSIER_STATES) {
        const listed = await services.dossiers.list({ office, state, limit: 10, offset: 0 });
        assert.ok(listed.total >= 1, `a demo dossier ${state} at 01100`);
        assert.ok(listed.items.every((d) => d.state === state && d.agency_code === WARD));
      }
      const officer = await staffOf(platform, 'hcc.01');
      assert.equal(await services.officerAgency(officer.id), WARD);
      const dossiers = await services.dossiers.list({ office, limit: 100, offset: 0 });
      assert.equal(dossiers.total, DEMO_DOSSIER_STATES.length);
      const paid = dossiers.items.filter((d) => d.accepted_at !== null && d.agency_fee > 0n);
      const collected = paid.reduce((sum, d) => sum + d.agency_fee, 0n);
      assert.ok(
        paid.length > 0 && collected > 0n,
        `${paid.length} dossiers paid ${collected} ₫ to the agency`,
      );
      const payable = await finance.ledger.getAccount(accountId(office, 'agency_payable', WARD));
      assert.equal(payable.credits_posted - payable.debits_posted, collected);
      const statement = await finance.agencies.statement(WARD, today, today, office);
      assert.equal(statement.collected, collected);
      assert.equal(statement.outstanding, collected);
      assert.deepEqual(statement.collections.map((c) => c.dossier_id).sort(), paid.map((d) => d.id).sort());

      // A second start adds nothing.
      const lines = (await finance.pensions.lines({ period_id: period.id, limit: 1, offset: 0 })).total;
      const items = (await delivery.items.list({ limit: 1, offset: 0 })).total;
      await platform.close();
      platform = undefined;
      platform = await openPlatform(testConfig(place), { clock, demo: true });
      assert.equal((await platform.finance.pensions.periods('01')).length, 1);
      assert.equal(
        (await platform.finance.pensions.lines({ period_id: period.id, limit: 1, offset: 0 })).total,
        lines,
      );
      assert.equal((await platform.delivery.items.list({ limit: 1, offset: 0 })).total, items);
      assert.equal((await platform.finance.payouts.rounds({ officeId: office })).length, 1);
      assert.equal(
        (await platform.services.dossiers.list({ office, limit: 1, offset: 0 })).total,
        DEMO_DOSSIER_STATES.length,
      );

      // A till asking for more than the vault holds is refused, naming the vault, the amounts and who can help.
      const other = await staffOf(platform, 'gdv.01101');
      const vault = await platform.finance.ledger.getAccount(`${other.office_id}:1012`);
      await assert.rejects(
        platform.finance.tills.open(
          {
            office_id: other.office_id,
            clerk_id: other.id,
            clerk_name: other.full_name,
            amount: '1000000000',
            denominations: { '500000': 2000 },
          },
          other.id,
        ),
        (err: unknown) => {
          assert.ok(err instanceof FinanceError);
          assert.equal(err.code, 'insufficient_cash');
          assert.match(err.message, new RegExp(`${other.office_id}:1012`));
          assert.match(err.message, /1\.000\.000\.000 ₫/);
          assert.match(err.message, /office_manager/);
          assert.match(err.messageVi, /trưởng bưu cục/i);
          assert.match(err.message, /vault/);
          assert.equal(err.details?.['available'], (vault.debits_posted - vault.credits_posted).toString());
          assert.equal(err.details?.['needed'], '1000000000');
          return true;
        },
      );

      // Goods: the catalogue, stock on the shelves of 01100, 48100 and 79100 at cost, an order half received and a
      // count waiting for the manager at 01100.
      const retail = platform.retail;
      assert.ok(
        (await retail.catalogue.search({ limit: 500, offset: 0 })).total >= 300,
        'a few hundred goods',
      );
      for (const postcode of ['01100', '48100', '79100']) {
        const office = await platform.core.offices.getByPostcode(postcode);
        const stock = await retail.stock.officeStock(office.id);
        assert.ok(
          stock.filter((l) => l.shelf.quantity > 0n).length >= 80,
          `${postcode} has goods on its shelves`,
        );
        assert.ok(
          stock.every((l) => l.value > 0n === l.quantity > 0n),
          'goods are worth what they cost',
        );
      }
      const ba = await platform.core.offices.getByPostcode('01100');
      assert.equal(
        (await retail.stock.purchaseOrders({ office: ba.id, state: 'open', limit: 5, offset: 0 })).items
          .length,
        1,
      );
      assert.equal(
        (await retail.stock.stocktakes({ office: ba.id, state: 'counted', limit: 5, offset: 0 })).items
          .length,
        1,
      );
      await platform.sync();

      const reports = await platform.verify();
      assert.deepEqual(reports.map((r) => r.cell).sort(), [...CELL_NAMES].sort(), 'every cell, services too');
      for (const r of reports) assert.equal(r.ok, true, `${r.cell}: ${JSON.stringify(r.failures)}`);
      const servicesReport = reports.find((r) => r.cell === 'services')!;
      assert.ok(BigInt(servicesReport.headSeq) > 0n, 'the services journal walked');
    });
  });
}
