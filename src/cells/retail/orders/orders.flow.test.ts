// Orders through every path on both dialects: a clerk at Ba Đình orders tea and milk for a customer, paid on
// delivery; the office picks it (the goods set aside), the parcel goes out with the goods and carriage to collect,
// the postman delivers it and collects the COD: the order is delivered with the money contract's fields. Another,
// prepaid into the clerk's till, comes back: its goods return to the shelf at the cost they left at. A cancelled
// order puts its picked goods back and refunds the deposit. Refusals name their field and write nothing; the stock
// balances and verify holds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Platform } from '../../../app.ts';
import { accountId } from '../../finance/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import {
  B_CLERK,
  B_MANAGER,
  balanceOf,
  CLERK,
  fillVault,
  MANAGER,
  openDeliveryWorld,
  openTill,
  POSTMAN,
  refused,
  type DeliveryWorld,
} from '../../../testing.ts';
import type { Journal } from '../../../journal/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import { loadTestCatalogue, shelveTestStock } from '../testing.ts';
import type { OrderInput } from './index.ts';

const CUSTOMER = { name: 'Đỗ Thị Hồng', phone: '0912000222', address: 'Số 20 Kim Mã', commune: '00004' };

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`orders from the counter to the customer's door on ${dialect}`, { skip }, () => {
    // Monday 7 December 2026, 09:00 in Hà Nội: the milk is on promotion.
    const clock = new ManualClock('2026-12-07T02:00:00.000Z');
    let w: DeliveryWorld;
    let platform: Platform;
    let journal: Journal<RetailTables>;
    const head = async () => (await journal.head()).seq;
    const desk = () => ({ office_id: w.o.a.id, clerk_id: CLERK, till_session_id: w.till });
    const desk2 = () => ({ actor: CLERK, till_session_id: w.till, office_id: w.o.a.id });
    const order = (extra: Partial<OrderInput> = {}): OrderInput => ({
      office: w.o.a.id,
      customer: CUSTOMER,
      lines: [
        { product: 'CHE-TC200', quantity: 2 },
        { product: 'SUA-VNM1L', quantity: 3 },
      ],
      payment: 'cod',
      ...extra,
    });
    const stock = async (product: string, place: string) => {
      const r = await platform.retail.db
        .selectFrom('retail_stock')
        .select(['quantity', 'value'])
        .where('office_id', '=', w.o.a.id)
        .where('product_code', '=', product)
        .where('place', '=', place)
        .executeTakeFirst();
      return r === undefined ? [0n, 0n] : [BigInt(r.quantity), BigInt(r.value)];
    };
    /** Takes an order's parcel out on a round at Ba Đình (the customer lives there): delivered, or attempted. */
    const round = async (item: string, what: 'deliver' | 'return' | 'back', cod = 0n) => {
      const r = await platform.delivery.rounds.open(
        { office: w.o.a.id, postman: POSTMAN, items: [item] },
        POSTMAN,
      );
      if (what === 'return')
        await platform.delivery.rounds.attempt(r.id, { item, reason: '11', action: 'C' }, POSTMAN);
      else
        await platform.delivery.rounds.deliver(
          r.id,
          {
            item,
            recipient_name: what === 'back' ? 'Bưu cục Ba Đình' : CUSTOMER.name,
            signature: 'signature:x',
            ...(cod > 0n ? { cod_collected: cod } : {}),
          },
          POSTMAN,
        );
      await platform.delivery.rounds.close(r.id, Number(cod), MANAGER);
      await platform.sync();
    };

    before(async () => {
      w = await openDeliveryWorld(dialect, clock);
      platform = w.platform;
      journal = platform.cells.find((c) => c.definition.name === 'retail')!.journal;
      await loadTestCatalogue(journal);
      await shelveTestStock(journal, w.o.a.id, [
        { product: 'CHE-TC200', quantity: 10n, unit_cost: 120_000n },
        { product: 'SUA-VNM1L', quantity: 24n, unit_cost: 25_000n },
        { product: 'HOP-M3', quantity: 5n, unit_cost: 7_000n },
      ]);
    });
    after(() => w.close());

    test('paid on delivery: placed, picked, posted with the COD, delivered by the postman, the sale made', async () => {
      const orders = platform.retail.orders;
      const placed = await orders.place(order(), desk());
      assert.match(placed.id, /^DH11100\d{7}$/);
      assert.equal(placed.state, 'placed');
      assert.equal(
        placed.total,
        2n * 185_000n + 3n * 29_900n,
        'the list price of the tea, the milk on promotion',
      );
      assert.equal(placed.lines[1]!.price_kind, 'promotion');
      assert.ok(placed.shipping_fee > 0n, 'the delivery cell’s tariff for the parcel');
      assert.equal(placed.amount_due, placed.total + placed.shipping_fee);
      assert.deepEqual(await stock('CHE-TC200', 'shelf'), [10n, 1_200_000n], 'nothing set aside on placing');

      const picked = await orders.pick(placed.id, CLERK);
      assert.equal(picked.state, 'picked');
      assert.deepEqual(await stock('CHE-TC200', 'picked'), [2n, 240_000n]);
      assert.deepEqual(await stock('CHE-TC200', 'shelf'), [8n, 960_000n]);

      await platform.sync();
      const sent = await orders.get(placed.id);
      assert.equal(sent.state, 'handed_over');
      assert.match(sent.item_id!, /^CP\d{9}VN$/);
      assert.equal(sent.cost, 2n * 120_000n + 3n * 25_000n);
      assert.deepEqual(await stock('CHE-TC200', 'picked'), [0n, 0n], 'the goods left with the parcel');
      assert.deepEqual(await stock('CHE-TC200', 'customer'), [2n, 240_000n]);
      const item = await platform.delivery.items.get(sent.item_id!);
      assert.equal(item.cod_amount, placed.amount_due, 'the goods and the carriage to collect');
      assert.equal(item.fee, 0n, 'the retail cell took the carriage');
      assert.equal(item.recipient.phone, '+84912000222');

      await round(sent.item_id!, 'deliver', placed.amount_due);
      const done = await orders.get(placed.id);
      assert.equal(done.state, 'delivered');
      const events = await journal.readAfter(0n, 10_000);
      const delivered = events.find((e) => e.type === 'retail.order.delivered')!;
      assert.deepEqual(delivered.payload, {
        id: placed.id,
        office: w.o.a.id,
        item: sent.item_id,
        payment: 'cod',
        total: placed.total.toString(),
        vat: placed.vat.toString(),
        shipping_fee: placed.shipping_fee.toString(),
        delivered_office: w.o.a.id,
        source_seq: (delivered.payload as { source_seq: string }).source_seq,
      });
    });

    test('prepaid and returned: the deposit in the contract’s fields, the goods back at the cost they left at, the deposit given back once at the counter', async () => {
      const orders = platform.retail.orders;
      const [shelfBefore] = await stock('SUA-VNM1L', 'shelf');
      const placed = await orders.place(
        order({ payment: 'prepaid', lines: [{ product: 'SUA-VNM1L', quantity: 6 }] }),
        desk(),
      );
      const events = await journal.readAfter(0n, 10_000);
      const p = events.find((e) => e.type === 'retail.order.placed' && e.stream === placed.id)!
        .payload as Record<string, unknown>;
      assert.equal(p['payment'], 'prepaid');
      assert.equal(p['till_session_id'], w.till);
      assert.equal(p['clerk'], CLERK);
      assert.equal(p['ordered_at_office'], w.o.a.id);
      assert.equal(p['total'], (6n * 29_900n).toString());
      await orders.pick(placed.id, CLERK);
      await platform.sync();
      const sent = await orders.get(placed.id);
      assert.equal(sent.state, 'handed_over');
      assert.equal((await platform.delivery.items.get(sent.item_id!)).cod_amount, 0n, 'nothing to collect');
      // No one home: the postman sends it back; it is delivered back to Ba Đình, the sender.
      await round(sent.item_id!, 'return');
      assert.equal((await orders.get(placed.id)).state, 'handed_over');
      await round(sent.item_id!, 'back');
      const back = await orders.get(placed.id);
      assert.equal(back.state, 'returned');
      assert.deepEqual((await stock('SUA-VNM1L', 'shelf'))[0], shelfBefore, 'the milk is back on the shelf');
      assert.deepEqual(
        await stock('SUA-VNM1L', 'customer'),
        [3n, 75_000n],
        'only the delivered order’s milk left',
      );

      // The customer comes for the money: not at another office's till, then at Ba Đình's, once.
      await fillVault(platform.finance, w.o.b.id, 1_000_000n);
      const bTill = await openTill(platform, {
        office: w.o.b.id,
        clerk: B_CLERK,
        name: 'Lê Thị Thu',
        checker: B_MANAGER,
      });
      let h = await head();
      await refused(
        orders.refund(placed.id, { actor: B_CLERK, till_session_id: bTill, office_id: w.o.b.id }),
        'order_not_yours',
      );
      assert.equal(await head(), h, 'nothing written');
      await platform.sync();
      const till = accountId(w.o.a.id, 'till_cash', CLERK);
      const cashBefore = await balanceOf(platform, till);
      const refunded = await orders.refund(placed.id, desk2());
      assert.equal(refunded.state, 'refunded');
      await platform.sync();
      assert.equal(await balanceOf(platform, till), cashBefore - placed.amount_due, 'the cash left the till');
      h = await head();
      await refused(orders.refund(placed.id, desk2()), 'retail_out_of_order');
      assert.equal(await head(), h, 'a second refund writes nothing');
      const refunds = (await journal.readAfter(0n, 10_000)).filter(
        (e) => e.type === 'retail.order.refunded' && e.stream === placed.id,
      );
      assert.equal(refunds.length, 1);
    });

    test('cancelled after picking: the goods back on the shelf, the prepaid deposit refunded from the till', async () => {
      const orders = platform.retail.orders;
      const placed = await orders.place(
        order({ payment: 'prepaid', lines: [{ product: 'HOP-M3', quantity: 2 }] }),
        desk(),
      );
      await orders.pick(placed.id, CLERK);
      assert.deepEqual(await stock('HOP-M3', 'picked'), [2n, 14_000n]);
      const before = await head();
      await refused(
        orders.cancel(placed.id, { actor: CLERK, till_session_id: null, office_id: null }),
        'invalid_retail_input',
      );
      assert.equal(await head(), before);
      const cancelled = await orders.cancel(placed.id, {
        actor: CLERK,
        till_session_id: w.till,
        office_id: w.o.a.id,
      });
      assert.equal(cancelled.state, 'cancelled');
      assert.deepEqual(await stock('HOP-M3', 'shelf'), [5n, 35_000n]);
      const refund = (await journal.readAfter(before, 100)).find((e) => e.type === 'retail.order.refunded')!;
      assert.deepEqual(refund.payload, {
        id: placed.id,
        office: w.o.a.id,
        clerk: CLERK,
        till_session_id: w.till,
        amount: placed.amount_due.toString(),
      });
      await platform.sync();
      assert.equal((await orders.get(placed.id)).item_id, null, 'a cancelled order is never posted');
      await refused(orders.pick(placed.id, CLERK), 'retail_out_of_order');
    });

    test('refusals name their field and write nothing', async () => {
      const orders = platform.retail.orders;
      const before = await head();
      const cases: Array<[OrderInput, string, string]> = [
        [order({ lines: [{ product: 'KHONG-CO', quantity: 1 }] }), 'product_not_found', 'lines[0].product'],
        [order({ office: w.o.b.id }), 'price_missing', 'lines[0].product'],
        [
          order({ lines: [{ product: 'CHE-TC200', quantity: 99 }] }),
          'insufficient_stock',
          'lines[0].quantity',
        ],
        [
          order({ customer: { ...CUSTOMER, phone: '02438240000' } }),
          'invalid_retail_input',
          'customer.phone',
        ],
        [order({ customer: { ...CUSTOMER, commune: '99999' } }), 'invalid_retail_input', 'customer.commune'],
        [order({ payment: 'card' }), 'invalid_retail_input', 'payment'],
      ];
      for (const [input, code, field] of cases)
        await assert.rejects(
          orders.place(input, desk()),
          (err: { code?: string; details?: { field?: string } }) => {
            assert.deepEqual([err.code, err.details?.field], [code, field]);
            return true;
          },
        );
      await refused(
        orders.place(order({ payment: 'prepaid' }), { ...desk(), till_session_id: null }),
        'invalid_retail_input',
      );
      // Placed while the shelf held it, then sold out before picking: the picking is refused.
      const placed = await orders.place(order({ lines: [{ product: 'CHE-TC200', quantity: 8 }] }), desk());
      const other = await orders.place(order({ lines: [{ product: 'CHE-TC200', quantity: 8 }] }), desk());
      await orders.pick(placed.id, CLERK);
      const mid = await head();
      await refused(orders.pick(other.id, CLERK), 'insufficient_stock');
      assert.equal(await head(), mid);
      assert.ok(before < mid);
      await orders.cancel(other.id, { actor: CLERK, till_session_id: null, office_id: null });
      await orders.cancel(placed.id, { actor: CLERK, till_session_id: null, office_id: null });
    });

    test('the stock balances and verify holds on every cell', async () => {
      const list = await platform.retail.orders.list({
        office: w.o.a.id,
        role: 'stock',
        limit: 100,
        offset: 0,
      });
      assert.deepEqual(list.items.map((o) => o.state).sort(), [
        'cancelled',
        'cancelled',
        'cancelled',
        'delivered',
        'refunded',
      ]);
      assert.deepEqual(await stock('CHE-TC200', 'shelf'), [8n, 960_000n]);
      const reports = await platform.verify();
      for (const r of reports) assert.equal(r.ok, true, `${r.cell}: ${JSON.stringify(r.failures ?? r)}`);
    });
  });
}
