// Public-service dossiers in the browser, on the demo: Ba Đình committee's officer (hcc.01) lands on the
// agency's inbox, filters it, records "received" then "done" on the dossier handed over to the agency, and
// tries a move the dossier has gone past (another tab moved it first): the refusal is shown in Vietnamese and
// nothing changes; the inbox on a phone; Hà Nội 01100's manager watches the deadlines; a citizen with no
// account looks a dossier up by its code and phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Dossier } from '../../src/cells/services/index.ts';
import { vietnamDay } from '../../src/platform/clock.ts';
import { workingDaysBetween } from '../../src/platform/working-days.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';

const WARD = 'H01.UBND.X00004';
/** The demo is made two weeks back, so that its dossiers now stand near, within or past their deadlines. */
const LAG = 14 * 86_400_000;

/** Waits until the dossier rows shown are exactly `ids` (none: the list says so). */
async function rowsAre(page: Page, testId: string, ids: readonly string[]): Promise<void> {
  const want = [...ids].sort().join(' ');
  let seen = '';
  for (let i = 0; i < 50; i++) {
    const section = page.getByTestId(testId);
    const none = await section.getByTestId(`${testId}-none`).count();
    seen = (
      await section
        .getByTestId('dossier-row')
        .evaluateAll((r) => r.map((x) => x.getAttribute('data-dossier') ?? ''))
    )
      .sort()
      .join(' ');
    if (seen === want && (ids.length > 0 || none === 1)) return;
    await page.waitForTimeout(200);
  }
  assert.equal(seen, want, `${testId} shows the dossiers the API lists`);
}

