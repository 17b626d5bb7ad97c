// The catalogue on both dialects: the demo catalogue imported once (again: nothing new), found without
// accents, a file with bad rows refused whole with each problem named, XLSX and CSV the same catalogue, an
// agency officer assigned, and the journal replayed into the same tables.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { verifyCell } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { DEMO_CATALOGUE_FILE, loadDemoCatalogue, type OfficerAccount } from './index.ts';
import { catalogueTestCell, openTestCatalogue, type TestCatalogue } from './testing.ts';

const clock = new ManualClock('2026-12-07T02:00:00.000Z');
const ADMIN = 'stf_0190ffffffffffffffffffffffffffff';
const OFFICER = 'stf_0190a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const DEMO = readFileSync(DEMO_CATALOGUE_FILE);
const [HEADER, ...ROWS]: string[][] = parse(DEMO);
const col = (name: string) => HEADER!.indexOf(name);
const csv = (rows: string[][]) => Buffer.from(stringify([HEADER!, ...rows]));
/** A demo row with some cells replaced. */
const edit = (i: number, cells: Record<string, string>): string[] => {
  const row = [...ROWS[i]!];
  for (const [k, v] of Object.entries(cells)) row[col(k)] = v;
  return row;
};

/** The demo file as XLSX: fees and codes typed as numbers, as a spreadsheet user would leave them. */
async function demoXlsx(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh mục');
  sheet.addRow(HEADER!);
  const numeric = new Set([
    'ma_tinh',
    'ma_xa',
    'ma_xa_phu_trach',
    'le_phi',
    'phi',
    'cuoc_gui',
    'cuoc_tra',
    'so_ngay',
  ]);
  for (const r of ROWS)
    sheet.addRow(r.map((v, i) => (numeric.has(HEADER![i]!) && /^\d+$/.test(v) ? Number(v) : v)));
  return Buffer.from(await book.xlsx.writeBuffer());
}

