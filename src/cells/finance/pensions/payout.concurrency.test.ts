// Two clerks at two offices pay the same pensioner at the same moment, each in a thread of its own with its
// own connection (as two servers would): exactly one payout, one receipt, one ledger movement; the other is told it is paid.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { createJournal } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { createAttachments, createStorage, migrateCell, type Storage } from '../../../storage/index.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../../storage/testing.ts';
import { accountId } from '../chart/index.ts';
import {
  createFinance,
  financeCell,
  financeInvariants,
  financeMigrations,
  type Finance,
  type FinanceTables,
} from '../index.ts';
import { fillVault, openOfficeAccounts } from '../testing.ts';
import type { Directory } from './pension.service.ts';
import { raceBarrier } from './payout.race.ts';

const LINES = 6;
const DIRECTORY: Directory = {
  communes: new Map([['00004', '01']]),
  offices: new Map([
    ['10000', { id: 'ofc_hanoi', province_code: '01', status: 'open', type: 'provincial_post' }],
    ['01100', { id: 'ofc_badinh', province_code: '01', status: 'open', type: 'post_office' }],
    ['01101', { id: 'ofc_hoankiem', province_code: '01', status: 'open', type: 'post_office' }],
  ]),
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`paying one line from two connections on ${dialect}`, { skip }, () => {
    const AT = '2026-12-10T02:00:00.000Z';
    const clock = new ManualClock(AT);
    let place: TestPlace;
    let storage: Storage;
    let finance: Finance;
    let db: Kysely<FinanceTables>;

    before(async () => {
      place = testPlace(dialect);
      const attachments = createAttachments(join(place.dataDir, 'attachments'));
      storage = await createStorage(place.config);
      const cell = await storage.openCell<FinanceTables>('finance');
      await migrateCell(cell, financeMigrations);
      db = cell.db;
      const journal = createJournal({ cell: financeCell(attachments), db: cell.db, clock });
      finance = createFinance({ db: cell.db, journal, clock, attachments });
    });
    after(async () => {
      await storage.close();
      await place.remove();
    });

    test('exactly one payout and one receipt per line; the other clerk is refused', async () => {
      await openOfficeAccounts(finance, [
        ['ofc_hanoi', 'Bưu điện Hà Nội'],
        ['ofc_badinh', 'Bưu cục Ba Đình'],
        ['ofc_hoankiem', 'Bưu cục Hoàn Kiếm'],
      ]);
      await fillVault(finance, 'ofc_badinh', 100_000_000n);
      await fillVault(finance, 'ofc_hoankiem', 100_000_000n);
      const rows = Array.from(
        { length: LINES },
        (_, i) =>
          `0010450000${String(i).padStart(2, '0')},Nguyễn Văn Bình ${i},1945,LH,5000000,00004,01100,QUAY,,,`,
      );
      const period = await finance.pensions.openPeriod(
        { province_code: '01', months: ['2026-12'] },
        'stf_bhxh',
      );
      const list = await finance.pensions.importList(
        {
          period_id: period.id,
          file_name: 'ds.csv',
          declared_count: LINES,
          declared_total: 5_000_000n * BigInt(LINES),
          source: Readable.from([
            Buffer.from(
              `cccd,ho_ten,nam_sinh,loai,so_tien,ma_xa,ma_buu_cuc,kenh,nguoi_nhan_thay,cccd_nguoi_nhan_thay,uy_quyen_den\n${rows.join('\n')}\n`,
            ),
          ]),
        },
        DIRECTORY,
        'stf_bhxh',
      );
      await finance.payouts.fund(
        { period_id: period.id, sha256: list.sha256, reference: 'UNC-1' },
        DIRECTORY,
        'stf_bhxh',
      );
      const tills: string[] = [];
      for (const [office, clerk] of [
        ['ofc_badinh', 'stf_lan'],
        ['ofc_hoankiem', 'stf_minh'],
      ] as const) {
        const t = await finance.tills.open(
          {
            office_id: office,
            clerk_id: clerk,
            clerk_name: clerk,
            amount: '40000000',
            denominations: { '500000': 80 },
          },
          clerk,
        );
        await finance.tills.decideMove(t.movement.id, { confirm: true }, 'stf_manager');
        tills.push(t.session.id);
      }
      const { items } = await finance.pensions.lines({ period_id: period.id, limit: LINES, offset: 0 });
      const lines = items.map((l) => ({ id: l.id, cccd: l.cccd }));
      // Minh pays from another thread with its own connection; Lan from this one; they meet before each line.
      const gate = new SharedArrayBuffer(4 * LINES);
      const worker = new Worker(new URL('./payout.race-worker.ts', import.meta.url), {
        workerData: {
          config: place.config,
          dataDir: place.dataDir,
          at: AT,
          sessionId: tills[1],
          clerk: 'stf_minh',
          lines,
          gate,
        },
      });
      const theirs = new Promise<Array<{ ok: boolean; receipt?: string; code?: string }>>(
        (resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        },
      );
      const mine: Array<{ ok: boolean; receipt?: string; code?: string }> = [];
      for (const [i, line] of lines.entries()) {
        raceBarrier(gate, i);
        try {
          const r = await finance.payouts.pay(
            {
              line_id: line.id,
              session_id: tills[0]!,
              place: 'counter',
              office_province: '01',
              recipient: 'self',
              cccd: line.cccd,
            },
            'stf_lan',
          );
          mine.push({ ok: true, receipt: r.id });
        } catch (err) {
          mine.push({ ok: false, code: isDomainError(err) ? err.code : String(err) });
        }
      }
      const other = await theirs;
      for (const [i, line] of lines.entries()) {
        const both = [mine[i]!, other[i]!];
        assert.equal(both.filter((o) => o.ok).length, 1, `line ${line.id}: ${JSON.stringify(both)}`);
        assert.equal(both.find((o) => !o.ok)!.code, 'line_already_paid', JSON.stringify(both));
        const receipts = await db
          .selectFrom('pension_payout')
          .select('id')
          .where('line_id', '=', line.id)
          .execute();
        assert.deepEqual(
          receipts.map((r) => r.id),
          [both.find((o) => o.ok)!.receipt],
        );
      }
      // Both tills together paid out exactly the lines, once each.
      const paidOut = async (office: string, clerk: string) => {
        const t = await finance.ledger.getAccount(accountId(office, 'till_cash', clerk));
        return 40_000_000n - (t.debits_posted - t.credits_posted);
      };
      assert.equal(
        (await paidOut('ofc_badinh', 'stf_lan')) + (await paidOut('ofc_hoankiem', 'stf_minh')),
        5_000_000n * BigInt(LINES),
      );
      assert.deepEqual(await financeInvariants(db), []);
    });
  });
}