/** The pixels a page is wider than its viewport (0: nothing to scroll sideways). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

// One server, on SQLite: the demo takes minutes to load on PostgreSQL, and the dossiers' rules are tested on
// both dialects below the browser (services.flow.test.ts, dossier-page.test.ts).
const [sqlite] = await webDialects();

describe('an agency officer, a manager and a citizen follow dossiers', { skip: sqlite!.skip }, () => {
  let world: WebWorld;
  let officer: { page: Page; context: BrowserContext };
  /** The demo's dossier in each state (at office 01100, for Ba Đình's committee). */
  const demo = new Map<string, Dossier>();
  const state = async (id: string) => (await world.platform.services.dossiers.get(id)).state;

  before(async () => {
    let lag = LAG;
    world = await openWebWorld('sqlite', { clock: { now: () => new Date(Date.now() - lag) } });
    lag = 0;
    const all = await world.platform.services.dossiers.list({ agency: WARD, limit: 100, offset: 0 });
    for (const d of all.items) demo.set(d.state, d);
    assert.equal(demo.size, 15, 'the demo made a dossier in every state');
    officer = await newPage(world);
    await signInAs(officer.page, 'hcc.01');
  });
  after(async () => {
    await world?.close();
  });

  test('hcc.01 lands on the inbox: the demo’s dossiers with their state and working days left', async () => {
    const { page } = officer;
    assert.equal(new URL(page.url()).pathname, '/agency');
    await page.getByRole('heading', { name: 'Hồ sơ của cơ quan' }).waitFor();
    const rows = page.getByTestId('dossier-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 15);
    assert.match(await page.getByTestId('agency-count').innerText(), /15 hồ sơ/);
    const handed = demo.get('handed_over')!;
    const row = page.locator(`[data-testid="dossier-row"][data-dossier="${handed.id}"]`);
    assert.match(await row.getByTestId('dossier-state').innerText(), /Đã chuyển đến cơ quan/);
    // The deadline in working days, counted as the server counts it: handed over two weeks ago.
    const today = vietnamDay(new Date());
    const left = workingDaysBetween(today, handed.deadline_day!);
    assert.ok(left < 0, 'overdue');
    assert.match(await row.getByTestId('deadline').innerText(), new RegExp(`Quá hạn ${-left} ngày làm việc`));
    const extended = demo.get('extended')!;
    const more = workingDaysBetween(today, extended.deadline_day!);
    assert.ok(more > 0, 'extended by a month');
    const extendedRow = page.locator(`[data-testid="dossier-row"][data-dossier="${extended.id}"]`);
    assert.match(
      await extendedRow.getByTestId('deadline').innerText(),
      new RegExp(`Còn ${more} ngày làm việc`),
    );
    const done = page.locator(`[data-testid="dossier-row"][data-dossier="${demo.get('done')!.id}"]`);
    assert.equal(await done.getByTestId('deadline').getAttribute('data-kind'), 'none', 'no deadline runs');
    await shot(page, 'agency-inbox');

    await page.getByLabel('Trạng thái', { exact: true }).selectOption('handed_over');
    await page.waitForURL(/state=handed_over/);
    await page
      .getByTestId('agency-count')
      .filter({ hasText: /^1 hồ sơ$/ })
      .waitFor();
    await page.locator(`[data-testid="dossier-row"][data-dossier="${handed.id}"]`).waitFor();
    assert.equal(await rows.count(), 1);
    await page.getByLabel('Trạng thái', { exact: true }).selectOption('');
    for (const deadline of ['past', 'near'] as const) {
      await page.getByLabel('Thời hạn', { exact: true }).selectOption(deadline);
      const listed = await world.platform.services.dossiers.list({
        agency: WARD,
        deadline,
        limit: 100,
        offset: 0,
      });
      if (deadline === 'past') assert.ok(listed.total > 0, 'two weeks on, some are overdue');
      await rowsAre(
        page,
        'agency-list',
        listed.items.map((d) => d.id),
      );
      for (const d of listed.items)
        assert.equal(
          await page
            .locator(`[data-testid="dossier-row"][data-dossier="${d.id}"]`)
            .getByTestId('deadline')
            .getAttribute('data-kind'),
          deadline === 'past' ? 'overdue' : d.deadline_day === today ? 'today' : 'left',
        );
      await shot(page, `agency-inbox-${deadline}`);
    }
  });

  test('hcc.01 records "received" then "done" on the dossier handed over to the agency', async () => {
    const { page } = officer;
    const id = demo.get('handed_over')!.id;
    await page.goto('/agency');
    await page.getByRole('link', { name: id }).click();
    await page.getByTestId('dossier-facts').waitFor();
    assert.equal(new URL(page.url()).pathname, `/agency/${id}`);
    const moves = page.getByTestId('decision-form').getByRole('radio');
    assert.deepEqual(await moves.evaluateAll((r) => r.map((x) => (x as HTMLInputElement).value)), [
      'received',
      'refused',
    ]);
    await page.getByLabel('Đã tiếp nhận', { exact: true }).check();
    await page.getByTestId('decide').click();
    await page.getByTestId('decision-done').filter({ hasText: 'Cơ quan đã tiếp nhận' }).waitFor();
    assert.equal(await state(id), 'received');
    const deadline = demo.get('handed_over')!.deadline_day!;
    const today = vietnamDay(world.platform.clock.now());
    assert.equal(
      (await world.platform.services.dossiers.get(id)).appointment_day,
      deadline < today ? today : deadline,
      'the appointment defaults to the deadline, or today when the deadline has gone',
    );
    assert.deepEqual(await moves.evaluateAll((r) => r.map((x) => (x as HTMLInputElement).value)), [
      'needs_supplement',
      'extended',
      'suspended',
      'refused',
      'done',
    ]);
    // A suspension without its reason is stopped in the page, nothing sent.
    await page.getByLabel('Tạm dừng', { exact: true }).check();
    await page.getByTestId('decide').click();
    await page.getByText('Cần ghi lý do (3 đến 500 ký tự)').waitFor();
    assert.equal(await state(id), 'received');
    await page.getByLabel('Đã có kết quả', { exact: true }).check();
    await page.getByTestId('decide').click();
    await page.getByTestId('decision-done').filter({ hasText: 'Đã có kết quả' }).waitFor();
    assert.equal(await state(id), 'done');
    await page.getByTestId('decision-none').waitFor();
    const history = await page.getByTestId('dossier-history').innerText();
    assert.match(history, /Cơ quan ghi nhận\s+Đã có kết quả/);
    assert.match(history, /Cơ quan ghi nhận\s+Cơ quan đã tiếp nhận/);
    await shot(page, 'agency-dossier-done');
  });

  test('a move the dossier has gone past is refused in the page, in Vietnamese, and changes nothing', async () => {
    const { page, context } = officer;
    const id = demo.get('received')!.id;
    await page.goto(`/agency/${id}`);
    await page.getByTestId('move-suspended').waitFor();
    // Meanwhile a colleague records the result in another tab.
    const other = await context.newPage();
    await other.goto(`/agency/${id}`);
    await other.getByLabel('Đã có kết quả', { exact: true }).check();
    await other.getByTestId('decide').click();
    await other.getByTestId('decision-done').waitFor();
    await other.close();
    assert.equal(await state(id), 'done');

    await page.getByLabel('Tạm dừng', { exact: true }).check();
    await page.getByLabel('Lý do (công dân sẽ đọc)').fill('Chờ xác minh tại nơi cư trú');
    await page.getByTestId('decide').click();
    const error = page.getByTestId('decision-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-code'), 'dossier_out_of_order');
    assert.match(await error.innerText(), /Hồ sơ đang ở trạng thái không cho phép chuyển sang "tạm dừng"/);
    assert.equal(await state(id), 'done', 'the refused move wrote nothing');
    // The page shows the dossier as it now is, with nothing left to record.
    await page.getByTestId('decision-none').waitFor();
    assert.match(await page.getByTestId('dossier-facts').innerText(), /Đã có kết quả/);
    await shot(page, 'agency-refused');

    await page.goto('/agency/HS011009999999');
    const missing = page.getByTestId('dossier-error');
    await missing.waitFor();
    assert.match(await missing.innerText(), /Không tìm thấy hồ sơ/);
  });

  test('the inbox and a dossier on a phone: cards, nothing wider than the screen', async () => {
    const { page, context } = await newPage(world, { viewport: 'phone' });
    await signInAs(page, 'hcc.01');
    assert.equal(new URL(page.url()).pathname, '/agency');
    await page.getByTestId('dossier-row').first().waitFor();
    assert.equal(await overflow(page), 0);
    await shot(page, 'agency-inbox-phone');
    await page.goto(`/agency/${demo.get('extended')!.id}`);
    await page.getByTestId('decision-form').waitFor();
    assert.match(await page.getByTestId('dossier-facts').innerText(), /Đã gia hạn/);
    await shot(page, 'agency-dossier-phone');
    assert.equal(await overflow(page), 0);
    await context.close();
  });

  test('the office manager of 01100 watches the deadlines of his office and of the agency', async () => {
    const { page, context } = await newPage(world);
    await signInAs(page, 'tbc.01100');
    await page
      .getByRole('navigation', { name: 'Chức năng' })
      .getByRole('link', { name: 'Thời hạn hồ sơ' })
      .click();
    await page.getByRole('heading', { name: 'Hồ sơ hành chính công: thời hạn' }).waitFor();
    const office = await world.platform.core.offices.getByPostcode('01100');
    for (const deadline of ['near', 'past'] as const) {
      await page.getByLabel('Thời hạn', { exact: true }).selectOption(deadline);
      const byOffice = await world.platform.services.dossiers.list({
        office: office.id,
        deadline,
        limit: 100,
        offset: 0,
      });
      if (deadline === 'past') assert.ok(byOffice.total > 0, 'two weeks on, some are overdue');
      await rowsAre(
        page,
        'by-office',
        byOffice.items.map((d) => d.id),
      );
      const byAgency = await world.platform.services.dossiers.list({
        agency: WARD,
        deadline,
        limit: 100,
        offset: 0,
      });
      // The committee's row counts them; the manager opens its list (shown first when it leads the counts).
      const ward = page.locator(`[data-testid="agency-count"][data-agency="${WARD}"]`);
      await ward
        .getByTestId('agency-total')
        .filter({ hasText: new RegExp(`^${byAgency.total}$`) })
        .waitFor();
      if (await ward.getByRole('button').isEnabled()) await ward.getByRole('button').click();
      await page
        .locator(`[data-testid="agency-count"][data-agency="${WARD}"][aria-current="true"]`)
        .waitFor();
      await rowsAre(
        page,
        'by-agency',
        byAgency.items.map((d) => d.id),
      );
      await shot(page, `oversight-dossiers-${deadline}`);
    }
    await context.close();
  });

  test('a citizen with no account looks a dossier up by its code and phone, in Vietnamese', async () => {
    const { page, context } = await newPage(world, { viewport: 'phone' });
    const d = demo.get('extended')!;
    await page.goto('/dossier');
    await page.getByLabel('Mã hồ sơ').fill(d.id.toLowerCase());
    await page.getByLabel('Số điện thoại đã đăng ký').fill(d.citizen.phone);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByTestId('dossier-result').waitFor();
    assert.match(await page.getByTestId('dossier-state').innerText(), /Cơ quan gia hạn giải quyết/);
    const [y, m, day] = d.appointment_day!.split('-');
    assert.match(await page.getByTestId('dossier-appointment').innerText(), new RegExp(`${day}/${m}/${y}`));
    const text = await page.locator('main').innerText();
    assert.doesNotMatch(text, new RegExp(d.citizen.name), 'the name is initials only');
    assert.equal(await overflow(page), 0);
    await shot(page, 'public-dossier-phone');

    await page.getByLabel('Mã hồ sơ').fill(d.id);
    await page.getByLabel('Số điện thoại đã đăng ký').fill('0987000111');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByTestId('dossier-error').filter({ hasText: 'Không tìm thấy hồ sơ' }).waitFor();
    assert.equal(await page.getByTestId('dossier-result').count(), 0);
    await context.close();
  });
});
