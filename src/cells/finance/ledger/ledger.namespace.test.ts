// The platform's namespace of transfer ids on both dialects: the one predicate that keeps callers out of it,
// verify's refusal of a transfer in it that no command of the platform makes, and a command of the platform's
// that meets its id taken: refused by name, and security alerted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JournalEvent } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isCallerKey, isSystemId } from '../../../platform/ids.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import {
  accountId,
  chartAccount,
  createFinance,
  deliveryConsumer,
  financeInvariants,
  postTransfers,
  SYSTEM_TRANSFER_IDS,
  TRANSFER_CODES,
  type Finance,
  type LedgerAlarm,
} from '../index.ts';
import { openOfficeAccounts, openTestFinance, type TestFinance } from '../testing.ts';

const OFFICE = 'ofc_0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const NEW_OFFICE = 'ofc_0190bbbbbbbbbbbbbbbbbbbbbbbbbbbb';
let seq = 0n;
/** A counter acceptance of delivery's, paid in cash at a clerk's till, as finance reads it. */
const accepted = (item: string, office: string, fee: bigint): JournalEvent => ({
  seq: ++seq,
  id: `evt_${seq}`,
  type: 'delivery.item.accepted',
  stream: item,
  at: '2026-11-25T01:00:00.000Z',
  actor: 'stf_clerk',
  office,
  payload: {
    id: item,
    sender: { name: 'Nguyễn Văn A' },
    origin_office_id: office,
    fee: fee.toString(),
    paid_by: 'cash',
    clerk_id: 'stf_clerk',
    shipper_id: null,
  },
  prev: '0'.repeat(64),
  hash: '1'.repeat(64),
});

