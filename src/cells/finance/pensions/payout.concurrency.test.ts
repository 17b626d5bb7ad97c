// Two clerks at two offices pay the same pensioner at the same moment, each through its own connection (as
// two servers would): exactly one payout, one receipt, one ledger movement; the other is told it is paid.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
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

const LINES = 6;
const DIRECTORY: Directory = {
  communes: new Map([['00004', '01']]),
  offices: new Map([
    ['10000', { id: 'ofc_hanoi', province_code: '01', status: 'open', type: 'provincial_post' }],
    ['01100', { id: 'ofc_badinh', province_code: '01', status: 'open', type: 'post_office' }],
    ['01101', { id: 'ofc_hoankiem', province_code: '01', status: 'open', type: 'post_office' }],
  ]),
};

// PostgreSQL: separate connections race in the database. (SQLite's driver is synchronous, so two connections
// in one process cannot wait on each other; its writers queue on `begin immediate` across processes.)
for (const { dialect, skip } of (await dialectsUnderTest()).filter((d) => d.dialect === 'postgres')) {
  describe(`paying one line from two connections on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-10T02:00:00.000Z');
    let place: TestPlace;
    const storages: Storage[] = [];
    const workers: Finance[] = [];
    let db: Kysely<FinanceTables>;

    before(async () => {
      place = testPlace(dialect);
      const attachments = createAttachments(join(place.dataDir, 'attachments'));
      const definition = financeCell(attachments);
      for (let i = 0; i < 2; i++) {
        const storage = await createStorage(place.config);
        storages.push(storage);
        const cell = await storage.openCell<FinanceTables>('finance');
        if (i === 0) {
          await migrateCell(cell, financeMigrations);
          db = cell.db;
        }
        const journal = createJournal({ cell: definition, db: cell.db, clock });
        workers.push(createFinance({ db: cell.db, journal, clock, attachments }));
      }
    });
    after(async () => {
      for (const s of storages) await s.close();
      await place.remove();
    });

    test('exactly one payout and one receipt per line; the other clerk is refused', async () => {
      const [a, b] = workers as [Finance, Finance];
      await openOfficeAccounts(a, [
        ['ofc_hanoi', 'Bưu điện Hà Nội'],
        ['ofc_badinh', 'Bưu cục Ba Đình'],
        ['ofc_hoankiem', 'Bưu cục Hoàn Kiếm'],
      ]);
      await fillVault(a, 'ofc_badinh', 100_000_000n);
      await fillVault(a, 'ofc_hoankiem', 100_000_000n);
      const rows = Array.from(
        { length: LINES },
        (_, i) => `00104500000${i},Nguyễn Văn Bình ${i},1945,LH,5000000,00004,01100,QUAY,,,`,
      );
      const period = await a.pensions.openPeriod({ province_code: '01', months: ['2026-12'] }, 'stf_bhxh');
      const list = await a.pensions.importList(
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
      await a.payouts.fund(
        { period_id: period.id, sha256: list.sha256, reference: 'UNC-1' },
        DIRECTORY,
        'stf_bhxh',
      );
      const tills: string[] = [];
      for (const [w, office, clerk] of [
        [a, 'ofc_badinh', 'stf_lan'],
        [b, 'ofc_hoankiem', 'stf_minh'],
      ] as const) {
        const t = await w.tills.open(
          {
            office_id: office,
            clerk_id: clerk,
            clerk_name: clerk,
            amount: '40000000',
            denominations: { '500000': 80 },
          },
          clerk,
        );
        await w.tills.decideMove(t.movement.id, { confirm: true }, 'stf_manager');
        tills.push(t.session.id);
      }
      const { items } = await a.pensions.lines({ period_id: period.id, limit: LINES, offset: 0 });
      for (const line of items) {
        const outcomes = await Promise.allSettled([
          a.payouts.pay(
            {
              line_id: line.id,
              session_id: tills[0]!,
              place: 'counter',
              office_province: '01',
              recipient: 'self',
              cccd: line.cccd,
            },
            'stf_lan',
          ),
          b.payouts.pay(
            {
              line_id: line.id,
              session_id: tills[1]!,
              place: 'counter',
              office_province: '01',
              recipient: 'self',
              cccd: line.cccd,
            },
            'stf_minh',
          ),
        ]);
        const paid = outcomes.filter((o) => o.status === 'fulfilled');
        const refused = outcomes.filter((o) => o.status === 'rejected');
        assert.equal(paid.length, 1, `line ${line.id}: ${JSON.stringify(outcomes.map((o) => o.status))}`);
        assert.equal(refused.length, 1);
        const err = (refused[0] as PromiseRejectedResult).reason as unknown;
        assert.ok(isDomainError(err) && err.code === 'line_already_paid', String(err));
        const receipts = await db
          .selectFrom('pension_payout')
          .select('id')
          .where('line_id', '=', line.id)
          .execute();
        assert.deepEqual(
          receipts.map((r) => r.id),
          [paid[0]!.value.id],
        );
      }
      // Both tills together paid out exactly the lines, once each.
      const paidOut = async (office: string, clerk: string) => {
        const t = await a.ledger.getAccount(accountId(office, 'till_cash', clerk));
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
