// Sales and returns on both dialects: a basket scanned and keyed, priced from the Hà Nội catalogue (the milk on
// promotion), VAT per rate in integers, paid in cash with change and by VietQR; goods back against it at the cost
// they left at; every refusal named (row and field) with nothing written; stock balanced and verify ok.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../../platform/clock.ts';
import { requestKey } from '../../../journal/index.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { refused } from '../../../testing.ts';
import { productSaved } from '../catalogue/index.ts';
import {
  loadTestCatalogue,
  openRetailCell,
  shelveTestStock,
  TEST_PRODUCTS,
  type RetailCellUnderTest,
} from '../testing.ts';
import { findAccount } from '../stock/stock.repository.ts';
import type { SaleInput } from './index.ts';

const A = 'ofc_a';
const CLERK = 'stf_clerk_a';
const at = {
  office_id: A,
  postcode: '11100',
  province_code: '01',
  clerk_id: CLERK,
  till_session_id: 'till_a',
};
const key = (given: string, body: unknown) => requestKey(`${CLERK} POST sales`, given, body);

const BASKET: SaleInput = {
  lines: [
    { barcode: '8934000000017', quantity: 3 }, // stamps 5,000 (0%)
    { barcode: '8934000000024', quantity: 2 }, // envelopes 3,000 (10%)
    { barcode: '8937000000063', quantity: 2 }, // milk 34,500, on promotion at 29,900 (8%)
    { product: 'CHE-TC200', quantity: 1 }, // tea without a scannable code, 185,000 (5%)
    { product: 'HOP-M3', quantity: 1 }, // a box 12,000 (10%)
  ],
  payment: 'cash',
  tendered: '300000',
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`sales and returns at the counter on ${dialect}`, { skip }, () => {
    // 9:00 in Hà Nội on 8 December 2026: the milk's promotion week.
    const clock = new ManualClock('2026-12-08T02:00:00.000Z');
    let c: RetailCellUnderTest;
    const head = async () => (await c.journal.head()).seq;
    const shelf = async (product: string, office = A) => {
      const r = await findAccount(c.db, office, product, 'shelf');
      return r === undefined ? [0n, 0n] : [BigInt(r.quantity), BigInt(r.value)];
    };
    before(async () => {
      c = await openRetailCell(dialect, clock);
      await loadTestCatalogue(c.journal);
      await shelveTestStock(c.journal, A, [
        { product: 'TEM-5000', quantity: 2n, unit_cost: 4_000n },
        { product: 'PB-A4', quantity: 50n, unit_cost: 2_000n },
        { product: 'SUA-VNM1L', quantity: 24n, unit_cost: 25_000n },
        { product: 'CHE-TC200', quantity: 10n, unit_cost: 150_000n },
        { product: 'HOP-M3', quantity: 10n, unit_cost: 9_000n },
        { product: 'THE-VT100', quantity: 5n, unit_cost: 95_000n },
      ]);
      // A third stamp at another cost: three stamps leave at 12,001 ₫, which a return cannot split evenly.
      await shelveTestStock(
        c.journal,
        A,
        [{ product: 'TEM-5000', quantity: 1n, unit_cost: 4_001n }],
        'second',
      );
    });
    after(() => c.close());

    test('a cash sale: catalogue prices (the promotion wins), VAT per rate summing to the lines, change, one receipt', async () => {
      const before = await head();
      const s = await c.retail.sales.sell(BASKET, at, key('k1', BASKET));
      assert.equal(s.id, 'BH111000000001');
      assert.deepEqual(
        s.lines.map((l) => [l.product, l.quantity, l.unit_price, l.price_kind, l.amount, l.vat]),
        [
          ['TEM-5000', 3n, 5_000n, 'list', 15_000n, 0n],
          ['PB-A4', 2n, 3_000n, 'list', 6_000n, 545n],
          ['SUA-VNM1L', 2n, 29_900n, 'promotion', 59_800n, 4_430n],
          ['CHE-TC200', 1n, 185_000n, 'list', 185_000n, 8_810n],
          ['HOP-M3', 1n, 12_000n, 'list', 12_000n, 1_091n],
        ],
      );
      // 10%: 18,000 × 10 ÷ 110 = 1,636.36 → 1,636, shared 545 (6,000 of it, rounded down) and the rest 1,091.
      assert.deepEqual(
        s.vat_groups.map((g) => [g.rate, g.amount, g.vat]),
        [
          [0, 15_000n, 0n],
          [5, 185_000n, 8_810n],
          [8, 59_800n, 4_430n],
          [10, 18_000n, 1_636n],
        ],
      );
      assert.equal(s.total, 277_800n);
      assert.equal(s.vat, 14_876n);
      assert.equal(s.tendered, 300_000n);
      assert.equal(s.change, 22_200n);
      assert.equal(s.payment, 'cash');
      // At cost: all three stamps (12,001), 2 envelopes, 2 milks, one tea, one box.
      assert.deepEqual(
        s.lines.map((l) => l.cost),
        [12_001n, 4_000n, 50_000n, 150_000n, 9_000n],
      );
      assert.equal(s.cost, 225_001n);
      // The answer is built from what was written, not read back: it is exactly what a read gives.
      assert.deepEqual(s, await c.retail.sales.get(s.id));
      assert.deepEqual(await shelf('TEM-5000'), [0n, 0n]);
      assert.deepEqual(await shelf('SUA-VNM1L'), [22n, 550_000n]);
      // The stock move and the sale event, then the key's answer: three events.
      assert.equal(await head(), before + 3n);
      const types = (await c.journal.readAfter(before, 10)).map((e) => e.type);
      assert.deepEqual(types, ['retail.stock.moved', 'retail.sale.recorded', 'retail.request.answered']);
      const [move, recorded] = await c.journal.readAfter(before, 2);
      assert.equal((move!.payload as { id: string }).id, 'sale:BH111000000001');
      const p = recorded!.payload as Record<string, unknown>;
      assert.deepEqual(
        [p.id, p.office, p.clerk, p.till_session_id, p.payment, p.total, p.vat],
        ['BH111000000001', A, CLERK, 'till_a', 'cash', '277800', '14876'],
      );
    });

    test('the same request under the same key answers the first sale; another body under it is refused', async () => {
      const before = await head();
      const again = await c.retail.sales.sell(BASKET, at, key('k1', BASKET));
      assert.equal(again.id, 'BH111000000001');
      const other = { ...BASKET, tendered: '500000' };
      await refused(c.retail.sales.sell(other, at, key('k1', other)), 'idempotency_key_reused');
      assert.equal(await head(), before, 'nothing was written');
    });

    test('a VietQR sale once the transfer is confirmed: no cash, the next serial', async () => {
      const input: SaleInput = {
        lines: [{ barcode: '8936000000042', quantity: 1 }],
        payment: 'vietqr',
        transfer_confirmed: true,
      };
      const s = await c.retail.sales.sell(input, at, key('QR7x2k', input));
      assert.equal(s.id, 'BH111000000002');
      assert.equal(s.payment, 'vietqr');
      assert.deepEqual([s.total, s.vat, s.tendered, s.change], [100_000n, 9_091n, null, null]);
    });

    test('each refusal names its row and field, and writes nothing', async () => {
      const before = await head();
      const stock = await shelf('THE-VT100');
      const sell = (lines: SaleInput['lines'], extra: Partial<SaleInput> = {}) =>
        c.retail.sales.sell({ lines, payment: 'cash', tendered: '9000000', ...extra }, at);
      const refusal = async (p: Promise<unknown>, code: string, field: string) =>
        assert.rejects(p, (e: { code?: string; details?: { field?: string } }) => {
          assert.equal(e.code, code);
          assert.equal(e.details?.field, field);
          return true;
        });
      const ok = { barcode: '8934000000024', quantity: 1 };
      await refusal(
        sell([ok, { barcode: '8930000000002', quantity: 1 }]),
        'product_not_found',
        'lines[1].barcode',
      );
      await refusal(sell([{ barcode: '8934000000018', quantity: 1 }]), 'invalid_barcode', 'lines[0].barcode');
      await refusal(
        sell([ok, { product: 'KHONG-CO', quantity: 1 }]),
        'product_not_found',
        'lines[1].product',
      );
      for (const q of [0, -1, 1.5, 10_000])
        await refusal(
          sell([ok, { product: 'PB-A4', quantity: q }]),
          'invalid_retail_input',
          'lines[1].quantity',
        );
      await refusal(
        sell([ok, { product: 'THE-VT100', quantity: 5 }]),
        'insufficient_stock',
        'lines[1].quantity',
      );
      await refusal(sell(Array.from({ length: 201 }, () => ok)), 'invalid_retail_input', 'lines');
      await refusal(sell([]), 'invalid_retail_input', 'lines');
      await refusal(sell([ok], { tendered: '2999' }), 'payment_does_not_match', 'tendered');
      await refusal(sell([ok], { tendered: '3.000' }), 'invalid_retail_input', 'tendered');
      await refusal(
        sell([ok], { payment: 'vietqr', tendered: undefined }),
        'payment_does_not_match',
        'transfer_confirmed',
      );
      // No price in TP. Hồ Chí Minh: the catalogue has only Hà Nội's.
      await refusal(
        c.retail.sales.sell(
          { lines: [ok], payment: 'cash', tendered: '5000' },
          { ...at, province_code: '79' },
        ),
        'price_missing',
        'lines[0].barcode',
      );
      // A withdrawn product is no longer sold.
      const card = TEST_PRODUCTS.find((p) => p.code === 'HOP-M3')!;
      await c.journal.transaction((trx) =>
        c.journal.append(trx, productSaved, {
          stream: 'HOP-M3',
          actor: 'stf_admin',
          payload: { ...card, active: false },
        }),
      );
      const withdrawn = await head();
      await refusal(sell([ok, { product: 'HOP-M3', quantity: 1 }]), 'product_not_found', 'lines[1].product');
      await c.journal.transaction((trx) =>
        c.journal.append(trx, productSaved, { stream: 'HOP-M3', actor: 'stf_admin', payload: card }),
      );
      assert.equal(withdrawn, before + 1n);
      assert.equal(await head(), before + 2n, 'only the catalogue’s two events were written');
      assert.deepEqual(await shelf('THE-VT100'), stock);
    });

    test('a return: the goods back at the cost they left at (the last unit the rest), cash refunded, idempotent', async () => {
      const ret = (lines: Array<{ line: number; quantity: number }>, given?: string, where = at) => {
        const input = { sale: 'BH111000000001', lines, reason: 'Khách đổi ý, hàng còn nguyên' };
        return c.retail.sales.return(input, where, given === undefined ? undefined : key(given, input));
      };
      const first = await ret(
        [
          { line: 1, quantity: 1 },
          { line: 3, quantity: 1 },
        ],
        'r1',
      );
      assert.equal(first.return_id, 'BH111000000001-1');
      const r1 = first.sale.returns[0]!;
      // One stamp of three: 12,001 ÷ 3 rounded down; one milk of two: half of 4,430 VAT and of 50,000.
      assert.deepEqual(
        r1.lines.map((l) => [l.line, l.quantity, l.amount, l.vat, l.cost]),
        [
          [1, 1n, 5_000n, 0n, 4_000n],
          [3, 1n, 29_900n, 2_215n, 25_000n],
        ],
      );
      assert.deepEqual([r1.total, r1.vat, r1.cost], [34_900n, 2_215n, 29_000n]);
      assert.deepEqual(await shelf('TEM-5000'), [1n, 4_000n]);
      const again = await ret(
        [
          { line: 1, quantity: 1 },
          { line: 3, quantity: 1 },
        ],
        'r1',
      );
      assert.equal(again.return_id, 'BH111000000001-1');
      assert.equal(again.sale.returns.length, 1);

      const before = await head();
      // Two stamps are left to return, not three.
      await assert.rejects(
        ret([{ line: 1, quantity: 3 }]),
        (e: { code?: string; details?: { line?: number } }) => {
          assert.equal(e.code, 'return_exceeds_sale');
          assert.equal(e.details?.line, 1);
          return true;
        },
      );
      await refused(ret([{ line: 9, quantity: 1 }]), 'invalid_retail_input');
      await refused(
        c.retail.sales.return({ sale: 'BH111000000001', lines: [{ line: 1, quantity: 1 }], reason: '' }, at),
        'invalid_retail_input',
      );
      await refused(
        c.retail.sales.return(
          { sale: 'BH111009999999', lines: [{ line: 1, quantity: 1 }], reason: 'Hỏng' },
          at,
        ),
        'sale_not_found',
      );
      // A clerk of another office returning the sale.
      await refused(
        ret([{ line: 1, quantity: 1 }], undefined, {
          ...at,
          office_id: 'ofc_b',
          clerk_id: 'stf_b',
          till_session_id: 'till_b',
        }),
        'sale_at_other_office',
      );
      assert.equal(await head(), before, 'nothing was written');

      // The last two stamps take the rest of the cost: 12,001 − 4,000.
      const last = await ret([{ line: 1, quantity: 2 }], 'r2');
      assert.equal(last.return_id, 'BH111000000001-2');
      assert.deepEqual(
        last.sale.returns[1]!.lines.map((l) => [l.quantity, l.cost]),
        [[2n, 8_001n]],
      );
      assert.deepEqual(await shelf('TEM-5000'), [3n, 12_001n]);
      assert.deepEqual(
        last.sale.lines.map((l) => l.returned),
        [3n, 0n, 1n, 0n, 0n],
      );
    });

    test('reads: a sale with its returns, and the office’s sales of the day', async () => {
      const s = await c.retail.sales.get('bh111000000001');
      assert.equal(s.returns.length, 2);
      const day = await c.retail.sales.list({ office: A, day: '2026-12-08' });
      assert.deepEqual(
        day.map((x) => x.id),
        ['BH111000000002', 'BH111000000001'],
      );
      assert.deepEqual(await c.retail.sales.list({ office: A, day: '2026-12-09' }), []);
      const goods = await c.retail.sales.goods({ office: A, province: '01', search: 'che tan cuong' });
      assert.deepEqual(
        goods.map((g) => [g.code, g.price, g.on_shelf]),
        [['CHE-TC200', 185_000n, 9n]],
      );
    });

    test('verify holds: chain, replay (receipt serials drawn alike) and the ledger’s and sales’ invariants', async () => {
      const report = await c.verify();
      assert.equal(report.ok, true, JSON.stringify(report));
    });
  });
}
