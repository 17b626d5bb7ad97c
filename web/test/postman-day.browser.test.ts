// The postman's whole day on the demo, as `npm start` gives it and with nothing set up beside it: bt.01100 on
// his phone finds the demo's round (five parcels, four pensions to pay at home), delivers two parcels (one
// with its COD and a signature, one with a doorstep photo), fails the other three with their EMSEVT reason,
// pays one pension at home with the CCCD check and sees the cash he must hand back; tbc.01100, at the
// counter, takes the rounds back on the approvals page — refused while items are still out (their ids
// listed) and when the COD counted does not match — then closes both, and the cash is in the vault.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accountId } from '../../src/cells/finance/index.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';

/** Draws a signature with the mouse on the pad shown. */
async function sign(page: Page): Promise<void> {
  const pad = page.getByTestId('signature-pad');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height * 0.5);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++)
    await page.mouse.move(box.x + 20 + i * 20, box.y + box.height * (0.5 + 0.3 * Math.sin(i)), { steps: 2 });
  await page.mouse.up();
  assert.equal(await pad.getAttribute('data-inked'), 'yes');
}

/** Money as the app writes it: `1.234.567 ₫`. */
const dots = (v: bigint) => `${v.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;

/** Waits until `check` holds (finance follows delivery's journal in the background, every half second). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never: ${what}`);
}

const [sqlite] = await webDialects();

