// A clerk sells at the counter with a scanner and the keyboard only: two stamps scanned (the second scan adds
// one), envelopes scanned and raised with +, a box found by its name without accents, a barcode the catalogue
// does not know refused in Vietnamese in the page and removed with Delete; the total with its VAT, cash handed
// over and the change; the receipt with the amount in words. Then a stamp is brought back and refunded, and the
// shelf and verify agree. Screenshots in Vietnamese and English.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Journal } from '../../src/journal/index.ts';
import type { RetailTables } from '../../src/cells/retail/index.ts';
import { loadTestCatalogue, shelveTestStock } from '../../src/cells/retail/testing.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';
import { demoCounter, openClerkTill, type Counter } from './fixtures.ts';

for (const { dialect, skip } of await webDialects()) {
  describe(`a clerk sells goods at the counter (${dialect})`, { skip }, () => {
    let world: WebWorld;
    let c: Counter;
    let context: BrowserContext;
    let page: Page;
    let receipt = '';
    let stamps = 0n;
    const shelf = async (product: string) =>
      (
        await world.platform.retail.db
          .selectFrom('retail_stock')
          .select('quantity')
          .where('office_id', '=', c.officeId)
          .where('product_code', '=', product)
          .where('place', '=', 'shelf')
          .executeTakeFirst()
      )?.quantity;

    before(async () => {
      world = await openWebWorld(dialect);
      c = await demoCounter(world, '01');
      await openClerkTill(world, c, 2n);
      const journal = world.platform.cells.find((x) => x.definition.name === 'retail')!
        .journal as unknown as Journal<RetailTables>;
      await loadTestCatalogue(journal);
      await shelveTestStock(journal, c.officeId, [
        { product: 'TEM-5000', quantity: 100n, unit_cost: 4_000n },
        { product: 'PB-A4', quantity: 100n, unit_cost: 2_000n },
        { product: 'HOP-M3', quantity: 20n, unit_cost: 9_000n },
      ]);
      // The demo's own stock of stamps at the office, if it is a demo shop, and the test's hundred.
      stamps = (await shelf('TEM-5000')) ?? 0n;
      ({ page, context } = await newPage(world));
      await signInAs(page, c.clerk.username);
    });
    after(async () => {
      await context?.close();
      await world?.close();
    });

    test('a sale scanned and keyed, paid in cash with change, and its receipt in words', async () => {
      await page.getByRole('link', { name: 'Bán hàng' }).first().click();
      const scan = page.getByTestId('sale-scan');
      await scan.waitFor();
      for (const code of ['8934000000017', '8934000000017', '8934000000024']) {
        await scan.fill(code);
        await scan.press('Enter');
      }
      await page.getByTestId('sale-line').nth(1).waitFor();
      assert.equal(await page.getByTestId('sale-qty').first().inputValue(), '2');
      await page.getByTestId('sale-qty').nth(1).press('+');
      // A box has no barcode on it: found by name, without accents.
      await page.getByTestId('sale-search').fill('hop carton co 3 30');
      await page.getByTestId('sale-found').waitFor();
      await page.getByTestId('sale-search').press('Enter');
      await page.getByTestId('sale-line').nth(2).waitFor();
      // A barcode the catalogue does not know: refused in the page, in Vietnamese, and removed from the keyboard.
      await scan.fill('8930000000002');
      await scan.press('Enter');
      const error = page.getByTestId('sale-error');
      await error.waitFor();
      assert.match(await error.innerText(), /chưa có trong danh mục/);
      assert.equal(await error.getAttribute('data-code'), 'product_not_found');
      await page.getByTestId('sale-qty').nth(3).press('Delete');
      await error.waitFor({ state: 'detached' });
      // 2 stamps 10.000 + 2 envelopes 6.000 + a box 12.000.
      await page.getByTestId('sale-total').filter({ hasText: '28.000 ₫' }).waitFor();
      assert.equal(await page.getByTestId('sale-words').innerText(), 'Hai mươi tám nghìn đồng');
      await page.getByTestId('sale-tendered').fill('50000');
      await page.getByTestId('sale-change-live').filter({ hasText: '22.000 ₫' }).waitFor();
      await shot(page, 'sale-basket-vi');
      await page.getByTestId('sale-tendered').press('Enter');
      await page.getByTestId('sale-receipt').waitFor();
      receipt = await page.getByTestId('sale-id').innerText();
      assert.match(receipt, new RegExp(`^BH${c.postcode}\\d{7}$`));
      assert.equal(await page.getByTestId('sale-change').innerText(), '22.000 ₫');
      assert.equal(await page.getByTestId('sale-words').innerText(), 'Hai mươi tám nghìn đồng');
      await page.getByTestId('sale-proof').waitFor();
      await shot(page, 'sale-receipt-vi');
      assert.equal(await shelf('TEM-5000'), stamps - 2n);
      const pdf = await page.request.get(`/v1/retail/offices/${c.officeId}/sales/${receipt}/receipt.pdf`);
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
    });

    test('a stamp brought back: the receipt found, one unit chosen, a reason, cash refunded', async () => {
      await page.getByTestId('go-returns').click();
      const find = page.getByTestId('return-find');
      await find.fill(receipt.toLowerCase());
      await find.press('Enter');
      await page.getByTestId('return-form').waitFor();
      await page.getByTestId('return-qty-1').fill('3');
      await page.getByTestId('return-reason').fill('Khách mua thừa');
      await page.getByTestId('return-submit').click();
      const error = page.getByTestId('return-error');
      await error.waitFor();
      assert.equal(await error.getAttribute('data-code'), 'return_exceeds_sale');
      await page.getByTestId('return-qty-1').fill('1');
      await page.getByTestId('return-refund').filter({ hasText: '5.000 ₫' }).waitFor();
      await page.getByTestId('return-submit').click();
      await page.getByTestId('return-done').waitFor();
      assert.match(await page.getByTestId('return-done').innerText(), /5\.000 ₫/);
      await shot(page, 'sale-return-vi');
      assert.equal(await shelf('TEM-5000'), stamps - 1n);
      const [report] = await world.platform.verify({ only: 'retail' });
      assert.equal(report!.ok, true);
    });

    test('the same screen in English', async () => {
      const { page: en, context: ctx } = await newPage(world, { lang: 'en' });
      try {
        await signInAs(en, c.clerk.username);
        await en.goto('/counter/sale');
        const scan = en.getByTestId('sale-scan');
        await scan.fill('8934000000024');
        await scan.press('Enter');
        await en.getByTestId('sale-total').filter({ hasText: '3.000 ₫' }).waitFor();
        await en.getByTestId('pay-vietqr').check();
        await en.getByTestId('sale-vietqr').waitFor();
        const qr = await en.getByTestId('sale-vietqr').getAttribute('data-text');
        assert.match(qr ?? '', /^000201010212/);
        assert.match(qr ?? '', /5303704540430005802VN/);
        await shot(en, 'sale-vietqr-en');
      } finally {
        await ctx.close();
      }
    });
  });
}
