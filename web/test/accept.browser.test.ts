// A clerk at the counter of 01100 takes in a COD parcel with the keyboard alone (communes found without
// accents, the price following the weight), prints its label and receipt, and hands over a parcel held for
// pick-up with its COD; each time the item is in the delivery cell and the money in the clerk's till. The bad
// paths: a bad phone refused beside its field, an unknown id, an item not held, the wrong COD — nothing written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { deliveryHead, openTill } from '../../src/cells/delivery/testing.ts';
import { formatS10 } from '../../src/platform/s10.ts';
import { fillVault } from '../../src/testing-base.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';

const FLOAT = 1_000_000n;
const HELD_COD = 380_000n;

interface Session {
  session: { cash: string; status: string };
}

/** The till's cash as the clerk's own session reads it, once finance has followed delivery to `want`. */
async function tillCash(page: Page, till: string, want: bigint): Promise<bigint> {
  let cash = -1n;
  for (let i = 0; i < 40; i++) {
    const r = await page.request.get(`/v1/finance/tills/${till}`);
    assert.equal(r.status(), 200);
    cash = BigInt(((await r.json()) as Session).session.cash);
    if (cash === want) return cash;
    await new Promise((res) => setTimeout(res, 250));
  }
  return cash;
}

// On SQLite: PostgreSQL passes too, but opening the demo world there takes over two minutes on this machine.
const [sqlite] = await webDialects();

