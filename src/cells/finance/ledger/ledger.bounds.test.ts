// Issue 20, finding 3, on both dialects: an account's totals stop at MAX_ACCOUNT_TOTAL (10^18 đồng), a transfer
// that would cross it is refused by name with nothing written, and verify sums any number of such accounts
// without overflowing what SQLite's and PostgreSQL's 64-bit integers hold.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyCell } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { financeInvariants, MAX_ACCOUNT_TOTAL, MAX_AMOUNT, type Account } from '../index.ts';
import { financeSummary } from '../summary.repository.ts';
import { openTestFinance, type TestFinance } from '../testing.ts';
import type { TransferInput } from './ledger.types.ts';

const ACTOR = 'stf_test';
const INT64_MAX = 2n ** 63n - 1n;

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the ledger's bounds on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let f: TestFinance;
    let n = 0;

    before(async () => {
      f = await openTestFinance(dialect, clock);
    });
    after(async () => {
      await f.t.cleanup();
    });

    const open = (count: number) =>
      f.finance.ledger.openAccounts(
        Array.from({ length: count }, (_, i) => ({ code: 3011, name: `Settlement ${++n}-${i}` })),
        ACTOR,
      );
    /** `count` transfers of MAX_AMOUNT from one account to the other, in one batch. */
    const moves = (from: Account, to: Account, count: number): TransferInput[] =>
      Array.from({ length: count }, () => ({
        id: `b${++n}`,
        debit_account_id: to.id,
        credit_account_id: from.id,
        amount: MAX_AMOUNT,
        code: 900,
      }));
    const head = async () => (await f.journal.head()).seq;

    test('a transfer that would take a total past the bound is refused by name, nothing written', async () => {
      const [a, b] = await open(2);
      const per = MAX_ACCOUNT_TOTAL / MAX_AMOUNT;
      const filled = await f.finance.ledger.createTransfers(moves(a!, b!, Number(per)), ACTOR);
      assert.ok(filled.every((r) => r.result === 'created'));
      const at = await head();
      const [over] = await f.finance.ledger.createTransfers(
        [{ id: `b${++n}`, debit_account_id: b!.id, credit_account_id: a!.id, amount: 1n, code: 900 }],
        ACTOR,
      );
      assert.equal(over!.result, 'overflows_debits_posted');
      assert.match(over!.message, /10\^18/);
      assert.equal(await head(), at, 'nothing journaled');
      const full = await f.finance.ledger.getAccount(b!.id);
      assert.equal(full.debits_posted, MAX_ACCOUNT_TOTAL);
      // The other side's bound, and the pending ones.
      const [c] = await open(1);
      const opened = await head();
      const [credit] = await f.finance.ledger.createTransfers(
        [{ id: `b${++n}`, debit_account_id: c!.id, credit_account_id: a!.id, amount: 1n, code: 900 }],
        ACTOR,
      );
      assert.equal(credit!.result, 'overflows_credits_posted');
      const [held] = await f.finance.ledger.createTransfers(
        [
          {
            id: `b${++n}`,
            debit_account_id: b!.id,
            credit_account_id: c!.id,
            amount: 1n,
            code: 900,
            flags: ['pending'],
          },
        ],
        ACTOR,
      );
      assert.equal(held!.result, 'overflows_debits', 'posted and pending together stay within the bound');
      assert.equal(await head(), opened);
      assert.deepEqual(await financeInvariants(f.cell.db), []);
    });

    test('ten accounts at the bound: verify and the restore summary add them past 2^63 exactly', async () => {
      const accounts = await open(11);
      const per = Number(MAX_ACCOUNT_TOTAL / MAX_AMOUNT);
      // A chain: each account is debited the bound from the next, so ten of them hold 10^18 each.
      for (let i = 0; i < 10; i++) {
        const r = await f.finance.ledger.createTransfers(moves(accounts[i + 1]!, accounts[i]!, per), ACTOR);
        assert.ok(r.every((x) => x.result === 'created'));
      }
      assert.deepEqual(await financeInvariants(f.cell.db), []);
      const summary = (await financeSummary(f.cell.db)) as { ledger: { debits_posted: string } };
      assert.ok(BigInt(summary.ledger.debits_posted) > INT64_MAX);
      const report = await verifyCell({ cell: f.definition, db: f.cell.db, storage: f.t.storage, clock });
      assert.deepEqual(
        report.failures.filter((x) => x.check === 'invariant' || x.check === 'replay'),
        [],
      );
    });
  });
}
