// Items another cell sends through delivery, on both dialects: a citizen's dossier result taken in at a Hà Nội
// office with its charge already taken (every fee 0, so finance posts nothing), once per key however often
// it is asked; restricted to the citizen and a representative until the last day of the authorisation,
// refused to anyone else at the door and at the counter, and handed back to the sender without a CCCD
// when it returns. The delivered events say which way each went, and verify replays it all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Platform } from '../../app.ts';
import type { JournalEvent } from '../../journal/index.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';
import { accountId } from '../finance/index.ts';
import {
  itemAccepted,
  itemDelivered,
  type DeliveryTables,
  type ItemRef,
  type PrepaidInput,
} from './index.ts';
import {
  B_MANAGER,
  balanceOf,
  carry,
  CLERK,
  deliveryHead,
  openDeliveryWorld,
  POSTMAN,
  refused,
  type DeliveryWorld,
} from './testing.ts';

/** Synthetic CCCDs: the citizen (Hà Nội, male, 2003), her representative, and a stranger. */
const CITIZEN = '001203012345';
const PROXY = '079185000001';
const STRANGER = '001190000777';

/** A dossier's result going from the Ba Đình office to a citizen in Thủ Dầu Một, as registered mail. */
const RESULT: PrepaidInput = {
  service: 'registered',
  sender: { name: 'UBND phường Ba Đình', phone: '02438234567', address: 'Số 1 Đội Cấn', commune: '00004' },
  recipient: { name: 'Lê Thị Hoa', phone: '0987654321', address: 'Số 45 Yersin', commune: '25747' },
  weight_g: 150,
  length_cm: 32,
  width_cm: 23,
  height_cm: 1,
};

