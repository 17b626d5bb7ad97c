// The drill's seed on both dialects, at a small size: a funded month for Hà Nội, counters with tills that hold
// the cash for their lines, parcels with cash on delivery, two security officers; every cell verifies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { openPlatform, type Platform } from '../../app.ts';
import { totpFor } from '../../cells/core/index.ts';
import { ManualClock, vietnamDay } from '../../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../storage/testing.ts';
import { testConfig } from '../../testing.ts';
import { seedDrill } from './seed.ts';

const NAMES: unknown = JSON.parse(
  readFileSync(new URL('../../../assets/people/names.json', import.meta.url), 'utf8'),
);

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the drill's seed on ${dialect}`, { skip }, () => {
    let place: TestPlace;
    let platform: Platform;
    after(async () => {
      await platform?.close();
      await place?.remove();
    });

    test('a funded month, counters with cash, parcels with COD and two officers; everything verifies', async () => {
      // Tuesday 9 June 2026, 02:00 in Hà Nội: an hour before the attack of the story.
      const clock = new ManualClock('2026-06-08T19:00:00.000Z');
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock, demo: 'network' });
      const seed = await seedDrill(platform, { lines: 1500, counters: 2, parcels: 12 }, NAMES);
      assert.equal(seed.lines, 1500);
      assert.ok(seed.total > 0n);
      const paid = await platform.finance.pensions.lines({ period_id: seed.period_id, limit: 1, offset: 0 });
      assert.equal(paid.total, 1500);
      assert.equal(seed.counters.length, 2);
      for (const c of seed.counters) {
        assert.ok(c.lines > 0, `${c.postcode} has lines at its counter: ${JSON.stringify(c)}`);
        const till = await platform.finance.tills.get(c.till);
        assert.equal(till.status, 'open');
        const waiting = await platform.finance.pensions.lines({
          period_id: seed.period_id,
          status: 'at_office',
          postcode: c.postcode,
          limit: 500,
          offset: 0,
        });
        assert.ok(waiting.total <= 500);
        const owed = waiting.items.reduce((sum, l) => sum + BigInt(l.amount), 0n);
        assert.ok(till.cash >= owed, `cash for every line waiting: ${till.cash} for ${owed}`);
        assert.deepEqual(c.parcels.length > 0, true, 'parcels accepted at each counter');
      }
      assert.equal(seed.parcels.length, 12);
      for (const id of seed.parcels)
        assert.ok((await platform.delivery.items.get(id)).cod_amount > 0n, `${id} carries cash to collect`);
      assert.ok(seed.cod_total > 0n);
      assert.deepEqual(
        seed.officers.map((o) => o.username),
        ['security', 'security.2'],
      );
      for (const o of seed.officers) {
        const code = totpFor(o.username, o.totp_secret).generate({ timestamp: clock.now().getTime() });
        await platform.core.signIn.confirmSecondFactor(o.id, code, 'drill seed check');
        clock.advance(30_000);
      }
      // Goods at each counter: shelves received against orders and five baskets sold for cash into its till.
      for (const c of seed.counters) {
        const sold = await platform.retail.sales.list({ office: c.office_id, day: vietnamDay(clock.now()) });
        assert.equal(sold.length, 5, `five sales at ${c.postcode}`);
        assert.ok((await platform.retail.stock.officeStock(c.office_id)).some((l) => l.shelf.quantity > 0n));
      }
      for (const r of await platform.verify())
        assert.equal(r.ok, true, `${r.cell}: ${JSON.stringify(r.failures)}`);
      const retail = (await platform.verify({ only: 'retail' }))[0]!;
      assert.ok(BigInt(retail.headSeq) > 0n, 'the retail cell has a history to verify');
    });
  });
}
