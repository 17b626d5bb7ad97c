// The postman's round on a phone, as bt.01100 does it: today's parcels and the pension he pays at home, a
// delivery with COD whose first answer the network loses (retried under the same key: delivered once), a
// delivery with a signature, a failed attempt with its reason, a home payout with the CCCD check, and the
// cash to hand back; the refusals (wrong COD, wrong CCCD, an item not on his round) shown in the page with
// nothing written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Staff } from '../../src/cells/core/index.ts';
import { openHomeMonth } from '../../src/cells/finance/pensions/home-round.testing.ts';
import { openTill, PARCEL } from '../../src/cells/delivery/testing.ts';
import { receiveVaultCash } from '../../src/cells/finance/index.ts';
import { callApi } from '../../src/testing.ts';
import {
  DEMO_PASSWORD,
  newPage,
  openWebWorld,
  shot,
  signInAs,
  webDialects,
  type WebWorld,
} from './browser.ts';

/** Draws a signature with the mouse on the pad shown. */
async function sign(page: Page): Promise<void> {
  const pad = page.getByTestId('signature-pad');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++)
    await page.mouse.move(box.x + 20 + i * 20, box.y + box.height * (0.6 + 0.25 * Math.sin(i)), { steps: 2 });
  await page.mouse.up();
  assert.equal(await pad.getAttribute('data-inked'), 'yes');
}

const PERSON = { cccd: '001036004217', name: 'Phạm Thị Lụa', birth_year: 1936, amount: 2_750_000n };

