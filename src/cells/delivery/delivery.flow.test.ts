// One parcel's life on both dialects: accepted at a Hà Nội counter (fee into the clerk's till), bagged and
// sent through the Hà Nội and TP. Hồ Chí Minh sorting centres to its delivery office, a failed attempt, then
// delivered with cash on delivery; the finance cell follows the delivery journal and the COD is in the
// ledger once, whether its consumer stops half-way and restarts or is sent the same events twice.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Platform } from '../../app.ts';
import type { Kysely } from 'kysely';
import { createConsumer } from '../../journal/index.ts';
import { ManualClock } from '../../platform/clock.ts';
import { parseS10 } from '../../platform/s10.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';
import { deliveryConsumer } from '../../testing.ts';
import { accountId } from '../finance/index.ts';
import type { DeliveryTables } from './index.ts';
import {
  B_MANAGER,
  CLERK,
  MANAGER,
  openDeliveryWorld,
  PARCEL,
  POSTMAN,
  refused,
  type DeliveryWorld,
  balanceOf,
  deliveryHead,
} from './testing.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`a parcel from acceptance to delivery with COD on ${dialect}`, { skip }, () => {
    // 25 November 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let platform: Platform;
    let o: DeliveryWorld['o'];
    let till: string;
    let item: string;

    const head = () => deliveryHead(platform);
    const balance = (id: string) => balanceOf(platform, id);

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      ({ platform, o, till } = world);
    });
    after(() => world.close());

    test('accepted at the counter: an S10 id, the national EMS price for 1.2 kg plus the COD fee, into the till', async () => {
      const d = platform.delivery;
      const q = await d.items.quote(PARCEL);
      assert.equal(q.zone, 'national');
      assert.equal(q.charged_g, 1200, 'heavier than its volume (1,000 g)');
      assert.equal(q.postage, 63_000n);
      assert.equal(q.cod_fee, 10_000n);
      const before = await balance(accountId(o.a.id, 'till_cash', CLERK));
      const accepted = await d.items.accept(
        PARCEL,
        { office_id: o.a.id, clerk_id: CLERK, till_session_id: till },
        CLERK,
      );
      item = accepted.id;
      assert.match(item, /^EE\d{9}VN$/);
      assert.equal(parseS10(item).id, item, 'the check digit is right');
      assert.equal(accepted.fee, 73_000n);
      assert.equal(accepted.delivery_office_id, o.b.id);
      assert.equal(accepted.status, 'at_office');
      assert.equal(accepted.delivery_code, null, 'not high-value');
      await platform.sync();
      assert.equal(await balance(accountId(o.a.id, 'till_cash', CLERK)), before + 73_000n);
      const second = await d.items.accept(
        PARCEL,
        { office_id: o.a.id, clerk_id: CLERK, till_session_id: till },
        CLERK,
      );
      assert.equal(
        parseS10(second.id).serial,
        (BigInt(parseS10(item).serial) + 1n).toString().padStart(8, '0'),
        'serials only go up',
      );
    });

    test('bad input is refused, named, and writes nothing', async () => {
      const d = platform.delivery;
      const at = { office_id: o.a.id, clerk_id: CLERK, till_session_id: till };
      const seq = await head();
      for (const [input, field] of [
        [{ ...PARCEL, recipient: { ...PARCEL.recipient, phone: '012345' } }, 'recipient.phone'],
        [{ ...PARCEL, recipient: { ...PARCEL.recipient, commune: '99999' } }, 'recipient.commune'],
        [{ ...PARCEL, weight_g: 0 }, 'weight_g'],
        [{ ...PARCEL, weight_g: 1.5 }, 'weight_g'],
        [{ ...PARCEL, cod_amount: '-5' }, 'cod_amount'],
        [{ ...PARCEL, cod_amount: '12.5' }, 'cod_amount'],
        [{ ...PARCEL, service: 'pigeon' }, 'service'],
        [{ ...PARCEL, service: 'letter', weight_g: 20 }, 'cod_amount'],
      ] as const) {
        await assert.rejects(
          d.items.accept(input, at, CLERK),
          (err: { code?: string; details?: { field?: string } }) => {
            assert.equal(err.code, 'invalid_item');
            assert.equal(err.details?.field, field);
            return true;
          },
        );
      }
      await refused(d.items.accept(PARCEL, { ...at, office_id: 'ofc_nope' }, CLERK), 'office_not_found');
      await refused(
        d.items.scan([{ item: 'EE123456784VN', code: 'EMC', office: o.a.id }], CLERK),
        'invalid_scan',
      );
      await refused(d.items.scan([{ item: item, code: 'EMI', office: o.b.id }], CLERK), 'invalid_scan');
      assert.equal(await head(), seq);
    });

    test('through a bag, two sorting centres and a delivery office; wrong office and wrong route refused', async () => {
      const t = platform.delivery.transport;
      const seq = await head();
      await refused(t.closeBag({ office: o.a.id, destination: o.b.id, items: [item] }, CLERK), 'wrong_route');
      await refused(
        t.closeBag({ office: o.b.id, destination: o.scHcm.id, items: [item] }, CLERK),
        'wrong_office',
      );
      assert.equal(await head(), seq, 'nothing written');

      const legs: Array<[keyof typeof o, keyof typeof o, string]> = [
        ['a', 'scHn', 'EDD'],
        ['scHn', 'scHcm', 'EDD'],
        ['scHcm', 'b', 'EMG'],
      ];
      for (const [from, to, arrival] of legs) {
        const bag = await t.closeBag({ office: o[from].id, destination: o[to].id, items: [item] }, CLERK);
        assert.match(bag.id, /^BG\d{16}$/);
        await refused(
          platform.delivery.items.scan([{ item, code: 'EMC', office: o[from].id }], CLERK),
          'invalid_scan',
        );
        const dispatch = await t.dispatch(
          { office: o[from].id, destination: o[to].id, bags: [bag.id] },
          CLERK,
        );
        assert.deepEqual(dispatch.bags, [bag.id]);
        assert.equal((await platform.delivery.items.get(item)).status, 'in_transit');
        await refused(t.receiveBag(bag.id, o.a.id === o[to].id ? o.b.id : o.a.id, CLERK), 'wrong_office');
        const r = await t.receiveBag(bag.id, o[to].id, CLERK);
        assert.equal(r.duplicate, false);
        const again = await t.receiveBag(bag.id, o[to].id, CLERK);
        assert.equal(again.duplicate, true, 'a second scan of the bag is accepted once');
        const events = await platform.delivery.items.events(item);
        assert.equal(events.at(-1)!.code, arrival);
        assert.equal((await t.getDispatch(dispatch.id)).status, 'arrived');
      }
      const codes = (await platform.delivery.items.events(item)).map((e) => e.code);
      assert.deepEqual(codes, ['EMA', 'EMC', 'EDD', 'EDE', 'EDD', 'EDE', 'EMG']);
      const here = await platform.delivery.items.get(item);
      assert.equal(here.status, 'at_office');
      assert.equal(here.location_office_id, o.b.id);
    });

    test('a round: delivered before going out is refused; a failed attempt; then delivered with its COD', async () => {
      const r = platform.delivery.rounds;
      await refused(
        r.collect(
          o.b.id,
          { item, recipient_name: 'Lê Văn Hùng', signature: 'signature:s1' },
          { id: CLERK, till_session_id: null },
        ),
        'illegal_event_order',
      );
      const first = await r.open({ office: o.b.id, postman: POSTMAN, items: [item] }, POSTMAN);
      assert.equal(first.cod_expected, 450_000n);
      await refused(
        r.open({ office: o.b.id, postman: POSTMAN, items: [item] }, POSTMAN),
        'illegal_event_order',
      );
      await refused(r.attempt(first.id, { item, reason: '11', action: 'A' }, B_MANAGER), 'not_on_round');
      await r.attempt(first.id, { item, reason: '11', action: 'A' }, POSTMAN);
      await refused(r.close(first.id, 0, POSTMAN), 'invalid_delivery');
      await r.close(first.id, 0, B_MANAGER);

      const second = await r.open({ office: o.b.id, postman: POSTMAN, items: [item] }, POSTMAN);
      const proof = {
        item,
        recipient_name: 'Lê Văn Hùng',
        signature: 'signature:sig-001',
        photo: 'photo:ph-001',
      };
      await refused(r.deliver(second.id, { ...proof, cod_collected: '400000' }, POSTMAN), 'cod_mismatch');
      await refused(
        r.deliver(second.id, { ...proof, signature: null, photo: null, cod_collected: '450000' }, POSTMAN),
        'invalid_delivery',
      );
      await refused(r.close(second.id, 0, B_MANAGER), 'round_has_items');
      const delivered = await r.deliver(second.id, { ...proof, cod_collected: '450000' }, POSTMAN);
      assert.equal(delivered.status, 'delivered');
      assert.equal(delivered.delivered_to, 'Lê Văn Hùng');
      await refused(r.close(second.id, 449_000, B_MANAGER), 'round_cash_mismatch');
      const closed = await r.close(second.id, 450_000, B_MANAGER);
      assert.equal(closed.cod_collected, 450_000n);
      const codes = (await platform.delivery.items.events(item)).map((e) => e.code);
      assert.deepEqual(codes.slice(-4), ['EDG', 'EMH', 'EDG', 'EMI']);
    });

    test('the COD is in the ledger once: consumer stopped half-way and restarted, then sent everything again', async () => {
      const deliveryJournal = platform.cells.find((c) => c.definition.name === 'delivery')!.journal;
      const financeJournal = platform.cells.find((c) => c.definition.name === 'finance')!.journal;
      const handle = deliveryConsumer({
        journal: financeJournal,
        ledger: platform.finance.ledger,
      }) as never;
      const first = createConsumer({
        source: deliveryJournal,
        target: financeJournal,
        clock,
        batchSize: 1,
        handle,
      });
      const start = await first.position();
      const end = (await deliveryJournal.head()).seq;
      assert.ok(end - start >= 3n, 'the round, the COD and the close are waiting');
      // Stopped after the event before the close: the COD is owed and the postman still holds the cash.
      while ((await first.position()) < end - 1n) await first.runOnce();
      const payable = accountId(o.b.id, 'cod_payable');
      const postmanCash = accountId(o.b.id, 'cod_in_transit', POSTMAN);
      assert.equal(-(await balance(payable)), 450_000n);
      assert.equal(await balance(postmanCash), 450_000n);
      // A new process: its consumer starts from the stored position.
      const restarted = createConsumer({ source: deliveryJournal, target: financeJournal, clock, handle });
      assert.equal(await restarted.drain(), 1);
      // A source that sends everything from the start again.
      const resending = createConsumer({
        source: { cell: 'delivery', readAfter: (_after, limit) => deliveryJournal.readAfter(0n, limit) },
        target: financeJournal,
        clock,
        batchSize: 10_000,
        handle,
      });
      assert.equal(await resending.drain(), 0);
      assert.equal((await platform.sync()).delivery, 0);
      assert.equal(-(await balance(payable)), 450_000n, 'owed once');
      assert.equal(await balance(postmanCash), 0n, 'handed in');
      const collection = await platform.finance.cod.collection(item);
      assert.equal(collection?.amount, 450_000n);
      assert.equal(collection?.payee, 'sender:+84912345678');
      for (const report of await platform.verify())
        assert.equal(report.ok, true, `${report.cell}: ${JSON.stringify(report.failures)}`);
    });

    test('remitted to the sender once; the statement balances; nothing left to remit', async () => {
      const cod = platform.finance.cod;
      const payee = 'sender:+84912345678';
      const rem = await cod.remit({ payee, through: '2026-11-25' }, MANAGER);
      assert.equal(rem.cod_total, 450_000n);
      assert.equal(rem.net, 450_000n);
      assert.deepEqual(rem.items, [item]);
      await refused(cod.remit({ payee, through: '2026-11-25' }, MANAGER), 'nothing_to_remit');
      await refused(cod.remit({ payee, through: '2026-13-01' }, MANAGER), 'invalid_day');
      assert.equal(await balance(accountId(o.b.id, 'cod_payable')), 0n);
      const s = await cod.statement(payee, '2026-11-01', '2026-11-30');
      assert.equal(s.collected, 450_000n);
      assert.equal(s.remitted, 450_000n);
      assert.equal(s.outstanding, 0n);
      assert.equal(s.remittances.length, 1);
      for (const report of await platform.verify())
        assert.equal(report.ok, true, `${report.cell}: ${JSON.stringify(report.failures)}`);
    });

    test('public tracking shows the journey, never the recipient’s phone, full name or address', async () => {
      const t = await platform.delivery.items.track(item);
      const text = JSON.stringify(t);
      assert.equal(t.status, 'delivered');
      assert.equal(t.destination_province, 'Thành phố Hồ Chí Minh');
      assert.equal(t.events.length, 11);
      for (const secret of [
        'Lê Văn Hùng',
        'Hùng',
        '0987654321',
        '+84987654321',
        '987654321',
        'Yersin',
        'Trần Thị Mai',
        '0912345678',
      ])
        assert.equal(text.includes(secret), false, `leaks ${secret}`);
      assert.equal(t.recipient, 'L. V. H.');
      assert.equal(t.recipient_phone, '•••••••321');
    });

    test('one upload of loose scans at two offices is journaled in runs that keep its order', async () => {
      const d = platform.delivery;
      const x = (
        await d.items.accept(PARCEL, { office_id: o.a.id, clerk_id: CLERK, till_session_id: till }, CLERK)
      ).id;
      const seq = await head();
      const r = await d.items.scan(
        [
          { item: x, code: 'EMC', office: o.a.id },
          { item: x, code: 'EDD', office: o.scHn.id },
          { item: x, code: 'EDD', office: o.scHn.id },
          { item: x, code: 'EDE', office: o.scHn.id },
        ],
        CLERK,
      );
      assert.deepEqual(r, { recorded: 3, duplicates: 1 });
      assert.equal(await head(), seq + 2n, 'one event per run of scans at one office');
      assert.deepEqual(
        (await d.items.events(x)).map((e) => e.code),
        ['EMA', 'EMC', 'EDD', 'EDE'],
      );
      for (const report of await platform.verify())
        assert.equal(report.ok, true, `${report.cell}: ${JSON.stringify(report.failures)}`);
    });

    test('verify catches an event order rewritten behind the journal’s back', async () => {
      const cell = platform.cells.find((c) => c.definition.name === 'delivery')!;
      const db = cell.database.db as unknown as Kysely<DeliveryTables>;
      await db
        .updateTable('delivery_item_event')
        .set({ code: 'EMI' })
        .where('id', '=', `${item}:0002`)
        .execute();
      const [report] = await platform.verify({ only: 'delivery' });
      assert.equal(report!.ok, false);
      const text = JSON.stringify(report!.failures);
      assert.match(text, new RegExp(`item ${item}: event 2 \\(EMI at`));
    });
  });
}
