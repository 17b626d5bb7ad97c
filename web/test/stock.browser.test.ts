// The office manager of 01100 receives goods against a purchase order on the goods screen, the clerk counts
// the shelf (one product short, one over), and the manager, a second person, sees each difference and its
// value before approving it; the stock and its value follow. In Vietnamese and in English, screenshots saved.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Journal } from '../../src/journal/index.ts';
import type { RetailTables } from '../../src/cells/retail/index.ts';
import { loadTestCatalogue } from '../../src/cells/retail/testing.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';
import { demoCounter, type Counter } from './fixtures.ts';

for (const { dialect, skip } of await webDialects()) {
  describe(`goods received and counted at an office (${dialect})`, { skip }, () => {
    let world: WebWorld;
    let c: Counter;
    const pages: BrowserContext[] = [];
    let manager: Page;
    let clerk: Page;
    let order = '';
    const shelf = async (product: string) =>
      (await world.platform.retail.stock.officeStock(c.officeId)).find((l) => l.product === product);

    before(async () => {
      world = await openWebWorld(dialect);
      // The province's second office: the demo keeps no goods there, so the shelf is the test's alone.
      c = await demoCounter(world, '01', 1);
      const journal = world.platform.cells.find((x) => x.definition.name === 'retail')!
        .journal as unknown as Journal<RetailTables>;
      // The test's goods beside the demo's (an import changes only what differs).
      await loadTestCatalogue(journal);
      order = (
        await world.platform.retail.stock.order(
          {
            office: c.officeId,
            supplier: 'NCC-TEM',
            lines: [
              { product: 'TEM-5000', quantity: 200n, unit_cost: 4_800n },
              { product: 'PB-A4', quantity: 100n, unit_cost: 2_000n },
            ],
          },
          { staff: c.manager.id, office: c.officeId },
        )
      ).id;
      const m = await newPage(world);
      const k = await newPage(world, { lang: 'en' });
      pages.push(m.context, k.context);
      manager = m.page;
      clerk = k.page;
      await signInAs(manager, c.manager.username);
      await signInAs(clerk, c.clerk.username);
    });
    after(async () => {
      for (const p of pages) await p.close();
      await world?.close();
    });

    test('the manager receives the order’s goods with the delivery note, and sees their value', async () => {
      await manager.goto('/counter/stock');
      await manager.getByTestId('receive-form').waitFor();
      await manager.getByTestId('receive-order').selectOption(order);
      await manager.getByTestId('receive-TEM-5000').fill('200');
      await manager.getByTestId('receive-PB-A4').fill('120');
      await manager.getByTestId('receive-note').fill('PGH-2026-0117');
      await manager.getByTestId('receive-submit').click();
      const refusal = manager.getByTestId('receive-error');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /vượt số còn lại/);
      assert.equal(await refusal.getAttribute('data-code'), 'received_beyond_order');
      await manager.getByTestId('receive-PB-A4').fill('100');
      await manager.getByTestId('receive-submit').click();
      await manager.getByTestId('receive-done').waitFor();
      await manager.getByTestId('shelf-TEM-5000').waitFor();
      assert.equal((await shelf('TEM-5000'))?.shelf.quantity, 200n);
      assert.match(await manager.getByTestId('stock-total').innerText(), /1\.160\.000/);
      await shot(manager, 'stock-received-vi');
    });

    test('the clerk counts, the manager sees the differences and approves: the shelf follows', async () => {
      await clerk.goto('/counter/stock');
      await clerk.getByTestId('count-form').waitFor();
      assert.equal(await clerk.getByTestId('receive-form').count(), 0, 'a clerk receives no purchase order');
      await clerk.getByTestId('count-TEM-5000').fill('197');
      await clerk.getByTestId('count-PB-A4').fill('101');
      await clerk.getByTestId('count-submit').click();
      await clerk.getByText('A stocktake needs a reason').waitFor();
      assert.equal(await clerk.getByTestId('count-notice').count(), 0, 'no count without a reason');
      await clerk.getByTestId('count-reason').fill('End-of-week count');
      await clerk.getByTestId('count-submit').click();
      await clerk.getByTestId('count-notice').waitFor();
      assert.equal((await shelf('TEM-5000'))?.shelf.quantity, 200n, 'a count posts nothing');
      await shot(clerk, 'stock-counted-en');

      await manager.reload();
      const [s] = (
        await world.platform.retail.stock.stocktakes({
          office: c.officeId,
          state: 'counted',
          limit: 1,
          offset: 0,
        })
      ).items;
      assert.ok(s !== undefined);
      await manager.getByTestId(`stocktake-${s.id}`).waitFor();
      assert.equal(await manager.getByTestId(`difference-${s.id}-TEM-5000`).innerText(), '-3');
      assert.equal(await manager.getByTestId(`difference-${s.id}-PB-A4`).innerText(), '+1');
      await manager.getByTestId(`approve-${s.id}`).scrollIntoViewIfNeeded();
      await shot(manager, 'stock-approve-vi');
      await manager.getByTestId(`approve-${s.id}`).click();
      await manager.getByTestId('count-notice').waitFor();
      assert.deepEqual(
        [(await shelf('TEM-5000'))?.shelf, (await shelf('PB-A4'))?.shelf],
        [
          { quantity: 197n, value: 945_600n },
          { quantity: 101n, value: 202_000n },
        ],
      );
    });
  });
}
