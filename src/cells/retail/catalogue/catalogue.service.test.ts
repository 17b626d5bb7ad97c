// The retail catalogue on both dialects: the demo catalogue imported cleanly (again: nothing new), CSV and XLSX
// the same, each kind of bad row refused by row and column with nothing written, a product saved and withdrawn,
// list prices following each other and promotions over them, the reads, and the journal replayed into the tables.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { ManualClock } from '../../../platform/clock.ts';
import { isEan13 } from '../../../platform/ean13.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { openRetailCell, type RetailCellUnderTest } from '../testing.ts';
import { createCatalogue, loadDemoCatalogue, pricesOn, type Catalogue } from './index.ts';
import { PROVINCES } from './testing.ts';

const clock = new ManualClock('2026-12-08T02:00:00.000Z');
const ADMIN = 'stf_admin';
const MANAGER = 'stf_pm01';
const csv = (lines: string[]) => ({ name: 'test.csv', bytes: Buffer.from(lines.join('\n') + '\n') });
const PRODUCTS_HEADER =
  'ma_hang,ma_vach,ten_vi,ten_en,don_vi,thue_vat,nhom,ma_ncc,tinh_ocop,sao_ocop,ma_tinh';
const PRICES_HEADER = 'ma_hang,ma_tinh,loai,tu_ngay,den_ngay,gia';

/** The problems of a refused import, as `row field` strings. */
async function refused(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    assert.ok(isDomainError(err), String(err));
    assert.equal(err.code, 'invalid_catalogue');
    const problems = (err.details as { problems: Array<{ row: number; field: string; message_vi: string }> })
      .problems;
    for (const x of problems) assert.ok(x.message_vi.length > 10);
    return problems.map((x) => `${x.row} ${x.field}`);
  }
  assert.fail('the import was not refused');
}

