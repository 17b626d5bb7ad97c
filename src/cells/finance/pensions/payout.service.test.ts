// A whole pension month on one province: the list, the agency's money, bank transfers, commune points,
// counters (in person and by proxy), a home round, stop-payments and the close, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { verifyCell } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { accountId } from '../chart/index.ts';
import { financeInvariants } from '../index.ts';
import { fillVault, openOfficeAccounts, openTestFinance, type TestFinance } from '../testing.ts';
import {
  AGENCY,
  PROVINCE,
  BD,
  HK,
  LAN,
  MINH,
  MANAGER,
  POSTMAN,
  DIRECTORY,
  HEADER,
  ROWS,
  TOTAL,
  FLOAT,
  refusedWithoutWriting,
} from './payout.testing.ts';
import type { Period, PensionList } from './pension.service.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`pension payouts on ${dialect}`, { skip }, () => {
    // 1 December 2026, 08:00 in Hà Nội.
    const clock = new ManualClock('2026-12-01T01:00:00.000Z');
    let f: TestFinance;
    let period: Period;
    let list: PensionList;
    let till: string;

    const lineOf = async (cccd: string) => {
      const { items } = await f.finance.pensions.lines({ period_id: period.id, cccd, limit: 5, offset: 0 });
      assert.equal(items.length, 1, cccd);
      return items[0]!;
    };
    const head = async () => (await f.journal.head()).seq;
    const balance = async (id: string) => {
      const a = await f.finance.ledger.getAccount(id);
      return a.credits_posted - a.debits_posted;
    };
    const refused = refusedWithoutWriting(head);
    const invariantsHold = async () => assert.deepEqual(await financeInvariants(f.cell.db), []);
    const setDay = (day: string) => clock.set(new Date(`${day}T01:00:00.000Z`));

    before(async () => {
      f = await openTestFinance(dialect, clock);
      await openOfficeAccounts(f.finance, [
        [PROVINCE, 'Bưu điện Hà Nội'],
        [BD, 'Bưu cục Ba Đình'],
        [HK, 'Bưu cục Hoàn Kiếm'],
      ]);
      await fillVault(f.finance, BD, 200_000_000n);
      period = await f.finance.pensions.openPeriod({ province_code: '01', months: ['2026-12'] }, AGENCY);
      list = await f.finance.pensions.importList(
        {
          period_id: period.id,
          file_name: 'hanoi-12.csv',
          declared_count: ROWS.length,
          declared_total: TOTAL,
          source: Readable.from([Buffer.from(`${HEADER}\n${ROWS.join('\n')}\n`)]),
        },
        DIRECTORY,
        AGENCY,
      );
    });
    after(async () => {
      await f.t.cleanup();
    });

    test('a period has the usual schedule unless told otherwise, and refuses one out of order', async () => {
      assert.equal(period.bank_from, '2026-12-02');
      assert.equal(period.points_from, '2026-12-05');
      assert.equal(period.counters_from, '2026-12-10');
      assert.equal(period.close_on, '2026-12-25');
      await refused(
        f.finance.pensions.openPeriod(
          { province_code: '02', months: ['2026-12'], schedule: { points_from: '2026-12-20' } },
          AGENCY,
        ),
        'invalid_period',
      );
      await refused(
        f.finance.pensions.openPeriod(
          { province_code: '02', months: ['2026-12'], schedule: { close_on: '2026-12-32' } },
          AGENCY,
        ),
        'invalid_period',
      );
    });

    test('nothing is paid before the agency funds the list', async () => {
      const line = await lineOf('001045000001');
      assert.equal(line.status, 'listed');
      await refused(
        f.finance.payouts.pay(
          {
            line_id: line.id,
            session_id: 'til_none',
            place: 'counter',
            office_province: '01',
            recipient: 'self',
            cccd: line.cccd,
          },
          LAN,
        ),
        'line_not_payable',
      );
    });

    test("funding brings the agency's money to the province and splits it between the paying offices", async () => {
      await refused(
        f.finance.payouts.fund(
          { period_id: period.id, sha256: list.sha256, reference: ' ' },
          DIRECTORY,
          AGENCY,
        ),
        'invalid_payout',
      );
      await refused(
        f.finance.payouts.fund(
          { period_id: period.id, sha256: 'f'.repeat(64), reference: 'UNC-1' },
          DIRECTORY,
          AGENCY,
        ),
        'list_not_found',
      );
      const funding = await f.finance.payouts.fund(
        { period_id: period.id, sha256: list.sha256, reference: 'UNC-2026-12-001' },
        DIRECTORY,
        AGENCY,
      );
      assert.equal(funding.total, TOTAL);
      assert.deepEqual(
        funding.allocations.map((a) => [a.postcode, a.office_id, a.line_count]),
        [
          ['01100', BD, 8],
          ['01101', HK, 2],
        ],
      );
      assert.equal(await balance(accountId(PROVINCE, 'bhxh_funds')), 0n);
      assert.equal(await balance(accountId(BD, 'pensions_payable')), funding.allocations[0]!.amount);
      assert.equal(await balance(accountId(HK, 'pensions_payable')), 3_600_000n);
      assert.equal(await balance(accountId(PROVINCE, 'settlement')), -TOTAL);
      // Each line now waits where its channel says.
      assert.equal((await lineOf('001052000005')).status, 'funded');
      assert.equal((await lineOf('001148000004')).status, 'at_point');
      assert.equal((await lineOf('001045000001')).status, 'at_office');
      assert.equal((await lineOf('001155000007')).status, 'at_office');
      // Told again of the same money: the same answer, nothing new; another reference is refused.
      const before = await head();
      const again = await f.finance.payouts.fund(
        { period_id: period.id, sha256: list.sha256, reference: 'UNC-2026-12-001' },
        DIRECTORY,
        AGENCY,
      );
      assert.equal(again.total, TOTAL);
      assert.equal(await head(), before);
      await refused(
        f.finance.payouts.fund(
          { period_id: period.id, sha256: list.sha256, reference: 'UNC-OTHER' },
          DIRECTORY,
          AGENCY,
        ),
        'list_already_funded',
      );
      await invariantsHold();
    });

    test('bank transfers go first, from the bank day, each line with its receipt', async () => {
      await refused(f.finance.payouts.payBankTransfers(period.id, AGENCY), 'outside_schedule');
      setDay('2026-12-02');
      const run = await f.finance.payouts.payBankTransfers(period.id, AGENCY);
      assert.deepEqual(run, { line_count: 1, amount: 6_400_000n });
      const line = await lineOf('001052000005');
      assert.equal(line.status, 'paid');
      const receipt = await f.finance.payouts.receiptOfLine(line.id);
      assert.equal(receipt.place, 'bank');
      assert.equal(receipt.amount, 6_400_000n);
      assert.deepEqual(await f.finance.payouts.payBankTransfers(period.id, AGENCY), {
        line_count: 0,
        amount: 0n,
      });
      await invariantsHold();
    });

    test('a commune point pays its lines from a clerk’s open till, checking the CCCD; a repeat gets the first receipt', async () => {
      setDay('2026-12-05');
      const opened = await f.finance.tills.open(
        { office_id: BD, clerk_id: LAN, clerk_name: 'Lê Thị Lan', ...FLOAT },
        LAN,
      );
      await f.finance.tills.decideMove(opened.movement.id, { confirm: true }, MANAGER);
      till = opened.session.id;
      const line = await lineOf('001148000004');
      const pay = (over: object = {}, actor = LAN) =>
        f.finance.payouts.pay(
          {
            line_id: line.id,
            session_id: till,
            place: 'point',
            office_province: '01',
            recipient: 'self',
            cccd: line.cccd,
            ...over,
          },
          actor,
        );
      await refused(pay({ cccd: '001148000099' }), 'identity_mismatch');
      await refused(pay({ recipient: 'proxy' }), 'identity_mismatch');
      await refused(pay({ office_province: '48' }), 'wrong_province');
      await refused(pay({}, MINH), 'not_your_till');
      // A till whose float nobody has confirmed yet pays no one.
      const unconfirmed = await f.finance.tills.open(
        { office_id: BD, clerk_id: MINH, clerk_name: 'Phạm Văn Minh', ...FLOAT },
        MINH,
      );
      await refused(pay({ session_id: unconfirmed.session.id }, MINH), 'till_not_open');
      // A line of the counter channel is not paid at a point.
      const counterLine = await lineOf('001045000001');
      await refused(pay({ line_id: counterLine.id, cccd: counterLine.cccd }), 'outside_schedule');
      const receipt = await pay();
      assert.equal(receipt.amount, 7_350_000n);
      assert.equal(receipt.amount_words, 'Bảy triệu ba trăm năm mươi nghìn đồng');
      assert.equal(receipt.recipient_name, 'Phạm Thị Lan');
      assert.equal(receipt.place, 'point');
      assert.equal((await f.finance.tills.get(till)).cash, 30_000_000n - 7_350_000n);
      const before = await head();
      const repeat = await pay();
      assert.equal(repeat.id, receipt.id);
      assert.equal(await head(), before);
      // Anyone else is told it is paid.
      await refused(pay({ session_id: 'til_other' }), 'line_already_paid');
      await invariantsHold();
    });

    test('counters pay from their day until the close, in person or by a registered proxy still valid', async () => {
      const line = await lineOf('001045000001');
      const pay = (l: { id: string }, over: object = {}) =>
        f.finance.payouts.pay(
          {
            line_id: l.id,
            session_id: till,
            place: 'counter',
            office_province: '01',
            recipient: 'self',
            cccd: line.cccd,
            ...over,
          },
          LAN,
        );
      await refused(pay(line), 'outside_schedule');
      setDay('2026-12-10');
      const r1 = await pay(line);
      assert.equal(r1.place, 'counter');
      // A line of another office in the province, paid here by its proxy: Hoàn Kiếm owes less, this till pays.
      const proxied = await lineOf('001150000002');
      await refused(pay(proxied, { recipient: 'proxy', cccd: '001085000004' }), 'identity_mismatch');
      const hkBefore = await balance(accountId(HK, 'pensions_payable'));
      const r2 = await pay(proxied, { recipient: 'proxy', cccd: '001085000003' });
      assert.equal(r2.recipient, 'proxy');
      assert.equal(r2.recipient_name, 'Lê Văn Nam');
      assert.equal(r2.full_name, 'Trần Thị Hoà');
      assert.equal(await balance(accountId(HK, 'pensions_payable')), hkBefore - 2_100_000n);
      // An authorisation that ended yesterday pays no one; the person still may come.
      const expired = await lineOf('001047000008');
      await refused(pay(expired, { recipient: 'proxy', cccd: '001180000009' }), 'proxy_expired');
      // More than the till holds: refused whole.
      const big = await lineOf('001046000010');
      await refused(pay(big, { cccd: big.cccd }), 'insufficient_cash');
      assert.equal((await lineOf('001046000010')).status, 'at_office');
      await invariantsHold();
    });

    test('a home round: cash from the vault to the postman, payments with evidence, the rest brought back', async () => {
      const aged = await lineOf('001040000006'); // 86, counter channel
      const home = await lineOf('001155000007'); // registered for home
      const young = await lineOf('001051000012'); // 75, counter channel
      const open = (ids: string[], actor = MANAGER) =>
        f.finance.payouts.openRound(
          {
            period_id: period.id,
            office_id: BD,
            postman_id: POSTMAN,
            postman_name: 'Trương Văn Tư',
            line_ids: ids,
          },
          actor,
        );
      await refused(open([aged.id], POSTMAN), 'same_person');
      await refused(open([aged.id, young.id]), 'not_eligible_for_home');
      await refused(open([aged.id, aged.id]), 'invalid_payout');
      const paidLine = await lineOf('001045000001');
      await refused(open([paidLine.id]), 'line_not_payable');
      const vaultBefore = await f.finance.ledger.getAccount(accountId(BD, 'vault_cash'));
      const round = await open([aged.id, home.id]);
      assert.equal(round.advance, 7_800_000n);
      assert.equal(round.status, 'open');
      const vaultAfter = await f.finance.ledger.getAccount(accountId(BD, 'vault_cash'));
      assert.equal(vaultAfter.credits_posted - vaultBefore.credits_posted, 7_800_000n);
      assert.equal(-(await balance(accountId(BD, 'cash_in_transit', POSTMAN))), 7_800_000n);
      assert.equal((await lineOf(aged.cccd)).status, 'on_round');
      await refused(open([home.id]), 'round_already_open');
      // Not at the counter while the postman carries it.
      await refused(
        f.finance.payouts.pay(
          {
            line_id: aged.id,
            session_id: till,
            place: 'counter',
            office_province: '01',
            recipient: 'self',
            cccd: aged.cccd,
          },
          LAN,
        ),
        'line_not_payable',
      );
      const atHome = (over: object = {}, actor = POSTMAN) =>
        f.finance.payouts.payAtHome(
          {
            round_id: round.id,
            line_id: aged.id,
            recipient: 'self',
            cccd: aged.cccd,
            evidence: 'signature:sig-0001',
            ...over,
          },
          actor,
        );
      await refused(atHome({ evidence: '' }), 'evidence_required');
      await refused(atHome({}, MINH), 'not_your_round');
      const receipt = await atHome();
      assert.equal(receipt.place, 'home');
      assert.equal(receipt.evidence, 'signature:sig-0001');
      assert.equal((await atHome()).id, receipt.id);
      // Closing: the count must be exactly the unpaid cash, counted by someone else.
      await refused(f.finance.payouts.closeRound(round.id, { returned: '3000000' }, POSTMAN), 'same_person');
      await refused(
        f.finance.payouts.closeRound(round.id, { returned: '2900000' }, MANAGER),
        'round_cash_mismatch',
      );
      const closed = await f.finance.payouts.closeRound(round.id, { returned: '3000000' }, MANAGER);
      assert.equal(closed.status, 'closed');
      assert.equal(closed.paid, 4_800_000n);
      assert.equal(closed.returned, 3_000_000n);
      assert.equal(await balance(accountId(BD, 'cash_in_transit', POSTMAN)), 0n);
      assert.equal((await lineOf(home.cccd)).status, 'at_office');
      await refused(f.finance.payouts.closeRound(round.id, { returned: '0' }, MANAGER), 'round_not_open');
      await invariantsHold();
    });

    test('a stop-payment suspends an unpaid line and opens a recovery on a paid one', async () => {
      const stop = (cccd: string, over: object = {}) =>
        f.finance.payouts.stop(
          {
            period_id: period.id,
            cccd,
            reason: 'death',
            reference: 'BHXH-BG-0042',
            effective_date: '2026-12-03',
            ...over,
          },
          AGENCY,
        );
      await refused(stop('001155000007', { reference: '' }), 'invalid_payout');
      await refused(stop('001099000999'), 'line_not_found');
      const unpaid = await lineOf('001155000007');
      assert.deepEqual(await stop(unpaid.cccd), [{ line_id: unpaid.id, outcome: 'suspended' }]);
      await refused(
        f.finance.payouts.pay(
          {
            line_id: unpaid.id,
            session_id: till,
            place: 'counter',
            office_province: '01',
            recipient: 'self',
            cccd: unpaid.cccd,
          },
          LAN,
        ),
        'line_not_payable',
      );
      await refused(stop(unpaid.cccd), 'line_not_payable');
      const paid = await lineOf('001045000001');
      assert.deepEqual(await stop(paid.cccd, { reason: 'emigration' }), [
        { line_id: paid.id, outcome: 'recovery' },
      ]);
      const after = await lineOf(paid.cccd);
      assert.equal(after.status, 'recovery');
      assert.equal(after.stop_reason, 'emigration');
      await invariantsHold();
    });

    test('the close returns every unpaid line and its money to the agency, to the đồng', async () => {
      await refused(f.finance.payouts.closePeriod(period.id, AGENCY), 'outside_schedule');
      setDay('2026-12-26');
      await refused(
        f.finance.payouts.pay(
          {
            line_id: (await lineOf('001051000012')).id,
            session_id: till,
            place: 'counter',
            office_province: '01',
            recipient: 'self',
            cccd: '001051000012',
          },
          LAN,
        ),
        'outside_schedule',
      );
      const settlementBefore = await balance(accountId(PROVINCE, 'settlement'));
      const closed = await f.finance.payouts.closePeriod(period.id, AGENCY);
      // Unpaid: Mai (suspended, 3.0M), Hải (5.5M), Lộc (90M), Hạnh (1.5M), Sơn (4.1M).
      assert.deepEqual(closed, { returned_count: 5, returned_amount: 104_100_000n });
      assert.equal(await balance(accountId(PROVINCE, 'settlement')), settlementBefore + 104_100_000n);
      for (const o of [BD, HK]) assert.equal(await balance(accountId(o, 'pensions_payable')), 0n);
      assert.equal(await balance(accountId(PROVINCE, 'bhxh_funds')), 0n);
      const mai = await lineOf('001155000007');
      assert.equal(mai.status, 'returned');
      assert.equal(mai.return_reason, 'death');
      assert.equal((await lineOf('001051000012')).return_reason, 'not_collected');
      assert.equal((await f.finance.pensions.getPeriod(period.id)).status, 'closed');
      // A returned line is not paid, whatever the day.
      await refused(
        f.finance.payouts.pay(
          {
            line_id: mai.id,
            session_id: till,
            place: 'counter',
            office_province: '01',
            recipient: 'self',
            cccd: mai.cccd,
          },
          LAN,
        ),
        'line_not_payable',
      );
      await refused(f.finance.payouts.closePeriod(period.id, AGENCY), 'period_closed');
      await invariantsHold();
    });

    test('the reconciliation balances after the close, and says where when a line is changed behind its back', async () => {
      const good = await f.finance.payouts.reconciliation(period.id);
      assert.equal(good.balanced, true, good.problems.join('; '));
      assert.equal(good.lines_total, TOTAL);
      const paid = good.by_state.find((s) => s.state === 'paid')!;
      assert.equal(
        paid.amount + (good.by_state.find((s) => s.state === 'recovery')?.amount ?? 0n),
        good.paid_in_receipts,
      );
      const mai = await lineOf('001155000007');
      await f.cell.db
        .updateTable('pension_line')
        .set({ amount: 3_000_001n })
        .where('id', '=', mai.id)
        .execute();
      try {
        const bad = await f.finance.payouts.reconciliation(period.id);
        assert.equal(bad.balanced, false);
        assert.ok(
          bad.problems.some((x) => x.includes('the lists declared')),
          bad.problems.join('; '),
        );
        assert.ok(
          bad.problems.some((x) => x.includes('refund')),
          bad.problems.join('; '),
        );
        // (verify finds it too: the table no longer matches a replay of the journal.)
        const report = await verifyCell({ cell: f.definition, db: f.cell.db, storage: f.t.storage, clock });
        assert.equal(report.ok, false);
      } finally {
        await f.cell.db
          .updateTable('pension_line')
          .set({ amount: 3_000_000n })
          .where('id', '=', mai.id)
          .execute();
      }
    });

    test('verify passes and replay rebuilds every pension table from the journal and the list', async () => {
      const report = await verifyCell({ cell: f.definition, db: f.cell.db, storage: f.t.storage, clock });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });
  });
}