test('caller keys and the platform’s ids never meet', () => {
  for (const ok of ['cash-in-1', 'A', 'x.y_z-9', 'a'.repeat(100)]) assert.equal(isCallerKey(ok), true, ok);
  for (const bad of ['fee:EA000000001VN', 'pc:per_1:refund', '', '-a', 'a'.repeat(101), 'a b', 'é', 7, null])
    assert.equal(isCallerKey(bad), false, String(bad));
  for (const r of SYSTEM_TRANSFER_IDS) {
    const example = r.start.endsWith(':') ? `${r.start}x` : `${r.start}x:y`;
    assert.equal(isSystemId(example), true, example);
    assert.equal(isCallerKey(example), false, example);
  }
});

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the platform's namespace on the ledger, ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let f: TestFinance;
    let finance: Finance;
    const alarms: LedgerAlarm[] = [];

    before(async () => {
      f = await openTestFinance(dialect, clock);
      finance = createFinance({
        db: f.cell.db,
        journal: f.journal,
        clock,
        attachments: f.attachments,
        alarm: (a) => {
          alarms.push(a);
          return Promise.resolve();
        },
      });
      await openOfficeAccounts(finance, [[OFFICE, 'Bưu cục Ba Đình']]);
    });
    after(async () => {
      await f.t.cleanup();
    });

    const move = (id: string, amount: bigint, code: number) => ({
      id,
      debit_account_id: accountId(OFFICE, 'vault_cash'),
      credit_account_id: accountId(OFFICE, 'settlement'),
      amount,
      code,
    });

    test('verify refuses a transfer in the namespace that no command of the platform makes', async () => {
      assert.equal(
        (
          await finance.ledger.createTransfers([move('pc:per_1:refund', 5n, TRANSFER_CODES.manual)], 'stf_x')
        )[0]!.result,
        'created',
      );
      const found = await financeInvariants(f.cell.db);
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.match(found[0]!, /pc:per_1:refund .*platform's namespace/);
      // The same id's start with a code its command does make is the platform's own.
      assert.equal(
        (
          await finance.ledger.createTransfers(
            [move('pc:per_2:refund', 5n, TRANSFER_CODES.pension_refund)],
            'stf_x',
          )
        )[0]!.result,
        'created',
      );
      assert.equal((await financeInvariants(f.cell.db)).length, 1);
    });

    test('a command of the platform’s that finds its id taken is refused by name and alerted', async () => {
      // A till's move, made by the till's command inside its transaction.
      const tillMove = (amount: bigint) =>
        f.journal.transaction(async (trx) => {
          await f.journal.lock(trx);
          await postTransfers(
            finance.ledger,
            trx,
            [move('till:mov_1', amount, TRANSFER_CODES.till_move)],
            'stf_clerk',
            OFFICE,
          );
        });
      await finance.ledger.createTransfers([move('till:mov_1', 7n, TRANSFER_CODES.till_move)], 'stf_x');
      const head = (await f.journal.head()).seq;
      await assert.rejects(tillMove(8n), (err: { code?: string; message?: string }) => {
        assert.equal(err.code, 'system_transfer_conflict');
        assert.match(String(err.message), /till:mov_1/);
        return true;
      });
      assert.equal((await f.journal.head()).seq, head);
      assert.equal(alarms.length, 1);
      assert.equal(alarms[0]!.transfer_id, 'till:mov_1');
      assert.equal(alarms[0]!.severity, 'critical');
      assert.equal(alarms[0]!.result, 'exists_with_different_amount');
      // The same body again is the idempotent retry it always was: no alarm.
      await tillMove(7n);
      assert.equal(alarms.length, 1);
    });

    test('verify fails on every transfer of the platform’s the ledger refused, whatever the reason', async () => {
      const before = (await financeInvariants(f.cell.db)).length;
      await f.journal.transaction(async (trx) => {
        await f.journal.lock(trx);
        await finance.ledger.refusedIn(
          trx,
          {
            id: 'fee:EA000000017VN',
            result: 'overflows_credits_posted',
            source_cell: 'delivery',
            source_seq: '17',
            debit_account_id: accountId(OFFICE, 'vault_cash'),
            credit_account_id: accountId(OFFICE, 'fee_revenue'),
            amount: '5',
            code: TRANSFER_CODES.delivery_fee,
            ref: 'EA000000017VN',
          },
          'system:delivery',
        );
      });
      const found = await financeInvariants(f.cell.db);
      assert.equal(found.length, before + 1, JSON.stringify(found));
      assert.ok(
        found.some((x) => x.includes('fee:EA000000017VN') && x.includes('overflows_credits_posted')),
        JSON.stringify(found),
      );
    });

    test('an acceptance at an office whose accounts are not open yet waits for them; then its fee lands', async () => {
      const handle = deliveryConsumer({ journal: f.journal, ledger: finance.ledger });
      const event = accepted('EA000000025VN', NEW_OFFICE, 12_000n);
      const follow = () =>
        f.journal.transaction(async (trx) => {
          await handle(trx, event);
        });
      const invariants = (await financeInvariants(f.cell.db)).length;
      await assert.rejects(follow(), { code: 'transfers_failed' });
      assert.equal((await financeInvariants(f.cell.db)).length, invariants, 'no refusal was recorded');
      await openOfficeAccounts(finance, [[NEW_OFFICE, 'Bưu cục Tây Hồ']]);
      await finance.ledger.openAccounts(
        [chartAccount(NEW_OFFICE, 'Bưu cục Tây Hồ', 'till_cash', { id: 'stf_clerk', name: 'Lan' })],
        'system:chart',
      );
      await follow();
      assert.equal((await finance.ledger.getTransfer('fee:EA000000025VN')).amount, 12_000n);
      assert.equal(
        (await finance.ledger.getAccount(accountId(NEW_OFFICE, 'fee_revenue'))).credits_posted,
        12_000n,
      );
    });

    test('a conflict met while following delivery is alerted once, after its refusal commits', async () => {
      const handle = deliveryConsumer({ journal: f.journal, ledger: finance.ledger });
      await finance.ledger.createTransfers(
        [move('fee:EA000000034VN', 1n, TRANSFER_CODES.manual)],
        'stf_attacker',
      );
      const before = alarms.length;
      // A refusal the consumer's transaction then undoes is not told: the consumer meets it again.
      await assert.rejects(
        f.journal.transaction(async (trx) => {
          await handle(trx, accepted('EA000000034VN', OFFICE, 9_000n));
          throw new Error('a later event of the batch failed');
        }),
        /a later event/,
      );
      assert.equal(alarms.length, before + 1, 'the planted id is still told of: it was read, committed');
      await f.journal.transaction(async (trx) => {
        await handle(trx, accepted('EA000000034VN', OFFICE, 9_000n));
        assert.equal(alarms.length, before + 1, 'nothing is told while the transaction is open');
      });
      assert.equal(alarms.length, before + 2, JSON.stringify(alarms.slice(before)));
      const told = alarms.at(-1)!;
      assert.equal(told.transfer_id, 'fee:EA000000034VN');
      assert.equal(told.severity, 'critical');
      assert.match(told.message, /delivery event/);
    });
  });
}