for (const { dialect, skip } of await webDialects())
  describe(`the postman’s round on a phone, on ${dialect}`, { skip }, () => {
    let world: WebWorld;
    let office: { id: string; commune_code: string | null };
    let postman: Staff;
    let manager: string;
    let roundId: string;
    let homeRound: string;
    let lineId: string;
    /** Items of the round: A with COD (delivered over a flaky link), B without (delivered), C (fails), D (wrong COD). */
    const items: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };

    before(async () => {
      world = await openWebWorld(dialect);
      const { platform } = world;
      office = await platform.core.offices.getByPostcode('01100');
      const staff = async (u: string) => (await platform.core.staff.findForSignIn(u))!;
      postman = await staff('bt.01100');
      const clerk = await staff('gdv.01100');
      const boss = await staff('tbc.01100');
      // The demo gave bt.01100 a home round already: the manager takes it back (its cash to the vault), so that
      // the one this test gives him is the round he carries. His demo parcels stay on their own round.
      for (const r of await platform.finance.payouts.rounds({ officeId: office.id, status: 'open' }))
        if (r.postman_id === postman.id)
          await platform.finance.payouts.closeRound(
            r.id,
            { returned: (r.advance - r.paid).toString() },
            boss.id,
          );
      // Parcels taken at the office's counter for people in its own commune: they lie at their delivery office.
      await receiveVaultCash(
        platform.finance,
        office.id,
        500_000n,
        'system:test',
        `cash-in:${office.id}:round-test`,
      );
      const till = await openTill(platform, {
        office: office.id,
        clerk: clerk.id,
        name: clerk.full_name,
        checker: boss.id,
      });
      const parcel = async (name: string, address: string, cod: string) =>
        (
          await platform.delivery.items.accept(
            {
              ...PARCEL,
              recipient: { name, phone: '0987654321', address, commune: office.commune_code! },
              cod_amount: cod,
            },
            { office_id: office.id, clerk_id: clerk.id, till_session_id: till },
            clerk.id,
          )
        ).id;
      items.A = await parcel('Lê Văn Hùng', 'Số 45 Phan Đình Phùng', '450000');
      items.B = await parcel('Đỗ Thị Hoa', 'Số 8 Hàng Bông', '0');
      items.C = await parcel('Vũ Minh Quân', 'Số 120 Kim Mã', '0');
      items.D = await parcel('Ngô Thị Yến', 'Số 3 Lý Thái Tổ', '320000');
      roundId = (
        await platform.delivery.rounds.open(
          { office: office.id, postman: postman.id, items: Object.values(items) },
          postman.id,
        )
      ).id;
      // A pension paid at home: this month's list with one TAI_NHA line at 01100, its cash in the vault; the
      // manager gives the postman his home round through the API.
      const { periodId, lines } = await openHomeMonth(platform, {
        province: '01',
        postcode: '01100',
        commune: office.commune_code!,
        office: office.id,
        people: [PERSON],
      });
      lineId = lines[0]!.id;
      const signedIn = await callApi(world.app, {
        method: 'POST',
        url: '/v1/auth/sign-in',
        payload: { username: 'tbc.01100', password: DEMO_PASSWORD },
        key: null,
      });
      manager = signedIn.cookie!;
      const given = await callApi(world.app, {
        method: 'POST',
        url: `/v1/finance/offices/${office.id}/pension-rounds`,
        cookie: manager,
        payload: { period_id: periodId, postman_id: postman.id, line_ids: [lineId] },
      });
      assert.equal(given.status, 201, given.text);
      homeRound = String(given.body.id);
    });
    after(async () => {
      await world?.close();
    });

    test('refused in the page, nothing written: a wrong COD amount, a wrong CCCD, an item not on his round', async () => {
      const { platform } = world;
      const { page, context } = await newPage(world, { viewport: 'phone' });
      await signInAs(page, 'bt.01100');
      assert.equal(new URL(page.url()).pathname, '/round');
      await page.getByTestId(`parcel-${items.D}`).waitFor();

      // An id that is not on his round: said beside the scan field.
      await page.getByTestId('scan').fill('EE999999999VN');
      await page.getByTestId('scan').press('Enter');
      assert.match(
        await page.getByText('Bưu gửi EE999999999VN không có trong chuyến phát của bạn hôm nay').innerText(),
        /kiểm tra lại mã/,
      );

      // D carries 320.000 ₫; the postman types 300.000.
      await page.getByTestId('scan').fill(items.D.toLowerCase());
      await page.getByTestId('scan').press('Enter');
      await page.getByTestId('deliver-form').waitFor();
      await page.getByTestId('cod-collected').fill('300000');
      await sign(page);
      await page.getByTestId('deliver').click();
      const refusal = page.getByTestId('deliver-refusal');
      await refusal.waitFor();
      assert.equal(await page.getByTestId('deliver-refusal-error').getAttribute('data-code'), 'cod_mismatch');
      assert.match(await refusal.innerText(), /phải thu 320\.000 ₫, không phải 300\.000 ₫/);
      assert.match(await refusal.innerText(), /Đếm lại tiền/);
      assert.equal((await platform.delivery.items.get(items.D)).status, 'out_for_delivery');
      assert.equal((await platform.delivery.rounds.get(roundId)).cod_collected, 0n);
      await shot(page, 'postman-refusal-cod');

      // A wrong CCCD at the pensioner's door: nothing paid.
      await page.getByTestId('back').click();
      await page.getByTestId(`pension-${lineId}`).click();
      await page.getByTestId('cccd').fill('001036999999');
      await sign(page);
      await page.getByTestId('pay').click();
      const wrong = page.getByTestId('pension-refusal');
      await wrong.waitFor();
      assert.equal(
        await page.getByTestId('pension-refusal-error').getAttribute('data-code'),
        'identity_mismatch',
      );
      assert.match(await wrong.innerText(), /Không chi tiền\. Đối chiếu lại thẻ CCCD/);
      assert.equal((await platform.finance.payouts.roundLines(homeRound))[0]!.status, 'on_round');
      assert.equal((await platform.finance.payouts.round(homeRound)).paid, 0n);
      await shot(page, 'postman-pension');
      await context.close();
    });

    test('bt.01100 delivers two parcels (one over a flaky link), fails one, pays a pension at home and sees the cash to hand back', async () => {
      const { platform } = world;
      const { page, context } = await newPage(world, { viewport: 'phone' });
      await signInAs(page, 'bt.01100');
      const a = page.getByTestId(`parcel-${items.A}`);
      await a.waitFor();
      assert.match(
        await a.innerText(),
        /Lê Văn Hùng[\s\S]*Số 45 Phan Đình Phùng[\s\S]*Thu hộ \(COD\): 450\.000 ₫/,
      );
      assert.match(await page.getByTestId(`parcel-${items.B}`).innerText(), /Không thu tiền/);
      assert.match(
        await page.getByTestId(`pension-${lineId}`).innerText(),
        /Phạm Thị Lụa[\s\S]*2\.750\.000 ₫/,
      );
      await shot(page, 'postman-round');

      // A, with its COD: the first answer is lost after the server got the request; the client sends it again
      // under the same key, and the parcel is delivered once.
      await page.getByTestId('scan').fill(items.A);
      await page.getByTestId('scan').press('Enter');
      await page.getByTestId('cod-collected').fill('450.000');
      await sign(page);
      await shot(page, 'postman-deliver');
      const keys: string[] = [];
      await page.route('**/v1/delivery/rounds/*/deliveries', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        if (keys.length === 1) {
          await route.fetch();
          await route.abort('connectionreset');
        } else await route.continue();
      });
      await page.getByTestId('deliver').click();
      assert.match(
        await page.getByTestId('item-done').innerText(),
        new RegExp(`Đã phát ${items.A} cho Lê Văn Hùng`),
      );
      await page.unroute('**/v1/delivery/rounds/*/deliveries');
      assert.equal(keys.length, 2);
      assert.equal(keys[0], keys[1]);
      assert.ok(keys[0]!.length > 0);
      const aEvents = await platform.delivery.items.events(items.A);
      assert.equal(aEvents.filter((e) => e.code === 'EMI').length, 1, 'delivered exactly once');

      // B, no COD: a signature and the recipient's name.
      await page.getByTestId('back').click();
      await page.getByTestId(`parcel-${items.B}`).click();
      assert.equal(await page.getByTestId('cod-collected').count(), 0);
      await page.getByTestId('taken-by').fill('Đỗ Văn Nam');
      await sign(page);
      // No answer at all, even to the client's own retries: the page says so, and "Thử lại" sends the same
      // request under the same key once the signal is back.
      const bKeys: string[] = [];
      await page.route('**/v1/delivery/rounds/*/deliveries', async (route) => {
        bKeys.push(route.request().headers()['idempotency-key'] ?? '');
        if (bKeys.length === 1) await route.fetch();
        await route.abort('internetdisconnected');
      });
      await page.getByTestId('deliver').click();
      const lost = page.getByTestId('deliver-refusal');
      await lost.waitFor({ timeout: 30_000 });
      assert.equal(await page.getByTestId('deliver-refusal-error').getAttribute('data-code'), 'network');
      assert.match(await lost.innerText(), /Không có phản hồi từ máy chủ[\s\S]*Thử lại/);
      await page.unroute('**/v1/delivery/rounds/*/deliveries');
      const retried = page.waitForRequest('**/v1/delivery/rounds/*/deliveries');
      await page.getByTestId('retry').click();
      bKeys.push((await retried).headers()['idempotency-key'] ?? '');
      assert.match(await page.getByTestId('item-done').innerText(), /cho Đỗ Văn Nam/);
      assert.equal(new Set(bKeys).size, 1, 'every send of this delivery carried one key');
      assert.equal((await platform.delivery.items.events(items.B)).filter((e) => e.code === 'EMI').length, 1);

      // C: nobody home; to be attempted again.
      await page.getByTestId('back').click();
      await page.getByTestId('scan').fill(items.C);
      await page.getByTestId('scan').press('Enter');
      await page.getByTestId('reason').selectOption({ label: 'Người nhận vắng nhà' });
      await page.getByTestId('action').selectOption({ label: 'Phát lại lần sau' });
      await page.getByTestId('fail').click();
      assert.match(await page.getByTestId('item-done').innerText(), /Người nhận vắng nhà/);

      // The pension at home, with the pensioner's CCCD.
      await page.getByTestId('back').click();
      await page.getByTestId(`pension-${lineId}`).click();
      await page.getByTestId('cccd').fill(PERSON.cccd);
      await sign(page);
      await page.getByTestId('pay').click();
      assert.match(
        await page.getByTestId('pension-done').innerText(),
        /Đã chi 2\.750\.000 ₫ cho Phạm Thị Lụa/,
      );

      // The cash to hand back: his open rounds' COD and unpaid pension cash, as the cells hold them.
      await page.getByTestId('back').click();
      const cash = page.getByTestId('cash');
      await cash.waitFor();
      const open = (await platform.delivery.rounds.list({ office: office.id, status: 'open' })).filter(
        (r) => r.postman_id === postman.id,
      );
      const homes = (await platform.finance.payouts.rounds({ officeId: office.id, status: 'open' })).filter(
        (r) => r.postman_id === postman.id,
      );
      const cod = open.reduce((s, r) => s + r.cod_collected, 0n);
      const unpaid = homes.reduce((s, r) => s + r.advance - r.paid, 0n);
      const dots = (v: bigint) => `${v.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;
      assert.equal(await page.getByTestId('cash-cod').innerText(), dots(cod));
      assert.equal(await page.getByTestId('cash-unpaid').innerText(), dots(unpaid));
      assert.equal(await page.getByTestId('cash-total').innerText(), dots(cod + unpaid));
      assert.match(await cash.innerText(), /Tiền phải nộp lại bưu cục[\s\S]*Tổng phải nộp lại/);
      assert.match(await page.getByTestId(`parcel-${items.A}`).innerText(), /Đã phát/);
      assert.match(await page.getByTestId(`parcel-${items.C}`).innerText(), /Phát không thành công/);
      assert.match(await page.getByTestId(`pension-${lineId}`).innerText(), /Đã chi/);
      await cash.scrollIntoViewIfNeeded();
      await shot(page, 'postman-round-cash');

      // In English after the toggle.
      await page.getByTestId('lang-toggle').click();
      await page.getByText('Cash to hand back to the office').waitFor();
      assert.match(await cash.innerText(), /Cash on delivery collected[\s\S]*Total to hand back/);
      assert.match(await page.getByTestId(`parcel-${items.A}`).innerText(), /Delivered/);
      assert.match(await page.getByTestId(`parcel-${items.C}`).innerText(), /Not delivered/);
      assert.match(await page.getByTestId(`pension-${lineId}`).innerText(), /Paid/);

      // What the cells hold.
      const round = await platform.delivery.rounds.get(roundId);
      assert.equal(round.cod_collected, 450_000n);
      assert.deepEqual(Object.fromEntries(round.items.map((i) => [i.item, i.outcome])), {
        [items.A]: 'delivered',
        [items.B]: 'delivered',
        [items.C]: 'failed',
        [items.D]: 'pending',
      });
      assert.equal((await platform.delivery.items.get(items.B)).delivered_to, 'Đỗ Văn Nam');
      const c = await platform.delivery.items.get(items.C);
      assert.deepEqual([c.status, c.attempts], ['at_office', 1]);
      const emh = (await platform.delivery.items.events(items.C)).filter((e) => e.code === 'EMH');
      assert.deepEqual(
        emh.map((e) => e.reason),
        ['11'],
      );
      const line = (await platform.finance.payouts.roundLines(homeRound))[0]!;
      assert.equal(line.status, 'paid');
      assert.equal((await platform.finance.payouts.round(homeRound)).paid, PERSON.amount);
      await context.close();
    });

    // Last: it leaves delivery read-only.
    test('with delivery read-only after an incident, the postman is told to keep the parcel and its cash', async () => {
      const { platform } = world;
      await platform.security.restrict(
        'delivery',
        { mode: 'read-only', reason: 'Kiểm tra chế độ chỉ đọc' },
        'system:test',
      );
      const { page, context } = await newPage(world, { viewport: 'phone' });
      await signInAs(page, 'bt.01100');
      await page.getByTestId('mode-banner').waitFor();
      await page.getByTestId(`parcel-${items.D}`).click();
      await page.getByTestId('cod-collected').fill('320000');
      await sign(page);
      await page.getByTestId('deliver').click();
      const refusal = page.getByTestId('deliver-refusal');
      await refusal.waitFor();
      assert.equal(
        await page.getByTestId('deliver-refusal-error').getAttribute('data-code'),
        'cell_read_only',
      );
      assert.match(await refusal.innerText(), /chỉ đọc[\s\S]*giữ bưu gửi và tiền/);
      assert.equal(
        await page.getByTestId('retry').count(),
        0,
        'a refusal is an answer: nothing to send again',
      );
      assert.equal((await platform.delivery.items.get(items.D)).status, 'out_for_delivery');
      await context.close();
    });
  });
