// Hà Nội's provincial manager keeps the province's catalogue and prices: finds Tân Cương tea typed without
// accents, sets a promotion for a period typed dd/mm/yyyy and sees it in the price list of a day inside it,
// imports a prices file with a bad row (refused, the row and column named, nothing written) and then the
// corrected file; an office manager (in English) and a clerk find no such screen and the API refuses them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Journal } from '../../src/journal/index.ts';
import type { RetailTables } from '../../src/cells/retail/index.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';
import { demoCounter, demoProvincialManager, type Counter } from './fixtures.ts';

/** A day `n` days after today in Vietnam, as the API writes it (YYYY-MM-DD) and as a person types it. */
const dayAfter = (n: number) => {
  const iso = new Date(Date.now() + 7 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  return { iso, typed: `${d}/${m}/${y}` };
};
const FROM = dayAfter(7);
const TO = dayAfter(20);
const INSIDE = dayAfter(10);
const pricesFile = (tc500: string) =>
  Buffer.from(
    'ma_hang,ma_tinh,loai,tu_ngay,den_ngay,gia\n' +
      `CHE-TC200,01,khuyen_mai,${FROM.iso},${TO.iso},169000\n` +
      `CHE-TC500,01,khuyen_mai,${FROM.iso},${TO.iso},${tc500}\n`,
  );

for (const { dialect, skip } of await webDialects()) {
  describe(`Hà Nội's catalogue and prices (${dialect})`, { skip }, () => {
    let world: WebWorld;
    let c: Counter;
    // Only its head is read: an unchanged head is proof that nothing was written.
    let journal: Pick<Journal<RetailTables>, 'head'>;
    const pages: BrowserContext[] = [];
    let qlt: Page;
    const promotions = async (code: string) =>
      (await world.platform.retail.catalogue.product(code)).prices.filter(
        (p) => p.province_code === '01' && p.kind === 'promotion',
      );

    before(async () => {
      world = await openWebWorld(dialect);
      c = await demoCounter(world, '01');
      journal = world.platform.cells.find((x) => x.definition.name === 'retail')!.journal;
      const q = await newPage(world);
      pages.push(q.context);
      qlt = q.page;
      await signInAs(qlt, (await demoProvincialManager(world, '01')).username);
    });
    after(async () => {
      for (const p of pages) await p.close();
      await world?.close();
    });

    test('the manager finds Tân Cương tea typed without accents, its province named', async () => {
      await qlt.getByRole('link', { name: 'Danh mục hàng hóa' }).click();
      await qlt.getByTestId('catalogue-q').waitFor();
      assert.match(await qlt.getByTestId('my-province').innerText(), /Hà Nội \(01\)/);
      await qlt.getByTestId('catalogue-q').fill('che tan cuong');
      await qlt.getByTestId('catalogue-search').click();
      await qlt.getByTestId('catalogue-results').waitFor();
      const rows = qlt.getByTestId('catalogue-row');
      assert.deepEqual((await rows.evaluateAll((r) => r.map((e) => e.getAttribute('data-code')))).sort(), [
        'CHE-TC100',
        'CHE-TC200',
        'CHE-TC500',
      ]);
      const tc100 = qlt.locator('[data-testid="catalogue-row"][data-code="CHE-TC100"]');
      assert.match(await tc100.innerText(), /Chè Tân Cương đặc biệt 100 g/);
      assert.match(await tc100.getByTestId('catalogue-row-province').innerText(), /Tỉnh Thái Nguyên \(19\)/);
      // The price list of today is there below, whole: Hà Nội prices some 400 goods.
      await qlt.getByTestId('price-list-count').waitFor();
      assert.match(await qlt.getByTestId('price-list-count').innerText(), /\d{3} mặt hàng có giá/);
      await shot(qlt, 'catalogue-search-vi');
    });

    test('the manager sets a promotion for a period typed dd/mm/yyyy and sees it on a day inside it', async () => {
      await qlt
        .getByTestId('catalogue-results')
        .getByRole('link', { name: 'CHE-TC100', exact: true })
        .click();
      await qlt.getByTestId('price-form').waitFor();
      // Thái Nguyên keeps its tea's card; Hà Nội sets its own price for it.
      assert.match(await qlt.getByTestId('product-not-yours').innerText(), /Tỉnh Thái Nguyên \(19\) quản lý/);
      assert.equal(await qlt.getByTestId('product-save').isDisabled(), true);
      assert.match(await qlt.getByRole('heading', { level: 2, name: /Đặt giá tại/ }).innerText(), /Hà Nội/);
      await qlt.getByTestId('price-kind').selectOption('promotion');
      await qlt.getByTestId('price-from').fill(FROM.typed);
      await qlt.getByTestId('price-to').fill('31/02/2027');
      await qlt.getByTestId('price-value').fill('79.000');
      await qlt.getByTestId('price-submit').click();
      await qlt.getByText('Ngày không đúng: hãy nhập ngày/tháng/năm').waitFor();
      assert.deepEqual(await promotions('CHE-TC100'), [], 'a day that is not one sends nothing');

      await qlt.getByTestId('price-to').fill(TO.typed);
      await qlt.getByTestId('price-submit').click();
      await qlt.getByTestId('price-set').waitFor();
      assert.match(
        await qlt.getByTestId('price-set').innerText(),
        new RegExp(`79\\.000 ₫.*từ ${FROM.typed} đến ${TO.typed}`),
      );
      const row = qlt.locator(`[data-testid="price-row"][data-kind="promotion"][data-province="01"]`);
      assert.match(await row.innerText(), new RegExp(`Hà Nội.*${FROM.typed}.*${TO.typed}.*79\\.000`, 's'));
      assert.deepEqual(
        (await promotions('CHE-TC100')).map((p) => [p.valid_from, p.valid_to, p.price.toString()]),
        [[FROM.iso, TO.iso, '79000']],
      );
      await qlt.getByTestId('price-set').scrollIntoViewIfNeeded();
      await shot(qlt, 'catalogue-promotion-vi');

      await qlt.getByTestId('back').click();
      await qlt.getByTestId('price-list-day').fill(INSIDE.typed);
      await qlt.getByTestId('price-list-filter').fill('tan cuong');
      await qlt.getByTestId('price-list-show').click();
      await qlt.locator(`[data-testid="price-list"][data-day="${INSIDE.iso}"]`).waitFor();
      const listed = qlt.locator('[data-testid="price-list-row"][data-code="CHE-TC100"]');
      await listed.waitFor();
      assert.equal(await listed.getAttribute('data-kind'), 'promotion');
      assert.match(await listed.innerText(), /Khuyến mại\s+79\.000 ₫/);
      assert.match(
        await qlt.locator('[data-testid="price-list-row"][data-code="CHE-TC200"]').innerText(),
        /Niêm yết\s+185\.000 ₫/,
      );
      await shot(qlt, 'catalogue-price-list-vi');
    });

    test('a prices file with a bad row is refused whole, the row and column named; the corrected one imports', async () => {
      await qlt.goto('/oversight/catalogue');
      const head = (await journal.head()).seq;
      await qlt.getByTestId('import-file').setInputFiles({
        name: 'gia-tet-ha-noi.csv',
        mimeType: 'text/csv',
        buffer: pricesFile('0'),
      });
      await qlt.getByTestId('import-submit').click();
      await qlt.getByTestId('import-problems').waitFor();
      const problems = qlt.getByTestId('import-problem');
      assert.equal(await problems.count(), 1);
      assert.equal(await problems.first().getAttribute('data-row'), '3');
      assert.equal(await problems.first().getAttribute('data-field'), 'gia');
      assert.match(await qlt.getByTestId('import-problems').innerText(), /chưa nạp dòng nào/);
      await qlt.getByTestId('import-problems').scrollIntoViewIfNeeded();
      await shot(qlt, 'catalogue-import-refused-vi');
      assert.equal((await journal.head()).seq, head, 'nothing written');
      assert.deepEqual(await promotions('CHE-TC200'), [], 'not even the good row');

      await qlt.getByTestId('import-file').setInputFiles({
        name: 'gia-tet-ha-noi.csv',
        mimeType: 'text/csv',
        buffer: pricesFile('399000'),
      });
      await qlt.getByTestId('import-submit').click();
      await qlt.getByTestId('import-done').waitFor();
      assert.match(await qlt.getByTestId('import-done').innerText(), /thêm 2/);
      assert.equal(await qlt.getByTestId('import-problems').count(), 0);
      assert.deepEqual(
        [...(await promotions('CHE-TC200')), ...(await promotions('CHE-TC500'))].map((p) =>
          p.price.toString(),
        ),
        ['169000', '399000'],
      );
      await shot(qlt, 'catalogue-import-done-vi');

      // She reads the same page in English: what was imported, and the day's list with the new promotions.
      await qlt.getByTestId('lang-toggle').click();
      await qlt.getByText(/Imported gia-tet-ha-noi\.csv \(2 rows\): 2 added/).waitFor();
      await qlt.getByTestId('price-list-day').fill(INSIDE.typed);
      await qlt.getByTestId('price-list-filter').fill('tan cuong');
      await qlt.getByTestId('price-list-promotions').check();
      await qlt.getByTestId('price-list-show').click();
      const tc500 = qlt.locator('[data-testid="price-list-row"][data-code="CHE-TC500"]');
      await tc500.waitFor();
      assert.match(await tc500.innerText(), /Promotion\s+399\.000 ₫/);
      assert.match(
        await qlt.getByTestId('price-list-count').innerText(),
        new RegExp(`^${INSIDE.typed}: \\d+ products priced`),
      );
      await shot(qlt, 'catalogue-import-done-en');
    });

    test('an office manager (in English) and a clerk have no catalogue screen, and the API refuses them', async () => {
      const m = await newPage(world, { lang: 'en' });
      const k = await newPage(world);
      pages.push(m.context, k.context);
      await signInAs(m.page, c.manager.username);
      await signInAs(k.page, c.clerk.username);
      for (const page of [m.page, k.page]) {
        assert.equal(await page.locator('a[href="/oversight/catalogue"]').count(), 0, 'no menu entry');
      }
      await m.page.goto('/oversight/catalogue/CHE-TC100');
      await m.page.getByTestId('not-allowed').waitFor();
      assert.equal(await m.page.getByTestId('price-form').count(), 0);
      await shot(m.page, 'catalogue-not-allowed-en');

      const head = (await journal.head()).seq;
      const price = await m.page.request.post('/v1/retail/products/CHE-TC100/prices', {
        data: { province_code: '01', kind: 'list', valid_from: FROM.iso, valid_to: null, price: '1000' },
      });
      assert.equal(price.status(), 403);
      const file = await k.page.request.post('/v1/retail/catalogue?province=01&file_name=gia.csv', {
        headers: { 'content-type': 'text/csv' },
        data: pricesFile('1000'),
      });
      assert.equal(file.status(), 403);
      assert.match(((await file.json()) as { message_vi: string }).message_vi, /quyền/);
      assert.equal((await journal.head()).seq, head, 'nothing written');
    });
  });
}