describe('the postman’s day on the demo', { skip: sqlite!.skip }, () => {
  let world: WebWorld;

  before(async () => {
    world = await openWebWorld(sqlite!.dialect);
  });
  after(async () => {
    await world?.close();
  });

  test('bt.01100 delivers, fails and pays at home on his phone; tbc.01100 counts his cash in and closes both rounds', async () => {
    const { platform } = world;
    const { delivery, finance } = platform;
    // What the demo gave: read, never made here.
    const office = (await platform.core.offices.getByPostcode('01100')).id;
    const postman = (await platform.core.staff.findForSignIn('bt.01100'))!;
    const mineOpen = async () =>
      (await delivery.rounds.list({ office, status: 'open' })).filter((r) => r.postman_id === postman.id);
    const [round] = await mineOpen();
    assert.ok(round !== undefined, 'the demo leaves bt.01100 a delivery round open');
    const [home] = (await finance.payouts.rounds({ officeId: office, status: 'open' })).filter(
      (r) => r.postman_id === postman.id,
    );
    assert.ok(home !== undefined, 'the demo gives bt.01100 a home round');
    const parcels = await Promise.all(round.items.map((i) => delivery.items.get(i.item)));
    const lines = await finance.payouts.roundLines(home.id);
    assert.equal(parcels.length, 5);
    assert.equal(lines.length, 4);
    const withCod = parcels.find((p) => p.cod_amount > 0n)!;
    const noCod = parcels.find((p) => p.cod_amount === 0n)!;
    const others = parcels.filter((p) => p !== withCod && p !== noCod);
    const paidLine = lines.find((l) => l.proxy_name !== null) ?? lines[0]!;
    const vaultBefore = (await finance.reports.cashPosition(office)).vault;
    const codPayableBefore = (await finance.ledger.getAccount(accountId(office, 'cod_payable')))
      .credits_posted;

    // --- bt.01100 on his phone: the demo's round.
    const { page, context } = await newPage(world, { viewport: 'phone' });
    await signInAs(page, 'bt.01100');
    assert.equal(new URL(page.url()).pathname, '/round');
    await page.getByTestId(`parcel-${withCod.id}`).waitFor();
    // The five parcels of his open round, after those of the morning's round the demo closed already.
    for (const p of parcels) assert.match(await page.getByTestId(`parcel-${p.id}`).innerText(), /Chờ phát/);
    const todays = (await delivery.rounds.list({ office, day: round.day }))
      .filter((r) => r.postman_id === postman.id)
      .flatMap((r) => r.items);
    const doneEarlier = todays.filter((i) => i.outcome !== 'pending').length;
    assert.equal(await page.getByTestId('parcels').locator('li').count(), todays.length);
    assert.match(
      await page.locator('#parcels-title').innerText(),
      new RegExp(`${doneEarlier}/${todays.length}`),
    );
    assert.equal(await page.getByTestId('pensions').locator('li').count(), 4);
    assert.match(
      await page.getByTestId(`parcel-${withCod.id}`).innerText(),
      new RegExp(`${withCod.recipient.name}[\\s\\S]*Thu hộ \\(COD\\): ${dots(withCod.cod_amount)}`),
    );
    assert.match(await page.getByTestId(`parcel-${noCod.id}`).innerText(), /Không thu tiền/);
    assert.match(
      await page.getByTestId(`pension-${paidLine.id}`).innerText(),
      new RegExp(`${paidLine.full_name}[\\s\\S]*${dots(paidLine.amount)}`),
    );
    await shot(page, 'postman-day-round');

    // The COD parcel, scanned: its cash taken and a signature drawn.
    await page.getByTestId('scan').fill(withCod.id);
    await page.getByTestId('scan').press('Enter');
    await page.getByTestId('cod-collected').fill(dots(withCod.cod_amount).replace(' ₫', ''));
    await sign(page);
    await page.getByTestId('deliver').click();
    assert.match(
      await page.getByTestId('item-done').innerText(),
      new RegExp(`Đã phát ${withCod.id} cho ${withCod.recipient.name}`),
    );

    // The parcel without COD, opened from the list: taken by a neighbour, a doorstep photo as proof.
    await page.getByTestId('back').click();
    await page.getByTestId(`parcel-${noCod.id}`).click();
    assert.equal(await page.getByTestId('cod-collected').count(), 0);
    await page.getByTestId('taken-by').fill('Hàng xóm Trần Văn Bình');
    await page.getByTestId('photo').setInputFiles({
      name: 'cua-nha.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('ảnh chụp bưu gửi trước cửa nhà'),
    });
    await page.getByTestId('deliver').click();
    assert.match(await page.getByTestId('item-done').innerText(), /cho Hàng xóm Trần Văn Bình/);
    await page.getByTestId('back').click();
    await page.getByTestId(`parcel-${others[0]!.id}`).waitFor();

    // --- tbc.01100 at the counter, in a second browser: the round cannot close while items are still out.
    const boss = await newPage(world, { viewport: 'counter' });
    const mp = boss.page;
    await signInAs(mp, 'tbc.01100');
    assert.equal(new URL(mp.url()).pathname, '/counter/approvals');
    const card = mp.locator(`[data-testid="delivery-round"][data-id="${round.id}"]`);
    await card.waitFor();
    assert.match(await mp.getByTestId('rounds').innerText(), /Chuyến của bưu tá cần nhận lại tiền/);
    assert.match(await card.getByTestId('round-postman').innerText(), /bt\.01100/);
    assert.equal(
      await card.getByTestId('round-items').innerText(),
      '2 đã phát · 0 không thành công · 3 chưa có kết quả',
    );
    assert.equal(await card.getByTestId('round-cod').innerText(), dots(withCod.cod_amount));
    assert.match(await card.getByTestId('round-still-out').innerText(), /Còn 3 bưu gửi chưa có kết quả phát/);
    await card.getByTestId('round-counted').fill(dots(withCod.cod_amount).replace(' ₫', ''));
    await card.getByTestId('round-counted').press('Enter');
    await card.getByTestId('round-error').waitFor();
    assert.equal(await card.getByTestId('round-error').getAttribute('data-code'), 'round_has_items');
    assert.match(await card.getByTestId('round-error').innerText(), /Còn 3 bưu gửi chưa có kết quả phát/);
    const listed = await card.getByTestId('round-error-items').innerText();
    for (const p of others) assert.ok(listed.includes(p.id), `${p.id} listed as still out: ${listed}`);
    assert.equal((await delivery.rounds.get(round.id)).status, 'open');

    // --- bt.01100: nobody home for the other three, each with its reason; they go out again next time.
    for (const p of others) {
      await page.getByTestId('scan').fill(p.id);
      await page.getByTestId('scan').press('Enter');
      await page.getByTestId('reason').selectOption({ label: 'Người nhận vắng nhà' });
      await page.getByTestId('action').selectOption({ label: 'Phát lại lần sau' });
      await page.getByTestId('fail').click();
      assert.match(await page.getByTestId('item-done').innerText(), /Người nhận vắng nhà/);
      await page.getByTestId('back').click();
      await page.getByTestId('scan').waitFor();
    }

    // One pension paid at home: the card's CCCD checked against the list, the pensioner signs.
    await page.getByTestId(`pension-${paidLine.id}`).click();
    if (paidLine.proxy_name !== null) await page.getByTestId('who-proxy').check();
    await page.getByTestId('cccd').fill(paidLine.proxy_cccd ?? paidLine.cccd);
    await sign(page);
    await page.getByTestId('pay').click();
    assert.match(
      await page.getByTestId('pension-done').innerText(),
      new RegExp(`Đã chi ${dots(paidLine.amount)} cho ${paidLine.proxy_name ?? paidLine.full_name}`),
    );

    // The cash he hands back: the COD taken and the pension cash not paid out.
    await page.getByTestId('back').click();
    const cash = page.getByTestId('cash');
    await cash.waitFor();
    const unpaid = home.advance - paidLine.amount;
    assert.equal(await page.getByTestId('cash-cod').innerText(), dots(withCod.cod_amount));
    assert.equal(await page.getByTestId('cash-unpaid').innerText(), dots(unpaid));
    assert.equal(await page.getByTestId('cash-total').innerText(), dots(withCod.cod_amount + unpaid));
    assert.match(await cash.innerText(), /Tiền phải nộp lại bưu cục[\s\S]*Tổng phải nộp lại/);
    assert.match(
      await page.locator('#parcels-title').innerText(),
      new RegExp(`${doneEarlier + 5}/${todays.length}`),
    );
    assert.match(await page.locator('#pensions-title').innerText(), /1\/4/);
    await page.getByTestId('lang-toggle').click();
    await page.getByText('Cash to hand back to the office').waitFor();
    assert.match(await cash.innerText(), /Cash on delivery collected[\s\S]*Total to hand back/);
    assert.match(await page.getByTestId(`parcel-${withCod.id}`).innerText(), /Delivered/);
    assert.match(await page.getByTestId(`parcel-${others[0]!.id}`).innerText(), /Not delivered/);
    assert.match(await page.getByTestId(`pension-${paidLine.id}`).innerText(), /Paid/);
    await context.close();

    // --- tbc.01100: the COD counted short is refused, the round stays open.
    await mp.reload();
    await card.waitFor();
    assert.equal(
      await card.getByTestId('round-items').innerText(),
      '2 đã phát · 3 không thành công · 0 chưa có kết quả',
    );
    assert.equal(await card.getByTestId('round-still-out').count(), 0);
    await shot(mp, 'manager-rounds');
    const short = withCod.cod_amount - 50_000n;
    await card.getByTestId('round-counted').fill(short.toString());
    await card.getByTestId('round-close').click();
    await card.getByTestId('round-error').waitFor();
    assert.equal(await card.getByTestId('round-error').getAttribute('data-code'), 'round_cash_mismatch');
    assert.match(
      await card.getByTestId('round-error').innerText(),
      new RegExp(`Tiền đếm được ${dots(short).replace(' ₫', '')} ₫ khác tiền thu hộ`),
    );
    assert.match(await card.getByTestId('round-error-help').innerText(), /Đếm lại tiền cùng bưu tá/);
    const still = await delivery.rounds.get(round.id);
    assert.deepEqual([still.status, still.cod_counted], ['open', null]);

    // Counted again: right, and the round closes with its COD into the vault.
    await card.getByTestId('round-counted').fill(dots(withCod.cod_amount).replace(' ₫', ''));
    await card.getByTestId('round-counted').press('Enter');
    await mp.getByTestId('rounds-done').waitFor();
    assert.match(
      await mp.getByTestId('rounds-done').innerText(),
      new RegExp(`Đã đóng chuyến phát của .*bt\\.01100.*: ${dots(withCod.cod_amount)} tiền COD vào két`),
    );
    await card.waitFor({ state: 'detached' });

    // The home round: what was advanced, what was paid, what comes back.
    const pcard = mp.locator(`[data-testid="pension-round"][data-id="${home.id}"]`);
    assert.equal(await pcard.getByTestId('round-postman').innerText(), `${home.postman_name} (bt.01100)`);
    assert.equal(await pcard.getByTestId('round-lines').innerText(), 'Đã chi 1/4');
    assert.equal(await pcard.getByTestId('round-advance').innerText(), dots(home.advance));
    assert.equal(await pcard.getByTestId('round-paid').innerText(), dots(paidLine.amount));
    assert.equal(await pcard.getByTestId('round-to-return').innerText(), dots(unpaid));
    await pcard.getByTestId('round-counted').fill(dots(unpaid).replace(' ₫', ''));
    await pcard.getByTestId('round-close').click();
    await pcard.waitFor({ state: 'detached' });
    assert.match(
      await mp.getByTestId('rounds-done').innerText(),
      new RegExp(
        `Đã quyết toán chuyến chi của ${home.postman_name} \\(bt\\.01100\\): ${dots(unpaid)} về két`,
      ),
    );
    assert.equal(await mp.getByTestId('rounds-none').innerText(), 'Không có chuyến nào đang mở.');
    await mp.getByTestId('lang-toggle').click();
    await mp.getByText('Postmen’s rounds to take back').waitFor();
    assert.match(
      await mp.getByTestId('rounds-done').innerText(),
      new RegExp(
        `Closed the home round of ${home.postman_name} \\(bt\\.01100\\): ${dots(unpaid)} back into the vault`,
      ),
    );
    assert.equal(await mp.getByTestId('rounds-none').innerText(), 'No round is open.');
    await boss.context.close();

    // --- What the cells hold.
    const closed = await delivery.rounds.get(round.id);
    assert.deepEqual(
      [closed.status, closed.cod_collected, closed.cod_counted],
      ['closed', withCod.cod_amount, withCod.cod_amount],
    );
    assert.deepEqual(Object.fromEntries(closed.items.map((i) => [i.item, i.outcome])), {
      [withCod.id]: 'delivered',
      [noCod.id]: 'delivered',
      ...Object.fromEntries(others.map((p) => [p.id, 'failed'])),
    });
    assert.equal((await delivery.items.get(withCod.id)).status, 'delivered');
    assert.equal((await delivery.items.get(noCod.id)).delivered_to, 'Hàng xóm Trần Văn Bình');
    for (const p of others) {
      const item = await delivery.items.get(p.id);
      assert.deepEqual([item.status, item.attempts], ['at_office', p.attempts + 1]);
      const emh = (await delivery.items.events(p.id)).filter((e) => e.code === 'EMH');
      assert.equal(emh.at(-1)?.reason, '11');
    }
    assert.deepEqual(await mineOpen(), []);
    const back = await finance.payouts.round(home.id);
    assert.deepEqual([back.status, back.paid, back.returned], ['closed', paidLine.amount, unpaid]);
    assert.deepEqual(
      (await finance.payouts.roundLines(home.id)).map((l) => [l.id, l.status]),
      lines.map((l) => [l.id, l.id === paidLine.id ? 'paid' : 'at_office']),
    );
    // The COD: owed to its payee, handed in by the postman (nothing left in transit), and in the vault with
    // the pension cash he brought back.
    const payable = await finance.ledger.getAccount(accountId(office, 'cod_payable'));
    assert.equal(payable.credits_posted - codPayableBefore, withCod.cod_amount);
    await eventually(
      async () =>
        (await finance.reports.cashPosition(office)).vault === vaultBefore + withCod.cod_amount + unpaid,
      'the COD and the unpaid pension cash in the vault',
    );
    const transit = await finance.ledger.getAccount(accountId(office, 'cod_in_transit', postman.id));
    assert.equal(transit.debits_posted - transit.credits_posted, 0n);
  });
});
