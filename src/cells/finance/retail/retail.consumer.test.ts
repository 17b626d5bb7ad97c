// The retail cell's money in finance, on both dialects: finance follows a retail journal (a stand-in cell journaling
// the money contract's events, docs/cells/retail.md) exactly once — goods at cost, sales and returns through the
// till, orders' deposits and COD — and a retail order's COD is never paid to a shipper by a remittance.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { z } from 'zod';
import {
  createConsumer,
  createJournal,
  verifyCell,
  type Journal,
  type JournalTables,
} from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { migrateCell } from '../../../storage/index.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import {
  accountId,
  deliveryConsumer,
  financeInvariants,
  ledgerInvariants,
  openCashedTill,
  retailConsumer,
  TRANSFER_CODES,
  type AccountKind,
} from '../index.ts';
import { openOfficeAccounts, openTestFinance, type TestFinance } from '../testing.ts';
import type { standIn } from './retail.testing.ts';
import {
  codCollected,
  deliveryStandIn,
  itemAccepted,
  mv,
  orderDelivered,
  orderPlaced,
  orderRefunded,
  retailStandIn,
  saleRecorded,
  saleReturned,
  stockMoved,
  type Line,
} from './retail.testing.ts';

const BA_DINH = 'ofc_0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const TAY_HO = 'ofc_0190bbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const LAN = 'stf_lan';
const MAI = 'stf_mai';
const HOA = 'stf_hoa';
const MANAGER = 'stf_manager';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the retail cell's money in finance, ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-08T02:00:00.000Z');
    let f: TestFinance;
    let retail: Journal<JournalTables>;
    let delivery: Journal<JournalTables>;
    const tills: Record<string, string> = {};

    before(async () => {
      f = await openTestFinance(dialect, clock);
      await openOfficeAccounts(f.finance, [
        [BA_DINH, 'Bưu cục Ba Đình'],
        [TAY_HO, 'Bưu cục Tây Hồ'],
      ]);
      tills[LAN] = await openCashedTill(
        f.finance,
        { office_id: BA_DINH, clerk_id: LAN, clerk_name: 'Lan', manager_id: MANAGER, notes: 1n },
        'system:test',
      );
      tills[MAI] = await openCashedTill(
        f.finance,
        {
          office_id: TAY_HO,
          clerk_id: MAI,
          clerk_name: 'Mai',
          manager_id: MANAGER,
          notes: 1n,
          cash_in_id: `cash-in:${TAY_HO}`,
        },
        'system:test',
      );
      for (const [def, set] of [
        [retailStandIn, (j: Journal<JournalTables>) => (retail = j)],
        [deliveryStandIn, (j: Journal<JournalTables>) => (delivery = j)],
      ] as const) {
        const cell = await f.t.storage.openCell<JournalTables>(def.name);
        await migrateCell(cell, def.migrations);
        set(createJournal({ cell: def, db: cell.db, clock }));
      }
    });
    after(async () => {
      await f.t.cleanup();
    });

    const write = <S extends z.ZodType>(
      event: ReturnType<typeof standIn<S>>,
      stream: string,
      payload: z.input<S>,
      journal = retail,
    ) =>
      journal.transaction(async (trx) => {
        await journal.append(trx, event, { stream, actor: 'system:test', payload });
      });
    const handle = () => retailConsumer({ journal: f.journal, ledger: f.finance.ledger });
    const follower = () => createConsumer({ source: retail, target: f.journal, clock, handle: handle() });
    const deliveryFollower = () =>
      createConsumer({
        source: delivery,
        target: f.journal,
        clock,
        handle: deliveryConsumer({ journal: f.journal, ledger: f.finance.ledger }),
      });
    /** An account's balance on its natural side (debits less credits for assets and costs, else the reverse). */
    const held = async (office: string, kind: AccountKind, holder?: string) => {
      const a = await f.finance.ledger.getAccount(accountId(office, kind, holder)).catch(() => null);
      if (a === null) return 0n;
      const net = a.debits_posted - a.credits_posted;
      return [
        'inventory',
        'goods_in_transit',
        'till_cash',
        'cost_of_goods',
        'stock_losses',
        'settlement',
      ].includes(kind)
        ? net
        : -net;
    };
    const sent = async (events: number) => {
      assert.equal(await follower().drain(), events);
      // A consumer that lost its place is sent everything again, and the handler runs twice on each event:
      // nothing is posted or journaled twice.
      const head = (await f.journal.head()).seq;
      const resending = createConsumer({
        source: { cell: 'retail', readAfter: (_after, limit) => retail.readAfter(0n, limit) },
        target: f.journal,
        clock,
        handle: handle(),
      });
      assert.equal(await resending.drain(), 0);
      const again = handle();
      for (const e of await retail.readAfter(0n, 1000))
        await f.journal.transaction(async (trx) => {
          await again(trx, e);
        });
      assert.equal((await f.journal.head()).seq, head, 'nothing posted twice');
    };
    const verify = () => verifyCell({ cell: f.definition, db: f.cell.db, storage: f.t.storage, clock });
    const healthy = async () => {
      assert.deepEqual(await ledgerInvariants(f.cell.db), [], 'debits equal credits, no till below zero');
      assert.deepEqual(await financeInvariants(f.cell.db), []);
      const report = await verify();
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    };

    test('goods at cost follow every stock move between inventory, transit, suppliers, cost and losses, once', async () => {
      const BA = (place: string): [string, string] => [BA_DINH, place];
      const TH = (place: string): [string, string] => [TAY_HO, place];
      const moves: Array<[string, string, Line[]]> = [
        [
          'rcv:PO1:1',
          'receipt',
          [
            mv('HH-1', BA('supplier'), BA('shelf'), 100_000n, 10),
            mv('HH-2', BA('supplier'), BA('shelf'), 50_000n, 5),
          ],
        ],
        ['trf:T1:sent', 'transfer_sent', [mv('HH-1', BA('shelf'), BA('transit'), 30_000n, 3)]],
        [
          'trf:T1:received',
          'transfer_received',
          [
            mv('HH-1', BA('transit'), TH('shelf'), 20_000n, 2),
            mv('HH-1', BA('transit'), BA('transit_loss'), 10_000n),
          ],
        ],
        [
          'sale:S1',
          'sale',
          [mv('HH-2', BA('shelf'), BA('customer'), 20_000n, 2), mv('HH-9', BA('shelf'), BA('customer'), 0n)],
        ],
        ['ret:R1', 'return', [mv('HH-2', BA('customer'), BA('shelf'), 10_000n)]],
        ['wo:W1', 'write_off', [mv('HH-1', BA('shelf'), BA('written_off'), 5_000n)]],
        [
          'stk:K1',
          'stocktake',
          [
            mv('HH-1', BA('shelf'), BA('stocktake'), 2_000n),
            mv('HH-2', BA('stocktake'), BA('shelf'), 3_000n),
          ],
        ],
        ['ord:DH1:picked', 'order_picked', [mv('HH-1', BA('shelf'), BA('picked'), 8_000n)]],
        ['ord:DH1:shipped', 'order_shipped', [mv('HH-1', BA('picked'), BA('customer'), 8_000n)]],
      ];
      for (const [id, kind, lines] of moves)
        await write(stockMoved, id, { id, kind, office: BA_DINH, ref: id, reason: null, lines });
      await sent(moves.length);

      assert.equal(
        await held(BA_DINH, 'inventory'),
        150_000n - 30_000n - 20_000n + 10_000n - 5_000n - 2_000n + 3_000n - 8_000n,
      );
      assert.equal(await held(BA_DINH, 'supplier_payable'), 150_000n);
      assert.equal(await held(BA_DINH, 'goods_in_transit'), 0n, 'sent, then received or lost');
      assert.equal(await held(TAY_HO, 'inventory'), 20_000n);
      assert.equal(await held(BA_DINH, 'stock_losses'), 10_000n + 5_000n + 2_000n);
      assert.equal(await held(BA_DINH, 'stock_surplus'), 3_000n);
      assert.equal(await held(BA_DINH, 'cost_of_goods'), 20_000n - 10_000n + 8_000n);
      const receipt = await f.finance.ledger.getTransfer('stk:rcv:PO1:1:0');
      assert.equal(receipt.amount, 150_000n, 'one transfer per pair of accounts');
      assert.equal(receipt.code, TRANSFER_CODES.stock_received);
      await assert.rejects(f.finance.ledger.getTransfer('stk:ord:DH1:picked:0'), 'picking moves no value');
      const inventory = await f.finance.ledger.getAccount(accountId(BA_DINH, 'inventory'));
      assert.equal(inventory.name, 'Hàng hóa tồn kho — Bưu cục Ba Đình');
      assert.deepEqual(inventory.flags, ['credits_must_not_exceed_debits']);
      await healthy();
    });

    test('a sale into the till (cash) or the settlement (VietQR), a return out of it, and the till balances at close', async () => {
      const lan = await held(BA_DINH, 'till_cash', LAN);
      const settlement = await held(BA_DINH, 'settlement');
      const sale = (id: string, payment: 'cash' | 'vietqr', total: bigint, vat: bigint) =>
        write(saleRecorded, id, {
          id,
          office: BA_DINH,
          clerk: LAN,
          till_session_id: tills[LAN]!,
          payment,
          total: total.toString(),
          vat: vat.toString(),
        });
      await sale('BH1001', 'cash', 110_000n, 10_000n);
      await sale('BH1002', 'vietqr', 54_000n, 4_000n);
      await write(saleReturned, 'TH1001', {
        id: 'TH1001',
        sale: 'BH1001',
        office: BA_DINH,
        clerk: LAN,
        till_session_id: tills[LAN]!,
        total: '55000',
        vat: '5000',
      });
      await sent(3);
      assert.equal((await held(BA_DINH, 'till_cash', LAN)) - lan, 110_000n - 55_000n);
      assert.equal(
        (await held(BA_DINH, 'settlement')) - settlement,
        54_000n,
        'VietQR money is at head office',
      );
      assert.equal(await held(BA_DINH, 'sales_revenue'), 100_000n + 50_000n - 50_000n);
      assert.equal(await held(BA_DINH, 'vat_payable'), 10_000n + 4_000n - 5_000n);
      assert.equal(
        (await f.finance.ledger.getTransfer('rsl:BH1001:vat')).code,
        TRANSFER_CODES.retail_sale_vat,
      );

      // The till's takings show the goods' cash, and the clerk who counts what the till holds closes with none over.
      const report = await f.finance.reports.tillReport(tills[LAN]!);
      assert.deepEqual(
        report.takings.find((k) => k.kind === 'sale'),
        { kind: 'sale', count: 2, cash_in: 110_000n, cash_out: 55_000n },
      );
      const cash = report.session.cash;
      assert.equal(cash, 500_000n + 55_000n);
      const closing = await f.finance.tills.requestClose(
        tills[LAN]!,
        { amount: cash.toString(), denominations: { '500000': 1, '50000': 1, '5000': 1 } },
        LAN,
      );
      assert.equal(closing.variance, 0n);
      const closed = await f.finance.tills.confirmClose(tills[LAN]!, { id: MANAGER, manager: true });
      assert.equal(closed.status, 'closed');
      await healthy();
    });

    test('a till the chart has not opened stops finance at the sale, which is posted once the till opens', async () => {
      await write(saleRecorded, 'BH1003', {
        id: 'BH1003',
        office: TAY_HO,
        clerk: HOA,
        till_session_id: 'tls_not_yet',
        payment: 'cash',
        total: '22000',
        vat: '2000',
      });
      const position = (await f.journal.head()).seq;
      await assert.rejects(follower().drain(), (err: unknown) => {
        assert.ok(isDomainError(err), String(err));
        return true;
      });
      assert.equal((await f.journal.head()).seq, position, 'nothing written, the event not passed');
      await assert.rejects(follower().drain(), 'still stopped at it');
      tills[HOA] = await openCashedTill(
        f.finance,
        {
          office_id: TAY_HO,
          clerk_id: HOA,
          clerk_name: 'Hoa',
          manager_id: MANAGER,
          notes: 1n,
          cash_in_id: `cash-in:${TAY_HO}:hoa`,
        },
        'system:test',
      );
      await sent(1);
      assert.equal(await held(TAY_HO, 'till_cash', HOA), 522_000n);
      await healthy();
    });

    test('orders: a deposit held until delivered or refunded, and COD settled from what the postman collected, never remitted to a shipper', async () => {
      const mai = await held(TAY_HO, 'till_cash', MAI);
      // Two prepaid orders taken at Tây Hồ for goods from Ba Đình: one delivered, one refunded.
      for (const id of ['DH2', 'DH3'])
        await write(orderPlaced, id, {
          id,
          office: BA_DINH,
          ordered_at_office: TAY_HO,
          clerk: MAI,
          till_session_id: tills[MAI]!,
          payment: 'prepaid',
          total: '60000',
          vat: '5000',
          shipping_fee: '10000',
        });
      // A COD order: finance learns of it only when delivered.
      await write(orderPlaced, 'DH4', {
        id: 'DH4',
        office: BA_DINH,
        ordered_at_office: null,
        clerk: null,
        till_session_id: null,
        payment: 'cod',
        total: '120000',
        vat: '10000',
        shipping_fee: '15000',
      });
      await sent(3);
      assert.equal((await held(TAY_HO, 'till_cash', MAI)) - mai, 140_000n);
      assert.equal(await held(BA_DINH, 'customer_deposits'), 140_000n);

      // The delivery cell carries DH4 as a parcel Ba Đình owns with COD, and a shipper's own COD parcel; a clerk
      // at Tây Hồ takes both CODs at the counter from the same sender's payee.
      const accept = (id: string, owner: string | null, cod: bigint) =>
        write(
          itemAccepted,
          id,
          {
            id,
            origin_office_id: BA_DINH,
            sender: { name: 'Bưu cục Ba Đình' },
            fee: '0',
            paid_by: 'prepaid',
            clerk_id: null,
            shipper_id: null,
            cod_amount: cod.toString(),
            ...(owner === null ? {} : { owner, owner_key: `retail:${id}` }),
          },
          delivery,
        );
      const collect = (item: string, amount: bigint) =>
        write(
          codCollected,
          item,
          {
            item,
            office: TAY_HO,
            amount: amount.toString(),
            payee: 'sender:0912345678',
            round: null,
            postman: null,
            till_session_id: tills[MAI]!,
            clerk: MAI,
          },
          delivery,
        );
      await accept('EE100000001VN', 'retail', 135_000n);
      await accept('EE100000002VN', null, 40_000n);
      await collect('EE100000001VN', 135_000n);
      await collect('EE100000002VN', 40_000n);
      await write(orderDelivered, 'DH4', {
        id: 'DH4',
        office: BA_DINH,
        item: 'EE100000001VN',
        payment: 'cod',
        total: '120000',
        vat: '10000',
        shipping_fee: '15000',
        delivered_office: TAY_HO,
      });
      // Finance follows retail ahead of delivery here: the COD is not recorded yet, so it stops and tries again.
      await assert.rejects(follower().drain(), /not recorded yet/);
      assert.equal(await deliveryFollower().drain(), 4);
      assert.equal(await held(TAY_HO, 'cod_payable'), 175_000n);

      // A remittance to the payee before finance caught up pays the shipper's parcel only, never the order's.
      const remitted = await f.finance.cod.remit(
        { payee: 'sender:0912345678', through: '2026-12-08' },
        MANAGER,
      );
      assert.deepEqual(remitted.items, ['EE100000002VN']);
      assert.equal(remitted.cod_total, 40_000n);
      assert.equal(await held(TAY_HO, 'cod_payable'), 135_000n);

      await write(orderDelivered, 'DH2', {
        id: 'DH2',
        office: BA_DINH,
        item: 'EE100000003VN',
        payment: 'prepaid',
        total: '60000',
        vat: '5000',
        shipping_fee: '10000',
        delivered_office: TAY_HO,
      });
      await write(orderRefunded, 'DH3', {
        id: 'DH3',
        office: TAY_HO,
        clerk: MAI,
        till_session_id: tills[MAI]!,
        amount: '70000',
      });
      const revenue = await held(BA_DINH, 'sales_revenue');
      const fees = await held(BA_DINH, 'fee_revenue');
      const vat = await held(BA_DINH, 'vat_payable');
      await sent(3);
      assert.equal(await held(TAY_HO, 'cod_payable'), 0n, 'the order’s COD is settled, owed to no one');
      assert.equal(await held(BA_DINH, 'customer_deposits'), 0n);
      assert.equal((await held(BA_DINH, 'sales_revenue')) - revenue, 110_000n + 55_000n);
      assert.equal((await held(BA_DINH, 'vat_payable')) - vat, 10_000n + 5_000n);
      assert.equal((await held(BA_DINH, 'fee_revenue')) - fees, 15_000n + 10_000n);
      assert.equal((await held(TAY_HO, 'till_cash', MAI)) - mai, 140_000n - 70_000n + 175_000n);
      assert.equal((await f.finance.cod.collection('EE100000001VN'))?.remittance_id, 'retail:DH4');
      await assert.rejects(
        f.finance.cod.remit({ payee: 'sender:0912345678', through: '2026-12-31' }, MANAGER),
        /Nothing is owed/,
      );
      await healthy();
    });
  });
}
