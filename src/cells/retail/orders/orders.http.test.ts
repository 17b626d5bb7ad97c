// An insider probes the order routes over HTTP, on both dialects: a clerk of a third office picking or cancelling
// Ba Đình's order, or reading it; a clerk naming a colleague's till to take a prepaid order; an order cancelled
// after its parcel left; a placement replayed, or its key reused for another order. Each is refused with its
// status and code and nothing moves: no journal of any cell. The way that works: placed, picked, sent, tracked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, type Platform } from '../../../app.ts';
import type { Server } from '../../../http/server.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import {
  addSignedInStaff,
  callApi,
  fillVault,
  openDeliveryWorld,
  openTill,
  type DeliveryWorld,
  type Json,
} from '../../../testing.ts';
import { loadTestCatalogue, shelveTestStock } from '../testing.ts';

const CUSTOMER = { name: 'Đỗ Thị Hồng', phone: '0912000222', address: 'Số 20 Kim Mã', commune: '00004' };

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`an insider probes the order routes on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-07T02:00:00.000Z');
    let w: DeliveryWorld;
    let platform: Platform;
    let app: Server;
    const ids: Record<string, string> = {};
    const cookies: Record<string, string> = {};
    const orders: Record<string, string> = {};

    const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown, key?: string) =>
      callApi<Json & { state?: string; item_id?: string | null; tracking?: { events: unknown[] } }>(app, {
        method,
        url,
        cookie: cookies[who],
        ...(key === undefined ? {} : { key }),
        payload,
      });
    const heads = async () => {
      await platform.sync();
      return JSON.stringify(
        await Promise.all(platform.cells.map(async (c) => (await c.journal.head()).seq.toString())),
      );
    };
    const refused = async (
      attempt: () => Promise<{ status: number; body: Json }>,
      status: number,
      code: string,
    ) => {
      const before = await heads();
      const r = await attempt();
      assert.deepEqual([r.status, r.body.code], [status, code], JSON.stringify(r.body));
      assert.equal(await heads(), before, 'a refused request changed something');
    };
    const body = (extra: Record<string, unknown> = {}) => ({
      office: w.o.a.id,
      customer: CUSTOMER,
      lines: [{ product: 'CHE-TC200', quantity: 1 }],
      payment: 'cod',
      ...extra,
    });

    before(async () => {
      w = await openDeliveryWorld(dialect, clock);
      platform = w.platform;
      app = await buildApp(platform, pino({ level: 'silent' }));
      const signedIn = await addSignedInStaff(platform, app, [
        ['hung', ['office_manager'], w.o.a.id],
        ['lan', ['counter_clerk'], w.o.a.id],
        ['hoa', ['counter_clerk'], w.o.a.id],
        ['minh', ['office_manager'], w.o.b.id],
        ['thu', ['counter_clerk'], w.o.b.id],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookies, signedIn.cookies);
      await fillVault(platform.finance, w.o.b.id, 10_000_000n);
      ids['lanTill'] = await openTill(platform, {
        office: w.o.a.id,
        clerk: ids['lan']!,
        name: 'Lan',
        checker: ids['hung']!,
      });
      ids['thuTill'] = await openTill(platform, {
        office: w.o.b.id,
        clerk: ids['thu']!,
        name: 'Thu',
        checker: ids['minh']!,
      });
      const journal = platform.cells.find((c) => c.definition.name === 'retail')!.journal;
      await loadTestCatalogue(journal);
      await shelveTestStock(journal, w.o.a.id, [
        { product: 'CHE-TC200', quantity: 10n, unit_cost: 120_000n },
      ]);
    });
    after(async () => {
      await app.close();
      await w.close();
    });

    test('a clerk places an order under a key; the same request again answers it, another under the key is refused', async () => {
      const first = await call('lan', 'POST', '/v1/retail/orders', body(), 'k-place-1');
      assert.equal(first.status, 201, JSON.stringify(first.body));
      orders['a'] = first.body.id!;
      const before = await heads();
      const again = await call('lan', 'POST', '/v1/retail/orders', body(), 'k-place-1');
      assert.deepEqual([again.status, again.body.id], [201, orders['a']]);
      assert.equal(await heads(), before, 'a replay writes nothing');
      await refused(
        () =>
          call(
            'lan',
            'POST',
            '/v1/retail/orders',
            body({ lines: [{ product: 'CHE-TC200', quantity: 2 }] }),
            'k-place-1',
          ),
        422,
        'idempotency_key_reused',
      );
      await refused(
        () =>
          call(
            'thu',
            'POST',
            '/v1/retail/orders',
            body({ payment: 'prepaid', till: ids['lanTill'] }),
            'k-place-2',
          ),
        403,
        'not_your_till',
      );
      await refused(
        () => call('lan', 'POST', '/v1/retail/orders', body({ payment: 'prepaid' }), 'k-place-3'),
        400,
        'invalid_retail_input',
      );
    });

    test('a clerk of a third office may not pick, cancel or read Ba Đình’s order', async () => {
      const id = orders['a']!;
      await refused(
        () => call('thu', 'POST', `/v1/retail/orders/${id}/picking`, undefined, 'k-pick-x'),
        403,
        'office_out_of_scope',
      );
      await refused(
        () => call('thu', 'POST', `/v1/retail/orders/${id}/cancellation`, {}, 'k-cancel-x'),
        403,
        'office_out_of_scope',
      );
      await refused(() => call('minh', 'GET', `/v1/retail/orders/${id}`), 403, 'order_not_yours');
      await refused(
        () => call('thu', 'GET', `/v1/retail/offices/${w.o.a.id}/orders`),
        403,
        'office_out_of_scope',
      );
    });

    test('picked, the parcel leaves and is tracked; cancelling it then is refused', async () => {
      const id = orders['a']!;
      const picked = await call('hoa', 'POST', `/v1/retail/orders/${id}/picking`, undefined, 'k-pick-1');
      assert.equal(picked.status, 200, JSON.stringify(picked.body));
      assert.equal(picked.body.state, 'handed_over', 'the parcel goes out with the sync after picking');
      const read = await call('lan', 'GET', `/v1/retail/orders/${id}`);
      assert.match(read.body.item_id!, /^CP\d{9}VN$/);
      assert.ok(read.body.tracking!.events.length >= 1);
      await refused(
        () => call('hoa', 'POST', `/v1/retail/orders/${id}/cancellation`, {}, 'k-cancel-1'),
        409,
        'retail_out_of_order',
      );
      await refused(
        () => call('hoa', 'POST', `/v1/retail/orders/${id}/picking`, undefined, 'k-pick-2'),
        409,
        'retail_out_of_order',
      );
      const list = await call('hung', 'GET', `/v1/retail/offices/${w.o.a.id}/orders?state=handed_over`);
      assert.deepEqual(
        (list.body.items as Array<{ id: string }>).map((o) => o.id),
        [id],
      );
      const goods = await call(
        'thu',
        'GET',
        `/v1/retail/offices/${w.o.a.id}/orderable-goods?q=che tan cuong`,
      );
      assert.deepEqual(
        (goods.body.items as Array<{ code: string; price: string; on_shelf: string }>).map((g) => [
          g.code,
          g.price,
          g.on_shelf,
        ]),
        [['CHE-TC200', '185000', '9']],
      );
    });
  });
}
