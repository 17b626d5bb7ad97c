// A pension month over HTTP on both dialects, each step by the role that does it: the agency submits an
// XLSX list (polled as a job), the provincial post records the money, a clerk pays at her till and prints
// the receipt, a postman pays at home, the agency stops a payment, the province closes, and the
// reconciliation comes out as JSON, CSV, XLSX and PDF, balanced to the đồng.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../../../app.ts';
import type { Server } from '../../../http/server.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../../storage/testing.ts';
import {
  addSignedInStaff,
  apiCaller,
  callApi,
  openTestHierarchy,
  postcore,
  signIn,
  testConfig,
} from '../../../testing.ts';
import { accountId } from '../chart/index.ts';
import { LIST_COLUMNS } from './pension.csv.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`pension payouts over HTTP on ${dialect}`, { skip }, () => {
    // 10 December 2026, 09:00 in Hà Nội: the counters are paying.
    const clock = new ManualClock('2026-12-10T02:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    let office: string;
    const cookie: Record<string, string> = {};
    const ids: Record<string, string> = {};

    const call = apiCaller(() => app, cookie);

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }));
      const { hanoi } = await openTestHierarchy(platform.core);
      office = (
        await platform.core.offices.open(
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
        )
      ).id;
      await platform.sync();
      const signedIn = await addSignedInStaff(platform, app, [
        ['bhxh', ['social_insurance_officer'], hanoi.id],
        ['province', ['provincial_manager'], hanoi.id],
        ['lan', ['counter_clerk'], office],
        ['hung', ['office_manager'], office],
        ['tu.bd', ['postman'], office],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookie, signedIn.cookies);
    });
    after(async () => {
      await app.close();
      await platform.close();
      await place.remove();
    });

    test('a month of pensions, from the XLSX list to the reconciliation', async () => {
      const period = await call('bhxh', 'POST', '/v1/finance/pension-periods', {
        province_code: '01',
        months: ['2026-12'],
      });
      assert.equal(period.status, 201, JSON.stringify(period.body));
      const periodId = String(period.body.id);
      // The agency's spreadsheet: a CCCD typed as a number (its leading zeros lost), a date typed as a date.
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Danh sách');
      ws.addRow([...LIST_COLUMNS]);
      ws.addRow([
        1045000001,
        'Nguyễn Văn Bình',
        1945,
        'LH',
        5_200_000,
        '00004',
        '11100',
        'QUAY',
        null,
        null,
        null,
      ]);
      ws.addRow([
        '001140000002',
        'Trần Thị Hoà',
        1940,
        'TC',
        2_100_000,
        '00004',
        '11100',
        'TAI_NHA',
        'Lê Văn Nam',
        '001085000003',
        new Date(Date.UTC(2027, 5, 30)),
      ]);
      ws.addRow(['001148000004', 'Phạm Thị Lan', 1948, 'LH', 7_350_000, '00004', '11100', 'QUAY']);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const submitted = await call(
        'bhxh',
        'POST',
        `/v1/finance/pension-periods/${periodId}/lists?count=3&total=14650000&file_name=ds.xlsx&wait=0`,
        xlsx,
        XLSX,
      );
      assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
      let job = submitted.body;
      for (let i = 0; i < 200 && job['state'] === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 25));
        job = (await call('bhxh', 'GET', `/v1/finance/pension-jobs/${String(job.id)}`)).body;
      }
      assert.equal(job['state'], 'accepted', JSON.stringify(job));
      const sha256 = (job['list'] as { sha256: string }).sha256;
      const lines = (await call('lan', 'GET', `/v1/finance/pension-periods/${periodId}/lines?office=11100`))
        .body['items'] as Array<{ id: string; cccd: string; proxy_until: string | null; status: string }>;
      assert.deepEqual(
        lines.map((l) => [l.cccd, l.proxy_until]),
        [
          ['001045000001', null],
          ['001140000002', '2027-06-30'],
          ['001148000004', null],
        ],
      );

      // The money: the agency's officer may not record it; the provincial post does.
      const fundingUrl = `/v1/finance/pension-periods/${periodId}/lists/${sha256}/funding`;
      const byAgency = await call('bhxh', 'POST', fundingUrl, { reference: 'UNC-1' });
      assert.deepEqual([byAgency.status, byAgency.body.code], [403, 'permission_missing']);
      const funded = await call('province', 'POST', fundingUrl, { reference: 'UNC-1' });
      assert.equal(funded.status, 201, JSON.stringify(funded.body));
      assert.equal(funded.body['total'], '14650000');

      // Cash into the vault, a till opened and confirmed.
      const cashIn = await call('hung', 'POST', `/v1/finance/offices/${office}/transfers`, {
        transfers: [
          {
            id: 'cash-in',
            debit_account_id: accountId(office, 'vault_cash'),
            credit_account_id: accountId(office, 'settlement'),
            amount: '50000000',
            code: 900,
          },
        ],
      });
      assert.equal(cashIn.status, 200, JSON.stringify(cashIn.body));
      const till = await call('lan', 'POST', `/v1/finance/offices/${office}/tills`, {
        amount: '20000000',
        denominations: { '500000': 40 },
      });
      assert.equal(till.status, 201, JSON.stringify(till.body));
      const tillId = (till.body['session'] as { id: string }).id;
      const moveId = (till.body['movement'] as { id: string }).id;
      assert.equal(
        (await call('hung', 'POST', `/v1/finance/moves/${moveId}/decision`, { confirm: true })).status,
        200,
      );

      // The counter: a wrong CCCD is refused; the right one paid once, and asked again, the same receipt.
      const payUrl = `/v1/finance/tills/${tillId}/pension-payouts`;
      const wrong = await call('lan', 'POST', payUrl, {
        line_id: lines[0]!.id,
        place: 'counter',
        recipient: 'self',
        cccd: '001045000009',
      });
      assert.deepEqual([wrong.status, wrong.body.code], [422, 'identity_mismatch']);
      const payment = { line_id: lines[0]!.id, place: 'counter', recipient: 'self', cccd: '001045000001' };
      const paid = await call('lan', 'POST', payUrl, payment);
      assert.equal(paid.status, 201, JSON.stringify(paid.body));
      assert.equal(paid.body['amount_words'], 'Năm triệu hai trăm nghìn đồng');
      const again = await call('lan', 'POST', payUrl, payment);
      assert.equal(again.body.id, paid.body.id);
      const byManager = await call('hung', 'POST', payUrl, payment);
      assert.deepEqual([byManager.status, byManager.body.code], [409, 'line_already_paid']);
      const pdf = await call('lan', 'GET', `/v1/finance/pension-receipts/${String(paid.body.id)}.pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.raw.subarray(0, 5).toString(), '%PDF-');

      // The receipt proves itself offline, with nothing but the post's published key.
      const key = await callApi(app, { method: 'GET', url: '/v1/checkpoints/key' });
      assert.equal(key.status, 200);
      const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
      try {
        writeFileSync(join(dir, 'key.json'), key.text);
        const check = (receipt: unknown) => {
          writeFileSync(join(dir, 'receipt.json'), JSON.stringify(receipt));
          return postcore(['verify-receipt', join(dir, 'receipt.json'), '--key', join(dir, 'key.json')]);
        };
        const good = check(paid.body);
        assert.equal(good.code, 0, good.stdout + good.stderr);
        assert.match(
          good.stdout,
          /^ok: finance event \d+ \(finance\.pension\.line_paid, .*\) is in checkpoint finance@\d+/,
        );
        // One digit of the amount changed, where it is printed and where it is signed.
        const printed = check({ ...paid.body, amount: '5300000' });
        assert.equal(printed.code, 1);
        assert.equal(
          printed.stdout,
          'FAILED [claims] the receipt says amount is "5300000" but the signed event says "5200000"\n',
        );
        const signed = structuredClone(paid.body) as { proof: { event: { payload: { amount: string } } } };
        signed.proof.event.payload.amount = '5300000';
        const forged = check(signed);
        assert.equal(forged.code, 1);
        assert.match(
          forged.stdout,
          /^FAILED \[event_hash\] event finance \d+ \(finance\.pension\.line_paid\) does not match its hash/,
        );
        const notJson = postcore(['verify-receipt', join(dir, 'key.json'), '--key', 'QUJD']);
        assert.equal(notJson.code, 1);
        assert.match(notJson.stderr, /Not 32 bytes of base64/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }

      // At home: the manager hands the postman his round; the postman pays with a signature reference.
      const round = await call('hung', 'POST', `/v1/finance/offices/${office}/pension-rounds`, {
        period_id: periodId,
        postman_id: ids['tu.bd'],
        line_ids: [lines[1]!.id],
      });
      assert.equal(round.status, 201, JSON.stringify(round.body));
      assert.equal(round.body['advance'], '2100000');
      const byClerk = await call('lan', 'POST', `/v1/finance/offices/${office}/pension-rounds`, {
        period_id: periodId,
        postman_id: ids['tu.bd'],
        line_ids: [lines[2]!.id],
      });
      assert.deepEqual([byClerk.status, byClerk.body.code], [403, 'permission_missing']);
      const home = await call(
        'tu.bd',
        'POST',
        `/v1/finance/pension-rounds/${String(round.body.id)}/payouts`,
        {
          line_id: lines[1]!.id,
          recipient: 'proxy',
          cccd: '001085000003',
          evidence: 'photo:IMG_0042',
        },
      );
      assert.equal(home.status, 201, JSON.stringify(home.body));
      assert.equal(home.body['recipient_name'], 'Lê Văn Nam');
      const closedRound = await call(
        'hung',
        'POST',
        `/v1/finance/pension-rounds/${String(round.body.id)}/close`,
        {
          returned: '0',
        },
      );
      assert.equal(closedRound.status, 200, JSON.stringify(closedRound.body));

      // The agency stops the third person; the province closes after the last day.
      const stop = await call('bhxh', 'POST', `/v1/finance/pension-periods/${periodId}/stops`, {
        cccd: '001148000004',
        reason: 'death',
        reference: 'BG-17',
        effective_date: '2026-12-08',
      });
      assert.equal(stop.status, 200, JSON.stringify(stop.body));
      const early = await call('province', 'POST', `/v1/finance/pension-periods/${periodId}/close`);
      assert.deepEqual([early.status, early.body.code], [409, 'outside_schedule']);
      clock.set('2026-12-26T02:00:00.000Z');
      // A new working day: sessions last 12 hours.
      for (const u of ['bhxh', 'province']) cookie[u] = await signIn(app, u);
      const closed = await call('province', 'POST', `/v1/finance/pension-periods/${periodId}/close`);
      assert.deepEqual(closed.body, { returned_count: 1, returned_amount: '7350000' });

      // The reconciliation balances, in every form.
      const rec = await call('bhxh', 'GET', `/v1/finance/pension-periods/${periodId}/reconciliation`);
      assert.equal(rec.status, 200, JSON.stringify(rec.body));
      assert.equal(rec.body['balanced'], true, JSON.stringify(rec.body['problems']));
      assert.deepEqual(
        (rec.body['by_state'] as Array<{ state: string; count: number; amount: string }>).map((s) => [
          s.state,
          s.count,
          s.amount,
        ]),
        [
          ['paid', 2, '7300000'],
          ['returned', 1, '7350000'],
        ],
      );
      const csv = await call('bhxh', 'GET', `/v1/finance/pension-periods/${periodId}/reconciliation.csv`);
      assert.ok(csv.raw.toString('utf8').includes('Khai báo của BHXH,,,,3,14650000'));
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(
        (await call('bhxh', 'GET', `/v1/finance/pension-periods/${periodId}/reconciliation.xlsx`))
          .raw as never,
      );
      const summary = book.getWorksheet('Tổng hợp')!;
      const cells = summary.getSheetValues().flatMap((r) => (Array.isArray(r) ? [r.slice(1)] : []));
      assert.ok(
        cells.some((r) => r[0] === 'Tổng cộng' && r[1] === 3 && r[2] === 14_650_000),
        JSON.stringify(cells),
      );
      assert.ok(cells.some((r) => r[0] === 'Khớp' && r[1] === 'Có'));
      const recPdf = await call('bhxh', 'GET', `/v1/finance/pension-periods/${periodId}/reconciliation.pdf`);
      assert.equal(recPdf.raw.subarray(0, 5).toString(), '%PDF-');
      const report = await platform.verify();
      assert.ok(
        report.every((c) => c.ok),
        JSON.stringify(report),
      );
    });
  });
}
