// An order delivered with cash on delivery: gdv.01100 orders Tân Cương tea for a customer of Ba Đình from the
// office's shelf (searched without accents), sees the order waiting to be picked and picks it; the parcel goes out
// with the platform's sync, carrying the goods and the carriage to collect; bt.01100 delivers it on his round on
// his phone, taking the COD; the order's page then shows it delivered, with the parcel's tracking, in Vietnamese
// and in English.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Staff } from '../../src/cells/core/index.ts';
import { openTill } from '../../src/cells/delivery/testing.ts';
import { receiveVaultCash } from '../../src/cells/finance/index.ts';
import { loadTestCatalogue, shelveTestStock } from '../../src/cells/retail/testing.ts';
import { sign } from './dossier-fixtures.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';

const dots = (n: bigint) => `${n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;

for (const { dialect, skip } of await webDialects())
  describe(`an order delivered with cash on delivery, on ${dialect}`, { skip }, () => {
    let world: WebWorld;
    let office: string;
    let boss: Staff;
    let postman: Staff;
    let clerk: Staff;
    let till = '';

    before(async () => {
      world = await openWebWorld(dialect);
      const { platform } = world;
      office = (await platform.core.offices.getByPostcode('01100')).id;
      const staff = async (u: string): Promise<Staff> => (await platform.core.staff.findForSignIn(u))!;
      clerk = await staff('gdv.01100');
      boss = await staff('tbc.01100');
      postman = await staff('bt.01100');
      await receiveVaultCash(platform.finance, office, 500_000n, 'system:test', `cash-in:${office}:order`);
      till = await openTill(platform, { office, clerk: clerk.id, name: clerk.full_name, checker: boss.id });
      const journal = platform.cells.find((c) => c.definition.name === 'retail')!.journal;
      await loadTestCatalogue(journal);
      await shelveTestStock(journal, office, [
        { product: 'CHE-TC200', quantity: 10n, unit_cost: 120_000n },
        { product: 'SUA-VNM1L', quantity: 12n, unit_cost: 25_000n },
      ]);
    });
    after(async () => {
      await world?.close();
    });

    test('gdv.01100 orders, picks; bt.01100 delivers collecting the COD; the order shows delivered', async () => {
      const { platform } = world;
      const { page, context } = await newPage(world);
      await signInAs(page, 'gdv.01100');
      await page.goto('/counter/orders');
      await page.getByTestId('order-search').fill('che tan cuong');
      await page.getByTestId('add-CHE-TC200').click();
      await page.getByTestId('qty-CHE-TC200').fill('2');
      // Nothing about the customer yet: the page says what is missing and sends nothing.
      await page.getByTestId('order-place').click();
      await page.getByText('Nhập số di động Việt Nam, ví dụ 0912345678').waitFor();
      await page.getByTestId('customer-name').fill('Đỗ Thị Hồng');
      await page.getByTestId('customer-phone').fill('0912 000 222');
      await page.getByTestId('customer-address').fill('Số 20 phố Kim Mã');
      await page.getByTestId('customer-commune').fill('ba dinh');
      await page.getByTestId('customer-commune-option').first().waitFor();
      await page.getByTestId('customer-commune').press('Enter');
      assert.match(await page.getByTestId('customer-commune').inputValue(), /Ba Đình/);
      await page.getByTestId('payment-cod').check();
      await shot(page, 'order-new');
      await page.getByTestId('order-place').click();
      const placed = page.getByTestId('order-placed');
      await placed.waitFor();
      const id = /DH01100\d{7}/.exec(await placed.innerText())![0];
      const order = await platform.retail.orders.get(id);
      assert.equal(order.total, 370_000n);
      assert.equal(order.payment, 'cod');

      // Waiting to be picked at the office; picked, it leaves as a parcel.
      await page.getByTestId(`pick-${id}`).waitFor();
      await shot(page, 'order-to-pick');
      await page.getByTestId(`pick-${id}`).click();
      await page.getByTestId(`state-${id}`).filter({ hasText: 'Đã giao cho bưu chính' }).waitFor();
      const sent = await platform.retail.orders.get(id);
      assert.equal(sent.state, 'handed_over');
      const item = sent.item_id!;
      assert.equal((await platform.delivery.items.get(item)).cod_amount, order.total + order.shipping_fee);

      // On bt.01100's round: delivered on his phone, the goods and the carriage collected.
      await platform.delivery.rounds.open({ office, postman: postman.id, items: [item] }, boss.id);
      const phone = await newPage(world, { viewport: 'phone' });
      await signInAs(phone.page, 'bt.01100');
      await phone.page.getByTestId(`parcel-${item}`).waitFor();
      assert.match(
        await phone.page.getByTestId(`parcel-${item}`).innerText(),
        new RegExp(dots(sent.amount_due)),
      );
      await phone.page.getByTestId('scan').fill(item);
      await phone.page.getByTestId('scan').press('Enter');
      await phone.page.getByTestId('cod-collected').fill(dots(sent.amount_due).replace(' ₫', ''));
      await sign(phone.page);
      await phone.page.getByTestId('deliver').click();
      assert.match(await phone.page.getByTestId('item-done').innerText(), new RegExp(`Đã phát ${item}`));
      await phone.context.close();

      // The order's page: delivered, with the parcel's tracking.
      await platform.sync();
      assert.equal((await platform.retail.orders.get(id)).state, 'delivered');
      await page.goto(`/counter/orders/${id}`);
      await page.getByTestId('order-state').filter({ hasText: 'Đã giao cho khách' }).waitFor();
      assert.equal(await page.getByTestId('order-item').innerText(), item);
      assert.equal(await page.getByTestId('order-due').innerText(), dots(sent.amount_due));
      assert.ok((await page.getByTestId('order-tracking').locator('li').count()) >= 2);
      await shot(page, 'order-delivered');
      await page.getByTestId('lang-toggle').click();
      await page.getByTestId('order-state').filter({ hasText: 'Delivered to the customer' }).waitFor();
      await shot(page, 'order-delivered-en');
      await context.close();
    });

    test('a prepaid order comes back: gdv.01100 gives the customer the money back from her till, once', async () => {
      const { platform } = world;
      const placed = await platform.retail.orders.place(
        {
          office,
          customer: { name: 'Phan Văn Tú', phone: '0987000111', address: 'Số 3 Đội Cấn', commune: '00004' },
          lines: [{ product: 'SUA-VNM1L', quantity: 2 }],
          payment: 'prepaid',
        },
        { office_id: office, clerk_id: clerk.id, till_session_id: till },
      );
      await platform.retail.orders.pick(placed.id, clerk.id);
      await platform.sync();
      const item = (await platform.retail.orders.get(placed.id)).item_id!;
      // No one home; the parcel is carried back to Ba Đình, its sender.
      const round = async (what: 'attempt' | 'back') => {
        const r = await platform.delivery.rounds.open(
          { office, postman: postman.id, items: [item] },
          boss.id,
        );
        if (what === 'attempt')
          await platform.delivery.rounds.attempt(r.id, { item, reason: '11', action: 'C' }, postman.id);
        else
          await platform.delivery.rounds.deliver(
            r.id,
            { item, recipient_name: 'Bưu cục Ba Đình', signature: 'signature:x' },
            postman.id,
          );
        await platform.delivery.rounds.close(r.id, 0, boss.id);
        await platform.sync();
      };
      await round('attempt');
      await round('back');
      assert.equal((await platform.retail.orders.get(placed.id)).state, 'returned');

      const { page, context } = await newPage(world);
      await signInAs(page, 'gdv.01100');
      await page.goto(`/counter/orders/${placed.id}`);
      await page.getByTestId('order-refund').waitFor();
      assert.match(await page.getByTestId('order-refund').innerText(), new RegExp(dots(placed.amount_due)));
      await shot(page, 'order-refund');
      await page.getByTestId('order-refund-button').click();
      await page.getByTestId('order-refunded').waitFor();
      await page
        .getByTestId('order-state')
        .filter({ hasText: 'Đã hoàn về, đã trả lại tiền cho khách' })
        .waitFor();
      assert.equal(await page.getByTestId('order-refund').count(), 0, 'no second refund is offered');
      await shot(page, 'order-refunded');
      assert.equal((await platform.retail.orders.get(placed.id)).state, 'refunded');
      await context.close();
    });
  });
