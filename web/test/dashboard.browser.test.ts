// A provincial manager follows a day of payouts on her dashboard: the figures move as a clerk pays at the
// counter, each checked against the ledger; she approves a till's variance from it; a clerk typing its address
// is refused in the page; and when delivery is isolated its panel says so while the pension figures go on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DENOMINATIONS } from '../../src/cells/finance/index.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';
import { demoCounter, openClerkTill, openCounterMonth, type Counter, type Pensioner } from './fixtures.ts';

const PEOPLE: Pensioner[] = [
  { cccd: '001048990201', name: 'Trần Văn Quý', amount: 5_234_000n },
  { cccd: '001150990202', name: 'Lã Thị Ngọc Diệp', amount: 3_127_500n },
  { cccd: '001041990203', name: 'Phùng Văn Khải', amount: 6_450_000n },
];

/** A count of notes for an amount: the largest notes first. */
function notesFor(amount: bigint): Record<string, number> {
  const out: Record<string, number> = {};
  let left = amount;
  for (const d of [...DENOMINATIONS].sort((a, b) => b - a)) {
    const n = left / BigInt(d);
    if (n > 0n) out[String(d)] = Number(n);
    left -= n * BigInt(d);
  }
  if (left !== 0n) throw new Error(`no notes for ${amount}`);
  return out;
}

/** The office's row of the pension table: people and đồng paid, and paid today. */
async function paidRow(page: Page, postcode: string) {
  const row = page.getByTestId(`dash-pension-${postcode}-all`);
  const cell = async (id: string) => ({
    count: Number((await row.getByTestId(id).getByTestId('count').innerText()).replace(/\./g, '')),
    amount: BigInt((await row.getByTestId(id).getByTestId('amount').innerText()).replace(/[^\d]/g, '')),
  });
  return { paid: await cell('paid'), today: await cell('paid-today'), waiting: await cell('waiting') };
}

