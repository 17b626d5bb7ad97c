import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyCell } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { ledgerInvariants, type Account } from '../index.ts';
import { openTestFinance, type TestFinance } from '../testing.ts';
import type { TransferInput } from './ledger.types.ts';

const ACTOR = 'stf_test';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`ledger on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let f: TestFinance;
    let vault: Account;
    let till: Account;
    let pensions: Account;
    let funding: Account;
    let n = 0;
    const tid = () => `t${++n}`;

    before(async () => {
      f = await openTestFinance(dialect, clock);
      [funding, vault, till, pensions] = (await f.finance.ledger.openAccounts(
        [
          { code: 3011, name: 'Head office settlement' },
          { code: 1012, name: 'Office vault cash', flags: ['credits_must_not_exceed_debits'] },
          { code: 1011, name: 'Till cash: Lan', flags: ['credits_must_not_exceed_debits'] },
          { code: 2012, name: 'Pensions payable', flags: ['debits_must_not_exceed_credits'] },
        ],
        ACTOR,
      )) as [Account, Account, Account, Account];
    });
    after(async () => {
      await f.t.cleanup();
    });

    const balance = async (a: Account) => {
      const x = await f.finance.ledger.getAccount(a.id);
      return { dp: x.debits_pending, d: x.debits_posted, cp: x.credits_pending, c: x.credits_posted };
    };
    const one = async (t: TransferInput) => (await f.finance.ledger.createTransfers([t], ACTOR))[0]!;
    const head = async () => (await f.journal.head()).seq;

    test('a plain transfer posts both sides; the same id and body is answered "exists" and changes nothing', async () => {
      const id = tid();
      const t = {
        id,
        debit_account_id: vault.id,
        credit_account_id: funding.id,
        amount: 50_000_000n,
        code: 1,
      };
      assert.equal((await one(t)).result, 'created');
      const seq = await head();
      assert.equal((await one({ ...t, amount: '50000000' })).result, 'exists');
      assert.equal(await head(), seq);
      assert.deepEqual(await balance(vault), { dp: 0n, d: 50_000_000n, cp: 0n, c: 0n });
      const different: [Partial<TransferInput>, string][] = [
        [{ amount: 1n }, 'exists_with_different_amount'],
        [{ debit_account_id: till.id }, 'exists_with_different_debit_account_id'],
        [{ credit_account_id: till.id }, 'exists_with_different_credit_account_id'],
        [{ code: 2 }, 'exists_with_different_code'],
        [{ ref: 'x' }, 'exists_with_different_ref'],
        [{ flags: ['pending'] }, 'exists_with_different_flags'],
      ];
      for (const [change, code] of different) assert.equal((await one({ ...t, ...change })).result, code);
      assert.equal(await head(), seq);
    });

    test('bad transfers are refused by name and write nothing', async () => {
      const seq = await head();
      const base = { debit_account_id: till.id, credit_account_id: vault.id, code: 1 };
      const cases: [TransferInput, string][] = [
        [{ ...base, id: tid(), amount: 0n }, 'amount_invalid'],
        [{ ...base, id: tid(), amount: -5n }, 'amount_invalid'],
        [{ ...base, id: tid(), amount: '1.5' }, 'amount_invalid'],
        [{ ...base, id: tid(), amount: 1.5 }, 'amount_invalid'],
        [{ ...base, id: tid(), amount: 10n ** 16n }, 'amount_too_large'],
        [{ ...base, id: 'bad id!', amount: 1n }, 'id_invalid'],
        [{ ...base, id: tid(), amount: 1n, debit_account_id: 'nope' }, 'debit_account_not_found'],
        [{ ...base, id: tid(), amount: 1n, credit_account_id: till.id }, 'accounts_must_be_different'],
        [{ ...base, id: tid(), amount: 1n, code: 0 }, 'code_invalid'],
        [{ ...base, id: tid(), amount: 1n, flags: ['pending', 'void_pending_transfer'] }, 'flags_invalid'],
        [{ ...base, id: tid(), amount: 1n, timeout: 60 }, 'timeout_invalid'],
        [{ ...base, id: tid(), amount: 1n, flags: ['post_pending_transfer'] }, 'pending_id_required'],
        [{ ...base, id: tid(), amount: 1n, pending_id: 't1' }, 'pending_id_must_be_absent'],
        // The vault holds 50,000,000: moving 60,000,000 out would take it below zero.
        [
          { id: tid(), debit_account_id: till.id, credit_account_id: vault.id, amount: 60_000_000n, code: 1 },
          'exceeds_debits',
        ],
        // Pensions payable has received nothing: it cannot pay out.
        [
          { id: tid(), debit_account_id: pensions.id, credit_account_id: till.id, amount: 1n, code: 1 },
          'exceeds_credits',
        ],
      ];
      for (const [t, code] of cases) {
        const r = await one(t);
        assert.equal(
          r.result,
          code,
          JSON.stringify(t, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
        );
        assert.ok(r.message_vi.length > 0);
      }
      assert.equal(await head(), seq);
    });

    test('two-phase: pending holds, post in part releases the rest, void releases all; no second post', async () => {
      const p1 = tid();
      assert.equal(
        (
          await one({
            id: p1,
            debit_account_id: till.id,
            credit_account_id: vault.id,
            amount: 10_000_000n,
            code: 2,
            flags: ['pending'],
          })
        ).result,
        'created',
      );
      assert.deepEqual(await balance(vault), { dp: 0n, d: 50_000_000n, cp: 10_000_000n, c: 0n });
      // The held 10,000,000 counts against the vault: 45,000,000 more would cross zero.
      assert.equal(
        (
          await one({
            id: tid(),
            debit_account_id: till.id,
            credit_account_id: vault.id,
            amount: 45_000_000n,
            code: 1,
          })
        ).result,
        'exceeds_debits',
      );
      assert.equal(
        (
          await one({
            id: tid(),
            pending_id: p1,
            amount: 10_000_001n,
            code: 2,
            flags: ['post_pending_transfer'],
          })
        ).result,
        'exceeds_pending_transfer_amount',
      );
      const post = tid();
      assert.equal(
        (
          await one({
            id: post,
            pending_id: p1,
            amount: 8_000_000n,
            code: 2,
            flags: ['post_pending_transfer'],
          })
        ).result,
        'created',
      );
      assert.deepEqual(await balance(vault), { dp: 0n, d: 50_000_000n, cp: 0n, c: 8_000_000n });
      assert.deepEqual(await balance(till), { dp: 0n, d: 8_000_000n, cp: 0n, c: 0n });
      assert.equal(
        (await one({ id: tid(), pending_id: p1, code: 2, flags: ['void_pending_transfer'] })).result,
        'pending_transfer_already_posted',
      );
      assert.equal(
        (
          await one({
            id: post,
            pending_id: p1,
            amount: 8_000_000n,
            code: 2,
            flags: ['post_pending_transfer'],
          })
        ).result,
        'exists',
      );
      assert.equal((await f.finance.ledger.getTransfer(p1)).state, 'posted');

      const p2 = tid();
      await one({
        id: p2,
        debit_account_id: till.id,
        credit_account_id: vault.id,
        amount: 1_000_000n,
        code: 2,
        flags: ['pending'],
      });
      assert.equal(
        (await one({ id: tid(), pending_id: p2, amount: 5n, code: 2, flags: ['void_pending_transfer'] }))
          .result,
        'pending_transfer_has_different_amount',
      );
      assert.equal(
        (
          await one({
            id: tid(),
            pending_id: p2,
            debit_account_id: vault.id,
            code: 2,
            flags: ['void_pending_transfer'],
          })
        ).result,
        'pending_transfer_has_different_debit_account_id',
      );
      assert.equal(
        (await one({ id: tid(), pending_id: p2, code: 2, flags: ['void_pending_transfer'] })).result,
        'created',
      );
      assert.equal(
        (await one({ id: tid(), pending_id: p2, code: 2, flags: ['post_pending_transfer'] })).result,
        'pending_transfer_already_voided',
      );
      assert.deepEqual(await balance(vault), { dp: 0n, d: 50_000_000n, cp: 0n, c: 8_000_000n });
    });

    test('within one batch, each transfer sees the ones before it: a released hold can be spent at once', async () => {
      const [cash, out] = await f.finance.ledger.openAccounts(
        [
          { code: 1011, name: 'Till cash: Hà', flags: ['credits_must_not_exceed_debits'] },
          { code: 2012, name: 'Payable', flags: ['debits_must_not_exceed_credits'] },
        ],
        ACTOR,
      );
      await one({
        id: tid(),
        debit_account_id: cash!.id,
        credit_account_id: out!.id,
        amount: 1_000n,
        code: 1,
      });
      const [hold, hold2] = [tid(), tid()];
      await f.finance.ledger.createTransfers(
        [
          {
            id: hold,
            debit_account_id: funding.id,
            credit_account_id: cash!.id,
            amount: 600n,
            code: 2,
            flags: ['pending'],
          },
          {
            id: hold2,
            debit_account_id: out!.id,
            credit_account_id: funding.id,
            amount: 600n,
            code: 2,
            flags: ['pending'],
          },
        ],
        ACTOR,
      );
      // 600 of each account's 1,000 is held: 700 more cannot go until the holds are released.
      const spend = (id: string) => [
        { id, debit_account_id: funding.id, credit_account_id: cash!.id, amount: 700n, code: 1 },
        { id: `${id}b`, debit_account_id: out!.id, credit_account_id: funding.id, amount: 700n, code: 1 },
      ];
      assert.deepEqual(
        (await f.finance.ledger.createTransfers(spend(tid()), ACTOR)).map((r) => r.result),
        ['exceeds_debits', 'exceeds_credits'],
      );
      const results = await f.finance.ledger.createTransfers(
        [
          { id: tid(), pending_id: hold, amount: 100n, code: 2, flags: ['post_pending_transfer'] },
          { id: tid(), pending_id: hold2, code: 2, flags: ['void_pending_transfer'] },
          ...spend(tid()),
        ],
        ACTOR,
      );
      // Posting 100 of the first hold frees the other 500 of it; voiding the second frees all of it.
      assert.deepEqual(
        results.map((r) => r.result),
        ['created', 'created', 'created', 'created'],
      );
      // The till had 1,000: 100 and 700 are out, so exactly 200 is left.
      const after = await f.finance.ledger.createTransfers(
        [
          { id: tid(), debit_account_id: funding.id, credit_account_id: cash!.id, amount: 201n, code: 1 },
          { id: tid(), debit_account_id: funding.id, credit_account_id: cash!.id, amount: 200n, code: 1 },
        ],
        ACTOR,
      );
      assert.deepEqual(
        after.map((r) => r.result),
        ['exceeds_debits', 'created'],
      );
      assert.deepEqual(await ledgerInvariants(f.cell.db), []);
    });

    test('pending transfers expire after their timeout, releasing what they held', async () => {
      const p = tid();
      await one({
        id: p,
        debit_account_id: till.id,
        credit_account_id: vault.id,
        amount: 2_000_000n,
        code: 2,
        flags: ['pending'],
        timeout: 60,
      });
      assert.equal((await balance(vault)).cp, 2_000_000n);
      clock.advance(61_000);
      assert.equal(
        (await one({ id: tid(), pending_id: p, code: 2, flags: ['post_pending_transfer'] })).result,
        'pending_transfer_expired',
      );
      assert.equal((await f.finance.ledger.getTransfer(p)).state, 'expired');
      assert.equal((await balance(vault)).cp, 0n);
      assert.equal(await f.finance.ledger.expirePending(), 0);
    });

    test('a linked chain succeeds or fails whole; the chain’s other members say linked_event_failed', async () => {
      const seq = await head();
      const before = await balance(till);
      const [a, b, c] = [tid(), tid(), tid()];
      const results = await f.finance.ledger.createTransfers(
        [
          {
            id: a,
            debit_account_id: till.id,
            credit_account_id: vault.id,
            amount: 1_000n,
            code: 1,
            flags: ['linked'],
          },
          {
            id: b,
            debit_account_id: pensions.id,
            credit_account_id: till.id,
            amount: 1_000n,
            code: 1,
            flags: ['linked'],
          },
          { id: c, debit_account_id: till.id, credit_account_id: vault.id, amount: 1_000n, code: 1 },
        ],
        ACTOR,
      );
      assert.deepEqual(
        results.map((r) => r.result),
        ['linked_event_failed', 'exceeds_credits', 'linked_event_failed'],
      );
      assert.equal(await head(), seq);
      assert.deepEqual(await balance(till), before);
      const open = await f.finance.ledger.createTransfers(
        [
          { id: tid(), debit_account_id: till.id, credit_account_id: vault.id, amount: 1_000n, code: 1 },
          {
            id: tid(),
            debit_account_id: till.id,
            credit_account_id: vault.id,
            amount: 1_000n,
            code: 1,
            flags: ['linked'],
          },
        ],
        ACTOR,
      );
      assert.deepEqual(
        open.map((r) => r.result),
        ['created', 'linked_event_chain_open'],
      );
      const ok = await f.finance.ledger.createTransfers(
        [
          {
            id: a,
            debit_account_id: funding.id,
            credit_account_id: pensions.id,
            amount: 5_000n,
            code: 3,
            flags: ['linked'],
          },
          { id: b, debit_account_id: pensions.id, credit_account_id: till.id, amount: 5_000n, code: 1 },
        ],
        ACTOR,
      );
      assert.deepEqual(
        ok.map((r) => r.result),
        ['created', 'created'],
      );
    });

    test('balance history holds each account’s balance after every transfer that touched it', async () => {
      const { items } = await f.finance.ledger.history(vault.id, { limit: 1000, offset: 0 });
      const now = await f.finance.ledger.getAccount(vault.id);
      assert.deepEqual(
        [items[0]!.debits_posted, items[0]!.credits_posted, items[0]!.credits_pending].map(BigInt),
        [now.debits_posted, now.credits_posted, now.credits_pending],
      );
      assert.ok(items.length >= 6);
      for (let i = 1; i < items.length; i++) assert.ok(items[i - 1]!.seq > items[i]!.seq);
    });

    test('closing an account needs it empty; verify checks the invariants and the replay', async () => {
      await assert.rejects(f.finance.ledger.closeAccount(vault.id, ACTOR), { code: 'account_has_balance' });
      const [spare] = await f.finance.ledger.openAccounts([{ code: 5011, name: 'Spare' }], ACTOR);
      assert.equal((await f.finance.ledger.closeAccount(spare!.id, ACTOR)).status, 'closed');
      assert.equal(
        (
          await one({
            id: tid(),
            debit_account_id: spare!.id,
            credit_account_id: funding.id,
            amount: 1n,
            code: 1,
          })
        ).result,
        'debit_account_closed',
      );
      assert.deepEqual(await ledgerInvariants(f.cell.db), []);
      const report = await verifyCell({ cell: f.definition, db: f.cell.db, storage: f.t.storage, clock });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });
  });
}
