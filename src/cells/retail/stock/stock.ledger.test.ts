// The stock ledger on both dialects: goods in from a supplier at cost, out at their moving average (the last unit
// taking the last đồng), never below zero on a held place, every product's accounts summing to zero, and verify
// catching a stock row changed behind the journal's back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { refused } from '../../../testing.ts';
import { pricesOn } from '../catalogue/index.ts';
import { loadTestCatalogue, openRetailCell, type RetailCellUnderTest } from '../testing.ts';
import { moveStock, type MoveInput } from './index.ts';
import { findAccount } from './stock.repository.ts';

const A = 'ofc_a';
const B = 'ofc_b';
const STAMP = 'HH-000001';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the stock ledger on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-08T02:00:00.000Z');
    let c: RetailCellUnderTest;
    before(async () => {
      c = await openRetailCell(dialect, clock);
    });
    after(() => c.close());

    const move = (m: MoveInput) => c.journal.transaction((trx) => moveStock(trx, c.journal, m, 'stf_test'));
    const at = async (office: string, place: string) => {
      const r = await findAccount(c.db, office, STAMP, place);
      return r === undefined ? [0n, 0n] : [BigInt(r.quantity), BigInt(r.value)];
    };

    test('goods leave at their moving average and the last unit takes the last đồng', async () => {
      await move({
        id: 'mv:r1',
        kind: 'receipt',
        office: A,
        ref: 'po1',
        lines: [
          {
            product: STAMP,
            from: { office: A, place: 'supplier' },
            to: { office: A, place: 'shelf' },
            quantity: 3n,
            value: 10_000n,
          },
        ],
      });
      assert.deepEqual(await at(A, 'shelf'), [3n, 10_000n]);
      const sold = await move({
        id: 'mv:s1',
        kind: 'sale',
        office: A,
        ref: 's1',
        lines: [
          {
            product: STAMP,
            from: { office: A, place: 'shelf' },
            to: { office: A, place: 'customer' },
            quantity: 1n,
          },
        ],
      });
      assert.equal(sold.lines[0]!.value, '3333', '10,000 ₫ for 3: one leaves at 3,333 ₫ (rounded down)');
      const two = await move({
        id: 'mv:t1',
        kind: 'transfer_sent',
        office: A,
        ref: 't1',
        lines: [
          {
            product: STAMP,
            from: { office: A, place: 'shelf' },
            to: { office: A, place: 'transit' },
            quantity: 2n,
          },
        ],
      });
      assert.equal(two.lines[0]!.value, '6667', 'the last two take what is left');
      assert.deepEqual(await at(A, 'shelf'), [0n, 0n]);
      assert.deepEqual(await at(A, 'transit'), [2n, 6_667n]);
      await move({
        id: 'mv:t1r',
        kind: 'transfer_received',
        office: B,
        ref: 't1',
        lines: [
          {
            product: STAMP,
            from: { office: A, place: 'transit' },
            to: { office: B, place: 'shelf' },
            quantity: 1n,
          },
          {
            product: STAMP,
            from: { office: A, place: 'transit' },
            to: { office: A, place: 'transit_loss' },
            quantity: 1n,
          },
        ],
      });
      assert.deepEqual(await at(B, 'shelf'), [1n, 3_333n]);
      assert.deepEqual(await at(A, 'transit_loss'), [1n, 3_334n]);
      assert.deepEqual(await at(A, 'transit'), [0n, 0n]);
      const report = await c.verify();
      assert.deepEqual(report.failures, []);
    });

    test('a move that would take a held place below zero is refused, naming the line, and writes nothing', async () => {
      const before = (await c.journal.head()).seq;
      await refused(
        move({
          id: 'mv:s2',
          kind: 'sale',
          office: B,
          ref: 's2',
          lines: [
            {
              product: STAMP,
              from: { office: B, place: 'shelf' },
              to: { office: B, place: 'customer' },
              quantity: 2n,
            },
          ],
        }),
        'insufficient_stock',
      );
      assert.equal((await c.journal.head()).seq, before);
      assert.deepEqual(await at(B, 'shelf'), [1n, 3_333n]);
    });

    test('a price is the list price of the day in the province, a promotion winning while it lasts', async () => {
      await loadTestCatalogue(c.journal);
      const on = async (day: string) =>
        (await pricesOn(c.db, ['SUA-VNM1L', 'TEM-5000'], '01', day)).get('SUA-VNM1L');
      assert.equal((await on('2026-12-06'))?.price, 34_500n);
      assert.equal((await on('2026-12-08'))?.price_kind, 'promotion');
      assert.equal((await on('2026-12-08'))?.price, 29_900n);
      assert.equal((await on('2026-12-14'))?.price, 34_500n);
      assert.equal((await on('2026-11-30'))?.price, undefined, 'no list price before 1 December');
      assert.equal(
        (await pricesOn(c.db, ['TEM-5000'], '79', '2026-12-08')).get('TEM-5000')?.price,
        undefined,
      );
    });

    test('verify catches a stock row changed behind the journal', async () => {
      await c.db
        .updateTable('retail_stock')
        .set({ quantity: 5n })
        .where('office_id', '=', B)
        .where('product_code', '=', STAMP)
        .where('place', '=', 'shelf')
        .execute();
      const report = await c.verify();
      const text = report.failures.map((f) => `${f.check} ${f.table ?? ''} ${f.message}`).join('\n');
      assert.match(text, /retail_stock/);
      assert.match(
        text,
        /stock of HH-000001 in shelf at ofc_b is 5 worth 3333, but its moves add up to 1 worth 3333/,
      );
    });
  });
}
