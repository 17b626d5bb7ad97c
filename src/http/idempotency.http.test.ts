// Required idempotency keys on both dialects (issue 20, finding 8): a double click or a retry on a bad
// connection sends the same write twice, in turn or at once; each must take effect once and be answered with
// the first result. A changed request under a used key, a missing key and a malformed one are refused and
// change nothing; keys are scoped to who sends them; the OpenAPI document says the header is required. Here at
// the counter, for shippers and for COD; pension payouts are in idempotency-payouts.http.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, type Platform } from '../app.ts';
import { accountId } from '../cells/finance/index.ts';
import {
  balanceOf,
  carry,
  CLERK,
  deliveryHead,
  openDeliveryWorld,
  openTill,
  PARCEL,
  type DeliveryWorld,
} from '../cells/delivery/testing.ts';
import { SHIPMENT_COLUMNS } from '../cells/delivery/index.ts';
import { requestKey } from '../journal/index.ts';
import { ManualClock } from '../platform/clock.ts';
import { dialectsUnderTest } from '../storage/testing.ts';
import { addSignedInStaff, apiCaller } from '../testing.ts';
import type { Server } from './server.ts';

/** Every write that moves money or creates something: each must declare the header required. */
export const KEYED_ROUTES = [
  'POST /v1/delivery/tills/{id}/items',
  'POST /v1/delivery/tills/{id}/pickups',
  'POST /v1/delivery/shipments',
  'POST /v1/delivery/offices/{office}/bags',
  'POST /v1/delivery/offices/{office}/dispatches',
  'POST /v1/delivery/offices/{office}/rounds',
  'POST /v1/delivery/rounds/{id}/deliveries',
  'POST /v1/delivery/rounds/{id}/attempts',
  'POST /v1/delivery/rounds/{id}/close',
  'POST /v1/finance/offices/{office}/tills',
  'POST /v1/finance/tills/{id}/moves',
  'POST /v1/finance/moves/{id}/decision',
  'POST /v1/finance/tills/{id}/cash-up',
  'POST /v1/finance/tills/{id}/close',
  'POST /v1/finance/tills/{id}/pension-payouts',
  'POST /v1/finance/offices/{office}/pension-rounds',
  'POST /v1/finance/pension-rounds/{id}/payouts',
  'POST /v1/finance/pension-rounds/{id}/close',
  'POST /v1/finance/cod-remittances',
] as const;