describe('a clerk at the counter takes in parcels and hands over held ones', { skip: sqlite!.skip }, () => {
  let world: WebWorld;
  let till = '';
  let held = '';
  let otherClerk = '';
  before(async () => {
    world = await openWebWorld('sqlite');
    const { core, finance, delivery } = world.platform;
    const office = await core.offices.getByPostcode('01100');
    const clerk = (await core.staff.findForSignIn('gdv.01100'))!;
    const manager = (await core.staff.findForSignIn('tbc.01100'))!;
    const postman = (await core.staff.findForSignIn('bt.01100'))!;
    const shop = (await core.staff.findForSignIn('shop.79'))!;
    await fillVault(finance, office.id, 20_000_000n);
    till = await openTill(world.platform, {
      office: office.id,
      clerk: clerk.id,
      name: clerk.full_name,
      checker: manager.id,
      notes: 2,
    });
    // A parcel a shop in TP. Hồ Chí Minh sent to a customer of 01100, who was out: held at 01100.
    const net = await delivery.items.network();
    const from = net.office(shop.office_id);
    otherClerk = `gdv.${from.postcode}`;
    const { items } = await delivery.items.announce(
      [
        {
          service: 'ecommerce',
          sender: {
            name: 'Shop demo 79',
            phone: '0912000000',
            address: from.name,
            commune: from.commune_code!,
          },
          recipient: {
            name: 'Phạm Thị Hồng',
            phone: '0903111222',
            address: 'Số 7 Quán Thánh',
            commune: office.commune_code!,
          },
          weight_g: 900,
          length_cm: 20,
          width_cm: 15,
          height_cm: 10,
          cod_amount: HELD_COD.toString(),
        },
      ],
      { id: shop.id, office_id: from.id },
      shop.id,
    );
    held = items[0]!.id;
    await delivery.items.scan([{ item: held, code: 'EMA', office: from.id }], shop.id);
    const legs = net.route(from.id, office.id);
    for (let h = 0; h + 1 < legs.length; h++) {
      const bag = await delivery.transport.closeBag(
        { office: legs[h]!, destination: legs[h + 1]!, items: [held] },
        'system:test',
      );
      await delivery.transport.dispatch(
        { office: legs[h]!, destination: legs[h + 1]!, bags: [bag.id] },
        'system:test',
      );
      await delivery.transport.receiveBag(bag.id, legs[h + 1]!, 'system:test');
    }
    const round = await delivery.rounds.open(
      { office: office.id, postman: postman.id, items: [held] },
      postman.id,
    );
    await delivery.rounds.attempt(round.id, { item: held, reason: '11', action: 'B' }, postman.id);
    assert.equal((await delivery.items.get(held)).status, 'held');
    await world.platform.sync();
  });
  after(async () => {
    await world?.close();
  });

  test('a clerk takes in a COD parcel with the keyboard, prints its label and receipt, the fee in the till', async () => {
    const { page, context } = await newPage(world);
    await signInAs(page, 'gdv.01100');
    await page.goto('/counter/accept');
    await page.getByRole('heading', { name: 'Nhận gửi bưu gửi' }).waitFor();
    await page.getByTestId('till-open').waitFor();
    const kb = page.keyboard;
    // The sender's name has the focus: everything from here is typed.
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'sender-name',
    );
    await kb.type('Trần Thị Mai');
    await kb.press('Tab');
    await kb.type('0912345678');
    await kb.press('Tab');
    await kb.type('Số 12 Đội Cấn');
    await kb.press('Tab');
    await kb.type('ba dinh');
    const option = page.getByTestId('sender-commune-option').first();
    await option.waitFor();
    assert.match(await option.innerText(), /Ba Đình/);
    await kb.press('ArrowDown');
    await kb.press('ArrowUp');
    await kb.press('Enter');
    const senderCommune = page.getByTestId('sender-commune');
    assert.match(await senderCommune.inputValue(), /Ba Đình — Thành phố Hà Nội/);
    assert.match((await senderCommune.getAttribute('data-code')) ?? '', /^\d{5}$/);
    await kb.press('Tab'); // the province filter
    await kb.press('Tab');
    await kb.type('Lê Văn Hùng');
    await kb.press('Tab');
    await kb.type('0987654321');
    await kb.press('Tab');
    await kb.type('Số 45 Lê Lợi');
    await kb.press('Tab');
    await kb.type('sai gon');
    await page.getByTestId('recipient-commune-option').first().waitFor();
    await kb.press('Enter');
    assert.match(await page.getByTestId('recipient-commune').inputValue(), /Sài Gòn/);
    await kb.press('Tab');
    await kb.press('Tab'); // the service: a parcel, as it stands
    assert.equal(await page.getByTestId('item-service').inputValue(), 'parcel');
    await kb.press('Tab');
    await kb.type('1200');
    for (const v of ['30', '20', '10']) {
      await kb.press('Tab');
      await kb.type(v);
    }
    await kb.press('Tab');
    await kb.type('450000');
    // The price follows the fields: 1,200 g real, 1,000 g volumetric, national zone, COD fee on 450,000 ₫.
    const charged = page.getByTestId('quote-charged');
    await page.waitForFunction(() => document.querySelector('[data-testid="quote-cod-fee"]') !== null);
    assert.equal(await charged.innerText(), '1.200 g');
    assert.equal(await page.getByTestId('quote-volumetric').innerText(), '1.000 g');
    assert.equal(await page.getByTestId('quote-zone').innerText(), 'Liên vùng');
    assert.equal(await page.getByTestId('quote-cod-fee').innerText(), '10.000 ₫');
    const fee1 = await page.getByTestId('quote-fee').innerText();
    // Heavier: the quote changes as the weight is corrected.
    await page.getByTestId('item-weight').focus();
    await kb.press('Control+A');
    await kb.type('2500');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="quote-charged"]')?.textContent === '2.500 g',
    );
    const fee = await page.getByTestId('quote-fee').innerText();
    assert.notEqual(fee, fee1);
    assert.match(fee, /^\d{1,3}(\.\d{3})* ₫$/);
    await page.getByTestId('item-cod').focus();
    await shot(page, 'clerk-accept');

    const before = await deliveryHead(world.platform);
    await kb.press('Enter');
    const s10 = await page.getByTestId('s10').innerText();
    assert.match(s10, /^CP\d{9}VN$/);
    assert.equal(await page.getByTestId('accepted-fee').innerText(), fee);
    assert.equal(await page.getByTestId('accepted-cod').innerText(), '450.000 ₫');
    await shot(page, 'clerk-accepted');
    assert.ok((await deliveryHead(world.platform)) > before);
    // The label and the receipt are the API's PDFs.
    for (const link of ['label-link', 'receipt-link']) {
      const href = (await page.getByTestId(link).getAttribute('href'))!;
      const r = await page.request.get(href);
      assert.equal(r.status(), 200);
      assert.equal(r.headers()['content-type'], 'application/pdf');
      assert.equal((await r.body()).subarray(0, 5).toString(), '%PDF-');
    }
    // The item is in the delivery cell as the clerk typed it, and its fee is in the clerk's till.
    const item = (await (await page.request.get(`/v1/delivery/items/${s10}`)).json()) as Record<
      string,
      unknown
    > & {
      recipient: { name: string; phone: string };
      fee: string;
    };
    assert.equal(item['status'], 'at_office');
    assert.equal(item['cod_amount'], '450000');
    assert.equal(item['weight_g'], 2500);
    assert.equal(item['till_session_id'], till);
    assert.equal(item.recipient.name, 'Lê Văn Hùng');
    assert.equal(item.recipient.phone, '+84987654321');
    assert.equal(`${BigInt(item.fee).toLocaleString('de-DE')} ₫`, fee);
    assert.equal(await tillCash(page, till, FLOAT + BigInt(item.fee)), FLOAT + BigInt(item.fee));

    // English, once: the next item's form in the other language.
    await page.getByTestId('lang-toggle').click();
    await kb.press('n');
    await page.getByRole('heading', { name: 'Accept an item' }).waitFor();
    assert.match(await page.getByTestId('quote').innerText(), /Enter the service/);
    assert.match(await page.getByTestId('sender').innerText(), /Sender/);
    await page.getByTestId('lang-toggle').click();
    await context.close();
  });

  test('a clerk hands over a parcel held for pick-up, its COD into the till', async () => {
    const { page, context } = await newPage(world);
    await signInAs(page, 'gdv.01100');
    const start = BigInt(
      ((await (await page.request.get(`/v1/finance/tills/${till}`)).json()) as Session).session.cash,
    );
    await page.goto('/counter/pickup');
    await page.getByRole('heading', { name: 'Phát bưu gửi tại quầy' }).waitFor();
    await page.getByTestId('till-open').waitFor();
    // The scanner types into the focused field and presses Enter.
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'pickup-scan',
    );
    const kb = page.keyboard;
    await kb.type(held.toLowerCase());
    await kb.press('Enter');
    await page.getByTestId('pickup-item').waitFor();
    assert.equal(await page.getByTestId('pickup-s10').innerText(), held);
    assert.equal(await page.getByTestId('pickup-status').innerText(), 'Lưu tại bưu cục chờ nhận');
    assert.equal(await page.getByTestId('pickup-recipient').innerText(), 'Phạm Thị Hồng');
    assert.equal(await page.getByTestId('pickup-cod').innerText(), '380.000 ₫');
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'pickup-id-number',
    );
    await kb.type('001185012345');
    await kb.press('Tab'); // the name, as the item gives it
    await kb.press('Tab');
    await kb.type('300000');
    await kb.press('Tab');
    await kb.press('Space');
    await shot(page, 'clerk-pickup');
    // The wrong amount: the API's refusal in the page, nothing handed over.
    const head = await deliveryHead(world.platform);
    await kb.press('Enter');
    const refusal = page.getByTestId('pickup-error');
    await refusal.waitFor();
    assert.equal(await refusal.getAttribute('data-code'), 'cod_mismatch');
    assert.match(await refusal.innerText(), /phải thu 380\.000 ₫, không phải 300\.000 ₫/);
    assert.equal(await deliveryHead(world.platform), head);
    await page.getByTestId('pickup-cod-received').fill('380000');
    await page.getByTestId('pickup-cod-received').press('Enter');
    const done = page.getByTestId('pickup-done');
    await done.waitFor();
    assert.match(await done.innerText(), new RegExp(`Đã giao ${held} cho Phạm Thị Hồng`));
    assert.match(await done.innerText(), /Đã thu 380\.000 ₫ tiền thu hộ vào két/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'pickup-scan',
    );
    const item = (await (await page.request.get(`/v1/delivery/items/${held}`)).json()) as Record<
      string,
      unknown
    >;
    assert.equal(item['status'], 'delivered');
    assert.equal(item['delivered_to'], 'Phạm Thị Hồng');
    assert.equal(await tillCash(page, till, start + HELD_COD), start + HELD_COD);
    await context.close();
  });

  test('refusals: a bad phone beside its field, an unknown id and an item not held — nothing written', async () => {
    const { page, context } = await newPage(world);
    await signInAs(page, 'gdv.01100');
    const head = await deliveryHead(world.platform);
    const cash = BigInt(
      ((await (await page.request.get(`/v1/finance/tills/${till}`)).json()) as Session).session.cash,
    );
    await page.goto('/counter/accept');
    await page.getByTestId('till-open').waitFor();
    await page.getByTestId('sender-name').fill('Trần Thị Mai');
    await page.getByTestId('sender-phone').fill('0123');
    await page.getByTestId('sender-address').fill('Số 12 Đội Cấn');
    await page.getByTestId('sender-commune').fill('ba dinh');
    await page.getByTestId('sender-commune-option').first().waitFor();
    await page.getByTestId('sender-commune').press('Enter');
    await page.getByTestId('recipient-name').fill('Lê Văn Hùng');
    await page.getByTestId('recipient-phone').fill('0987654321');
    await page.getByTestId('recipient-address').fill('Số 45 Lê Lợi');
    await page.getByTestId('recipient-commune').fill('ba dinh');
    await page.getByTestId('recipient-commune-option').first().waitFor();
    await page.getByTestId('recipient-commune').press('Enter');
    for (const [f, v] of [
      ['item-weight', '500'],
      ['item-length', '10'],
      ['item-width', '10'],
      ['item-height', '10'],
    ] as const)
      await page.getByTestId(f).fill(v);
    await page.getByTestId('item-height').press('Enter');
    const phone = page.getByTestId('sender').locator('.field.invalid');
    await phone.waitFor();
    assert.match(await phone.innerText(), /Số điện thoại không hợp lệ: nhập dạng 0912345678/);
    assert.equal(await page.getByTestId('sender-phone').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByTestId('accepted').count(), 0);

    await page.goto('/counter/pickup');
    await page.getByTestId('till-open').waitFor();
    const unknown = formatS10('CP', 99_999_990);
    await page.getByTestId('pickup-scan').fill(unknown);
    await page.getByTestId('pickup-scan').press('Enter');
    const notFound = page.getByTestId('pickup-find-error');
    await notFound.waitFor();
    assert.equal(await notFound.getAttribute('data-code'), 'item_not_found');
    assert.match(await notFound.innerText(), new RegExp(`Không tìm thấy bưu gửi ${unknown}`));
    // A parcel just taken in at this counter is not held for pick-up: no hand-over form.
    const posted = (
      await world.platform.delivery.items.list({
        office: (await world.platform.core.offices.getByPostcode('01100')).id,
        status: 'at_office',
        limit: 1,
        offset: 0,
      })
    ).items[0]!;
    await page.getByTestId('pickup-scan').fill(posted.id);
    await page.getByTestId('pickup-scan').press('Enter');
    const blocked = page.getByTestId('pickup-blocked');
    await blocked.waitFor();
    assert.match(await blocked.innerText(), new RegExp(`Bưu gửi ${posted.id} không chờ nhận tại quầy`));
    assert.equal(await page.getByTestId('pickup-form').count(), 0);
    // The one already handed over is refused too.
    await page.getByTestId('pickup-scan').fill(held);
    await page.getByTestId('pickup-scan').press('Enter');
    await page.getByText(`Bưu gửi ${held} đã được phát trước đó`).waitFor();

    assert.equal(await deliveryHead(world.platform), head);
    assert.equal(
      BigInt(((await (await page.request.get(`/v1/finance/tills/${till}`)).json()) as Session).session.cash),
      cash,
    );
    await context.close();
  });

  test('a clerk with no open till is told so, with the way to the till screen', async () => {
    const { page, context } = await newPage(world);
    await signInAs(page, otherClerk);
    for (const path of ['/counter/accept', '/counter/pickup']) {
      await page.goto(path);
      const notice = page.getByTestId('no-till');
      await notice.waitFor();
      assert.match(await notice.innerText(), /Bạn chưa mở két quầy hôm nay, nên chưa thu tiền được/);
      assert.equal(await page.getByTestId('go-till').getAttribute('href'), '/counter/till');
    }
    assert.equal(await page.getByTestId('pickup-scan').count(), 1);
    await page.goto('/counter/accept');
    await page.getByTestId('no-till').waitFor();
    assert.equal(await page.getByTestId('accept-submit').isDisabled(), true);
    await page.getByTestId('go-till').click();
    assert.equal(new URL(page.url()).pathname, '/counter/till');
    await context.close();
  });

  // Last: it leaves the delivery cell read-only.
  test('with the delivery cell read-only the price is still quoted but nothing is accepted', async () => {
    await world.platform.security.restrict(
      'delivery',
      { mode: 'read-only', reason: 'Kiểm tra chế độ chỉ đọc' },
      'system:test',
    );
    const { page, context } = await newPage(world);
    await signInAs(page, 'gdv.01100');
    await page.goto('/counter/accept');
    await page.getByTestId('mode-banner').waitFor();
    assert.match(await page.getByTestId('mode-banner').innerText(), /Bưu chính đang ở chế độ chỉ đọc/);
    await page.getByTestId('till-open').waitFor();
    const head = await deliveryHead(world.platform);
    await page.getByTestId('sender-name').fill('Trần Thị Mai');
    await page.getByTestId('sender-phone').fill('0912345678');
    await page.getByTestId('sender-address').fill('Số 12 Đội Cấn');
    await page.getByTestId('sender-commune').fill('ba dinh');
    await page.getByTestId('sender-commune-option').first().waitFor();
    await page.getByTestId('sender-commune').press('Enter');
    await page.getByTestId('recipient-name').fill('Lê Văn Hùng');
    await page.getByTestId('recipient-phone').fill('0987654321');
    await page.getByTestId('recipient-address').fill('Số 45 Lê Lợi');
    await page.getByTestId('recipient-commune').fill('ba dinh');
    await page.getByTestId('recipient-commune-option').first().waitFor();
    await page.getByTestId('recipient-commune').press('Enter');
    await page.getByTestId('item-service').selectOption('letter');
    await page.getByTestId('item-weight').fill('20');
    await page.getByTestId('quote-fee').waitFor();
    assert.equal(await page.getByTestId('quote-fee').innerText(), '4.000 ₫');
    await page.getByTestId('item-weight').press('Enter');
    const refusal = page.getByTestId('accept-error');
    await refusal.waitFor();
    assert.equal(await refusal.getAttribute('data-code'), 'cell_read_only');
    assert.equal(await page.getByTestId('accepted').count(), 0);
    assert.equal(await deliveryHead(world.platform), head);
    await context.close();
  });
});
