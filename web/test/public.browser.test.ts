// The public pages as a member of the public uses them, without signing in: tracking a parcel (and two ids at
// once, one unknown), finding the office 01100 by its commune and by its postcode, checking a pension
// receipt's QR text in the browser (and the same text with one character changed), all in Vietnamese and then
// in English through the toggle; tracking and the office finder again with JavaScript off; and the tracking
// page's first load measured: bytes transferred and time to first paint.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openCashedTill } from '../../src/cells/finance/index.ts';
import { proofToQr } from '../../src/journal/index.ts';
import { fillVault, openFundedMonth, openTill, PARCEL } from '../../src/testing.ts';
import { newPage, openWebWorld, shot, VIEWPORTS, webDialects, type WebWorld } from './browser.ts';

const [sqlite] = await webDialects();
const CLERK = 'stf_01a2ffffffffffffffffffffffff0001';
const MANAGER = 'stf_01a2ffffffffffffffffffffffff0002';
/** A well-formed S10 id (its check digit is right) that no item has. */
const UNKNOWN = 'EE999999995VN';
/** The tracking page's goal: under 50 KB on its first load. */
const BUDGET = 50_000;

/** What the first load of the page now open cost: bytes transferred and the times the browser measured. */
async function firstLoad(page: Page) {
  return page.evaluate(async () => {
    // The paint is recorded a moment after the load: wait for it (buffered, so an earlier one counts).
    const paint = await new Promise<PerformanceEntry | undefined>((resolve) => {
      new PerformanceObserver((list) => resolve(list.getEntriesByName('first-contentful-paint')[0])).observe({
        type: 'paint',
        buffered: true,
      });
      setTimeout(() => resolve(undefined), 3_000);
    });
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return {
      bytes: nav.transferSize + resources.reduce((n, r) => n + r.transferSize, 0),
      html: nav.transferSize,
      files: resources.length,
      domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
      firstContentfulPaint: Math.round(paint?.startTime ?? -1),
    };
  });
}

