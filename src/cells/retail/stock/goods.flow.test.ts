// A day at two Hà Nội offices through the stock module, on both dialects: goods ordered and received in two
// deliveries, a transfer sent and received short, a write-off, a stocktake counted by a clerk and approved by
// the manager after a sale in between; stock and its value balanced (verify ok); every refusal named and
// writing nothing; a replayed key answering the first result.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requestKey } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { loadTestCatalogue, openRetailCell, type RetailCellUnderTest } from '../testing.ts';
import { moveStock } from './index.ts';

const A = 'ofc_a';
const B = 'ofc_b';
const MANAGER_A = { staff: 'stf_manager_a', office: A };
const CLERK_A = { staff: 'stf_clerk_a', office: A };
const MANAGER_B = { staff: 'stf_manager_b', office: B };
const CLERK_B = { staff: 'stf_clerk_b', office: B };

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`a day of stock at an office on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-08T01:30:00.000Z');
    let c: RetailCellUnderTest;
    const head = async () => (await c.journal.head()).seq;
    /** Refused with the code, naming what it says, and nothing written. */
    const refusedNothingWritten = async (p: () => Promise<unknown>, code: string, says?: RegExp) => {
      const before = await head();
      const err = await p().then(
        () => assert.fail(`expected ${code}, but it succeeded`),
        (e: unknown) => e as { code?: string; message: string },
      );
      assert.equal(err.code, code, err.message);
      if (says !== undefined) assert.match(err.message, says);
      assert.equal(await head(), before, `${code}: nothing written`);
    };
    const shelf = async (office: string, product: string) =>
      (await c.retail.stock.officeStock(office)).find((l) => l.product === product)?.shelf ?? {
        quantity: 0n,
        value: 0n,
      };

    before(async () => {
      c = await openRetailCell(dialect, clock);
      await loadTestCatalogue(c.journal);
    });
    after(() => c.close());

    test('goods ordered, received in two deliveries, never beyond the order', async () => {
      const stock = c.retail.stock;
      const key = requestKey('stf_manager_a POST order', 'k-order-1', { n: 1 });
      const po = await stock.order(
        {
          office: A,
          supplier: 'NCC-VINAMILK',
          lines: [
            { product: 'SUA-VNM1L', quantity: 48n, unit_cost: 24_500n },
            { product: 'TEM-5000', quantity: 200n, unit_cost: 4_800n },
          ],
        },
        MANAGER_A,
        key,
      );
      assert.match(po.id, /^MH\d{8}$/);
      assert.equal(po.state, 'open');
      const h = await head();
      const replay = await stock.order(
        {
          office: A,
          supplier: 'NCC-VINAMILK',
          lines: [{ product: 'SUA-VNM1L', quantity: 48n, unit_cost: 24_500n }],
        },
        MANAGER_A,
        key,
      );
      assert.equal(replay.id, po.id, 'a replayed key answers the first order');
      assert.equal(await head(), h);

      const first = await stock.receive(
        po.id,
        { delivery_note: 'PGH-0012', lines: [{ product: 'SUA-VNM1L', quantity: 24n }] },
        MANAGER_A,
      );
      assert.equal(first.state, 'open');
      assert.deepEqual(await shelf(A, 'SUA-VNM1L'), { quantity: 24n, value: 588_000n });
      await refusedNothingWritten(
        () =>
          stock.receive(
            po.id,
            {
              delivery_note: 'PGH-0013',
              lines: [
                { product: 'TEM-5000', quantity: 200n },
                { product: 'SUA-VNM1L', quantity: 25n },
              ],
            },
            MANAGER_A,
          ),
        'received_beyond_order',
        /Line 2: 25 of SUA-VNM1L is more than the 24 still to come/,
      );
      await refusedNothingWritten(
        () =>
          stock.receive(
            po.id,
            { delivery_note: 'PGH-0013', lines: [{ product: 'PB-A4', quantity: 1n }] },
            MANAGER_A,
          ),
        'received_beyond_order',
        /Line 1: PB-A4 is not on purchase order/,
      );
      await refusedNothingWritten(
        () =>
          stock.receive(
            po.id,
            { delivery_note: ' ', lines: [{ product: 'TEM-5000', quantity: 1n }] },
            MANAGER_A,
          ),
        'invalid_retail_input',
        /delivery_note is required/,
      );
      const done = await stock.receive(
        po.id,
        {
          delivery_note: 'PGH-0013',
          lines: [
            { product: 'TEM-5000', quantity: 200n },
            { product: 'SUA-VNM1L', quantity: 24n },
          ],
        },
        MANAGER_A,
      );
      assert.equal(done.state, 'received');
      assert.equal(done.receipts.length, 2);
      assert.deepEqual(
        done.receipts.map((r) => r.id),
        [`rcv:${po.id}:1`, `rcv:${po.id}:2`],
      );
      await refusedNothingWritten(
        () =>
          stock.receive(
            po.id,
            { delivery_note: 'X', lines: [{ product: 'TEM-5000', quantity: 1n }] },
            MANAGER_A,
          ),
        'retail_out_of_order',
      );
      // An order closed short.
      const short = await stock.order(
        { office: A, supplier: 'NCC-TEM', lines: [{ product: 'PB-A4', quantity: 100n, unit_cost: 2_000n }] },
        MANAGER_A,
      );
      await stock.receive(
        short.id,
        { delivery_note: 'PGH-77', lines: [{ product: 'PB-A4', quantity: 60n }] },
        MANAGER_A,
      );
      const closed = await stock.closeOrder(short.id, 'Nhà cung cấp hết hàng', MANAGER_A);
      assert.equal(closed.state, 'closed');
      assert.deepEqual(closed.lines[0]!.received, 60n);
      await refusedNothingWritten(
        () =>
          stock.order(
            { office: A, supplier: 'NCC-NONE', lines: [{ product: 'PB-A4', quantity: 1n, unit_cost: 1n }] },
            MANAGER_A,
          ),
        'supplier_not_found',
      );
      await refusedNothingWritten(
        () =>
          stock.order(
            { office: A, supplier: 'NCC-TEM', lines: [{ product: 'NO-SUCH', quantity: 1n, unit_cost: 1n }] },
            MANAGER_A,
          ),
        'product_not_found',
        /Line 1/,
      );
    });

    test('a transfer sent from A and received short at B: the shortfall lost in transit at A', async () => {
      const stock = c.retail.stock;
      await refusedNothingWritten(
        () =>
          stock.send(
            { from_office: A, to_office: B, lines: [{ product: 'SUA-VNM1L', quantity: 49n }] },
            MANAGER_A,
          ),
        'insufficient_stock',
        /Line 1: SUA-VNM1L has 48 in shelf/,
      );
      const t = await stock.send(
        {
          from_office: A,
          to_office: B,
          note: 'Bổ sung cho bưu cục B',
          lines: [{ product: 'SUA-VNM1L', quantity: 12n }],
        },
        MANAGER_A,
      );
      assert.equal(t.lines[0]!.value, 294_000n, '12 at the average of 24,500 ₫');
      assert.equal(
        (await c.retail.stock.officeStock(A)).find((l) => l.product === 'SUA-VNM1L')?.transit.quantity,
        12n,
      );
      await refusedNothingWritten(
        () => stock.receiveTransfer(t.id, [{ product: 'SUA-VNM1L', received: 12n }], MANAGER_A),
        'wrong_office',
      );
      await refusedNothingWritten(
        () => stock.receiveTransfer(t.id, [{ product: 'SUA-VNM1L', received: 13n }], CLERK_B),
        'invalid_retail_input',
        /more than the 12/,
      );
      const got = await stock.receiveTransfer(t.id, [{ product: 'SUA-VNM1L', received: 11n }], CLERK_B);
      assert.equal(got.state, 'received');
      assert.equal(got.lines[0]!.received, 11n);
      assert.deepEqual(await shelf(B, 'SUA-VNM1L'), { quantity: 11n, value: 269_500n });
      await refusedNothingWritten(
        () => stock.receiveTransfer(t.id, [{ product: 'SUA-VNM1L', received: 11n }], CLERK_B),
        'retail_out_of_order',
      );
      const lost = (await stock.moves({ office: A, product: 'SUA-VNM1L', limit: 10, offset: 0 })).items[0]!;
      assert.equal(lost.id, `trr:${t.id}`);
      assert.deepEqual(
        lost.lines.find((l) => l.to_place === 'transit_loss'),
        {
          product: 'SUA-VNM1L',
          from_office: A,
          from_place: 'transit',
          to_office: A,
          to_place: 'transit_loss',
          quantity: 1n,
          value: 24_500n,
        },
      );
      assert.equal((await stock.transfers({ office: B, direction: 'in', limit: 5, offset: 0 })).total, 1);
    });

    test('a write-off needs a reason and takes the goods off the shelf at their cost', async () => {
      const stock = c.retail.stock;
      await refusedNothingWritten(
        () =>
          stock.writeOff(
            { office: A, reason: 'damaged', note: '', lines: [{ product: 'SUA-VNM1L', quantity: 2n }] },
            MANAGER_A,
          ),
        'invalid_retail_input',
        /note is required/,
      );
      await refusedNothingWritten(
        () =>
          stock.writeOff(
            {
              office: A,
              reason: 'because' as 'other',
              note: 'x',
              lines: [{ product: 'SUA-VNM1L', quantity: 2n }],
            },
            MANAGER_A,
          ),
        'invalid_retail_input',
      );
      const w = await stock.writeOff(
        {
          office: A,
          reason: 'damaged',
          note: 'Hộp móp, rò sữa',
          lines: [{ product: 'SUA-VNM1L', quantity: 2n }],
        },
        MANAGER_A,
      );
      assert.match(w.id, /^XH\d{8}$/);
      assert.equal(w.move.lines[0]!.value, 49_000n);
      assert.deepEqual(await shelf(A, 'SUA-VNM1L'), { quantity: 34n, value: 833_000n });
    });

    test('a stocktake counted by a clerk, a sale in between, approved by the manager: the difference posted once', async () => {
      const stock = c.retail.stock;
      await refusedNothingWritten(
        () =>
          stock.count({ office: A, reason: '', lines: [{ product: 'SUA-VNM1L', counted: 30n }] }, CLERK_A),
        'invalid_retail_input',
        /reason is required/,
      );
      const s = await stock.count(
        {
          office: A,
          reason: 'Kiểm kê cuối ngày',
          lines: [
            { product: 'SUA-VNM1L', counted: 31n },
            { product: 'TEM-5000', counted: 203n },
            { product: 'PB-A4', counted: 60n },
          ],
        },
        CLERK_A,
      );
      assert.equal(s.state, 'counted');
      assert.deepEqual(
        s.lines.map((l) => [l.product, l.expected, l.counted, l.difference, l.value]),
        [
          ['PB-A4', 60n, 60n, 0n, 0n],
          ['SUA-VNM1L', 34n, 31n, -3n, 73_500n],
          ['TEM-5000', 200n, 203n, 3n, 14_400n],
        ],
      );
      assert.deepEqual(
        await shelf(A, 'SUA-VNM1L'),
        { quantity: 34n, value: 833_000n },
        'a count posts nothing',
      );
      // A sale after the count: the shelf is 33 at approval; the difference of −3 still posts.
      await c.journal.transaction((trx) =>
        moveStock(
          trx,
          c.journal,
          {
            id: 'sale:test-1',
            kind: 'sale',
            office: A,
            ref: 'test-1',
            lines: [
              {
                product: 'SUA-VNM1L',
                from: { office: A, place: 'shelf' },
                to: { office: A, place: 'customer' },
                quantity: 1n,
              },
            ],
          },
          CLERK_A.staff,
        ),
      );
      await refusedNothingWritten(() => stock.approve(s.id, CLERK_A), 'second_person_required');
      const key = requestKey('stf_manager_a POST approve', 'k-approve', { s: s.id });
      const approved = await stock.approve(s.id, MANAGER_A, key);
      assert.equal(approved.state, 'approved');
      assert.deepEqual(await shelf(A, 'SUA-VNM1L'), { quantity: 30n, value: 735_000n });
      assert.deepEqual(await shelf(A, 'TEM-5000'), { quantity: 203n, value: 974_400n });
      const h = await head();
      assert.equal(
        (await stock.approve(s.id, MANAGER_A, key)).state,
        'approved',
        'a replay answers the first',
      );
      assert.equal(await head(), h);
      await refusedNothingWritten(() => stock.approve(s.id, MANAGER_A), 'retail_out_of_order');
      await refusedNothingWritten(() => stock.reject(s.id, 'sai', MANAGER_A), 'retail_out_of_order');
      // A count whose shortfall the shelf cannot cover any more: refused, then rejected.
      const big = await stock.count(
        { office: B, reason: 'Kiểm kê đột xuất', lines: [{ product: 'SUA-VNM1L', counted: 1n }] },
        CLERK_B,
      );
      await c.journal.transaction((trx) =>
        moveStock(
          trx,
          c.journal,
          {
            id: 'sale:test-2',
            kind: 'sale',
            office: B,
            ref: 'test-2',
            lines: [
              {
                product: 'SUA-VNM1L',
                from: { office: B, place: 'shelf' },
                to: { office: B, place: 'customer' },
                quantity: 5n,
              },
            ],
          },
          CLERK_B.staff,
        ),
      );
      await refusedNothingWritten(
        () => stock.approve(big.id, MANAGER_B),
        'insufficient_stock',
        /Line 1: the count of SUA-VNM1L is 10 short, but the shelf holds only 6 now/,
      );
      assert.equal((await stock.reject(big.id, 'Đếm lại', MANAGER_B)).state, 'rejected');
      assert.deepEqual(await shelf(B, 'SUA-VNM1L'), { quantity: 6n, value: 147_000n });
      assert.equal(
        (await stock.stocktakes({ office: A, limit: 5, offset: 0 })).items[0]!.lines[1]!.value,
        73_500n,
      );
    });

    test('stock and value balanced: verify finds nothing, and catches a transfer line changed behind its back', async () => {
      assert.deepEqual((await c.verify()).failures, []);
      await c.db.updateTable('retail_transfer_line').set({ received: 12n }).execute();
      await c.db
        .updateTable('retail_stocktake_line')
        .set({ counted: 32n })
        .where('product_code', '=', 'SUA-VNM1L')
        .where('expected', '=', 34n)
        .execute();
      const text = (await c.verify()).failures.map((f) => f.message).join('\n');
      assert.match(text, /received 12 of 12, its move shelved 11 and lost 1/);
      assert.match(text, /found a difference of -2 in SUA-VNM1L, its move posted -3/);
    });
  });
}