async function refusedEdit(p: Promise<unknown>): Promise<{ code: string; field: unknown }> {
  try {
    await p;
  } catch (err) {
    assert.ok(isDomainError(err), String(err));
    return { code: err.code, field: (err.details as { field?: unknown }).field };
  }
  assert.fail('the edit was not refused');
}

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`retail catalogue on ${dialect}`, { skip }, () => {
    let c: RetailCellUnderTest;
    let catalogue: Catalogue;
    const head = async () => (await c.journal.head()).seq;
    before(async () => {
      c = await openRetailCell(dialect, clock);
      catalogue = createCatalogue({ db: c.db, journal: c.journal, clock, provinces: async () => PROVINCES });
    });
    after(async () => {
      await c?.close();
    });

    test('the demo catalogue imports cleanly, once', async () => {
      const [suppliers, products, prices] = await loadDemoCatalogue(catalogue, ADMIN);
      assert.ok(suppliers!.suppliers.added >= 10);
      assert.ok(products!.products.added >= 300, `${products!.products.added} products`);
      assert.ok(prices!.prices.added >= 900);
      const again = await loadDemoCatalogue(catalogue, ADMIN);
      assert.deepEqual(
        again.map((r) => r.seq),
        [null, null, null],
      );
      assert.equal(again[1]!.products.unchanged, products!.products.added);
      // Goods without a maker's barcode got the post's own, prefix 2, checking.
      const stamp = (await catalogue.product('TEM-5000')).product;
      assert.match(stamp.barcode, /^2\d{12}$/);
      assert.ok(isEan13(stamp.barcode));
    });

    test('the same products as XLSX, codes typed as numbers, change nothing', async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Hàng hóa');
      sheet.addRow(PRODUCTS_HEADER.split(','));
      const tea = (await catalogue.product('CHE-TC200')).product;
      sheet.addRow([
        tea.code,
        Number(tea.barcode),
        tea.name_vi,
        tea.name_en,
        tea.unit,
        tea.vat_rate,
        tea.category,
        tea.supplier_code,
        19,
        tea.ocop_stars,
        19,
      ]);
      const bytes = Buffer.from(await book.xlsx.writeBuffer());
      const before = await head();
      const r = await catalogue.importFile({ name: 'hang.xlsx', bytes }, ADMIN);
      assert.deepEqual(r.products, { added: 0, changed: 0, unchanged: 1 });
      assert.equal(r.seq, null);
      assert.equal(await head(), before);
    });

    test('search: without accents, by barcode, by code', async () => {
      const tea = await catalogue.search({ q: 'che tan cuong', limit: 50, offset: 0 });
      assert.ok(tea.items.length >= 3);
      assert.ok(tea.items.every((p) => p.name_vi.includes('Tân Cương')));
      const honey = await catalogue.search({ q: 'mat ong vai', limit: 10, offset: 0 });
      assert.ok(honey.items.some((p) => p.code === 'MO-VAI-BG'));
      const bar = (await catalogue.product('NM-PQ-KH40')).product.barcode;
      assert.deepEqual(
        (await catalogue.search({ q: bar, limit: 10, offset: 0 })).items.map((p) => p.code),
        ['NM-PQ-KH40'],
      );
      assert.deepEqual(
        (await catalogue.search({ q: 'the-vt100', limit: 10, offset: 0 })).items.map((p) => p.code),
        ['THE-VT100'],
      );
      const hanoi = await catalogue.search({ province: '01', limit: 100, offset: 0 });
      assert.ok(hanoi.items.every((p) => p.province_code === '01'));
      assert.ok(hanoi.total >= 8);
    });

    test('a province’s price list on a day: the promotion wins while it lasts', async () => {
      const dec8 = await catalogue.priceList('01', '2026-12-08', { limit: 500, offset: 0 });
      assert.ok(dec8.total >= 300, `${dec8.total}`);
      assert.equal(dec8.items.length, Math.min(500, dec8.total));
      const page2 = await catalogue.priceList('01', '2026-12-08', { limit: 10, offset: 10 });
      assert.deepEqual(
        page2.items.map((p) => p.code),
        dec8.items.slice(10, 20).map((p) => p.code),
      );
      // Milk went from the June list price to the December one.
      const nov = await pricesOn(c.db, ['SUA-VNM1L'], '01', '2026-11-15');
      const dec = await pricesOn(c.db, ['SUA-VNM1L'], '01', '2026-12-02');
      assert.ok(nov.get('SUA-VNM1L')!.price! < dec.get('SUA-VNM1L')!.price!);
      assert.ok((await catalogue.suppliers()).some((s) => s.code === 'NCC-VINAMILK'));
    });

    test('every bad row of a products file is named, and nothing is written', async () => {
      const before = await head();
      const problems = await refused(
        catalogue.importFile(
          csv([
            PRODUCTS_HEADER,
            'NEW-1,8934588013011,Sản phẩm một,Product one,cái,10,other,NCC-TEM,,,01', // row 2: check digit
            'NEW-2,,Sản phẩm hai,Product two,cái,7,other,NCC-TEM,,,01', // row 3: VAT 7
            'NEW-3,,Sản phẩm ba,Product three,cái,10,toys,NCC-TEM,,,01', // row 4: category
            'NEW-4,,Sản phẩm bốn,Product four,cái,10,other,NCC-NOBODY,,,01', // row 5: supplier
            'NEW-5,,Sản phẩm năm,Product five,cái,10,other,NCC-TEM,,,99', // row 6: province
            'NEW-6,8934588013010,Sản phẩm sáu,Product six,cái,10,other,NCC-TEM,,,01', // row 7
            'NEW-7,8934588013010,Sản phẩm bảy,Product seven,cái,10,other,NCC-TEM,,,01', // row 8: barcode twice
            'NEW-6,,Sản phẩm sáu lại,Product six again,cái,10,other,NCC-TEM,,,01', // row 9: code twice
            `NEW-9,${(await catalogue.product('SUA-VNM1L')).product.barcode},Sữa giả,Fake milk,hộp,8,consumer_goods,NCC-TEM,,,01`, // row 10: someone's barcode
          ]),
          ADMIN,
        ),
      );
      assert.deepEqual(problems, [
        '2 ma_vach',
        '3 thue_vat',
        '4 nhom',
        '5 ma_ncc',
        '6 ma_tinh',
        '8 ma_vach',
        '9 ma_hang',
        '10 ma_vach',
      ]);
      assert.equal(await head(), before);
    });

    test('every bad row of a prices file is named, and nothing is written', async () => {
      const before = await head();
      const problems = await refused(
        catalogue.importFile(
          csv([
            PRICES_HEADER,
            'TEM-5000,01,niem_yet,2027-01-01,,0', // row 2: price not positive
            'TEM-5000,01,niem_yet,2027-01-01,,12.5', // row 3: not whole
            'TEM-5000,01,niem_yet,2027-02-01,2027-01-01,5000', // row 4: to before from
            'NOPE-1,01,niem_yet,2027-01-01,,5000', // row 5: unknown product
            'OMAI-HD,01,niem_yet,2027-01-01,2027-03-31,190000', // row 6
            'OMAI-HD,01,niem_yet,2027-03-01,,195000', // row 7: overlaps row 6
            'COM-VONG,48,khuyen_mai,2027-01-01,2027-01-10,100000', // row 8: no list price in Đà Nẵng? (there is)
            'QLN-HN-MOCKHOA,48,khuyen_mai,2027-01-01,2027-01-10,30000', // row 9: no list price under it
            'TEM-5000,99,niem_yet,2027-01-01,,5000', // row 10: province
          ]),
          ADMIN,
        ),
      );
      assert.deepEqual(problems, [
        '2 gia',
        '3 gia',
        '4 den_ngay',
        '5 ma_hang',
        '7 tu_ngay',
        '9 tu_ngay',
        '10 ma_tinh',
      ]);
      assert.equal(await head(), before);
    });

    test('a manager’s import takes only their province’s rows', async () => {
      const before = await head();
      const problems = await refused(
        catalogue.importFile(
          csv([
            PRICES_HEADER,
            'OMAI-HD,01,niem_yet,2027-01-01,,190000',
            'CHA-BO-DN,48,niem_yet,2027-01-01,,190000',
          ]),
          MANAGER,
          { province: '01' },
        ),
      );
      assert.deepEqual(problems, ['3 ma_tinh']);
      const national = await refused(
        catalogue.importFile(
          csv([PRODUCTS_HEADER, 'NEW-10,,Hàng toàn quốc,National goods,cái,10,other,NCC-TEM,,,']),
          MANAGER,
          { province: '01' },
        ),
      );
      assert.deepEqual(national, ['2 ma_tinh']);
      assert.equal(await head(), before);
    });

    test('a new list price closes the open one the day before; a promotion lies over it', async () => {
      const r = await catalogue.importFile(
        csv([PRICES_HEADER, 'OMAI-HD,01,niem_yet,2027-01-01,,190000']),
        MANAGER,
        { province: '01' },
      );
      assert.deepEqual(r.prices, { added: 1, changed: 1, unchanged: 0 });
      const rows = (await catalogue.product('OMAI-HD')).prices.filter(
        (p) => p.province_code === '01' && p.kind === 'list',
      );
      assert.deepEqual(
        rows.map((p) => [p.valid_from, p.valid_to, p.price]),
        [
          ['2026-01-01', '2026-12-31', '180000'],
          ['2027-01-01', null, '190000'],
        ],
      );
      // The event carries only what changed: the new row and the one it closed.
      const e = await c.journal.head();
      assert.equal(e.seq, r.seq);
      const card = await catalogue.setPrice(
        {
          product_code: 'OMAI-HD',
          province_code: '01',
          kind: 'promotion',
          valid_from: '2026-12-25',
          valid_to: '2027-01-05',
          price: 150000n,
        },
        MANAGER,
      );
      assert.ok(card.prices.some((p) => p.kind === 'promotion' && p.price === '150000'));
      const on = await pricesOn(c.db, ['OMAI-HD'], '01', '2027-01-02');
      assert.equal(on.get('OMAI-HD')!.price, 150000n);
      assert.equal(on.get('OMAI-HD')!.price_kind, 'promotion');
      // A list price set from a screen closes the open one too.
      await catalogue.setPrice(
        {
          product_code: 'OMAI-HD',
          province_code: '01',
          kind: 'list',
          valid_from: '2027-06-01',
          valid_to: null,
          price: '200000',
        },
        MANAGER,
      );
      const lists = (await catalogue.product('OMAI-HD')).prices.filter(
        (p) => p.province_code === '01' && p.kind === 'list',
      );
      assert.deepEqual(lists.at(-2)!.valid_to, '2027-05-31');
      // The same price again changes nothing.
      const before = await head();
      await catalogue.setPrice(
        {
          product_code: 'OMAI-HD',
          province_code: '01',
          kind: 'list',
          valid_from: '2027-06-01',
          valid_to: null,
          price: '200000',
        },
        MANAGER,
      );
      assert.equal(await head(), before);
    });

    test('edits refused name their field and write nothing', async () => {
      const before = await head();
      assert.deepEqual(
        await refusedEdit(
          catalogue.setPrice(
            {
              product_code: 'QLN-HN-MOCKHOA',
              province_code: '48',
              kind: 'promotion',
              valid_from: '2027-01-01',
              valid_to: '2027-01-05',
              price: '1000',
            },
            MANAGER,
          ),
        ),
        { code: 'invalid_retail_input', field: 'valid_from' },
      );
      assert.deepEqual(
        await refusedEdit(
          catalogue.setPrice(
            {
              product_code: 'OMAI-HD',
              province_code: '01',
              kind: 'list',
              valid_from: '2026-06-01',
              valid_to: '2026-12-31',
              price: '1000',
            },
            MANAGER,
          ),
        ),
        { code: 'invalid_retail_input', field: 'valid_from' },
      );
      assert.deepEqual(
        await refusedEdit(
          catalogue.setPrice(
            {
              product_code: 'NOPE',
              province_code: '01',
              kind: 'list',
              valid_from: '2027-01-01',
              valid_to: null,
              price: '1000',
            },
            MANAGER,
          ),
        ),
        { code: 'product_not_found', field: 'product_code' },
      );
      assert.deepEqual(
        await refusedEdit(
          catalogue.setPrice(
            {
              product_code: 'OMAI-HD',
              province_code: '01',
              kind: 'promotion',
              valid_from: '2027-02-10',
              valid_to: '2027-02-01',
              price: '1000',
            },
            MANAGER,
          ),
        ),
        { code: 'invalid_retail_input', field: 'valid_to' },
      );
      const omai = (await catalogue.product('OMAI-HD')).product;
      assert.deepEqual(
        await refusedEdit(catalogue.saveProduct({ ...omai, barcode: '8934588013011' }, MANAGER)),
        {
          code: 'invalid_barcode',
          field: 'barcode',
        },
      );
      assert.deepEqual(
        await refusedEdit(catalogue.saveProduct({ ...omai, supplier_code: 'NCC-NOBODY' }, MANAGER)),
        {
          code: 'supplier_not_found',
          field: 'supplier_code',
        },
      );
      assert.deepEqual(await refusedEdit(catalogue.saveProduct({ ...omai, province_code: '99' }, MANAGER)), {
        code: 'invalid_retail_input',
        field: 'province_code',
      });
      assert.equal(await head(), before);
    });

    test('a product saved, given an in-store code, then withdrawn', async () => {
      const saved = await catalogue.saveProduct(
        {
          code: 'BANH-TOM-HT',
          name_vi: 'Bánh tôm Hồ Tây (hộp 10)',
          name_en: 'West Lake shrimp cakes (box of 10)',
          unit: 'hộp',
          vat_rate: 10,
          category: 'local_specialities',
          supplier_code: 'NCC-OCOP-BD',
          local_province: '01',
          ocop_stars: 3,
          province_code: '01',
          active: true,
        },
        MANAGER,
      );
      assert.ok(isEan13(saved.barcode) && saved.barcode.startsWith('2'));
      const renamed = await catalogue.saveProduct(
        { ...saved, barcode: null, name_vi: 'Bánh tôm Hồ Tây hộp 10 chiếc' },
        MANAGER,
      );
      assert.equal(renamed.barcode, saved.barcode);
      const gone = await catalogue.withdraw('BANH-TOM-HT', MANAGER);
      assert.equal(gone.active, false);
      const listed = await catalogue.search({
        q: 'banh tom ho tay',
        active_only: true,
        limit: 10,
        offset: 0,
      });
      assert.equal(listed.total, 0);
    });

    test('the journal replays into the same tables', async () => {
      const report = await c.verify();
      assert.equal(report.ok, true, JSON.stringify(report).slice(0, 2000));
    });
  });
}