const json = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
const ref = (n: string): ItemRef => ({ owner: 'services', key: `hs:HS2026000${n}:back` });

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`items another cell sends, restricted to named citizens, on ${dialect}`, { skip }, () => {
    // 25 November 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let platform: Platform;
    let o: DeliveryWorld['o'];
    const ids: Record<string, string> = {};

    const head = () => deliveryHead(platform);
    const journal = () => platform.cells.find((c) => c.definition.name === 'delivery')!.journal;
    const at = () => ({ office_id: o.a.id, actor: CLERK });
    const toOfficeB = (items: string[]) =>
      carry(
        platform,
        items,
        [
          [o.a, o.scHn],
          [o.scHn, o.scHcm],
          [o.scHcm, o.b],
        ],
        CLERK,
      );
    /** The payloads of the delivered events appended since `seq`. */
    const deliveredSince = async (seq: bigint) =>
      (await journal().readAfter(seq, 100))
        .filter((e) => e.type === 'delivery.item.delivered')
        .map((e) => (e as JournalEvent<Record<string, unknown>>).payload);

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      ({ platform, o } = world);
    });
    after(() => world.close());

    test('accepted with every fee 0 and paid_by prepaid; the same ref twice is one item', async () => {
      const d = platform.delivery;
      const seq = await head();
      const item = await d.items.acceptPrepaid(RESULT, at(), ref('1'));
      ids['plain'] = item.id;
      assert.match(item.id, /^RR\d{9}VN$/);
      assert.equal(item.paid_by, 'prepaid');
      for (const f of ['postage', 'insurance_fee', 'cod_fee', 'fee', 'insured_value', 'cod_amount'] as const)
        assert.equal(item[f], 0n, f);
      assert.equal(item.status, 'at_office');
      assert.equal(item.location_office_id, o.a.id);
      assert.equal(item.delivery_office_id, o.b.id);
      assert.equal(item.restricted, false);
      assert.equal(item.needs_code, false);
      assert.equal(item.shipper_id, null);
      assert.equal(item.shipper_key, null);
      assert.equal(item.till_session_id, null);
      assert.equal(await head(), seq + 1n, 'one event');
      const again = await d.items.acceptPrepaid(RESULT, at(), ref('1'));
      assert.deepEqual(again, item, 'the same item answered');
      assert.equal(await head(), seq + 1n, 'nothing more written');
      const [accepted] = await journal().readAfter(seq, 1);
      assert.equal(accepted!.type, 'delivery.item.accepted');
      const p = accepted!.payload as Record<string, unknown>;
      assert.deepEqual(
        [p['paid_by'], p['fee'], p['owner'], p['owner_key'], 'restricted_to' in p],
        ['prepaid', '0', 'services', 'hs:HS20260001:back', false],
      );
    });

    test('finance follows the acceptance and posts nothing: no fee into a till or revenue', async () => {
      const revenue = accountId(o.a.id, 'fee_revenue');
      const till = accountId(o.a.id, 'till_cash', CLERK);
      const before = [await balanceOf(platform, revenue), await balanceOf(platform, till)];
      await platform.sync();
      assert.deepEqual([await balanceOf(platform, revenue), await balanceOf(platform, till)], before);
      await refused(platform.finance.ledger.getTransfer(`fee:${ids['plain']}`), 'invalid_transfer');
    });

    test('bad input is refused, named, and writes nothing', async () => {
      const d = platform.delivery;
      const seq = await head();
      const cases: Array<[PrepaidInput, ItemRef, string]> = [
        [RESULT, { owner: 'services', key: 'HS20260001' }, 'ref.key'],
        [RESULT, { owner: 'finance' as 'services', key: 'hs:HS1:back' }, 'ref.owner'],
        [{ ...RESULT, service: 'ems', cod_amount: '50000' }, ref('9'), 'cod_amount'],
        [{ ...RESULT, insured_value: '1000000' }, ref('9'), 'insured_value'],
        [{ ...RESULT, restricted_to: [] }, ref('9'), 'restricted_to'],
        [{ ...RESULT, restricted_to: [{ cccd: '12345' }] }, ref('9'), 'restricted_to[0].cccd'],
        [
          { ...RESULT, restricted_to: [{ cccd: CITIZEN }, { cccd: PROXY, until: '2026-02-30' }] },
          ref('9'),
          'restricted_to[1].until',
        ],
        [
          { ...RESULT, restricted_to: [{ cccd: CITIZEN }, { cccd: CITIZEN, until: '2026-12-31' }] },
          ref('9'),
          'restricted_to[1].cccd',
        ],
        [
          { ...RESULT, restricted_to: Array.from({ length: 6 }, () => ({ cccd: CITIZEN })) },
          ref('9'),
          'restricted_to',
        ],
      ];
      for (const [input, r, field] of cases)
        await assert.rejects(
          d.items.acceptPrepaid(input, at(), r),
          (err: { code?: string; details?: { field?: string } }) => {
            assert.equal(err.code, 'invalid_item', field);
            assert.equal(err.details?.field, field);
            return true;
          },
        );
      // The same ref for another item, or the same item with other receivers, is a mistake to report.
      await refused(
        d.items.acceptPrepaid({ ...RESULT, weight_g: 300 }, at(), ref('1')),
        'idempotency_key_reused',
      );
      await refused(
        d.items.acceptPrepaid({ ...RESULT, restricted_to: [{ cccd: CITIZEN }] }, at(), ref('1')),
        'idempotency_key_reused',
      );
      assert.equal(await head(), seq);
    });

    test('restricted: only HMACs are kept; the same ref and receivers again answer the same item', async () => {
      const d = platform.delivery;
      const restricted_to = [{ cccd: CITIZEN }, { cccd: PROXY, until: '2026-11-24' }];
      const seq = await head();
      const item = await d.items.acceptPrepaid({ ...RESULT, restricted_to }, at(), ref('2'));
      ids['round'] = item.id;
      assert.equal(item.restricted, true);
      assert.equal(item.paid_by, 'prepaid');
      const view = json(item);
      assert.equal(view.includes(CITIZEN), false, 'the item view never shows the CCCD');
      assert.equal(view.includes('hash'), false, 'nor its hash');
      const again = await d.items.acceptPrepaid({ ...RESULT, restricted_to }, at(), ref('2'));
      assert.equal(again.id, item.id);
      const events = await journal().readAfter(seq, 10);
      assert.equal(events.length, 1);
      const text = json(events);
      for (const n of [CITIZEN, PROXY]) assert.equal(text.includes(n), false, `the journal holds ${n}`);
      const p = events[0]!.payload as { restricted_to: Array<{ hash: string; until: string | null }> };
      assert.equal(p.restricted_to.length, 2);
      assert.match(p.restricted_to[0]!.hash, /^[0-9a-f]{64}$/);
      assert.deepEqual(
        p.restricted_to.map((r) => r.until),
        [null, '2026-11-24'],
      );
      // Two more: one held for the counter, one that will go back to its sender.
      ids['counter'] = (
        await d.items.acceptPrepaid(
          { ...RESULT, restricted_to: [{ cccd: CITIZEN }, { cccd: PROXY, until: '2026-11-25' }] },
          at(),
          ref('3'),
        )
      ).id;
      ids['back'] = (
        await d.items.acceptPrepaid({ ...RESULT, restricted_to: [{ cccd: CITIZEN }] }, at(), ref('4'))
      ).id;
      ids['proxy'] = (
        await d.items.acceptPrepaid(
          { ...RESULT, restricted_to: [{ cccd: CITIZEN }, { cccd: PROXY, until: '2026-11-25' }] },
          at(),
          ref('5'),
        )
      ).id;
    });

    test('on a round: refused without a CCCD, to a stranger and to a representative past their day; delivered to the citizen', async () => {
      const r = platform.delivery.rounds;
      const item = ids['round']!;
      const all = [item, ids['counter']!, ids['back']!, ids['proxy']!];
      await toOfficeB(all);
      const round = await r.open({ office: o.b.id, postman: POSTMAN, items: all }, POSTMAN);
      const proof = { item, recipient_name: 'Lê Thị Hoa', signature: 'signature:sig-hs2' };
      const seq = await head();
      for (const [cccd, field] of [
        [undefined, 'receiver_cccd'],
        ['0012030123', 'receiver_cccd'],
        ['001903012345', 'receiver_cccd'],
      ] as const)
        await assert.rejects(
          r.deliver(round.id, { ...proof, receiver_cccd: cccd }, POSTMAN),
          (err: { code?: string; details?: { field?: string } }) => {
            assert.equal(err.code, 'invalid_delivery');
            assert.equal(err.details?.field, field);
            return true;
          },
        );
      for (const cccd of [STRANGER, PROXY])
        await assert.rejects(
          r.deliver(round.id, { ...proof, receiver_cccd: cccd }, POSTMAN),
          (err: { code?: string; message: string; messageVi?: string }) => {
            assert.equal(err.code, 'receiver_not_allowed');
            assert.match(err.message, /only be handed to the citizen or their authorised representative/);
            assert.match(err.message, /check the CCCD/);
            assert.match(err.messageVi!, /chính công dân hoặc người được uỷ quyền/);
            assert.match(err.messageVi!, /kiểm tra CCCD/);
            return true;
          },
        );
      assert.equal(await head(), seq, 'nothing written');
      assert.equal((await platform.delivery.items.get(item)).status, 'out_for_delivery');
      const delivered = await r.deliver(round.id, { ...proof, receiver_cccd: '0012 0301 2345' }, POSTMAN);
      assert.equal(delivered.status, 'delivered');
      assert.equal(delivered.delivered_to, 'Lê Thị Hoa');
      const [payload] = await deliveredSince(seq);
      assert.equal(payload!['returning'], false);
      assert.equal(payload!['receiver_checked'], true);
      // A representative on the last day of the authorisation may take it.
      const byProxy = await r.deliver(
        round.id,
        {
          item: ids['proxy']!,
          recipient_name: 'Nguyễn Văn Bình',
          photo: 'photo:ph-hs5',
          receiver_cccd: PROXY,
        },
        POSTMAN,
      );
      assert.equal(byProxy.status, 'delivered');
      // The other two: one held for the counter, one refused and sent back to its sender.
      await r.attempt(round.id, { item: ids['counter']!, reason: '11', action: 'B' }, POSTMAN);
      await r.attempt(round.id, { item: ids['back']!, reason: '13', action: 'C' }, POSTMAN);
      await r.close(round.id, 0, B_MANAGER);
    });

    test('at the counter, just after midnight in Vietnam: a stranger and a representative whose day ended refused; the citizen takes it', async () => {
      const r = platform.delivery.rounds;
      const item = ids['counter']!;
      // 00:30 on 26 November in Vietnam, still the 25th in UTC: the representative's last day (the 25th) has gone.
      clock.set('2026-11-25T17:30:00.000Z');
      const clerk = { id: B_MANAGER, till_session_id: null };
      const proof = { item, recipient_name: 'Lê Thị Hoa', signature: 'signature:sig-hs3' };
      const seq = await head();
      await refused(r.collect(o.b.id, proof, clerk), 'invalid_delivery');
      await refused(r.collect(o.b.id, { ...proof, receiver_cccd: STRANGER }, clerk), 'receiver_not_allowed');
      await assert.rejects(
        r.collect(o.b.id, { ...proof, receiver_cccd: PROXY }, clerk),
        (err: { code?: string; message: string }) => {
          assert.equal(err.code, 'receiver_not_allowed');
          assert.match(err.message, /authorisation ended before 2026-11-26/);
          return true;
        },
      );
      assert.equal(await head(), seq, 'nothing written');
      const taken = await r.collect(o.b.id, { ...proof, receiver_cccd: CITIZEN }, clerk);
      assert.equal(taken.status, 'delivered');
      const [payload] = await deliveredSince(seq);
      assert.equal(payload!['round'], null);
      assert.equal(payload!['returning'], false);
      assert.equal(payload!['receiver_checked'], true);
    });

    test('going back: handed to its sender without a CCCD, and the event says it returned', async () => {
      const r = platform.delivery.rounds;
      const item = ids['back']!;
      const going = await platform.delivery.items.get(item);
      assert.equal(going.returning, true);
      assert.equal(going.target_office_id, o.a.id);
      await carry(
        platform,
        [item],
        [
          [o.b, o.scHcm],
          [o.scHcm, o.scHn],
          [o.scHn, o.a],
        ],
        CLERK,
      );
      const round = await r.open({ office: o.a.id, postman: POSTMAN, items: [item] }, POSTMAN);
      const seq = await head();
      const back = await r.deliver(
        round.id,
        { item, recipient_name: 'UBND phường Ba Đình', signature: 'signature:sig-hs4' },
        POSTMAN,
      );
      assert.equal(back.status, 'returned');
      const [payload] = await deliveredSince(seq);
      assert.equal(payload!['returning'], true);
      assert.equal(payload!['receiver_checked'], false);
      await r.close(round.id, 0, B_MANAGER);
    });

    test('events written before these fields still read; replay into empty tables gives the same tables', async () => {
      const [first] = (await journal().readAfter(0n, 100_000)).filter(
        (e) => e.type === 'delivery.item.accepted' && (e.payload as { id: string }).id === ids['round'],
      );
      const {
        owner: _o,
        owner_key: _k,
        restricted_to: _r,
        ...old
      } = first!.payload as Record<string, unknown>;
      assert.equal(itemAccepted.schema.safeParse({ ...old, paid_by: 'cash' }).success, true);
      assert.equal(itemAccepted.schema.safeParse({ ...old, paid_by: 'cheque' }).success, false);
      const delivered = {
        item: ids['round'],
        office: o.b.id,
        round: null,
        recipient_name: 'Lê Thị Hoa',
        signature: 'signature:x',
        photo: null,
        code_checked: false,
      };
      assert.equal(itemDelivered.schema.safeParse(delivered).success, true);
      assert.equal(itemDelivered.schema.safeParse({ ...delivered, returning: 'no' }).success, false);
      await platform.sync();
      for (const report of await platform.verify())
        assert.equal(report.ok, true, `${report.cell}: ${JSON.stringify(report.failures)}`);
    });

    test('verify catches a restriction lifted behind the journal’s back', async () => {
      const cell = platform.cells.find((c) => c.definition.name === 'delivery')!;
      const db = cell.database.db as unknown as Kysely<DeliveryTables>;
      await db
        .updateTable('delivery_item')
        .set({ restricted_to: null })
        .where('id', '=', ids['back']!)
        .execute();
      const [report] = await platform.verify({ only: 'delivery' });
      assert.equal(report!.ok, false);
      assert.match(JSON.stringify(report!.failures), /delivery_item/);
    });
  });
}
