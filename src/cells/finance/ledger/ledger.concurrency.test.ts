// Many connections at one account at once, on PostgreSQL: every accepted transfer is in the balance, none is
// lost, and the till never goes below zero.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createJournal, verifyCell } from '../../../journal/index.ts';
import { systemClock } from '../../../platform/clock.ts';
import {
  createAttachments,
  createStorage,
  migrateCell,
  type Attachments,
  type Storage,
} from '../../../storage/index.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../../storage/testing.ts';
import { join } from 'node:path';
import {
  createFinance,
  financeCell,
  financeMigrations,
  ledgerInvariants,
  type Finance,
  type FinanceTables,
} from '../index.ts';

const WORKERS = 8;
const PER_WORKER = 40;

for (const { dialect, skip } of (await dialectsUnderTest()).filter((d) => d.dialect === 'postgres')) {
  describe(`ledger under concurrency on ${dialect}`, { skip }, () => {
    let place: TestPlace;
    const storages: Storage[] = [];
    const workers: Finance[] = [];
    let attachments: Attachments;
    let definition: ReturnType<typeof financeCell>;

    before(async () => {
      place = testPlace(dialect);
      attachments = createAttachments(join(place.dataDir, 'attachments'));
      definition = financeCell(attachments);
      // Each worker is a separate storage with its own pool: separate connections, as separate servers have.
      for (let i = 0; i < WORKERS; i++) {
        const storage = await createStorage(place.config);
        storages.push(storage);
        const cell = await storage.openCell<FinanceTables>('finance');
        if (i === 0) await migrateCell(cell, financeMigrations);
        const journal = createJournal({ cell: definition, db: cell.db, clock: systemClock });
        workers.push(createFinance({ db: cell.db, journal, clock: systemClock, attachments }));
      }
    });
    after(async () => {
      for (const s of storages) await s.close();
      await place.remove();
    });

    test('conflicting transfers from many connections: no lost update, no negative till', async () => {
      const ledger = workers[0]!.ledger;
      await ledger.openAccounts(
        [
          { id: 'vault', code: 1012, name: 'Office vault' },
          { id: 'till', code: 1011, name: 'Till', flags: ['credits_must_not_exceed_debits'] },
          { id: 'payouts', code: 2012, name: 'Pensions paid' },
        ],
        'test',
      );
      const FLOAT = 1_000_000n;
      await ledger.createTransfers(
        [{ id: 'float', debit_account_id: 'till', credit_account_id: 'vault', amount: FLOAT, code: 1 }],
        'test',
      );
      // Every worker pays out of the one till at once; together they ask for far more than it holds.
      const outcomes = await Promise.all(
        workers.map(async (w, k) => {
          const mine: Array<{ id: string; ok: boolean; amount: bigint }> = [];
          for (let i = 0; i < PER_WORKER; i++) {
            const id = `w${k}-${i}`;
            const amount = BigInt(1_000 + ((k * 7919 + i * 104_729) % 9_000));
            // Each one sent twice, as a client retrying after a lost answer would.
            const [r] = await w.ledger.createTransfers(
              [{ id, debit_account_id: 'payouts', credit_account_id: 'till', amount, code: 2 }],
              `w${k}`,
            );
            const [again] = await w.ledger.createTransfers(
              [{ id, debit_account_id: 'payouts', credit_account_id: 'till', amount, code: 2 }],
              `w${k}`,
            );
            assert.ok(r!.result === 'created' || r!.result === 'exceeds_debits', r!.result);
            assert.equal(again!.result, r!.result === 'created' ? 'exists' : 'exceeds_debits');
            mine.push({ id, ok: r!.result === 'created', amount });
          }
          return mine;
        }),
      );
      const accepted = outcomes.flat().filter((o) => o.ok);
      const paid = accepted.reduce((n, o) => n + o.amount, 0n);
      const till = await ledger.getAccount('till');
      assert.ok(accepted.length > 0 && accepted.length < WORKERS * PER_WORKER, `${accepted.length} accepted`);
      assert.equal(till.credits_posted, paid, 'every accepted transfer, and only those, is in the balance');
      assert.ok(till.debits_posted - till.credits_posted >= 0n, 'the till never goes below zero');
      assert.ok(FLOAT - paid < 10_000n, 'the till was drained as far as the amounts allowed');
      for (const o of outcomes.flat()) {
        const t = await ledger.getTransfer(o.id).catch(() => null);
        assert.equal(t !== null, o.ok, o.id);
      }
      const cell = await storages[0]!.openCell<FinanceTables>('finance');
      assert.deepEqual(await ledgerInvariants(cell.db), []);
      const report = await verifyCell({
        cell: definition,
        db: cell.db,
        storage: storages[0]!,
        clock: systemClock,
      });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
      assert.equal(BigInt(report.events), 3n + 1n + BigInt(accepted.length));
    });
  });
}
