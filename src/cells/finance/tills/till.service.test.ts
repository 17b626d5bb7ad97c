import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyCell } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { accountId, chartAccount, OFFICE_KINDS, TRANSFER_CODES } from '../chart/index.ts';
import { ledgerInvariants } from '../index.ts';
import { openTestFinance, type TestFinance } from '../testing.ts';
import { parseCashCount } from './cash.ts';
import { trialBalanceCsv } from '../reports/index.ts';

const OFFICE = 'ofc_badinh';
const LAN = 'stf_lan';
const MAI = 'stf_mai';
const MANAGER = 'stf_manager';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`cash tills on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T00:30:00.000Z');
    let f: TestFinance;

    before(async () => {
      f = await openTestFinance(dialect, clock);
      await f.finance.ledger.openAccounts(
        OFFICE_KINDS.map((k) => chartAccount(OFFICE, 'Bưu cục Ba Đình', k)),
        'system:chart',
      );
      // The vault receives 100,000,000 from head office.
      const [r] = await f.finance.ledger.createTransfers(
        [
          {
            id: 'cash-in',
            debit_account_id: accountId(OFFICE, 'vault_cash'),
            credit_account_id: accountId(OFFICE, 'settlement'),
            amount: 100_000_000n,
            code: TRANSFER_CODES.manual,
          },
        ],
        'system:test',
      );
      assert.equal(r!.result, 'created');
    });
    after(async () => {
      await f.t.cleanup();
    });

    const code = (p: Promise<unknown>, expected: string) =>
      assert.rejects(
        p,
        (err: unknown) => isDomainError(err) && err.code === expected && err.messageVi.length > 0,
      );
    const head = async () => (await f.journal.head()).seq;
    const cash = async (id: string) => {
      const a = await f.finance.ledger.getAccount(id);
      return a.debits_posted - a.credits_posted;
    };
    const FLOAT = {
      amount: '5000000',
      denominations: { '500000': 6, '200000': 8, '100000': 2, '50000': 4 },
    };

    test('cash counts must add up and name the note to recount', () => {
      assert.equal(parseCashCount(FLOAT).amount, 5_000_000n);
      assert.throws(() => parseCashCount({ ...FLOAT, amount: '5000001' }), {
        code: 'denominations_do_not_add_up',
      });
      assert.throws(
        () => parseCashCount({ amount: '300', denominations: { '300': 1 } }),
        (e: unknown) => isDomainError(e) && e.details?.['field'] === 'denominations.300',
      );
      assert.throws(() => parseCashCount({ amount: '500', denominations: { '500': 1.5 } }), {
        code: 'invalid_cash_count',
      });
      assert.throws(() => parseCashCount({ amount: '-500', denominations: {} }), {
        code: 'invalid_cash_count',
      });
    });

    test('a till opens only when a second person confirms its float; the maker cannot', async () => {
      const { session, movement } = await f.finance.tills.open(
        { office_id: OFFICE, clerk_id: LAN, clerk_name: 'Nguyễn Thị Lan', ...FLOAT },
        LAN,
      );
      assert.equal(session.status, 'opening');
      assert.equal(session.day, '2026-11-25');
      // Held, not moved: the vault's 5,000,000 is pending until the checker confirms.
      assert.equal(await cash(accountId(OFFICE, 'till_cash', LAN)), 0n);
      const seq = await head();
      await code(f.finance.tills.decideMove(movement.id, { confirm: true }, LAN), 'same_person');
      await code(
        f.finance.tills.open({ office_id: OFFICE, clerk_id: LAN, clerk_name: 'Lan', ...FLOAT }, LAN),
        'till_already_open',
      );
      assert.equal(await head(), seq);
      const confirmed = await f.finance.tills.decideMove(movement.id, { confirm: true }, MAI);
      assert.deepEqual([confirmed.status, confirmed.checker_id], ['confirmed', MAI]);
      const open = await f.finance.tills.get(session.id);
      assert.deepEqual([open.status, open.cash], ['open', 5_000_000n]);
      assert.equal(await cash(accountId(OFFICE, 'vault_cash')), 95_000_000n);
      await code(
        f.finance.tills.decideMove(movement.id, { confirm: true }, MANAGER),
        'movement_already_decided',
      );
    });

    test('moves during the day: confirmed by another, rejected with a reason; a till never goes below zero', async () => {
      const [s] = await f.finance.tills.list({ officeId: OFFICE, status: 'open' });
      const more = await f.finance.tills.requestMove(
        s!.id,
        { direction: 'to_till', amount: '2000000', denominations: { '500000': 4 } },
        LAN,
      );
      await code(
        f.finance.tills.requestMove(s!.id, { direction: 'to_till', amount: '1', denominations: {} }, LAN),
        'denominations_do_not_add_up',
      );
      await code(
        f.finance.tills.requestMove(
          s!.id,
          { direction: 'to_vault', amount: '500000', denominations: { '500000': 1 } },
          MAI,
        ),
        'not_your_till',
      );
      await code(f.finance.tills.decideMove(more.id, { confirm: false }, MAI), 'variance_reason_required');
      const rejected = await f.finance.tills.decideMove(
        more.id,
        { confirm: false, reason: 'Két không đủ tiền lẻ' },
        MAI,
      );
      assert.equal(rejected.status, 'rejected');
      assert.equal((await f.finance.tills.get(s!.id)).cash, 5_000_000n);
      // 6,000,000 out of a till that holds 5,000,000 is refused by the ledger, and nothing is written.
      const seq = await head();
      await code(
        f.finance.tills.requestMove(
          s!.id,
          { direction: 'to_vault', amount: '6000000', denominations: { '500000': 12 } },
          LAN,
        ),
        'insufficient_cash',
      );
      assert.equal(await head(), seq);
      const back = await f.finance.tills.requestMove(
        s!.id,
        { direction: 'to_vault', amount: '1000000', denominations: { '500000': 2 } },
        LAN,
      );
      // The close must wait for pending moves.
      await code(
        f.finance.tills.requestClose(s!.id, { amount: '4000000', denominations: { '500000': 8 } }, LAN),
        'till_has_pending_movements',
      );
      await f.finance.tills.decideMove(back.id, { confirm: true }, MANAGER);
      assert.equal((await f.finance.tills.get(s!.id)).cash, 4_000_000n);
    });

    test('closing: the cash-up, a reason for any variance, the manager above the threshold; the till ends at zero', async () => {
      const [s] = await f.finance.tills.list({ officeId: OFFICE, status: 'open' });
      // The clerk counts 3,900,000 against 4,000,000 expected: short by 100,000, above the 50,000 threshold.
      const count = { amount: '3900000', denominations: { '500000': 7, '200000': 2 } };
      await code(f.finance.tills.requestClose(s!.id, count, LAN), 'variance_reason_required');
      const closing = await f.finance.tills.requestClose(
        s!.id,
        { ...count, reason: 'Trả nhầm tiền thừa cho khách' },
        LAN,
      );
      assert.deepEqual(
        [closing.status, closing.expected_amount, closing.variance],
        ['closing', 4_000_000n, -100_000n],
      );
      await code(f.finance.tills.confirmClose(s!.id, { id: LAN, manager: true }), 'same_person');
      await code(f.finance.tills.confirmClose(s!.id, { id: MAI, manager: false }), 'variance_needs_manager');
      const closed = await f.finance.tills.confirmClose(s!.id, { id: MANAGER, manager: true });
      assert.deepEqual([closed.status, closed.closed_by, closed.cash], ['closed', MANAGER, 0n]);
      assert.equal(await cash(accountId(OFFICE, 'over_short')), 100_000n);
      // 100,000,000 - 5,000,000 + 1,000,000 + 3,900,000 back in the vault.
      assert.equal(await cash(accountId(OFFICE, 'vault_cash')), 99_900_000n);
    });

    test('a small overage is closed by any second person, and goes to over/short', async () => {
      clock.advance(86_400_000);
      const { session, movement } = await f.finance.tills.open(
        {
          office_id: OFFICE,
          clerk_id: LAN,
          clerk_name: 'Lan',
          amount: '1000000',
          denominations: { '500000': 2 },
        },
        LAN,
      );
      assert.equal(session.day, '2026-11-26');
      await f.finance.tills.decideMove(movement.id, { confirm: true }, MAI);
      await f.finance.tills.requestClose(
        session.id,
        { amount: '1020000', denominations: { '500000': 2, '20000': 1 }, reason: 'Khách bỏ quên tiền' },
        LAN,
      );
      const closed = await f.finance.tills.confirmClose(session.id, { id: MAI, manager: false });
      assert.equal(closed.cash, 0n);
      assert.equal(await cash(accountId(OFFICE, 'over_short')), 80_000n);
      assert.equal(await cash(accountId(OFFICE, 'vault_cash')), 99_920_000n);
    });

    test('a till that moved after its cash-up must be counted again before it closes', async () => {
      clock.advance(86_400_000);
      const { session, movement } = await f.finance.tills.open(
        {
          office_id: OFFICE,
          clerk_id: LAN,
          clerk_name: 'Lan',
          amount: '1000000',
          denominations: { '500000': 2 },
        },
        LAN,
      );
      await f.finance.tills.decideMove(movement.id, { confirm: true }, MAI);
      await f.finance.tills.requestClose(
        session.id,
        { amount: '1000000', denominations: { '500000': 2 } },
        LAN,
      );
      // Something moved the till's money after the count (only the ledger itself can, now).
      await f.finance.ledger.createTransfers(
        [
          {
            id: 'sneak',
            debit_account_id: accountId(OFFICE, 'settlement'),
            credit_account_id: accountId(OFFICE, 'till_cash', LAN),
            amount: 1000n,
            code: 900,
          },
        ],
        'system:test',
      );
      await code(f.finance.tills.confirmClose(session.id, { id: MANAGER, manager: true }), 'till_not_open');
      const recount = await f.finance.tills.requestClose(
        session.id,
        {
          amount: '999000',
          denominations: { '500000': 1, '200000': 2, '50000': 1, '20000': 2, '5000': 1, '2000': 2 },
        },
        LAN,
      );
      assert.equal(recount.variance, 0n);
      const closed = await f.finance.tills.confirmClose(session.id, { id: MAI, manager: false });
      assert.deepEqual([closed.status, closed.cash], ['closed', 0n]);
    });

    test('CSV cells a spreadsheet would run as formulas are quoted', () => {
      const csv = trialBalanceCsv({
        office_id: 'o',
        day: '2026-11-25',
        lines: [
          {
            account_id: 'a',
            code: 1011,
            name: '=HYPERLINK("http://x")',
            opening: -5n,
            debits: 0n,
            credits: 0n,
            closing: -5n,
            debit_balance: 0n,
            credit_balance: 5n,
          },
        ],
        total_debits: 0n,
        total_credits: 0n,
        total_debit_balance: 0n,
        total_credit_balance: 5n,
        balanced: false,
        unbalanced_by: [],
      });
      assert.match(csv, /^1011,"'=HYPERLINK\(""http:\/\/x""\)",-5,/m);
    });

    test('a rejected float leaves the till unopened, and the clerk can open again', async () => {
      const { session, movement } = await f.finance.tills.open(
        {
          office_id: OFFICE,
          clerk_id: MAI,
          clerk_name: 'Mai',
          amount: '500000',
          denominations: { '500000': 1 },
        },
        MAI,
      );
      await f.finance.tills.decideMove(movement.id, { confirm: false, reason: 'Sai số tờ' }, LAN);
      assert.equal((await f.finance.tills.get(session.id)).status, 'closed');
      const again = await f.finance.tills.open(
        {
          office_id: OFFICE,
          clerk_id: MAI,
          clerk_name: 'Mai',
          amount: '500000',
          denominations: { '500000': 1 },
        },
        MAI,
      );
      assert.equal(again.session.status, 'opening');
    });

    test('verify: the ledger invariants hold and a replay rebuilds tills and ledger alike', async () => {
      assert.deepEqual(await ledgerInvariants(f.cell.db), []);
      const report = await verifyCell({ cell: f.definition, db: f.cell.db, storage: f.t.storage, clock });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });
  });
}