describe('the public pages, without signing in', { skip: sqlite!.skip }, () => {
  let world: WebWorld;
  let item: string;
  let qr: string;
  let amount: string;

  before(async () => {
    world = await openWebWorld('sqlite');
    const { platform } = world;
    const office = await platform.core.offices.getByPostcode('01100');
    // A parcel taken in at the counter of 01100, as a clerk does it.
    await fillVault(platform.finance, office.id, 10_000_000n);
    const till = await openTill(platform, {
      office: office.id,
      clerk: CLERK,
      name: 'Nguyễn Thu Hà',
      checker: MANAGER,
    });
    item = (
      await platform.delivery.items.accept(
        PARCEL,
        { office_id: office.id, clerk_id: CLERK, till_session_id: till },
        CLERK,
      )
    ).id;
    // A pension paid at the same counter: a month funded for 01100, the line paid, its receipt's QR text.
    const { period } = await openFundedMonth(platform, { count: 1, postcode: '01100' });
    const line = (await platform.finance.pensions.lines({ period_id: period.id, limit: 10, offset: 0 }))
      .items[0]!;
    const session = await openCashedTill(
      platform.finance,
      {
        office_id: office.id,
        clerk_id: MANAGER,
        clerk_name: 'Trần Văn Bình',
        manager_id: CLERK,
        notes: 40n,
        cash_in_id: 'public-pension-float',
      },
      'system:test',
    );
    const receipt = await platform.finance.payouts.pay(
      {
        line_id: line.id,
        session_id: session,
        place: 'counter',
        office_province: '01',
        recipient: 'self',
        cccd: line.cccd,
      },
      MANAGER,
    );
    amount = receipt.amount.toString();
    qr = proofToQr(await platform.checkpointsOf('finance').prove(receipt.seq));
  });
  after(async () => {
    await world?.close();
  });

  test('a member of the public tracks her parcel, then two ids at once, one unknown, in Vietnamese then English', async () => {
    const { page, context } = await newPage(world, { viewport: 'phone' });
    await page.goto('/track');
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    await page.getByLabel('Mã bưu gửi').fill(item);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    const found = page.getByTestId('item');
    await found.waitFor();
    const text = await found.innerText();
    assert.match(text, new RegExp(item));
    assert.match(text, /Đang ở bưu cục/);
    assert.match(text, /Đã nhận gửi/);
    assert.match(text, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.match(text, /Bưu cục Phường Ba Đình \(01100\)/);
    assert.match(await page.getByTestId('item-recipient').innerText(), /^L\. V\. H\. · •••••••321$/);
    assert.doesNotMatch(text, /Lê Văn Hùng|0987654321/);
    // The page shows what the API holds: the same events.
    const api = (await (await page.request.get(`/v1/track/${item}`)).json()) as { events: unknown[] };
    assert.equal(await page.getByTestId('event').count(), api.events.length);
    await shot(page, 'public-track');

    await page.getByLabel('Mã bưu gửi').fill(`${item}, ${UNKNOWN}`);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByTestId('item-error').waitFor();
    assert.equal(await page.getByTestId('item').count(), 1);
    assert.match(await page.getByTestId('item-error').innerText(), /Không tìm thấy bưu gửi EE999999995VN/);

    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Track an item' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match(await page.getByTestId('item').innerText(), /Posting\/collection/);
    assert.match(
      await page.getByTestId('item-error').innerText(),
      /No item has id EE999999995VN \(item_not_found\)/,
    );
    // Remembered: the next page opens in English.
    await page.goto('/offices');
    await page.getByRole('heading', { name: 'Find a post office' }).waitFor();
    await context.close();
  });

  test('a member of the public finds the office 01100 by "ba dinh" and by its postcode', async () => {
    const { page, context } = await newPage(world);
    await page.goto('/offices');
    const field = page.getByLabel('Xã, phường hoặc mã bưu chính');
    await field.fill('ba dinh');
    await field.press('Enter');
    const commune = page.getByTestId('commune').filter({ hasText: 'Phường Ba Đình, Thành phố Hà Nội' });
    await commune.waitFor();
    const office = commune.locator('[data-postcode="01100"]');
    assert.match(await office.innerText(), /Bưu cục Phường Ba Đình/);
    assert.match(await office.innerText(), /\+842430000100/);
    await shot(page, 'public-offices');

    await page.getByLabel('Xã, phường hoặc mã bưu chính').fill('01100');
    await page.getByLabel('Xã, phường hoặc mã bưu chính').press('Enter');
    await page.waitForURL(/q=01100/);
    assert.equal(await page.getByTestId('office').count(), 1);
    assert.match(await page.getByTestId('office').innerText(), /Bưu cục Phường Ba Đình · Mã bưu chính 01100/);

    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Find a post office' }).waitFor();
    assert.match(await page.getByTestId('office').innerText(), /Postcode 01100/);
    await page.getByLabel('Commune, ward or postcode').fill('xyzzy');
    await page.getByLabel('Commune, ward or postcode').press('Enter');
    assert.match(await page.getByTestId('offices-none').innerText(), /No post office found for “xyzzy”/);
    await context.close();
  });

  test('a pensioner checks her receipt’s QR text in the browser: genuine; one character changed is not', async () => {
    const { page, context } = await newPage(world);
    await page.goto('/receipt');
    // Once the page is open the check needs no network: the key came with it.
    await context.setOffline(true);
    const field = page.getByLabel('Nội dung mã QR hoặc biên nhận (JSON)');
    await field.fill(qr);
    await field.press('Enter');
    const verdict = page.getByTestId('receipt-verdict');
    await verdict.waitFor();
    assert.equal(await verdict.innerText(), 'Biên nhận thật');
    assert.equal(await page.getByTestId('receipt-what').innerText(), 'Chi trả lương hưu');
    assert.equal(
      await page.getByTestId('receipt-amount').innerText(),
      `${amount.replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`,
    );
    assert.match(await page.getByTestId('receipt-at').innerText(), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await context.setOffline(false);
    await field.press('Enter');
    // Online, the office's id gives way to its name.
    await page.getByTestId('receipt-office').filter({ hasText: 'Bưu cục Phường Ba Đình (01100)' }).waitFor();
    await shot(page, 'public-receipt');

    const i = qr.length - 10;
    await field.fill(qr.slice(0, i) + (qr[i] === 'A' ? 'B' : 'A') + qr.slice(i + 1));
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await verdict.filter({ hasText: 'Biên nhận không hợp lệ' }).waitFor();
    assert.equal(await page.getByTestId('receipt-failed-check').innerText(), 'mã QR (base45, giải nén)');
    await shot(page, 'public-receipt-forged');

    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Check a receipt' }).waitFor();
    await page.getByLabel('The QR code’s text or the receipt (JSON)').fill(qr);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('receipt-verdict').filter({ hasText: 'Genuine receipt' }).waitFor();
    assert.equal(await page.getByTestId('receipt-what').innerText(), 'Pension payout');
    await context.close();
  });

  test('with JavaScript off, tracking and the office finder still work, and the receipt page says what to do', async () => {
    const context = await world.browser.newContext({
      javaScriptEnabled: false,
      viewport: VIEWPORTS.phone,
      locale: 'vi-VN',
      baseURL: world.url,
    });
    const page = await context.newPage();
    await page.goto('/track');
    await page.getByLabel('Mã bưu gửi').fill(item);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    assert.match(await page.getByTestId('item').innerText(), /Đã nhận gửi/);
    await page.goto('/offices');
    await page.getByLabel('Xã, phường hoặc mã bưu chính').fill('01100');
    await page.getByRole('button', { name: 'Tìm' }).click();
    assert.match(await page.getByTestId('office').innerText(), /Bưu cục Phường Ba Đình/);
    await page.goto('/receipt');
    const noScript = await page.getByTestId('receipt-noscript').innerText();
    assert.match(noScript, /cần JavaScript/);
    assert.match(noScript, /postcore verify-receipt/);
    await context.close();
  });

  test('the tracking page’s first load is under 50 KB, and painted at once', async () => {
    const { page, context } = await newPage(world, { viewport: 'phone' });
    await page.goto(`/track?id=${item},${UNKNOWN}`);
    await page.getByTestId('item').waitFor();
    const load = await firstLoad(page);
    const { page: form } = await newPage(world, { viewport: 'phone' });
    await form.goto('/track');
    const empty = await firstLoad(form);
    const { page: receipt } = await newPage(world, { viewport: 'phone' });
    await receipt.goto('/receipt');
    await receipt.waitForLoadState('load');
    const check = await firstLoad(receipt);
    console.log(`# tracking page with two ids, first load: ${JSON.stringify(load)}`);
    console.log(`# tracking form, first load: ${JSON.stringify(empty)}`);
    console.log(`# receipt page, first load (HTML + script): ${JSON.stringify(check)}`);
    assert.ok(load.bytes > 0 && load.bytes < BUDGET, `${load.bytes} bytes`);
    assert.equal(load.files, 0, 'no file besides the page: no script, no stylesheet, no font');
    assert.ok(check.bytes < BUDGET, `${check.bytes} bytes`);
    await context.close();
  });
});
