// A shipper's day on both dialects: items announced in bulk with idempotency keys (a bad row refuses the
// batch and names itself), posted at the counter by a scan, a high-value item that needs its recipient's
// one-time code, an item returned to its sender after three failed attempts (no COD collected), one
// collected at the counter with COD into the till, and a remittance that nets the shipper's fees.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Platform } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';
import { fillVault } from '../../testing.ts';
import { accountId } from '../finance/index.ts';
import type { AcceptInput } from './index.ts';
import {
  B_CLERK,
  B_MANAGER,
  carry,
  CLERK,
  MANAGER,
  openDeliveryWorld,
  openTill,
  PARCEL,
  POSTMAN,
  refused,
  type DeliveryWorld,
  balanceOf,
  deliveryHead,
} from './testing.ts';

const SHIPPER = 'stf_0190ffffffffffffffffffffffffffff';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`a shipper's items on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let platform: Platform;
    let o: DeliveryWorld['o'];
    const ids: Record<string, string> = {};
    const order = (key: string, extra: Partial<AcceptInput> = {}): AcceptInput => ({
      ...PARCEL,
      service: 'ecommerce',
      sender: { ...PARCEL.sender, name: 'Shop Hoa Sen' },
      key,
      ...extra,
    });
    const head = () => deliveryHead(platform);
    const balance = (id: string) => balanceOf(platform, id);

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      ({ platform, o } = world);
    });
    after(() => world.close());

    test('a bad row refuses the whole batch, naming the row and field; nothing is written', async () => {
      const seq = await head();
      await assert.rejects(
        platform.delivery.items.announce(
          [
            order('ORD-1'),
            order('ORD-2', { recipient: { ...PARCEL.recipient, phone: '0123' } }),
            order('ORD-3'),
          ],
          { id: SHIPPER, office_id: o.a.id },
          SHIPPER,
        ),
        (err: { code?: string; details?: { row?: number; field?: string }; message: string }) => {
          assert.equal(err.code, 'invalid_item');
          assert.deepEqual([err.details?.row, err.details?.field], [2, 'recipient.phone']);
          assert.match(err.message, /^Row 2: recipient\.phone/);
          return true;
        },
      );
      await assert.rejects(
        platform.delivery.items.announce(
          [order('ORD-1'), order('ORD-1')],
          { id: SHIPPER, office_id: o.a.id },
          SHIPPER,
        ),
        (err: { details?: { row?: number; field?: string } }) =>
          err.details?.row === 2 && err.details.field === 'key',
      );
      assert.equal(await head(), seq);
    });

    test('announced in bulk; the same keys again give the same items; a changed order under an old key is refused', async () => {
      const items = platform.delivery.items;
      const batch = [
        order('ORD-1'),
        order('ORD-2', { cod_amount: '4500000' }),
        order('ORD-3', { cod_amount: '120000' }),
        order('ORD-4', { cod_amount: '0' }),
      ];
      const first = await items.announce(batch, { id: SHIPPER, office_id: o.a.id }, SHIPPER);
      assert.equal(first.created, 4);
      for (const [i, it] of first.items.entries()) {
        assert.match(it.id, /^HV\d{9}VN$/);
        assert.equal(it.status, 'announced');
        assert.equal(it.paid_by, 'account');
        ids[`ORD-${i + 1}`] = it.id;
      }
      assert.match(
        first.items[1]!.delivery_code ?? '',
        /^\d{6}$/,
        'the 4.5 million ₫ COD item has a code for its recipient',
      );
      assert.equal(first.items[0]!.delivery_code, null);
      const again = await items.announce(
        [order('ORD-5'), ...batch],
        { id: SHIPPER, office_id: o.a.id },
        SHIPPER,
      );
      assert.equal(again.created, 1);
      assert.deepEqual(
        again.items.slice(1).map((i) => i.id),
        first.items.map((i) => i.id),
      );
      await refused(
        items.announce(
          [order('ORD-1', { cod_amount: '999000' })],
          { id: SHIPPER, office_id: o.a.id },
          SHIPPER,
        ),
        'idempotency_key_reused',
      );
      ids['code'] = first.items[1]!.delivery_code!;
      // Mixed services in one batch: each row keeps its own service's id, in the order given.
      const mixed = await items.announce(
        [order('MIX-1', { service: 'parcel' }), order('MIX-2'), order('MIX-3', { service: 'parcel' })],
        { id: SHIPPER, office_id: o.a.id },
        SHIPPER,
      );
      assert.deepEqual(
        mixed.items.map((i) => [i.id.slice(0, 2), i.shipper_key]),
        [
          ['CP', 'MIX-1'],
          ['HV', 'MIX-2'],
          ['CP', 'MIX-3'],
        ],
      );
      await platform.sync();
      // Fees billed to the shipper's account at the office it hands its parcels in to.
      const fees = [...first.items, again.items[0]!, ...mixed.items].reduce((s, i) => s + i.fee, 0n);
      assert.equal(await balance(accountId(o.a.id, 'receivable', SHIPPER)), fees);
    });

    test('posted at the counter by a scan, at the chosen office only; then carried to the delivery office', async () => {
      const items = platform.delivery.items;
      const posted = ['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4'].map((k) => ids[k]!);
      await refused(items.scan([{ item: posted[0]!, code: 'EMA', office: o.b.id }], CLERK), 'wrong_office');
      const r = await items.scan(
        [
          ...posted.map((item) => ({ item, code: 'EMA', office: o.a.id })),
          { item: posted[0]!, code: 'EMA', office: o.a.id },
        ],
        CLERK,
      );
      assert.deepEqual(r, { recorded: 4, duplicates: 1 });
      await carry(
        platform,
        posted,
        [
          [o.a, o.scHn],
          [o.scHn, o.scHcm],
          [o.scHcm, o.b],
        ],
        CLERK,
      );
      assert.equal((await items.get(posted[3]!)).status, 'at_office');
    });

    test('a high-value item is handed over only against its one-time code', async () => {
      const rounds = platform.delivery.rounds;
      const round = await rounds.open(
        { office: o.b.id, postman: POSTMAN, items: [ids['ORD-2']!, ids['ORD-4']!] },
        POSTMAN,
      );
      const proof = {
        item: ids['ORD-2']!,
        recipient_name: 'Lê Văn Hùng',
        photo: 'photo:p-2',
        cod_collected: '4500000',
      };
      await refused(rounds.deliver(round.id, proof, POSTMAN), 'delivery_code_required');
      const wrong = ids['code'] === '000000' ? '111111' : '000000';
      await refused(rounds.deliver(round.id, { ...proof, code: wrong }, POSTMAN), 'wrong_delivery_code');
      const done = await rounds.deliver(round.id, { ...proof, code: ids['code']! }, POSTMAN);
      assert.equal(done.status, 'delivered');
      await rounds.deliver(
        round.id,
        { item: ids['ORD-4']!, recipient_name: 'Lê Văn Hùng', signature: 'signature:s-4' },
        POSTMAN,
      );
      await rounds.close(round.id, '4500000', B_MANAGER);
    });

    test('three failed attempts send an item back; it is returned to its sender without collecting its COD', async () => {
      const rounds = platform.delivery.rounds;
      const item = ids['ORD-3']!;
      for (let i = 1; i <= 3; i++) {
        const round = await rounds.open({ office: o.b.id, postman: POSTMAN, items: [item] }, POSTMAN);
        if (i === 3)
          await refused(
            rounds.attempt(round.id, { item, reason: '11', action: 'A' }, POSTMAN),
            'illegal_event_order',
          );
        await rounds.attempt(
          round.id,
          { item, reason: i === 3 ? '13' : '11', action: i === 3 ? 'C' : 'A' },
          POSTMAN,
        );
        await rounds.close(round.id, 0, B_MANAGER);
      }
      const back = await platform.delivery.items.get(item);
      assert.equal(back.returning, true);
      assert.equal(back.target_office_id, o.a.id);
      await carry(
        platform,
        [item],
        [
          [o.b, o.scHcm],
          [o.scHcm, o.scHn],
          [o.scHn, o.a],
        ],
        B_CLERK,
      );
      await platform.delivery.items.scan([{ item, code: 'EDH', office: o.a.id }], CLERK);
      const returned = await platform.delivery.rounds.collect(
        o.a.id,
        { item, recipient_name: 'Shop Hoa Sen', signature: 'signature:shop' },
        { id: CLERK, till_session_id: world.till },
      );
      assert.equal(returned.status, 'returned');
      assert.equal(await platform.finance.cod.collection(item), undefined, 'no COD on a returned item');
    });

    test('an item held for pick-up is collected at the counter with its COD into the till', async () => {
      const items = platform.delivery.items;
      const { items: made } = await items.announce(
        [order('ORD-6', { cod_amount: '200000' })],
        { id: SHIPPER, office_id: o.a.id },
        SHIPPER,
      );
      const item = made[0]!.id;
      await items.scan([{ item, code: 'EMA', office: o.a.id }], CLERK);
      assert.equal((await items.get(item)).delivery_office_id, o.b.id);
      await carry(
        platform,
        [item],
        [
          [o.a, o.scHn],
          [o.scHn, o.scHcm],
          [o.scHcm, o.b],
        ],
        CLERK,
      );
      await refused(
        items.scan([{ item, code: 'EMG', office: o.b.id, reason: '11' }], B_CLERK),
        'invalid_scan',
      );
      await refused(
        items.scan([{ item, code: 'EDH', office: o.b.id, reason: '42' }], B_CLERK),
        'invalid_scan',
      );
      await items.scan([{ item, code: 'EDH', office: o.b.id, reason: '11' }], B_CLERK);
      assert.equal((await items.events(item)).at(-1)?.reason, '11');
      await refused(
        platform.delivery.rounds.collect(
          o.b.id,
          { item, recipient_name: 'Lê Văn Hùng', signature: 'signature:x', cod_collected: '200000' },
          { id: B_CLERK, till_session_id: null },
        ),
        'invalid_delivery',
      );
      const seq = await head();
      await refused(
        platform.delivery.rounds.collect(
          o.a.id,
          { item, recipient_name: 'Lê Văn Hùng', signature: 'signature:x', cod_collected: '200000' },
          { id: CLERK, till_session_id: world.till },
        ),
        'wrong_office',
      );
      assert.equal(await head(), seq);
      await fillVault(platform.finance, o.b.id, 5_000_000n);
      const session = await openTill(platform, {
        office: o.b.id,
        clerk: B_CLERK,
        name: 'Phạm Minh Châu',
        checker: B_MANAGER,
      });
      const tillAccount = accountId(o.b.id, 'till_cash', B_CLERK);
      await platform.sync();
      const before = await balance(tillAccount);
      const collected = await platform.delivery.rounds.collect(
        o.b.id,
        { item, recipient_name: 'Lê Văn Hùng', signature: 'signature:x', cod_collected: '200000' },
        { id: B_CLERK, till_session_id: session },
      );
      assert.equal(collected.status, 'delivered');
      await platform.sync();
      assert.equal(await balance(tillAccount), before + 200_000n);
      assert.equal((await platform.finance.cod.collection(item))?.place, 'counter');
    });

    test('the remittance pays COD handed in, less the fees billed; statement and ledger agree; verify passes', async () => {
      await platform.sync();
      const fees = await balance(accountId(o.a.id, 'receivable', SHIPPER));
      const rem = await platform.finance.cod.remit({ payee: SHIPPER, through: '2026-11-25' }, MANAGER);
      assert.equal(rem.cod_total, 4_700_000n, 'ORD-2 on a round, ORD-6 at the counter; ORD-3 was returned');
      assert.equal(rem.fees, fees);
      assert.equal(rem.net, 4_700_000n - fees);
      assert.equal(await balance(accountId(o.a.id, 'receivable', SHIPPER)), 0n);
      assert.equal(await balance(accountId(o.b.id, 'cod_payable')), 0n);
      const s = await platform.finance.cod.statement(SHIPPER, '2026-11-25', '2026-11-25');
      assert.equal(s.collected, 4_700_000n);
      assert.equal(s.outstanding, 0n);
      for (const report of await platform.verify())
        assert.equal(report.ok, true, `${report.cell}: ${JSON.stringify(report.failures)}`);
    });
  });
}
