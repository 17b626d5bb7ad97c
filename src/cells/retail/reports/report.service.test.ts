// The retail reports on both dialects: the stock held per office with its value, goods out of stock and slow, and
// the same table as CSV, XLSX and PDF; a bad range refused by its field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { refused } from '../../../testing.ts';
import { moveStock } from '../stock/index.ts';
import { loadTestCatalogue, openRetailCell, shelveTestStock, type RetailCellUnderTest } from '../testing.ts';
import { reportCsv, reportPdf, reportXlsx, type ReportScope } from './index.ts';

const A = 'ofc_a';
const B = 'ofc_b';
const scope: ReportScope = {
  offices: [A, B],
  label: 'Hà Nội',
  officeLabel: (id) => (id === A ? '01100 Bưu cục Ba Đình' : '01101 Bưu cục Ngọc Hà'),
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`retail reports on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-08T02:00:00.000Z');
    let c: RetailCellUnderTest;
    before(async () => {
      c = await openRetailCell(dialect, clock);
      await loadTestCatalogue(c.journal);
      await shelveTestStock(c.journal, A, [
        { product: 'TEM-5000', quantity: 100n, unit_cost: 4_500n },
        { product: 'PB-A4', quantity: 3n, unit_cost: 1_000n },
        { product: 'CHE-TC200', quantity: 10n, unit_cost: 150_000n },
      ]);
      await shelveTestStock(c.journal, B, [{ product: 'TEM-5000', quantity: 20n, unit_cost: 4_600n }]);
      // Ten days ago the stamps sold at A; today the envelopes sell out.
      clock.set('2026-11-28T02:00:00.000Z');
      await c.journal.transaction((trx) =>
        moveStock(
          trx,
          c.journal,
          {
            id: 'sale:old',
            kind: 'sale',
            office: A,
            ref: 'old',
            lines: [
              {
                product: 'TEM-5000',
                from: { office: A, place: 'shelf' },
                to: { office: A, place: 'customer' },
                quantity: 10n,
              },
            ],
          },
          'stf_test',
        ),
      );
      clock.set('2026-12-08T02:00:00.000Z');
      await c.journal.transaction((trx) =>
        moveStock(
          trx,
          c.journal,
          {
            id: 'sale:new',
            kind: 'sale',
            office: A,
            ref: 'new',
            lines: [
              {
                product: 'PB-A4',
                from: { office: A, place: 'shelf' },
                to: { office: A, place: 'customer' },
                quantity: 3n,
              },
            ],
          },
          'stf_test',
        ),
      );
    });
    after(() => c.close());

    test('the stock per office and product, with its value at cost and totals', async () => {
      const t = await c.retail.reports.stock(scope);
      const row = (office: string, product: string) =>
        t.rows.find((r) => String(r['office']).startsWith(office) && r['product'] === product);
      assert.equal(row('01100', 'TEM-5000')?.['shelf'], 90n);
      assert.equal(row('01100', 'TEM-5000')?.['shelf_value'], 405_000n);
      assert.equal(row('01100', 'CHE-TC200')?.['name'], 'Chè Tân Cương đặc biệt 200 g');
      assert.equal(row('01101', 'TEM-5000')?.['shelf_value'], 92_000n);
      assert.equal(row('01100', 'PB-A4'), undefined, 'an empty shelf holds nothing to report');
      assert.equal(t.totals['shelf'], 90n + 10n + 20n);
      assert.equal(t.totals['shelf_value'], 405_000n + 1_500_000n + 92_000n);
    });

    test('the managers’ overview: the empty shelf counted at its office, none at the other', async () => {
      const o = await c.retail.reports.overview([
        { id: A, postcode: '01100', name: 'Bưu cục Ba Đình' },
        { id: B, postcode: '01101', name: 'Bưu cục Ngọc Hà' },
      ]);
      assert.deepEqual(
        o.offices.map((r) => [r.postcode, r.out_of_stock, r.transfers_coming, r.stocktakes_waiting]),
        [
          ['01100', 1, 0, 0],
          ['01101', 0, 0, 0],
        ],
      );
      assert.deepEqual(o.totals, { out_of_stock: 1, transfers_coming: 0, stocktakes_waiting: 0 });
      assert.deepEqual(o.stocktakes, []);
    });

    test('out of stock and slow: the empty shelf, and what has not sold for the days asked', async () => {
      const t = await c.retail.reports.slow(scope, 7);
      const status = (office: string, product: string) =>
        t.rows.find((r) => String(r['office']).startsWith(office) && r['product'] === product)?.['status'];
      assert.equal(status('01100', 'PB-A4'), 'Hết hàng');
      assert.equal(status('01100', 'TEM-5000'), 'Bán chậm', 'last sold ten days ago');
      assert.equal(status('01100', 'CHE-TC200'), 'Bán chậm', 'never sold');
      assert.equal(status('01101', 'TEM-5000'), 'Bán chậm');
      const stamps = t.rows.find(
        (r) => r['product'] === 'TEM-5000' && String(r['office']).startsWith('01100'),
      )!;
      assert.equal(stamps['last_sold'], '2026-11-28');
      assert.equal(stamps['days_since'], 10n);
      assert.equal(
        (await c.retail.reports.slow(scope, 30)).rows.filter((r) => r['status'] === 'Bán chậm').length,
        2,
      );
    });

    test('the same table as CSV, XLSX and PDF', async () => {
      const t = await c.retail.reports.stock(scope);
      const csv = reportCsv(t);
      assert.ok(csv.startsWith('\uFEFF'), 'a BOM, so spreadsheets read Vietnamese');
      const rows = parse<Record<string, string>>(csv.slice(1), { columns: true });
      assert.equal(rows.length, t.rows.length + 1);
      assert.equal(rows.at(-1)!['Bưu cục'], 'Tổng cộng');
      assert.equal(rows.at(-1)!['Giá trị trên kệ'], '1997000');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await reportXlsx(t)) as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('stock')!;
      assert.equal(sheet.getCell('A1').value, 'Tồn kho và giá trị theo bưu cục');
      assert.equal(sheet.getRow(4).getCell(1).value, 'Bưu cục');
      assert.equal(sheet.getRow(5 + t.rows.length).getCell(6).value, 1_997_000);
      const pdf = await reportPdf(t, clock.now());
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    });

    test('a sales range that does not exist or is too long is refused by its field', async () => {
      await refused(c.retail.reports.sales(scope, '2026-02-30', '2026-03-01'), 'invalid_retail_input');
      await refused(c.retail.reports.sales(scope, '2026-01-01', '2026-12-31'), 'invalid_retail_input');
      await refused(c.retail.reports.slow(scope, 0), 'invalid_retail_input');
      const empty = await c.retail.reports.sales(scope, '2026-12-01', '2026-12-08');
      assert.deepEqual(empty.rows, []);
    });
  });
}
