// Property-based: random sequences of transfers, two-phase steps, linked chains and time passing, with the
// ledger's invariants checked after every step and every accepted transfer retried to prove idempotency.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { ledgerInvariants } from '../index.ts';
import { openTestFinance } from '../testing.ts';
import type { TransferInput } from './ledger.types.ts';

type Entry =
  | {
      op: 'move';
      id: number;
      debit: number;
      credit: number;
      amount: number;
      pending: boolean;
      timeout: number;
      linked: boolean;
    }
  | { op: 'post'; id: number; pending: number; amount: number | null; linked: boolean }
  | { op: 'void'; id: number; pending: number; linked: boolean };
type Step = { kind: 'batch'; transfers: Entry[] } | { kind: 'wait'; seconds: number };

// Ids come from a small pool, so that steps collide with earlier ones on purpose; posts and voids take
// theirs from another pool and name a pending transfer from the first.
const idArb = fc.integer({ min: 0, max: 12 });
const twoPhaseIdArb = fc.integer({ min: 100, max: 140 });
const linkedArb = fc.constantFrom(false, false, false, true);
const entryArb: fc.Arbitrary<Entry> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('move' as const),
      id: idArb,
      debit: fc.integer({ min: 0, max: 4 }),
      credit: fc.integer({ min: 0, max: 4 }),
      amount: fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 1, max: 30_000 }) },
        { weight: 1, arbitrary: fc.constantFrom(0, -1) },
      ),
      pending: fc.boolean(),
      timeout: fc.constantFrom(0, 0, 30, 120),
      linked: linkedArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('post' as const),
      id: twoPhaseIdArb,
      pending: idArb,
      amount: fc.option(fc.integer({ min: 1, max: 9_000 })),
      linked: linkedArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('void' as const),
      id: twoPhaseIdArb,
      pending: idArb,
      linked: linkedArb,
    }),
  },
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      // Unique ids within a batch: a repeat is refused as such in a batch but not across batches.
      transfers: fc.uniqueArray(entryArb, { minLength: 1, maxLength: 6, selector: (t) => t.id }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), seconds: fc.constantFrom(10, 60, 200) }),
  },
);

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`ledger properties on ${dialect}`, { skip }, () => {
    test('after every step: debits equal credits, no flagged account crosses zero, a retry changes nothing', async () => {
      // What the random runs actually exercised: a property over steps that never happen proves nothing.
      const seen = { post: 0, void: 0, linkedChain: 0, expired: 0, refusedForLimit: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40 }), async (steps) => {
          const clock = new ManualClock('2026-11-25T01:00:00.000Z');
          // Two ledgers: f takes each batch whole, g takes it chain by chain. g decides every chain against the
          // database afresh, so any drift in the state f carries through a batch shows as a different result.
          const f = await openTestFinance(dialect, clock);
          const g = await openTestFinance(dialect, clock);
          try {
            const ledger = f.finance.ledger;
            const acc = (i: number) => ['funding', 'vault', 'till', 'payable', 'overshort'][i]!;
            for (const x of [f, g]) {
              // A funding account without limits, two cash accounts that may not go below zero, a payable
              // that may not pay out more than it received, and one more without limits; and opening money,
              // so that random transfers out of the limited accounts can succeed as well as fail.
              await x.finance.ledger.openAccounts(
                [
                  { id: acc(0), code: 3011, name: 'funding' },
                  { id: acc(1), code: 1012, name: 'vault', flags: ['credits_must_not_exceed_debits'] },
                  { id: acc(2), code: 1011, name: 'till', flags: ['credits_must_not_exceed_debits'] },
                  { id: acc(3), code: 2012, name: 'payable', flags: ['debits_must_not_exceed_credits'] },
                  { id: acc(4), code: 5011, name: 'over/short' },
                ],
                'test',
              );
              const opening = await x.finance.ledger.createTransfers(
                [
                  {
                    id: 'open-1',
                    debit_account_id: acc(1),
                    credit_account_id: acc(0),
                    amount: 20_000n,
                    code: 9,
                  },
                  {
                    id: 'open-2',
                    debit_account_id: acc(2),
                    credit_account_id: acc(0),
                    amount: 20_000n,
                    code: 9,
                  },
                  {
                    id: 'open-3',
                    debit_account_id: acc(0),
                    credit_account_id: acc(3),
                    amount: 20_000n,
                    code: 9,
                  },
                ],
                'test',
              );
              assert.ok(opening.every((r) => r.result === 'created'));
            }
            const tid = (i: number) => `t${i}`;
            for (const step of steps) {
              if (step.kind === 'wait') {
                clock.advance(step.seconds * 1000);
                seen.expired += await ledger.expirePending();
                await g.finance.ledger.expirePending();
                continue;
              }
              const batch: TransferInput[] = step.transfers.map((t) => {
                const linked = t.linked ? ['linked'] : [];
                if (t.op === 'move')
                  return {
                    id: tid(t.id),
                    debit_account_id: acc(t.debit),
                    credit_account_id: acc(t.credit),
                    amount: BigInt(t.amount),
                    code: 1,
                    ...(t.pending ? { timeout: t.timeout } : {}),
                    flags: [...(t.pending ? ['pending'] : []), ...linked],
                  };
                if (t.op === 'post')
                  return {
                    id: tid(t.id),
                    pending_id: tid(t.pending),
                    code: 1,
                    flags: ['post_pending_transfer', ...linked],
                    ...(t.amount === null ? {} : { amount: BigInt(t.amount) }),
                  };
                return {
                  id: tid(t.id),
                  pending_id: tid(t.pending),
                  code: 1,
                  flags: ['void_pending_transfer', ...linked],
                };
              });
              if (batch.length === 0) continue;
              const results = await ledger.createTransfers(batch, 'test');
              assert.equal(results.length, batch.length);
              const oneByOne: string[] = [];
              for (let i = 0, start = 0; i < batch.length; i++)
                if (!(batch[i]!.flags ?? []).includes('linked') || i === batch.length - 1) {
                  oneByOne.push(
                    ...(await g.finance.ledger.createTransfers(batch.slice(start, i + 1), 'test')).map(
                      (r) => r.result,
                    ),
                  );
                  start = i + 1;
                }
              assert.deepEqual(
                results.map((r) => r.result),
                oneByOne,
                'a batch decides as its chains one by one do',
              );
              results.forEach((r, i) => {
                const flags = batch[i]!.flags ?? [];
                if (r.result === 'created' && flags.includes('post_pending_transfer')) seen.post++;
                if (r.result === 'created' && flags.includes('void_pending_transfer')) seen.void++;
                if (r.result === 'created' && flags.includes('linked')) seen.linkedChain++;
                if (r.result === 'exceeds_debits' || r.result === 'exceeds_credits') seen.refusedForLimit++;
              });
              // A linked chain is all or nothing.
              let start = 0;
              for (let i = 0; i < batch.length; i++) {
                const linked = (batch[i]!.flags ?? []).includes('linked');
                if (!linked || i === batch.length - 1) {
                  const chain = results.slice(start, i + 1).map((r) => r.result === 'created');
                  assert.ok(
                    chain.every((x) => x) || chain.every((x) => !x),
                    `chain ${start}..${i}: ${results.map((r) => r.result).join(',')}`,
                  );
                  start = i + 1;
                }
              }
              assert.deepEqual(await ledgerInvariants(f.cell.db), []);
              // Retrying what was created, as a client would after a lost answer, changes nothing.
              // Chains are all or nothing, so what was created is whole chains, retried with the same flags.
              const created = batch.filter((_, i) => results[i]!.result === 'created');
              if (created.length > 0) {
                const head = await f.journal.head();
                const again = await ledger.createTransfers(created, 'test');
                assert.deepEqual(
                  again.map((r) => r.result),
                  created.map(() => 'exists'),
                );
                assert.equal((await f.journal.head()).seq, head.seq);
              }
            }
            const balances = async (x: typeof f) =>
              (await x.finance.ledger.accountsOf({})).map((a) => [
                a.id,
                a.debits_pending,
                a.debits_posted,
                a.credits_pending,
                a.credits_posted,
              ]);
            assert.deepEqual(await balances(f), await balances(g));
          } finally {
            await f.t.cleanup();
            await g.t.cleanup();
          }
        }),
        // SQLite's runs explore; PostgreSQL's check that the dialect decides alike. A PostgreSQL run opens two
        // fresh sets of schemas (about 1.5 s), so 40 runs keep the suite within its time.
        { numRuns: dialect === 'sqlite' ? 200 : 40, seed: 20261125 },
      );
      for (const [what, count] of Object.entries(seen))
        assert.ok(count >= 5, `runs exercised ${what} only ${count} times`);
    });
  });
}
