import assert from 'node:assert/strict';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { after, before, describe, test } from 'node:test';
import { verifyCell } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { parseNames } from '../../../platform/people.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { NAMES } from '../../../testing.ts';
import { openTestFinance, type TestFinance } from '../testing.ts';
import { syntheticList } from './pension.demo.ts';
import { WORKER_BYTES } from './pension.rows.ts';
import type { Directory, Period } from './pension.service.ts';

const ACTOR = 'stf_bhxh';
const HEADER =
  'cccd,ho_ten,nam_sinh,loai,so_tien,ma_xa,ma_buu_cuc,kenh,nguoi_nhan_thay,cccd_nguoi_nhan_thay,uy_quyen_den';
const DIRECTORY: Directory = {
  communes: new Map([
    ['00004', '01'],
    ['00008', '01'],
    ['20194', '48'],
  ]),
  offices: new Map([
    ['01100', { id: 'off_01100', province_code: '01', status: 'open', type: 'post_office' }],
    ['01101', { id: 'off_01101', province_code: '01', status: 'open', type: 'post_office' }],
    ['48100', { id: 'off_48100', province_code: '48', status: 'open', type: 'post_office' }],
  ]),
};
const GOOD = [
  '001045000001,Nguyễn Văn Bình,1945,LH,5200000,00004,01100,QUAY,,,',
  '001150000002,Trần Thị Hoà,1950,TC,2100000,00008,01101,TAI_NHA,Lê Văn Nam,001085000003,2027-06-30',
  '001148000004,"Phạm Thị Lan, bà",1948,LH,7350000,00004,01100,DIEM_CHI,,,',
];
const csv = (rows: readonly string[]) => Buffer.from(`${HEADER}\n${rows.join('\n')}\n`);

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`pension lists on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let f: TestFinance;
    let period: Period;

    before(async () => {
      f = await openTestFinance(dialect, clock);
      period = await f.finance.pensions.openPeriod({ province_code: '01', months: ['2026-12'] }, ACTOR);
    });
    after(async () => {
      await f.t.cleanup();
    });

    const head = async () => (await f.journal.head()).seq;
    const importCsv = (bytes: Buffer, count: number, total: bigint | string, periodId = period.id) =>
      f.finance.pensions.importList(
        {
          period_id: periodId,
          file_name: 'ds.csv',
          declared_count: count,
          declared_total: total,
          source: Readable.from([bytes]),
        },
        DIRECTORY,
        ACTOR,
      );
    const refused = async (p: Promise<unknown>, code: string, expect: Array<[number, string]>) => {
      const before = await head();
      await assert.rejects(p, (err: unknown) => {
        assert.ok(isDomainError(err), String(err));
        assert.equal(err.code, code, err.message);
        assert.ok(err.messageVi.length > 0);
        if (expect.length > 0) {
          const problems = (err.details?.['problems'] ?? []) as Array<{ row: number; field: string }>;
          for (const [row, field] of expect)
            assert.ok(
              problems.some((x) => x.row === row && x.field === field),
              `row ${row} ${field} in ${JSON.stringify(problems)}`,
            );
        }
        return true;
      });
      assert.equal(await head(), before, 'nothing written');
      assert.deepEqual(
        readdirSync(join(f.t.dataDir, 'attachments', 'finance', 'incoming')),
        [],
        'no file left behind',
      );
    };

    test('periods: one to three consecutive months, opened once', async () => {
      assert.equal(period.id, 'per_2026-12_01');
      const tet = await f.finance.pensions.openPeriod(
        { province_code: '01', months: ['2027-01', '2027-02'] },
        ACTOR,
      );
      assert.deepEqual(tet.months, ['2027-01', '2027-02']);
      assert.equal(
        (await f.finance.pensions.openPeriod({ province_code: '01', months: ['2026-12'] }, ACTOR)).id,
        period.id,
      );
      await assert.rejects(
        f.finance.pensions.openPeriod({ province_code: '01', months: ['2027-01', '2027-03'] }, ACTOR),
        { code: 'invalid_period' },
      );
      await assert.rejects(
        f.finance.pensions.openPeriod({ province_code: '01', months: ['2027-13'] }, ACTOR),
        { code: 'invalid_period' },
      );
    });

    test('a good list: one event naming its SHA-256, its lines built from it; the same file again is the same list', async () => {
      const before = await head();
      const list = await importCsv(csv(GOOD), 3, 14_650_000n);
      assert.equal(list.line_count, 3);
      assert.equal(list.total, 14_650_000n);
      assert.match(list.sha256, /^[0-9a-f]{64}$/);
      assert.equal(await head(), before + 1n);
      assert.ok(f.attachments.has(list.sha256));
      const again = await importCsv(csv(GOOD), 3, 14_650_000n);
      assert.deepEqual(again, list);
      assert.equal(await head(), before + 1n);
      const byName = await f.finance.pensions.lines({
        period_id: period.id,
        name: 'tran thi hoa',
        limit: 10,
        offset: 0,
      });
      assert.deepEqual(
        byName.items.map((l) => [l.full_name, l.proxy_name, l.channel]),
        [['Trần Thị Hoà', 'Lê Văn Nam', 'TAI_NHA']],
      );
      const byCccd = await f.finance.pensions.lines({
        period_id: period.id,
        cccd: '001148000004',
        limit: 10,
        offset: 0,
      });
      assert.equal(byCccd.items[0]!.full_name, 'Phạm Thị Lan, bà');
      assert.equal(byCccd.items[0]!.status, 'listed');
    });

    test('every bad row is named, and a list with any is refused whole', async () => {
      const rows = [
        '001045000011,Nguyễn Văn An,1945,LH,5200000,00004,01100,QUAY,,,',
        '00104500001,Lê Thị Bé,1945,LH,100,00004,01100,QUAY,,,', // 11-digit CCCD
        '001045000013,Hồ Văn Cư,1946,LH,100,00004,01100,QUAY,,,', // birth year differs from the CCCD
        '001045000014,Đỗ Thị Dung,1945,LH,-5,00004,01100,QUAY,,,', // negative amount
        '001045000015,Vũ Văn Em,1945,XX,100,99999,01100,FAX,,,', // type, commune, channel
        '001045000016,Bùi Thị Gấm,1945,LH,100,20194,48100,QUAY,,,', // another province
        '001045000017,Ngô Văn Hải,1945,LH,100,00004,01100,QUAY,Mai Anh,001085000018,2026-10-31', // proxy expired
        '001045000019,Đinh Văn Ích,1945,LH,100,00004,01100,QUAY,Mai Anh,001085000020,2028-01-01', // over 12 months
        '001045000021,Tạ Thị Kim,1945,LH,100,00004,01100,QUAY,Mai Anh,,', // incomplete proxy
        '001045000022,Lý Văn Long,1945,LH,100,00004', // short row
        '',
        '001045000023,Mai Văn Minh,1945,LH,100,00004,01100,QUAY,Mai\u007fAnh,001085000024,2027-02-30', // bad proxy name and date
      ];
      await refused(importCsv(csv(rows), 11, 5200700n), 'pension_list_rejected', [
        // After a blank line, the row is still the spreadsheet's.
        [13, 'nguoi_nhan_thay'],
        [13, 'uy_quyen_den'],
        [3, 'cccd'],
        [4, 'nam_sinh'],
        [5, 'so_tien'],
        [6, 'loai'],
        [6, 'ma_xa'],
        [6, 'kenh'],
        [7, 'ma_xa'],
        [7, 'ma_buu_cuc'],
        [8, 'uy_quyen_den'],
        [9, 'uy_quyen_den'],
        [10, 'nguoi_nhan_thay'],
        [11, '*'],
      ]);
    });

    test('the envelope must match: the count and the total', async () => {
      const rows = ['001045000031,Nguyễn Văn An,1945,LH,5200000,00004,01100,QUAY,,,'];
      await refused(importCsv(csv(rows), 2, 5_200_000n), 'pension_list_rejected', [[0, 'declared_count']]);
      await refused(importCsv(csv(rows), 1, 5_200_001n), 'pension_list_rejected', [[0, 'declared_total']]);
    });

    test('a person twice in a period, in one list or across lists, is refused', async () => {
      const twice = [
        '001045000041,Nguyễn Văn An,1945,LH,100,00004,01100,QUAY,,,',
        '001045000041,Nguyễn Văn An,1945,LH,100,00004,01100,QUAY,,,',
      ];
      await refused(importCsv(csv(twice), 2, 200n), 'pension_list_rejected', [[3, 'cccd']]);
      // Bình (row 2 of the first list) appears again in a new list for the same period.
      const again = ['001045000042,Lê Văn Ba,1945,LH,100,00004,01100,QUAY,,,', GOOD[0]!];
      await refused(importCsv(csv(again), 2, 5_200_100n), 'pension_list_rejected', [[3, 'cccd']]);
      // The same person for another benefit is a different line.
      const other = [GOOD[0]!.replace(',LH,', ',TC,')];
      assert.equal((await importCsv(csv(other), 1, 5_200_000n)).line_count, 1);
    });

    test('a file that is not a list: wrong columns, not UTF-8, cut off, empty', async () => {
      await refused(importCsv(Buffer.from('so_cccd,ten\n001045000051,An\n'), 1, 1n), 'invalid_list_file', []);
      // A large file whose header is wrong: the reader stops at once, and nothing waits for it forever.
      const big = Buffer.from(`so_cccd,ten\n${'001045000051,Nguyễn Văn An\n'.repeat(200_000)}`);
      await refused(importCsv(big, 1, 1n), 'invalid_list_file', []);
      const latin1 = Buffer.concat([
        Buffer.from(`${HEADER}\n001045000052,Nguy`),
        Buffer.from([0xea, 0x6e]),
        Buffer.from(' An,1945,LH,100,00004,01100,QUAY,,,\n'),
      ]);
      await refused(importCsv(latin1, 1, 100n), 'invalid_list_file', []);
      const cut = csv(GOOD.map((r) => r.replace('00', '05'))).subarray(0, 180);
      await assert.rejects(
        importCsv(cut, 3, 14_650_000n),
        (e: unknown) => isDomainError(e) && ['invalid_list_file', 'pension_list_rejected'].includes(e.code),
      );
      await refused(importCsv(Buffer.alloc(0), 1, 1n), 'invalid_list_file', []);
    });

    test('spreadsheets: a good XLSX is a list like its CSV; wrong columns, bad rows or a cut-off file are refused', async () => {
      const book = async (header: readonly string[], rows: unknown[][]) => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('DS');
        ws.addRow([...header]);
        for (const r of rows) ws.addRow(r);
        return Buffer.from(await wb.xlsx.writeBuffer());
      };
      const cols = HEADER.split(',');
      const wrong = await book(['so_cccd', 'ten'], [['001045000061', 'An']]);
      await refused(importCsv(wrong, 1, 1n), 'invalid_list_file', []);
      const badRows = await book(cols, [
        ['001045000062', 'Lê Văn Tâm', 1945, 'LH', -5, '00004', '01100', 'QUAY'],
        ['001045000063', 'Lê Văn Tín', 1945, 'XX', 100, '99999', '01100', 'QUAY'],
      ]);
      await refused(importCsv(badRows, 2, 95n), 'pension_list_rejected', [
        [2, 'so_tien'],
        [3, 'loai'],
        [3, 'ma_xa'],
      ]);
      const good = await book(cols, [
        [1045000064, 'Lê Văn Tài', 1945, 'LH', 4_000_000, '00004', '01100', 'QUAY'],
      ]);
      await refused(importCsv(good.subarray(0, good.length - 200), 1, 4_000_000n), 'invalid_list_file', []);
      const list = await importCsv(good, 1, 4_000_000n);
      assert.equal(list.line_count, 1);
      const { items } = await f.finance.pensions.lines({
        period_id: period.id,
        cccd: '001045000064',
        limit: 1,
        offset: 0,
      });
      assert.equal(items[0]!.full_name, 'Lê Văn Tài');
    });

    test('the same file may be the list of two periods', async () => {
      const jan = await f.finance.pensions.openPeriod({ province_code: '01', months: ['2027-03'] }, ACTOR);
      const feb = await f.finance.pensions.openPeriod({ province_code: '01', months: ['2027-04'] }, ACTOR);
      const rows = ['001045000061,Nguyễn Văn An,1945,LH,100,00004,01100,QUAY,,,'];
      assert.equal((await importCsv(csv(rows), 1, 100n, jan.id)).line_count, 1);
      assert.equal((await importCsv(csv(rows), 1, 100n, feb.id)).line_count, 1);
    });

    test('a synthetic list of 50,000 realistic lines is checked in a worker thread and accepted whole; verify replays it from its attachment', async () => {
      const gen = syntheticList({
        count: 50_000,
        communes: ['00004', '00008'],
        postcodes: ['01100', '01101'],
        periodStart: '2027-01-01',
        names: parseNames(NAMES),
        seed: 7,
      });
      const chunks: Buffer[] = [];
      let r = gen.next();
      while (r.done !== true) {
        chunks.push(Buffer.from(r.value));
        r = gen.next();
      }
      const bytes = Buffer.concat(chunks);
      assert.ok(bytes.length >= WORKER_BYTES, 'large enough for the worker thread');
      const tet = await f.finance.pensions.openPeriod(
        { province_code: '01', months: ['2027-01', '2027-02'] },
        ACTOR,
      );
      // The first person again at the end, and a bad amount in the middle: both named, nothing imported.
      const lines = bytes.toString('utf8').split('\n');
      const middle = 25_001;
      lines[middle] = lines[middle]!.replace(/,(LH|TC|BTXH),\d+,/, ',$1,-5,');
      const twice = Buffer.from(`${lines.join('\n').trimEnd()}\n${lines[1]}\n`);
      await refused(importCsv(twice, 50_001, r.value.total, tet.id), 'pension_list_rejected', [
        [middle + 1, 'so_tien'],
      ]);
      const withoutBad = Buffer.from(`${bytes.toString('utf8').trimEnd()}\n${lines[1]}\n`);
      const first = lines[1]!.split(',');
      await refused(
        importCsv(withoutBad, 50_001, r.value.total + BigInt(first[4]!), tet.id),
        'pension_list_rejected',
        [[50_002, 'cccd']],
      );
      const list = await importCsv(bytes, r.value.count, r.value.total, tet.id);
      assert.equal(list.line_count, 50_000);
      assert.equal(
        (await f.finance.pensions.lines({ period_id: tet.id, limit: 1, offset: 0 })).total,
        50_000,
      );
      const report = await verifyCell({ cell: f.definition, db: f.cell.db, storage: f.t.storage, clock });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
      // A list file changed on disk, one byte, its size the same: replay cannot rebuild the lines.
      const path = join(f.t.dataDir, 'attachments', 'finance', list.sha256.slice(0, 2), list.sha256.slice(2));
      chmodSync(path, 0o644);
      const changed = Buffer.from(bytes);
      changed[changed.length - 20] = changed[changed.length - 20] === 0x31 ? 0x32 : 0x31;
      writeFileSync(path, changed);
      const broken = await verifyCell({ cell: f.definition, db: f.cell.db, storage: f.t.storage, clock });
      assert.equal(broken.ok, false);
    });
  });
}