for (const { dialect, skip } of await webDialects()) {
  describe(`a provincial manager's dashboard on ${dialect}`, { skip }, () => {
    let world: WebWorld;
    let c: Counter;
    let till = '';
    let periodId = '';

    before(async () => {
      world = await openWebWorld(dialect);
      c = await demoCounter(world, '01');
      till = await openClerkTill(world, c, 40n);
      periodId = await openCounterMonth(world, c, PEOPLE);
    });
    after(async () => {
      await world?.close();
    });

    test('she follows the payouts as the clerk pays, and approves a variance', async () => {
      const { finance } = world.platform;
      const pm = await newPage(world);
      await signInAs(pm.page, 'qlt.01');
      await pm.page.waitForURL('**/oversight/dashboard');
      await pm.page.getByTestId(`dash-pension-${c.postcode}-all`).waitFor();
      await pm.page
        .getByTestId('dash-scope')
        .filter({ hasText: /Hà Nội — \d+ bưu cục/ })
        .waitFor();
      const start = await paidRow(pm.page, c.postcode);

      // The clerk pays two people at her counter, in her own browser.
      const clerk = await newPage(world);
      await signInAs(clerk.page, c.clerk.username);
      await clerk.page.goto('/counter/payout');
      let paid = 0n;
      for (const [i, p] of PEOPLE.slice(0, 2).entries()) {
        await clerk.page.getByTestId('payout-search').fill(p.cccd);
        await clerk.page.getByTestId('payout-search').press('Enter');
        await clerk.page.getByTestId('payout-identity').fill(p.cccd);
        await clerk.page.getByTestId('payout-identity').press('Enter');
        await clerk.page.getByTestId('payout-matched').waitFor();
        await clerk.page.getByTestId('payout-pay').click();
        await clerk.page.getByTestId('receipt-id').waitFor();
        paid += p.amount;
        // Within a refresh the manager's figures move by exactly that, and agree with the ledger's.
        await pm.page.waitForFunction(
          ({ postcode, n }) => {
            const cell = document.querySelector(
              `[data-testid="dash-pension-${postcode}-all"] [data-testid="paid"] [data-testid="count"]`,
            );
            return cell !== null && Number(cell.textContent.replace(/\./g, '')) === n;
          },
          { postcode: c.postcode, n: start.paid.count + i + 1 },
          { timeout: 15_000 },
        );
        const now = await paidRow(pm.page, c.postcode);
        assert.equal(now.paid.amount - start.paid.amount, paid);
        assert.equal(now.today.amount - start.today.amount, paid);
        assert.equal(start.waiting.amount - now.waiting.amount, paid);
        const rec = await finance.payouts.reconciliation(periodId);
        const ledgerPaid = rec.rows
          .filter((r) => r.office_postcode === c.postcode && r.state === 'paid')
          .reduce((s, r) => s + r.amount, 0n);
        assert.equal(now.paid.amount, ledgerPaid, 'the dashboard is the ledger’s');
        await clerk.page
          .getByTestId('payout-next')
          .click()
          .catch(() => clerk.page.keyboard.press('n'));
      }
      await shot(pm.page, 'manager-dashboard');

      // The clerk counts up 120.000 ₫ short: above the threshold, it waits for a manager.
      const session = await finance.tills.get(till);
      const counted = session.cash - 120_000n;
      await finance.tills.requestClose(
        till,
        { amount: counted, denominations: notesFor(counted), reason: 'Thiếu tiền, đang đối chiếu' },
        c.clerk.id,
      );
      const card = pm.page.getByTestId(`dash-close-${till}`);
      await card.waitFor({ timeout: 15_000 });
      assert.match(await card.innerText(), /Chênh lệch −120\.000 ₫/);
      assert.match(await card.innerText(), /cần lãnh đạo phê duyệt/);
      await card.getByRole('button', { name: 'Phê duyệt chênh lệch và đóng quầy' }).click();
      await pm.page.getByTestId('dash-approved').waitFor();
      await card.waitFor({ state: 'detached' });
      const closed = await finance.tills.get(till);
      assert.equal(closed.status, 'closed');
      assert.equal(closed.variance, -120_000n);
      assert.equal(closed.cash, 0n);
      assert.equal(
        await pm.page.getByTestId(`dash-till-${c.postcode}`).getByTestId('with-variance').innerText(),
        '1',
      );

      // The demo's stocktake at an office of hers waits too: she opens it, sees its differences, approves it.
      const waiting = pm.page.locator('li[data-testid^="dash-stocktake-"]').first();
      const id = (await waiting.getAttribute('data-testid'))!.replace('dash-stocktake-', '');
      await waiting.getByRole('button', { name: 'Xem và duyệt kiểm kê' }).click();
      await pm.page.getByTestId(`stocktake-${id}`).waitFor();
      assert.match(await pm.page.getByTestId(`stocktake-${id}`).innerText(), /Chênh lệch/);
      await pm.page.getByTestId(`approve-${id}`).click();
      await waiting.waitFor({ state: 'detached' });
      const office = (await world.platform.core.staff.findForSignIn('tbc.01100'))!.office_id;
      const decided = await pm.page.request.get(`/v1/retail/offices/${office}/stocktakes/${id}`);
      assert.equal(((await decided.json()) as { state: string }).state, 'approved');

      // The same dashboard in English: the words change, the numbers keep the Vietnamese format.
      await pm.page.getByTestId('lang-toggle').click();
      await pm.page.getByRole('heading', { name: 'Pension and benefit payouts' }).waitFor();
      assert.match(await pm.page.getByTestId('kpi-paid').innerText(), /Pensions paid\n[\d.]+ ₫/);
      await shot(pm.page, 'manager-dashboard-en');
      await pm.page.getByTestId('lang-toggle').click();
      await pm.context.close();
      await clerk.context.close();
    });

    test('the office manager sees his own office only', async () => {
      const { page, context } = await newPage(world);
      await signInAs(page, c.manager.username);
      await page.getByRole('link', { name: 'Tổng quan' }).click();
      await page
        .getByTestId('dash-scope')
        .filter({ hasText: `(${c.postcode})` })
        .waitFor();
      await page.getByTestId(`dash-pension-${c.postcode}-all`).waitFor();
      const offices = await page.getByTestId('dash-pensions-table').locator('tr.dash-office-row').count();
      assert.equal(offices, 1);
      await page.getByTestId(`dash-parcel-${c.postcode}`).waitFor();
      await shot(page, 'office-manager-dashboard');
      await context.close();
    });

    test('a clerk typing the dashboard’s address is refused in the page', async () => {
      const { page, context } = await newPage(world);
      await signInAs(page, c.clerk.username);
      await page.goto('/oversight/dashboard');
      await page.getByTestId('not-allowed').waitFor();
      await context.close();
    });

    // Last: it leaves delivery isolated.
    test('delivery isolated: its panel says so, the pension figures still answer', async () => {
      await world.platform.security.restrict(
        'delivery',
        { mode: 'isolated', reason: 'Nghi mã độc tống tiền' },
        'system:test',
      );
      const { page, context } = await newPage(world);
      await signInAs(page, 'qlt.01');
      await page.getByTestId('dash-parcels-error').waitFor();
      assert.match(await page.getByTestId('dash-parcels-error').innerText(), /cách ly/);
      await page.getByTestId(`dash-pension-${c.postcode}-all`).waitFor();
      assert.match(await page.getByTestId('mode-banner').innerText(), /cách ly/);
      await shot(page, 'manager-dashboard-delivery-isolated');
      await context.close();
    });
  });
}
