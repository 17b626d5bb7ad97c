// Goods moving between two Hà Nội offices on the goods screen: the sender's manager picks the other office by
// its postcode (his own is never offered), scans and finds the goods, is refused in the page for more than the
// shelf holds, then sends them and sees their value at cost; the receiving manager (in English) counts one
// stamp short, sees the shortfall before confirming, and it is lost in transit; a write-off without a reason
// is refused in the page, then done with one. Both shelves and their values follow. Screenshots saved.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Journal } from '../../src/journal/index.ts';
import type { RetailTables } from '../../src/cells/retail/index.ts';
import { loadTestCatalogue } from '../../src/cells/retail/testing.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';
import { demoCounter, type Counter } from './fixtures.ts';

const TEM = '8934000000017';
const PB = '8934000000024';
const valueIs = (page: Page, id: string, value: string) =>
  page.waitForFunction(
    ([i, v]) => document.querySelector<HTMLInputElement>(`[data-testid="${i}"]`)?.value === v,
    [id, value],
  );
const textIs = (page: Page, id: string, text: string) =>
  page.waitForFunction(
    ([i, v]) => document.querySelector(`[data-testid="${i}"]`)?.textContent === v,
    [id, text],
  );

for (const { dialect, skip } of await webDialects()) {
  describe(`goods sent between offices and written off (${dialect})`, { skip }, () => {
    let world: WebWorld;
    let from: Counter;
    let to: Counter;
    const pages: BrowserContext[] = [];
    let sender: Page;
    let receiver: Page;
    let transfer = '';
    const shelf = async (c: Counter, product: string) =>
      (await world.platform.retail.stock.officeStock(c.officeId)).find((l) => l.product === product);

    before(async () => {
      world = await openWebWorld(dialect);
      // The province's second and third offices: the demo keeps no goods there, so both shelves are the test's.
      from = await demoCounter(world, '01', 1);
      to = await demoCounter(world, '01', 2);
      const journal = world.platform.cells.find((x) => x.definition.name === 'retail')!
        .journal as unknown as Journal<RetailTables>;
      await loadTestCatalogue(journal);
      const { stock } = world.platform.retail;
      const by = { staff: from.manager.id, office: from.officeId };
      const lines = [
        { product: 'TEM-5000', quantity: 100n, unit_cost: 4_800n },
        { product: 'PB-A4', quantity: 50n, unit_cost: 2_000n },
      ];
      const order = await stock.order({ office: from.officeId, supplier: 'NCC-TEM', lines }, by);
      await stock.receive(
        order.id,
        {
          delivery_note: 'PGH-TEST-1',
          lines: lines.map((l) => ({ product: l.product, quantity: l.quantity })),
        },
        by,
      );
      const s = await newPage(world);
      const r = await newPage(world, { lang: 'en' });
      pages.push(s.context, r.context);
      sender = s.page;
      receiver = r.page;
      await signInAs(sender, from.manager.username);
      await signInAs(receiver, to.manager.username);
    });
    after(async () => {
      for (const p of pages) await p.close();
      await world?.close();
    });

    test('the sending manager is refused more than the shelf holds, then sends and sees the value', async () => {
      await sender.goto('/counter/stock');
      await sender.getByTestId('tab-receive').focus();
      await sender.keyboard.press('ArrowRight');
      await sender.getByTestId('send-form').waitFor();
      // His own office is never offered as the receiving one.
      await sender.getByTestId('send-office').fill(from.postcode);
      await sender.getByText('Không có bưu cục nào khớp').waitFor();
      await sender.getByTestId('send-office').fill(to.postcode);
      await sender.getByTestId('send-offices').getByText(to.postcode).waitFor();
      await sender.getByTestId('send-office').press('Enter');
      await sender.getByTestId('send-chosen').waitFor();

      const scan = sender.getByTestId('send-scan');
      await scan.fill('8930000000999');
      await scan.press('Enter');
      await sender.getByText('Không tìm thấy mặt hàng có mã 8930000000999').waitFor();
      await scan.fill(TEM);
      await scan.press('Enter');
      await sender.getByTestId('send-qty-TEM-5000').waitFor();
      await scan.fill(TEM);
      await scan.press('Enter');
      await valueIs(sender, 'send-qty-TEM-5000', '2');
      await sender.getByTestId('send-search').fill('PB-A4');
      // Found by name or code among others: ↓ to it, Enter.
      await sender.getByTestId('send-found').getByText('PB-A4', { exact: true }).waitFor();
      const found = await sender.getByTestId('send-found').getByRole('option').allInnerTexts();
      for (let i = found.findIndex((o) => o.startsWith('PB-A4 ')); i > 0; i--)
        await sender.getByTestId('send-search').press('ArrowDown');
      await sender.getByTestId('send-search').press('Enter');
      await sender.getByTestId('send-qty-PB-A4').fill('10');
      await sender.getByTestId('send-qty-TEM-5000').fill('150');
      await sender.getByTestId('send-note').fill('Bổ sung tem cho bưu cục bạn');
      await sender.getByTestId('send-submit').click();
      const refusal = sender.getByTestId('send-error');
      await refusal.waitFor();
      assert.match(
        await refusal.innerText(),
        /Dòng 1: mặt hàng TEM-5000 chỉ còn 100 \(cần 150\); hãy giảm số lượng/,
      );
      assert.equal(await refusal.getAttribute('data-code'), 'insufficient_stock');
      assert.equal((await shelf(from, 'TEM-5000'))?.shelf.quantity, 100n, 'a refused transfer moves nothing');
      await shot(sender, 'stock-send-refused-vi');

      await sender.getByTestId('send-qty-TEM-5000').fill('30');
      await sender.getByTestId('send-submit').click();
      await sender.getByTestId('send-done').waitFor();
      // 30 stamps at 4.800 ₫ and 10 envelopes at 2.000 ₫, at cost.
      assert.equal(await sender.getByTestId('send-value').innerText(), '164.000 ₫');
      const [t] = (
        await world.platform.retail.stock.transfers({
          office: from.officeId,
          direction: 'out',
          limit: 1,
          offset: 0,
        })
      ).items;
      assert.ok(t !== undefined);
      transfer = t.id;
      await sender.getByTestId(`outgoing-${transfer}`).waitFor();
      const tem = await shelf(from, 'TEM-5000');
      assert.deepEqual(
        [tem?.shelf, tem?.transit],
        [
          { quantity: 70n, value: 336_000n },
          { quantity: 30n, value: 144_000n },
        ],
      );
      await shot(sender, 'stock-sent-vi');
    });

    test('the receiving manager counts one short, sees the shortfall, and it is lost in transit', async () => {
      await receiver.goto('/counter/stock?tab=arrivals');
      await receiver
        .getByTestId(`arrival-${transfer}`)
        .getByText('TEM-5000 Postage stamp 5,000 VND')
        .waitFor();
      assert.equal(
        await receiver.getByTestId(`shortfall-${transfer}`).innerText(),
        'Everything sent has arrived.',
      );
      await receiver.getByTestId(`arrival-${transfer}-TEM-5000`).fill('29');
      assert.equal(await receiver.getByTestId(`missing-${transfer}-TEM-5000`).innerText(), '1');
      assert.match(
        await receiver.getByTestId(`shortfall-${transfer}`).innerText(),
        /Short by 1 \(≈ 4\.800 ₫\)/,
      );
      assert.equal(
        await receiver.getByTestId(`arrival-submit-${transfer}`).innerText(),
        'Confirm the receipt, short by 1',
      );
      assert.equal(
        (await shelf(to, 'TEM-5000'))?.shelf.quantity,
        undefined,
        'nothing is received before confirming',
      );
      await shot(receiver, 'stock-arrival-short-en');
      await receiver.getByTestId(`arrival-submit-${transfer}`).click();
      await receiver.getByTestId('arrival-done').waitFor();
      assert.match(
        await receiver.getByTestId('arrival-done').innerText(),
        /short by 1, recorded as lost in transit/,
      );
      await receiver.getByTestId('shelf-TEM-5000').waitFor();
      const [tem, pb] = [await shelf(to, 'TEM-5000'), await shelf(to, 'PB-A4')];
      assert.deepEqual(
        [tem?.shelf, pb?.shelf],
        [
          { quantity: 29n, value: 139_200n },
          { quantity: 10n, value: 20_000n },
        ],
      );
      const sent = await shelf(from, 'TEM-5000');
      assert.deepEqual(
        [sent?.shelf, sent?.transit],
        [
          { quantity: 70n, value: 336_000n },
          { quantity: 0n, value: 0n },
        ],
      );
      assert.match(await receiver.getByTestId('stock-total').innerText(), /159\.200/);
    });

    test('a write-off without a reason is refused in the page, then written off with one', async () => {
      await sender.goto('/counter/stock?tab=writeOff');
      const scan = sender.getByTestId('writeoff-scan');
      await scan.fill(PB);
      await scan.press('Enter');
      await sender.getByTestId('writeoff-qty-PB-A4').fill('3');
      await sender.getByTestId('writeoff-note').fill('Ướt do mưa khi dỡ hàng');
      await sender.getByTestId('writeoff-submit').click();
      await sender.getByText('Lý do xuất hủy là bắt buộc').waitFor();
      assert.equal(await sender.getByTestId('writeoff-done').count(), 0);
      assert.equal((await shelf(from, 'PB-A4'))?.shelf.quantity, 40n, 'no write-off without a reason');
      assert.match(await sender.getByTestId('writeoff-estimate').innerText(), /6\.000 ₫/);
      await shot(sender, 'stock-writeoff-refused-vi');
      await sender.getByTestId('writeoff-reason').selectOption('damaged');
      await sender.getByTestId('writeoff-submit').click();
      await sender.getByTestId('writeoff-done').waitFor();
      assert.match(await sender.getByTestId('writeoff-done').innerText(), /6\.000 ₫/);
      assert.deepEqual((await shelf(from, 'PB-A4'))?.shelf, { quantity: 37n, value: 74_000n });
      // 70 stamps at 4.800 ₫ and 37 envelopes at 2.000 ₫.
      await textIs(sender, 'stock-total', '410.000 ₫');
      await shot(sender, 'stock-writeoff-done-vi');
    });
  });
}