const account = (over: Partial<OfficerAccount> = {}): OfficerAccount => ({
  id: OFFICER,
  status: 'active',
  roles: ['agency_officer'],
  province_code: '01',
  ...over,
});

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`services catalogue on ${dialect}`, { skip }, () => {
    let c: TestCatalogue;
    const head = async () => (await c.journal.head()).seq;
    const refused = async (promise: Promise<unknown>, code: string) => {
      let caught: unknown;
      await assert.rejects(promise, (err: unknown) => {
        caught = err;
        return isDomainError(err) && err.code === code;
      });
      return caught as { message: string; messageVi: string; details: Record<string, unknown> };
    };

    before(async () => {
      c = await openTestCatalogue(dialect, clock);
    });
    after(async () => {
      await c.t.cleanup();
    });

    test('the demo catalogue is imported in one event; the same file again journals nothing', async () => {
      const first = await loadDemoCatalogue(c.catalogue, 'system:demo');
      assert.equal(first.procedures.added, ROWS.length);
      assert.ok(ROWS.length >= 30 && ROWS.length <= 50, `${ROWS.length} procedures`);
      assert.ok(first.agencies.added >= 12, `${first.agencies.added} agencies`);
      assert.equal(first.seq, 1n);
      const again = await loadDemoCatalogue(c.catalogue, 'system:demo');
      assert.deepEqual(
        [again.seq, again.procedures, again.agencies.added, again.agencies.changed],
        [null, { added: 0, changed: 0, unchanged: ROWS.length }, 0, 0],
      );
      assert.equal(await head(), 1n);
      assert.equal(await c.journal.countEvents(c.cell.db, 'services.catalogue.loaded'), 1n);
    });

    test('a clerk finds procedures without typing accents, by field or by code', async () => {
      const names = async (q: Parameters<typeof c.catalogue.search>[0]) =>
        (await c.catalogue.search(q)).items.map((p) => `${p.province_code} ${p.name}`).sort();
      const births = ['01 Đăng ký khai sinh', '48 Đăng ký khai sinh', '79 Đăng ký khai sinh'];
      assert.deepEqual(await names({ q: 'khai sinh', limit: 10, offset: 0 }), births);
      assert.deepEqual(await names({ q: 'ĐĂNG KÝ KHAI SINH', limit: 10, offset: 0 }), births);
      assert.deepEqual(await names({ q: 'dang  ky khai sinh', limit: 10, offset: 0 }), births);
      assert.deepEqual(await names({ q: 'khai sinh', province: '48', limit: 10, offset: 0 }), [births[1]]);
      assert.deepEqual(await names({ q: '1.001193', limit: 10, offset: 0 }), births);
      const records = await c.catalogue.search({
        q: 'ly lich tu phap',
        province: '79',
        limit: 10,
        offset: 0,
      });
      assert.deepEqual(
        records.items.map((p) => [p.code, p.agency_name, p.agency_charge]),
        [['2.000488.000.00.00.H79', 'Sở Tư pháp Thành phố Hồ Chí Minh', 200_000n]],
      );
      const licence = (
        await c.catalogue.search({ q: 'doi giay phep lai xe', province: '01', limit: 5, offset: 0 })
      ).items[0]!;
      assert.deepEqual(
        [licence.agency_fee, licence.agency_code, licence.deadline_days],
        [135_000n, 'H01.CA', 5],
      );
      // By field: "hộ tịch" (civil status) lists births, marriages, deaths and copies of extracts.
      assert.equal(
        (await c.catalogue.search({ q: 'ho tich', province: '01', limit: 50, offset: 0 })).total,
        4,
      );
      const page = await c.catalogue.search({ province: '01', limit: 5, offset: 5 });
      assert.deepEqual(
        [page.items.length, page.total],
        [5, ROWS.filter((r) => r[col('ma_tinh')] === '01').length],
      );
      assert.equal((await c.catalogue.search({ q: 'xyz khai sinh', limit: 5, offset: 0 })).total, 0);
      assert.equal((await c.catalogue.search({ q: '100%_', limit: 5, offset: 0 })).total, 0);
    });

    test('a procedure names its documents, fees and deadline; agencies sit in real communes', async () => {
      const birth = await c.catalogue.procedure('1.001193.000.00.00.H01');
      assert.deepEqual(birth.documents, [
        { key: 'to_khai_dang_ky_khai_sinh', name: 'Tờ khai đăng ký khai sinh', form: 'original', count: 1 },
        { key: 'giay_chung_sinh', name: 'Giấy chứng sinh', form: 'original', count: 1 },
        {
          key: 'can_cuoc_cong_dan_hoac_giay_to_tuy_than_cua_nguoi_nop',
          name: 'Căn cước công dân hoặc giấy tờ tùy thân của người nộp',
          form: 'copy',
          count: 1,
        },
      ]);
      assert.deepEqual(
        [birth.agency_fee, birth.agency_charge, birth.send_tariff, birth.return_tariff, birth.active],
        [0n, 0n, 25_000n, 20_000n, true],
      );
      const ward = await c.catalogue.agency(birth.agency_code);
      assert.deepEqual(
        [ward.level, ward.commune_code, ward.commune, ward.province_code],
        ['commune', '00004', '00004', '01'],
      );
      const danang = await c.catalogue.agencies({ province: '48' });
      assert.ok(
        danang.length >= 4 && danang.every((a) => a.province_code === '48' && a.phone.startsWith('+84236')),
      );
      await refused(c.catalogue.procedure('1.999999.000.00.00.H01'), 'procedure_not_found');
      await refused(c.catalogue.agency('H01.NOPE'), 'agency_not_found');
    });

    test('a file with bad rows is refused whole, every problem named by row and column', async () => {
      const before = await head();
      const file = csv([
        edit(0, { ten_thu_tuc: 'Đăng ký khai sinh (sửa)' }), // row 2: good, yet not imported
        edit(1, { le_phi: '20.000', so_ngay: '0' }), // row 3
        edit(2, { ma_thu_tuc: '1.000656.H01', giay_to: 'Tờ khai|bản chính|1' }), // row 4
        edit(3, { ma_xa: '99999', ma_co_quan: 'H79.UBND.X00004' }), // row 5
        edit(4, { ma_thu_tuc: ROWS[0]![col('ma_thu_tuc')]! }), // row 6: the same procedure as row 2
        edit(11, { dia_chi: 'Số 1 Đội Cấn, Phường Ba Đình' }), // row 7: its agency written otherwise than row 2's
        edit(6, { dien_thoai: '12345', hieu_luc: 'có', giay_to: '' }), // row 8
        [...edit(7, {}), 'Phường Ba Đình'], // row 9: an address's unquoted comma spilled over
      ]);
      const err = await refused(
        c.catalogue.importFile({ name: 'bad.csv', bytes: file }, ADMIN),
        'invalid_catalogue',
      );
      const where = (err.details['problems'] as Array<{ row: number; field: string }>).map(
        (p) => `${p.row}:${p.field}`,
      );
      assert.deepEqual(where, [
        '3:le_phi',
        '3:so_ngay',
        '4:ma_thu_tuc',
        '4:giay_to',
        '5:ma_co_quan',
        '5:ma_xa',
        '6:ma_thu_tuc',
        '7:dia_chi',
        '8:dien_thoai',
        '8:giay_to',
        '8:hieu_luc',
        '9:*',
      ]);
      assert.deepEqual([err.details['row'], err.details['field'], err.details['total']], [3, 'le_phi', 12]);
      assert.match(err.message, /Row 3, column le_phi: must be a whole number of đồng/);
      assert.match(err.message, /Row 5, column ma_xa: commune 99999 does not exist/);
      assert.match(err.message, /Row 6, column ma_thu_tuc: .* already on row 2/);
      assert.match(err.messageVi, /^Tệp danh mục bị từ chối, chưa nạp gì: 12 lỗi\. Dòng 3, cột le_phi: /);
      assert.equal(await head(), before);
      assert.equal((await c.catalogue.procedure('1.001193.000.00.00.H01')).name, 'Đăng ký khai sinh');

      const header = await refused(
        c.catalogue.importFile({ name: 'h.csv', bytes: Buffer.from('ma_thu_tuc,ten\n1,2\n') }, ADMIN),
        'invalid_catalogue',
      );
      assert.deepEqual([header.details['row'], header.details['field']], [1, 'header']);
      assert.match(header.message, /missing ten_thu_tuc,.*unknown ten/);
      await refused(
        c.catalogue.importFile({ name: 'e.csv', bytes: Buffer.alloc(0) }, ADMIN),
        'invalid_catalogue',
      );
      await refused(
        c.catalogue.importFile({ name: 'latin1.csv', bytes: Buffer.from([0x61, 0xe9, 0x0a]) }, ADMIN),
        'invalid_catalogue',
      );
      // An import for one province refuses another province's rows.
      const other = await refused(
        c.catalogue.importFile({ name: 'demo.csv', bytes: DEMO }, ADMIN, { province: '48' }),
        'invalid_catalogue',
      );
      assert.equal(other.details['total'], ROWS.filter((r) => r[col('ma_tinh')] !== '48').length);
      assert.equal(await head(), before);
    });

    test('the same catalogue as XLSX is the same catalogue; a change journals only what changed', async () => {
      const xlsx = await demoXlsx();
      const same = await c.catalogue.importFile({ name: 'demo.xlsx', bytes: xlsx }, ADMIN);
      assert.deepEqual([same.seq, same.procedures.unchanged, same.agencies.changed], [null, ROWS.length, 0]);
      // A bad row in the sheet is named by the sheet's own row number.
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx as unknown as ArrayBuffer);
      book.worksheets[0]!.getRow(4).getCell(col('so_ngay') + 1).value = 120;
      const bad = await refused(
        c.catalogue.importFile(
          { name: 'bad.xlsx', bytes: Buffer.from(await book.xlsx.writeBuffer()) },
          ADMIN,
        ),
        'invalid_catalogue',
      );
      assert.deepEqual([bad.details['row'], bad.details['field']], [4, 'so_ngay']);

      const changed = await c.catalogue.importFile(
        { name: 'fees.csv', bytes: csv([edit(0, { cuoc_gui: '27000' }), edit(1, { hieu_luc: '0' })]) },
        ADMIN,
      );
      assert.deepEqual(
        [changed.procedures, changed.agencies.unchanged],
        [{ added: 0, changed: 2, unchanged: 0 }, 1],
      );
      const event = (await c.journal.readAfter(changed.seq! - 1n, 1))[0]!;
      const payload = event.payload as {
        agencies: unknown[];
        procedures: Array<{ code: string; send_tariff: string }>;
      };
      assert.deepEqual(
        [payload.agencies.length, payload.procedures.map((p) => [p.code, p.send_tariff])],
        [
          0,
          [
            ['1.001193.000.00.00.H01', '27000'],
            ['1.000894.000.00.00.H01', '25000'],
          ],
        ],
      );
      assert.equal((await c.catalogue.procedure('1.001193.000.00.00.H01')).send_tariff, 27_000n);
      // A withdrawn procedure is no longer offered, but is still there for the dossiers that name it.
      assert.equal(
        (await c.catalogue.search({ q: 'ket hon', province: '01', limit: 5, offset: 0 })).total,
        0,
      );
      assert.equal((await c.catalogue.procedure('1.000894.000.00.00.H01')).active, false);
    });

    test('an agency officer is assigned to an agency of their province, once', async () => {
      const before = await head();
      await refused(
        c.catalogue.assignOfficer(OFFICER, 'H01.STP', ADMIN, account({ roles: ['counter_clerk'] })),
        'officer_not_eligible',
      );
      await refused(
        c.catalogue.assignOfficer(OFFICER, 'H01.STP', ADMIN, account({ province_code: '79' })),
        'officer_not_eligible',
      );
      await refused(
        c.catalogue.assignOfficer(OFFICER, 'H01.STP', ADMIN, account({ status: 'disabled' })),
        'officer_not_eligible',
      );
      await refused(c.catalogue.assignOfficer(OFFICER, 'H01.NOPE', ADMIN, account()), 'agency_not_found');
      assert.equal(await head(), before);
      assert.equal(await c.catalogue.officerAgency(OFFICER), undefined);
      const a = await c.catalogue.assignOfficer(OFFICER, 'H01.STP', ADMIN, account());
      assert.deepEqual(
        [a.agency.name, a.assigned_by, a.assigned_at],
        ['Sở Tư pháp thành phố Hà Nội', ADMIN, clock.now().toISOString()],
      );
      await c.catalogue.assignOfficer(OFFICER, 'H01.STP', ADMIN, account());
      assert.equal(await head(), before + 1n);
      assert.equal((await c.catalogue.officerAgency(OFFICER))?.agency.code, 'H01.STP');

      // The officer's own import: only the agency's procedures; others' rows are named.
      const mine = ROWS.map((r, i) => [r, i] as const).filter(([r]) => r[col('ma_co_quan')] === 'H01.STP');
      const theirs = await refused(
        c.catalogue.importFile({ name: 'demo.csv', bytes: DEMO }, OFFICER, {
          province: '01',
          agency: 'H01.STP',
        }),
        'invalid_catalogue',
      );
      assert.match(theirs.message, /you act for agency H01\.STP/);
      const own = await c.catalogue.importFile(
        { name: 'stp.csv', bytes: csv(mine.map(([, i]) => edit(i, { so_ngay: '9' }))) },
        OFFICER,
        { province: '01', agency: 'H01.STP' },
      );
      assert.deepEqual(own.procedures, { added: 0, changed: mine.length, unchanged: 0 });
      // Nor may it take another agency's procedure over by naming it as its own.
      await refused(
        c.catalogue.importFile(
          {
            name: 'steal.csv',
            bytes: csv([edit(mine[0]![1], { ma_thu_tuc: '1.001193.000.00.00.H01' })]),
          },
          OFFICER,
          { province: '01', agency: 'H01.STP' },
        ),
        'invalid_catalogue',
      );
      const moved = await c.catalogue.assignOfficer(OFFICER, 'H01.VPDKDD', ADMIN, account());
      assert.equal(moved.agency.code, 'H01.VPDKDD');
    });

    test('replaying the journal rebuilds the same tables; a changed row is caught', async () => {
      const report = await verifyCell({
        cell: catalogueTestCell,
        db: c.cell.db,
        storage: c.t.storage,
        clock,
      });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
      await c.cell.db
        .updateTable('services_procedure')
        .set({ agency_charge: 0n })
        .where('code', '=', '2.000488.000.00.00.H01')
        .execute();
      const broken = await verifyCell({
        cell: catalogueTestCell,
        db: c.cell.db,
        storage: c.t.storage,
        clock,
      });
      assert.equal(broken.ok, false);
    });
  });
}
