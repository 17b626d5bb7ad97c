// A counter clerk pays pensions with the keyboard alone: the person found by a scanned CCCD, by a name typed
// without accents and by a list line's id; what is due shown; the CCCD presented checked (the pensioner's or
// the proxy's); paid from her till; the receipt shown and its PDF printed. The refusals (no till, expired
// authorisation, a line paid at another till) appear in the page and nothing is written; a payout whose
// answer is lost is paid exactly once.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openCashedTill, type Finance } from '../../src/cells/finance/index.ts';
import { vietnamDay } from '../../src/platform/clock.ts';
import {
  DEMO_PASSWORD,
  newPage,
  openWebWorld,
  shot,
  signInAs,
  standInPrinter,
  type Printer,
  webDialects,
  type WebWorld,
} from './browser.ts';

const HEADER =
  'cccd,ho_ten,nam_sinh,loai,so_tien,ma_xa,ma_buu_cuc,kenh,nguoi_nhan_thay,cccd_nguoi_nhan_thay,uy_quyen_den';

/** The month before `day` (YYYY-MM): its period is still paid at counters, and an authorisation can have ended. */
function monthBefore(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
/** A day `months` after the first of `month`, as YYYY-MM-DD. */
function monthsAfter(month: string, months: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

interface Person {
  cccd: string;
  name: string;
  amount: bigint;
  benefit: 'LH' | 'TC' | 'BTXH';
  proxy?: { name: string; cccd: string; until: string };
}

// SQLite only: a PostgreSQL world loading the demo takes this file past three minutes on this machine; the
// payout's money paths are the API's, tested on both dialects beside it (src/cells/finance/pensions/).
const [sqlite] = await webDialects();

describe('a clerk pays pensions at the counter', { skip: sqlite!.skip }, () => {
  let world: WebWorld;
  let finance: Finance;
  let periodId = '';
  let officeId = '';
  let till = '';
  let managerId = '';
  const month = monthBefore(vietnamDay(new Date()));
  const P: Record<string, Person> = {
    quy: { cccd: '001048990101', name: 'Trần Văn Quý', amount: 5_234_000n, benefit: 'LH' },
    diep: { cccd: '001150990102', name: 'Lã Thị Ngọc Diệp', amount: 3_127_500n, benefit: 'TC' },
    khai: {
      cccd: '001041990103',
      name: 'Phùng Văn Khải',
      amount: 6_450_000n,
      benefit: 'LH',
      proxy: { name: 'Phùng Thị Thanh', cccd: '001185990113', until: monthsAfter(month, 11) },
    },
    tung: {
      cccd: '001039990104',
      name: 'Kiều Văn Tùng',
      amount: 2_890_000n,
      benefit: 'BTXH',
      proxy: { name: 'Kiều Thị Hoa', cccd: '001188990114', until: `${month}-01` },
    },
    yen: { cccd: '001153990105', name: 'Mạc Thị Yến', amount: 4_100_000n, benefit: 'LH' },
    luc: { cccd: '001044990106', name: 'Đoàn Văn Lực', amount: 3_980_000n, benefit: 'LH' },
  };
  const lineOf = (p: Person) => `pl_${periodId}_${p.cccd}_${p.benefit}`;
  const cash = async (session: string) => (await finance.tills.get(session)).cash;
  const status = async (p: Person) =>
    (await finance.pensions.lines({ period_id: periodId, cccd: p.cccd, limit: 5, offset: 0 })).items[0]!;

  before(async () => {
    world = await openWebWorld('sqlite');
    const { core } = world.platform;
    finance = world.platform.finance;
    const clerk = (await core.staff.findForSignIn('gdv.01100'))!;
    const manager = (await core.staff.findForSignIn('tbc.01100'))!;
    officeId = clerk.office_id;
    managerId = manager.id;
    const province = (await core.offices.get(officeId)).province_code!;
    // 01100's vault funded and gdv.01100's till opened from it, confirmed by tbc.01100.
    till = await openCashedTill(
      finance,
      {
        office_id: officeId,
        clerk_id: clerk.id,
        clerk_name: clerk.full_name,
        manager_id: manager.id,
        notes: 120n,
        cash_in_id: 'cash-in:test:gdv.01100',
      },
      'system:test',
    );
    // Last month's period, still paid at counters today (so an authorisation can have ended already).
    const period = await finance.pensions.openPeriod(
      {
        province_code: province,
        months: [month],
        schedule: {
          bank_from: `${month}-01`,
          points_from: `${month}-01`,
          counters_from: `${month}-01`,
          close_on: '2099-12-31',
        },
      },
      'system:test',
    );
    periodId = period.id;
    const rows = Object.values(P).map((p) =>
      [
        p.cccd,
        p.name,
        `19${p.cccd.slice(4, 6)}`,
        p.benefit,
        p.amount.toString(),
        '00004',
        '01100',
        'QUAY',
        p.proxy?.name ?? '',
        p.proxy?.cccd ?? '',
        p.proxy?.until ?? '',
      ].join(','),
    );
    const directory = await core.offices.directory();
    const list = await finance.pensions.importList(
      {
        period_id: periodId,
        file_name: 'ds-01100.csv',
        declared_count: rows.length,
        declared_total: Object.values(P).reduce((s, p) => s + p.amount, 0n),
        source: Readable.from([Buffer.from(`${HEADER}\n${rows.join('\n')}\n`)]),
      },
      directory,
      'system:test',
    );
    await finance.payouts.fund(
      { period_id: periodId, sha256: list.sha256, reference: 'UNC-01100' },
      directory,
      'system:test',
    );
  });
  after(async () => {
    await world?.close();
  });

  const step = (page: Page, n: number) =>
    page.locator(`[data-testid="payout-step"][data-step="${n}"]`).waitFor();
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

  /** Step 2 reached: the CCCD presented scanned (digits and Enter), then Enter on Pay; step 3's receipt id. */
  async function presentAndPay(page: Page, presented: string): Promise<string> {
    assert.equal(await focused(page), 'payout-identity');
    await page.keyboard.type(presented);
    await page.keyboard.press('Enter');
    await page.getByTestId('payout-matched').waitFor();
    assert.equal(await focused(page), 'payout-pay');
    await page.keyboard.press('Enter');
    await step(page, 3);
    return page.getByTestId('receipt-id').innerText();
  }

  /** Step 2 reached: the CCCD presented scanned, then Enter on Pay (an answer awaited by the caller). */
  async function presentAndTry(page: Page, presented: string): Promise<void> {
    await page.keyboard.type(presented);
    await page.keyboard.press('Enter');
    await page.getByTestId('payout-matched').waitFor();
    await page.keyboard.press('Enter');
  }

  /** The receipt's PDF as the Print key loads it: application/pdf; then N back to step 1. */
  async function printAndNext(page: Page, receipt: string): Promise<void> {
    const pdf = await page.request.get(`/v1/finance/pension-receipts/${receipt}.pdf`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    const printed = await page.evaluate(() => (window as unknown as Printer).printed.length);
    await page.keyboard.press('p');
    await page.waitForFunction((n) => (window as unknown as Printer).printed.length > n, printed);
    const sent = await page.evaluate(() => (window as unknown as Printer).printed.at(-1));
    assert.equal(sent, `/v1/finance/pension-receipts/${receipt}.pdf`);
    await page.keyboard.press('n');
    await step(page, 1);
    assert.equal(await focused(page), 'payout-search');
  }

  test('a clerk pays three pensions with the keyboard: by CCCD, by a name without accents, to a proxy', async () => {
    const { page, context } = await newPage(world);
    await standInPrinter(page);
    await signInAs(page, 'gdv.01100');
    await page.goto('/counter/payout');
    await step(page, 1);
    assert.equal(await focused(page), 'payout-search');
    const before = await cash(till);

    // 1. A scanned CCCD: 12 digits and Enter open the one line at once.
    await page.keyboard.type(P.quy!.cccd);
    await page.keyboard.press('Enter');
    await step(page, 2);
    assert.match(await page.getByTestId('due-name').innerText(), /Trần Văn Quý/);
    assert.equal(await page.getByTestId('due-amount').innerText(), '5.234.000 ₫');
    assert.equal(await page.getByTestId('due-benefit').innerText(), 'Lương hưu');
    assert.equal(await page.getByTestId('due-months').innerText(), `${month.slice(5)}/${month.slice(0, 4)}`);
    const first = await presentAndPay(page, P.quy!.cccd);
    assert.equal(await page.getByTestId('receipt-amount').innerText(), '5.234.000 ₫');
    assert.equal(
      await page.getByTestId('receipt-words').innerText(),
      'Năm triệu hai trăm ba mươi tư nghìn đồng',
    );
    await shot(page, 'clerk-payout-receipt');
    await printAndNext(page, first);

    // 2. A name typed without accents: the list, ↓ and Enter.
    await page.keyboard.type('la thi ngoc diep');
    await page.getByTestId('payout-results').waitFor();
    assert.equal(await page.getByTestId('payout-result').count(), 1);
    assert.match(await page.getByTestId('payout-result').innerText(), /Lã Thị Ngọc Diệp/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await step(page, 2);
    assert.equal(await page.getByTestId('due-benefit').innerText(), 'Trợ cấp BHXH hằng tháng');
    const second = await presentAndPay(page, P.diep!.cccd);
    assert.match(
      await page.getByTestId('receipt-words').innerText(),
      /^Ba triệu một trăm hai mươi bảy nghìn năm trăm đồng/,
    );
    await printAndNext(page, second);

    // 3. A list line's id (as on the payment notice); the proxy collects with her own CCCD.
    await page.keyboard.type(lineOf(P.khai!));
    await page.keyboard.press('Enter');
    await step(page, 2);
    const until = P.khai!.proxy!.until.split('-').reverse().join('/');
    assert.equal(
      await page.getByTestId('due-proxy').innerText(),
      `Phùng Thị Thanh (CCCD 001185990113), ủy quyền còn hạn đến ${until}`,
    );
    await shot(page, 'clerk-payout');
    // The same step in English after the toggle; the payout goes on in English.
    await page.getByTestId('lang-toggle').click();
    await page.locator('[data-testid="payout-step"]', { hasText: 'Step 2 of 3: What is due' }).waitFor();
    assert.equal(await page.getByTestId('due-benefit').innerText(), 'Retirement pension');
    assert.match(await page.getByTestId('due-proxy').innerText(), new RegExp(`authorised until ${until}`));
    await page.getByTestId('payout-identity').focus();
    const third = await presentAndPay(page, P.khai!.proxy!.cccd);
    assert.match(await page.getByTestId('payout-done').innerText(), /Paid 6\.450\.000 ₫ to Phùng Thị Thanh/);
    assert.match(await page.getByTestId('receipt-recipient').innerText(), /the proxy, CCCD 001185990113/);
    await page.getByTestId('lang-toggle').click();
    await page.locator('[data-testid="payout-step"]', { hasText: 'Bước 3/3' }).waitFor();
    await printAndNext(page, third);

    // The ledger: three receipts from this till, and its cash fell by exactly their sum.
    const paid = [P.quy!, P.diep!, P.khai!];
    for (const [i, id] of [first, second, third].entries()) {
      const r = await finance.payouts.receipt(id);
      assert.deepEqual([r.line_id, r.session_id, r.amount], [lineOf(paid[i]!), till, paid[i]!.amount]);
      assert.equal((await status(paid[i]!)).status, 'paid');
    }
    assert.equal((await finance.payouts.receipt(third)).recipient, 'proxy');
    assert.equal(
      before - (await cash(till)),
      paid.reduce((s, p) => s + p.amount, 0n),
    );
    await context.close();
  });

  test('a proxy whose authorisation has expired is refused in the page, and nothing is paid', async () => {
    const { page, context } = await newPage(world);
    await signInAs(page, 'gdv.01100');
    await page.goto('/counter/payout');
    await step(page, 1);
    const before = await cash(till);
    await page.keyboard.type(P.tung!.cccd);
    await page.keyboard.press('Enter');
    await step(page, 2);
    const ended = `01/${month.slice(5)}/${month.slice(0, 4)}`;
    assert.match(
      await page.getByTestId('due-proxy').innerText(),
      new RegExp(`ủy quyền đã hết hạn ngày ${ended}`),
    );
    assert.match(await page.getByTestId('payout-proxy-expired').innerText(), /hệ thống sẽ từ chối chi/);
    await page.keyboard.type(P.tung!.proxy!.cccd);
    await page.keyboard.press('Enter');
    assert.match(
      await page.getByTestId('payout-refusal').innerText(),
      new RegExp(`Không chi: giấy ủy quyền của Kiều Thị Hoa đã hết hạn ngày ${ended}`),
    );
    assert.equal(await page.getByTestId('payout-pay').isDisabled(), true);
    await page.keyboard.press('Enter');
    // A CCCD that is neither the pensioner's nor the proxy's: said beside the field.
    await page.getByTestId('payout-identity').fill('001188990199');
    await page.keyboard.press('Enter');
    assert.match(await page.locator('.field-error').innerText(), /không khớp/);
    assert.equal((await status(P.tung!)).status, 'at_office');
    assert.equal(await cash(till), before);
    // Esc goes back to the search, the search kept.
    await page.keyboard.press('Escape');
    await step(page, 1);
    await context.close();
  });

  test('a line paid at one till is refused at another, saying when and where; a clerk without a till is sent to it', async () => {
    const { core } = world.platform;
    const second = await core.staff.add(
      {
        username: 'gdv2.01100',
        full_name: 'Lương Thị Thảo',
        cccd: '001190990201',
        phone: '0912999201',
        office_id: officeId,
        roles: ['counter_clerk'],
        password: DEMO_PASSWORD,
      },
      'system:test',
    );
    const b = await newPage(world);
    await signInAs(b.page, 'gdv2.01100');
    await b.page.goto('/counter/payout');
    await b.page.getByTestId('payout-no-till').waitFor();
    assert.match(await b.page.getByTestId('payout-no-till').innerText(), /Két quầy của bạn chưa mở/);
    assert.equal(await b.page.getByTestId('payout-to-till').getAttribute('href'), '/counter/till');
    const tillB = await openCashedTill(
      finance,
      {
        office_id: officeId,
        clerk_id: second.id,
        clerk_name: second.full_name,
        manager_id: managerId,
        notes: 20n,
        cash_in_id: 'cash-in:test:gdv2.01100',
      },
      'system:test',
    );
    await b.page.reload();
    await step(b.page, 1);

    const a = await newPage(world);
    await signInAs(a.page, 'gdv.01100');
    await a.page.goto('/counter/payout');
    for (const page of [a.page, b.page]) {
      await step(page, 1);
      await page.keyboard.type(P.yen!.cccd);
      await page.keyboard.press('Enter');
      await step(page, 2);
      await page.keyboard.type(P.yen!.cccd);
      await page.keyboard.press('Enter');
      await page.getByTestId('payout-matched').waitFor();
    }
    const beforeB = await cash(tillB);
    await a.page.keyboard.press('Enter');
    await step(a.page, 3);
    const receipt = await a.page.getByTestId('receipt-id').innerText();
    // The second clerk presses Pay on the same line: already paid, when and where.
    await b.page.keyboard.press('Enter');
    const error = b.page.getByTestId('payout-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-code'), 'line_already_paid');
    assert.match(await error.innerText(), /Dòng này đã được chi trả/);
    const paidNotice = b.page.getByTestId('payout-already-paid');
    await paidNotice.filter({ hasText: 'đã được chi lúc' }).waitFor();
    const where = await paidNotice.innerText();
    assert.match(
      where,
      new RegExp(
        `Dòng này đã được chi lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2} tại .+ \\(tại quầy\\), biên nhận ${receipt}`,
      ),
    );
    assert.equal(await cash(tillB), beforeB);
    assert.equal((await finance.payouts.receipt(receipt)).session_id, till);
    await a.context.close();
    await b.context.close();
  });

  test('a payout whose answer is lost is sent again with the same key and paid exactly once', async () => {
    const { page, context } = await newPage(world);
    await signInAs(page, 'gdv.01100');
    await page.goto('/counter/payout');
    await step(page, 1);
    const keys: string[] = [];
    let lost = false;
    await page.route('**/pension-payouts', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (lost) return route.continue();
      lost = true;
      // The request reaches the server and is paid; its answer never reaches the page.
      const answer = await route.fetch();
      assert.equal(answer.status(), 201);
      return route.abort('connectionreset');
    });
    const before = await cash(till);
    await page.keyboard.type(P.luc!.cccd);
    await page.keyboard.press('Enter');
    await step(page, 2);
    const receipt = await presentAndPay(page, P.luc!.cccd);
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1]);
    assert.ok(keys[0]!.length > 0);
    assert.equal((await finance.payouts.receipt(receipt)).line_id, lineOf(P.luc!));
    assert.equal(before - (await cash(till)), P.luc!.amount);
    await context.close();
  });

  // Last: it leaves finance read-only.
  test('while finance is read-only the clerk still finds the person, and the payout is refused in the page', async () => {
    await world.platform.security.restrict(
      'finance',
      { mode: 'read-only', reason: 'Kiểm tra chế độ chỉ đọc' },
      'system:test',
    );
    const { page, context } = await newPage(world);
    await signInAs(page, 'gdv.01100');
    await page.goto('/counter/payout');
    await step(page, 1);
    assert.match(await page.getByTestId('mode-banner').innerText(), /chỉ đọc/);
    const before = await cash(till);
    await page.keyboard.type(P.tung!.cccd);
    await page.keyboard.press('Enter');
    await step(page, 2);
    await presentAndTry(page, P.tung!.cccd);
    const error = page.getByTestId('payout-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-code'), 'cell_read_only');
    assert.match(await error.innerText(), /chỉ đọc do sự cố an ninh/);
    assert.match(await page.getByTestId('payout-error-hint').innerText(), /Chưa chi: không có gì được ghi/);
    await page.getByTestId('lang-toggle').click();
    assert.match(await error.innerText(), /is read-only after a security incident/);
    assert.equal((await status(P.tung!)).status, 'at_office');
    assert.equal(await cash(till), before);
    await context.close();
  });
});
