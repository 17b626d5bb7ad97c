// Pension lists over HTTP on both dialects: the agency's officer opens a period and submits lists; a
// clerk finds people in her office's lines; refusals by role, province and content.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../../../app.ts';
import type { Server } from '../../../http/server.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../../storage/testing.ts';
import { callApi, openTestHierarchy, testConfig } from '../../../testing.ts';

const PASSWORD = 'gánh hàng rong qua cầu';
const HEADER =
  'cccd,ho_ten,nam_sinh,loai,so_tien,ma_xa,ma_buu_cuc,kenh,nguoi_nhan_thay,cccd_nguoi_nhan_thay,uy_quyen_den';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`pension lists over HTTP on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    const cookie: Record<string, string> = {};
    let clerkOffice = '';
    let provinceOffice = '';

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }));
      const { hanoi, corporation } = await openTestHierarchy(platform.core);
      const office = await platform.core.offices.open(
        {
          type: 'post_office',
          name: 'Bưu cục Ba Đình',
          postcode: '11100',
          commune_code: '00004',
          address: 'Số 1',
          opening_hours: '7–19',
          parent_id: hanoi.id,
        },
        'system:test',
      );
      clerkOffice = office.id;
      provinceOffice = hanoi.id;
      const danang = await platform.core.offices.open(
        {
          type: 'provincial_post',
          name: 'Bưu điện Đà Nẵng',
          postcode: '50000',
          commune_code: '20194',
          address: 'Số 1',
          opening_hours: '7–19',
          parent_id: corporation.id,
        },
        'system:test',
      );
      let n = 0;
      for (const [username, roles, at, cccd] of [
        ['bhxh.hn', ['social_insurance_officer'], hanoi.id, null],
        ['bhxh.dn', ['social_insurance_officer'], danang.id, null],
        ['lan.clerk', ['counter_clerk'], office.id, '001185000201'],
      ] as const) {
        n++;
        await platform.core.staff.add(
          {
            username,
            full_name: 'Nguyễn Thị Lan',
            cccd,
            phone: `09123459${n}0`,
            office_id: at,
            roles: [...roles],
            password: PASSWORD,
          },
          'system:test',
        );
        const r = await callApi(app, {
          method: 'POST',
          url: '/v1/auth/sign-in',
          payload: { username, password: PASSWORD },
        });
        cookie[username] = r.cookie!;
      }
    });
    after(async () => {
      await app.close();
      await platform.close();
      await place.remove();
    });

    type Reply = Record<string, unknown> & {
      code?: string;
      details?: { problems?: Array<{ row: number; field: string }> };
    };
    /** A request as a signed-in person, without an idempotency key (these routes take none). */
    const call = (who: string, method: 'GET' | 'POST', url: string, payload?: string | object, csv = false) =>
      callApi<Reply>(app, {
        method,
        url,
        cookie: cookie[who]!,
        key: null,
        payload,
        ...(csv ? { type: 'text/csv' } : {}),
      });

    test('the agency opens a period and submits a list; the clerk finds a pensioner by name', async () => {
      const opened = await call('bhxh.hn', 'POST', '/v1/finance/pension-periods', {
        province_code: '01',
        months: ['2026-12'],
      });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      const id = String(opened.body['id']);
      const elsewhere = await call('bhxh.dn', 'POST', '/v1/finance/pension-periods', {
        province_code: '01',
        months: ['2026-12'],
      });
      assert.deepEqual([elsewhere.status, elsewhere.body.code], [403, 'office_out_of_scope']);
      const rows = [
        '001045000001,Nguyễn Văn Bình,1945,LH,5200000,00004,11100,QUAY,,,',
        '001150000002,Trần Thị Hoà,1950,TC,2100000,00004,11100,TAI_NHA,,,',
      ];
      const body = `${HEADER}\n${rows.join('\n')}\n`;
      const bad = await call(
        'bhxh.hn',
        'POST',
        `/v1/finance/pension-periods/${id}/lists?count=2&total=7300001`,
        body,
        true,
      );
      assert.deepEqual([bad.status, bad.body.code], [422, 'pension_list_rejected']);
      assert.equal(bad.body.details!.problems![0]!.field, 'declared_total');
      const clerk = await call(
        'lan.clerk',
        'POST',
        `/v1/finance/pension-periods/${id}/lists?count=2&total=7300000`,
        body,
        true,
      );
      assert.deepEqual([clerk.status, clerk.body.code], [403, 'permission_missing']);
      const notCsv = await call(
        'bhxh.hn',
        'POST',
        `/v1/finance/pension-periods/${id}/lists?count=2&total=7300000`,
        { rows },
      );
      assert.equal(notCsv.status, 400);
      const ok = await call(
        'bhxh.hn',
        'POST',
        `/v1/finance/pension-periods/${id}/lists?count=2&total=7300000&file_name=hn-2026-12.csv`,
        body,
        true,
      );
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.deepEqual([ok.body['line_count'], ok.body['total']], [2, '7300000']);
      const found = await call(
        'lan.clerk',
        'GET',
        `/v1/finance/pension-periods/${id}/lines?office=11100&name=hoa`,
      );
      assert.equal(found.status, 200);
      assert.deepEqual(
        (found.body['items'] as Array<{ full_name: string; amount: string }>).map((l) => [
          l.full_name,
          l.amount,
        ]),
        [['Trần Thị Hoà', '2100000']],
      );
      const period = await call('bhxh.hn', 'GET', `/v1/finance/pension-periods/${id}`);
      assert.equal((period.body['lists'] as unknown[]).length, 1);
    });

    test('a name with an invisible direction character is refused by row and field, in CSV and XLSX', async () => {
      const opened = await call('bhxh.hn', 'POST', '/v1/finance/pension-periods', {
        province_code: '01',
        months: ['2027-01'],
      });
      const rows = [
        ['001045000001', 'Nguyễn Văn Bình', '1945', 'LH', '5200000', '00004', '11100', 'QUAY', '', '', ''],
        ['001150000002', 'Trần Thị \u202eHoà', '1950', 'TC', '2100000', '00004', '11100', 'QUAY', '', '', ''],
      ];
      const url = `/v1/finance/pension-periods/${String(opened.body['id'])}/lists?count=2&total=7300000`;
      const expectRefused = (r: Awaited<ReturnType<typeof call>>) => {
        assert.deepEqual([r.status, r.body.code], [422, 'pension_list_rejected'], JSON.stringify(r.body));
        const problems = r.body.details!.problems as Array<{
          row: number;
          field: string;
          message: string;
          message_vi: string;
        }>;
        const named = problems.filter((p) => p.row > 0);
        assert.deepEqual(
          named.map((p) => [p.row, p.field]),
          [[3, 'ho_ten']],
        );
        assert.match(named[0]!.message, /invisible character U\+202E/);
        assert.match(named[0]!.message_vi, /^họ tên chứa ký tự ẩn U\+202E/);
      };
      expectRefused(
        await call('bhxh.hn', 'POST', url, `${HEADER}\n${rows.map((r) => r.join(',')).join('\n')}\n`, true),
      );
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('ds');
      sheet.addRow(HEADER.split(','));
      for (const r of rows) sheet.addRow(r);
      const xlsx = await callApi<Reply>(app, {
        method: 'POST',
        url: `${url}&file_name=ds.xlsx`,
        cookie: cookie['bhxh.hn']!,
        key: null,
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        payload: Buffer.from(await book.xlsx.writeBuffer()),
      });
      expectRefused(xlsx);
    });

    test('a clerk finds the periods her office pays and whether its counters pay them today', async () => {
      // Run after the tests above opened 2026-12 and 2027-01 for Hà Nội; today is 25/11/2026.
      const opened = await call('bhxh.hn', 'POST', '/v1/finance/pension-periods', {
        province_code: '01',
        months: ['2026-11'],
        schedule: { counters_from: '2026-11-10', close_on: '2026-11-30' },
      });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      const r = await call('lan.clerk', 'GET', `/v1/finance/offices/${clerkOffice}/pension-periods`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body['today'], '2026-11-25');
      const items = r.body['items'] as Array<{ months: string[]; counters_open: boolean; status: string }>;
      assert.deepEqual(items.map((p) => [p.months.join(), p.counters_open, p.status]).sort(), [
        ['2026-11', true, 'open'],
        ['2026-12', false, 'open'],
        ['2027-01', false, 'open'],
      ]);
      // Another office's periods are not hers to read; the agency's officer holds no pension.pay.
      const elsewhere = await call(
        'lan.clerk',
        'GET',
        `/v1/finance/offices/${provinceOffice}/pension-periods`,
      );
      assert.deepEqual([elsewhere.status, elsewhere.body.code], [403, 'office_out_of_scope']);
      const agency = await call('bhxh.hn', 'GET', `/v1/finance/offices/${clerkOffice}/pension-periods`);
      assert.deepEqual([agency.status, agency.body.code], [403, 'permission_missing']);
    });
  });
}