const financeHead = async (platform: Platform) =>
  (await platform.cells.find((c) => c.definition.name === 'finance')!.journal.head()).seq;

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`idempotency keys at the counter and for COD on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let platform: Platform;
    let app: Server;
    const cookie: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const call = apiCaller(() => app, cookie);
    const tillCash = (clerk: string) => balanceOf(platform, accountId(world.o.a.id, 'till_cash', clerk));
    /** A parcel taken in at office a and carried to office b, its delivery office. */
    const parcelAtB = async () => {
      const { o } = world;
      const item = await platform.delivery.items.accept(
        PARCEL,
        { office_id: o.a.id, clerk_id: CLERK, till_session_id: world.till },
        CLERK,
      );
      const legs = [
        [o.a, o.scHn],
        [o.scHn, o.scHcm],
        [o.scHcm, o.b],
      ] as const;
      await carry(platform, [item.id], legs, 'system:test');
      return item;
    };
    const parcelsAtA = async () =>
      (await platform.delivery.items.list({ office: world.o.a.id, limit: 500, offset: 0 })).total;

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      platform = world.platform;
      app = await buildApp(platform, pino({ level: 'silent' }));
      const { o } = world;
      const signedIn = await addSignedInStaff(platform, app, [
        ['lan', ['counter_clerk'], o.a.id],
        ['thu', ['counter_clerk'], o.a.id],
        ['hung', ['office_manager'], o.a.id],
        ['minh', ['office_manager'], o.b.id],
        ['shop', ['shipper'], o.a.id],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookie, signedIn.cookies);
      for (const [clerk, name] of [
        ['lan', 'Nguyễn Thị Lan'],
        ['thu', 'Trần Thị Thu'],
      ] as const)
        ids[`till:${clerk}`] = await openTill(platform, {
          office: o.a.id,
          clerk: ids[clerk]!,
          name,
          checker: ids['hung']!,
        });
    });
    after(async () => {
      await app.close();
      await world.close();
    });

    test('an acceptance sent twice, in turn or at once, makes one parcel and takes one fee', async () => {
      const url = `/v1/delivery/tills/${ids['till:lan']}/items`;
      const high = { ...PARCEL, cod_amount: '3000000' };
      const [parcels, cash] = [await parcelsAtA(), await tillCash(ids['lan']!)];

      const first = await call('lan', 'POST', url, high, undefined, 'double-click-1');
      const retry = await call('lan', 'POST', url, high, undefined, 'double-click-1');
      assert.deepEqual([first.status, retry.status], [201, 201], JSON.stringify(retry.body));
      assert.equal(retry.body.id, first.body.id, 'the retry answers the first parcel');
      assert.match(String(first.body['delivery_code']), /^\d{6}$/);
      assert.equal(retry.body['delivery_code'], first.body['delivery_code'], 'and its delivery code');

      const both = await Promise.all([
        call('lan', 'POST', url, PARCEL, undefined, 'bad-connection-2'),
        call('lan', 'POST', url, PARCEL, undefined, 'bad-connection-2'),
      ]);
      assert.deepEqual(
        both.map((r) => r.status),
        [201, 201],
      );
      assert.equal(both[0].body.id, both[1].body.id, 'two at once make one parcel');

      assert.equal(await parcelsAtA(), parcels + 2, 'two parcels, not four');
      const fees = BigInt(String(first.body['fee'])) + BigInt(String(both[0].body['fee']));
      assert.equal(await tillCash(ids['lan']!), cash + fees, 'each fee taken once');
    });

    test('a used key with a changed parcel, a missing key and a malformed key change nothing', async () => {
      const url = `/v1/delivery/tills/${ids['till:lan']}/items`;
      const [parcels, cash, head] = [
        await parcelsAtA(),
        await tillCash(ids['lan']!),
        await deliveryHead(platform),
      ];

      const changed = await call(
        'lan',
        'POST',
        url,
        { ...PARCEL, weight_g: 5000 },
        undefined,
        'bad-connection-2',
      );
      assert.deepEqual([changed.status, changed.body.code], [422, 'idempotency_key_reused']);
      assert.match(String(changed.body.message), /Idempotency-Key "bad-connection-2" was already used/);
      assert.match(String(changed.body.message_vi), /Khóa chống lặp/);

      const missing = await call('lan', 'POST', url, PARCEL, undefined, null);
      assert.deepEqual([missing.status, missing.body.code], [400, 'idempotency_key_required']);
      assert.match(String(missing.body.message), /Idempotency-Key header/);
      assert.match(String(missing.body.message_vi), /Idempotency-Key/);

      const malformed = await call('lan', 'POST', url, PARCEL, undefined, 'has a space');
      assert.deepEqual([malformed.status, malformed.body.code], [400, 'invalid_idempotency_key']);

      assert.equal(await parcelsAtA(), parcels, 'no parcel made');
      assert.equal(await tillCash(ids['lan']!), cash, 'no fee taken');
      assert.equal(await deliveryHead(platform), head, 'nothing journaled');
    });

    test('a key is the sender’s own: two clerks using the same key each get their parcel', async () => {
      const parcels = await parcelsAtA();
      const mine = await call(
        'lan',
        'POST',
        `/v1/delivery/tills/${ids['till:lan']}/items`,
        PARCEL,
        undefined,
        'k-1',
      );
      const hers = await call(
        'thu',
        'POST',
        `/v1/delivery/tills/${ids['till:thu']}/items`,
        PARCEL,
        undefined,
        'k-1',
      );
      assert.deepEqual([mine.status, hers.status], [201, 201], JSON.stringify(hers.body));
      assert.notEqual(mine.body.id, hers.body.id);
      assert.equal(await parcelsAtA(), parcels + 2);
    });

    test('a shipper’s batch without item keys, sent twice at once, makes its items once', async () => {
      const batch = { items: [PARCEL, { ...PARCEL, weight_g: 2000 }] };
      const announced = async () =>
        (await platform.delivery.items.list({ shipper: ids['shop'], limit: 10, offset: 0 })).total;
      const send = (body: object) =>
        call('shop', 'POST', '/v1/delivery/shipments', body, undefined, 'batch-1');
      const both = await Promise.all([send(batch), send(batch)]);
      assert.deepEqual(
        both.map((r) => r.status),
        [201, 201],
        JSON.stringify(both[0].body),
      );
      const idsOf = (r: (typeof both)[number]) => (r.body['items'] as Array<{ id: string }>).map((i) => i.id);
      assert.deepEqual(idsOf(both[1]), idsOf(both[0]), 'the same two items');
      assert.equal(await announced(), 2, 'two items, not four');
      const changed = await send({ items: [PARCEL] });
      assert.deepEqual([changed.status, changed.body.code], [422, 'idempotency_key_reused']);
      assert.equal(await announced(), 2);
    });

    test('a batch whose items all exist already is recorded under its key: another batch under it is refused', async () => {
      const announced = async () =>
        (await platform.delivery.items.list({ shipper: ids['shop'], limit: 100, offset: 0 })).total;
      const send = (body: object, key?: string) =>
        call('shop', 'POST', '/v1/delivery/shipments', body, undefined, key);
      const known = { items: [{ ...PARCEL, key: 'ORDER-77' }] };
      const made = await send(known);
      assert.deepEqual([made.status, made.body['created']], [201, 1], JSON.stringify(made.body));
      const id = (made.body['items'] as Array<{ id: string }>)[0]!.id;

      const again = await send(known, 'all-known-1');
      assert.deepEqual([again.status, again.body['created']], [201, 0]);
      const count = await announced();
      const other = await send({ items: [{ ...PARCEL, key: 'ORDER-78' }] }, 'all-known-1');
      assert.deepEqual([other.status, other.body.code], [422, 'idempotency_key_reused']);
      assert.equal(await announced(), count, 'nothing made under the used key');
      const retry = await send(known, 'all-known-1');
      assert.deepEqual([retry.status, retry.body['created']], [201, 0]);
      assert.equal((retry.body['items'] as Array<{ id: string }>)[0]!.id, id);
    });

    test('a shipper cannot take in advance the keys the platform derives for a batch’s rows', async () => {
      const shop = ids['shop']!;
      const batch = { items: [{ ...PARCEL, weight_g: 900 }] };
      // Anyone can compute the request's hash (the CLI's default key is the file's hash): the keys the
      // platform derives from it must lie where no shipper's key can.
      const hash = requestKey(`${shop} POST /v1/delivery/shipments`, 'later-1', {
        params: {},
        body: batch,
      }).key;
      const head = await deliveryHead(platform);
      for (const [row, key] of [
        [2, `req:${hash.slice(0, 40)}:1`],
        [2, 'ORDER:1'],
      ] as const) {
        const taken = await call('shop', 'POST', '/v1/delivery/shipments', {
          items: [PARCEL, { ...PARCEL, weight_g: 3000, key }],
        });
        assert.deepEqual([taken.status, taken.body.code], [400, 'invalid_item'], key);
        assert.deepEqual(taken.body['details'], { field: 'key', row });
        assert.match(String(taken.body.message), /^Row 2: key .*':'/);
        assert.match(String(taken.body.message_vi), /^Dòng 2: /);
      }
      const cells = (key: string) =>
        [key, 'ems', 'Trần Thị Mai', '0912345678', 'Số 12', '00004', 'Lê Văn Hùng', '0987654321', 'Số 45']
          .concat(['25747', '1200', '30', '20', '10', '', '0'])
          .join(',');
      const csv = [SHIPMENT_COLUMNS.join(','), cells('ORDER-90'), cells(`req:${hash.slice(0, 40)}:1`)];
      const file = await call('shop', 'POST', '/v1/delivery/shipments', csv.join('\n'), 'text/csv');
      assert.deepEqual([file.status, file.body.code], [400, 'invalid_item']);
      assert.match(String(file.body.message), /^Row 3: key/, 'the line of the file');
      assert.equal(await deliveryHead(platform), head, 'nothing journaled');

      // The platform's own form from before, r<hash>.<row>, is a shipper's key like any other now: taking it
      // changes nothing for the batch.
      const old = await call('shop', 'POST', '/v1/delivery/shipments', {
        items: [{ ...PARCEL, weight_g: 3000, key: `r${hash.slice(0, 40)}.1` }],
      });
      assert.equal(old.status, 201, JSON.stringify(old.body));
      const later = await call('shop', 'POST', '/v1/delivery/shipments', batch, undefined, 'later-1');
      assert.deepEqual([later.status, later.body['created']], [201, 1], JSON.stringify(later.body));
      const mine = (later.body['items'] as Array<{ id: string; shipper_key: string }>)[0]!;
      assert.notEqual(mine.id, (old.body['items'] as Array<{ id: string }>)[0]!.id);
      assert.equal(mine.shipper_key, `req:${hash.slice(0, 40)}:1`, 'the key refused above');
    });

    test('a COD remittance sent twice, at once and again later, pays once', async () => {
      const { o } = world;
      const d = platform.delivery;
      const item = await parcelAtB();
      const postman = ids['minh']!;
      const round = await d.rounds.open({ office: o.b.id, postman, items: [item.id] }, postman);
      await d.rounds.deliver(
        round.id,
        { item: item.id, recipient_name: 'Lê Văn Hùng', signature: 'signature:abc', cod_collected: '450000' },
        postman,
      );
      await d.rounds.close(round.id, '450000', ids['hung']!);
      await platform.sync();

      const remit = { payee: `sender:${item.sender.phone}`, through: '2026-11-25', office: o.b.id };
      const settlement = accountId(o.b.id, 'settlement');
      const before = await balanceOf(platform, settlement);
      const both = await Promise.all([
        call('minh', 'POST', '/v1/finance/cod-remittances', remit, undefined, 'remit-1'),
        call('minh', 'POST', '/v1/finance/cod-remittances', remit, undefined, 'remit-1'),
      ]);
      assert.deepEqual(
        both.map((r) => r.status),
        [201, 201],
        JSON.stringify(both.map((r) => r.body)),
      );
      assert.equal(both[0].body.id, both[1].body.id, 'one remittance');
      assert.deepEqual(both[1].body['items'], [item.id]);
      const later = await call('minh', 'POST', '/v1/finance/cod-remittances', remit, undefined, 'remit-1');
      assert.deepEqual([later.status, later.body.id], [201, both[0].body.id], 'a late retry gets it too');
      assert.equal(await balanceOf(platform, settlement), before - 450_000n, 'paid once');

      const head = await financeHead(platform);
      const changed = await call(
        'minh',
        'POST',
        '/v1/finance/cod-remittances',
        { ...remit, through: '2026-11-26' },
        undefined,
        'remit-1',
      );
      assert.deepEqual([changed.status, changed.body.code], [422, 'idempotency_key_reused']);
      const missing = await call('minh', 'POST', '/v1/finance/cod-remittances', remit, undefined, null);
      assert.deepEqual([missing.status, missing.body.code], [400, 'idempotency_key_required']);
      assert.equal(await financeHead(platform), head, 'nothing journaled');
      assert.equal(await balanceOf(platform, settlement), before - 450_000n);
    });

    test('a round opened twice is one round, and a failed attempt sent twice counts once', async () => {
      const { o } = world;
      const item = await parcelAtB();
      const open = () =>
        call(
          'minh',
          'POST',
          `/v1/delivery/offices/${o.b.id}/rounds`,
          { items: [item.id] },
          undefined,
          'round-1',
        );
      const rounds = await Promise.all([open(), open()]);
      assert.deepEqual(
        rounds.map((r) => r.status),
        [201, 201],
        JSON.stringify(rounds[1].body),
      );
      assert.equal(rounds[0].body.id, rounds[1].body.id, 'one round');
      const attempt = { item: item.id, reason: '11', action: 'A' };
      const url = `/v1/delivery/rounds/${String(rounds[0].body.id)}/attempts`;
      const first = await call('minh', 'POST', url, attempt, undefined, 'attempt-1');
      const again = await call('minh', 'POST', url, attempt, undefined, 'attempt-1');
      assert.deepEqual([first.status, again.status], [200, 200], JSON.stringify(first.body));
      assert.equal(again.body['attempts'], 1, 'a retried attempt is not a second attempt');
      assert.equal((await platform.delivery.items.get(item.id)).attempts, 1);
    });

    test('the OpenAPI document marks Idempotency-Key required on every keyed write', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
        paths: Record<
          string,
          Record<string, { parameters?: Array<{ in: string; name: string; required?: boolean }> }>
        >;
      }>();
      for (const route of KEYED_ROUTES) {
        const [method, path] = route.split(' ') as [string, string];
        const op = doc.paths[path]?.[method.toLowerCase()];
        assert.ok(op !== undefined, `${route} is documented`);
        const header = op.parameters?.find((p) => p.in === 'header' && p.name === 'idempotency-key');
        assert.equal(header?.required, true, `${route} requires Idempotency-Key`);
      }
    });

    test('verify rebuilds the answered keys from the journal', async () => {
      const keyed = (await platform.verify()).filter((r) => ['delivery', 'finance'].includes(r.cell));
      assert.equal(keyed.length, 2);
      // What this is about: the replay rebuilds request_key (and every projection) as the live tables hold it.
      for (const report of keyed)
        assert.deepEqual(
          report.failures.filter((f) => f.check === 'replay' || f.check === 'projection'),
          [],
          report.cell,
        );
    });
  });
}
