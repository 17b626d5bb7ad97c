// An insider probes the stock routes over HTTP, on both dialects: another office's manager receiving a purchase
// order, receiving a transfer or approving a stocktake of Ba Đình's (through his own office or through Ba
// Đình's); a clerk approving; the counter approving his own count; a transfer received at the office that sent
// it, or twice; a replayed key, and a key reused for another body. Each refused with its status and code, and
// nothing written: every journal's head unchanged.
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
  openDeliveryWorld,
  type DeliveryWorld,
  type Json,
} from '../../../testing.ts';
import type { RetailTables } from '../retail-tables.ts';
import { loadTestCatalogue, shelveTestStock } from '../testing.ts';
import type { Journal } from '../../../journal/index.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`an insider probes the stock routes on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-08T02:00:00.000Z');
    let w: DeliveryWorld;
    let platform: Platform;
    let app: Server;
    let A = '';
    let B = '';
    const cookies: Record<string, string> = {};
    let n = 0;
    const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown, key?: string | null) =>
      callApi<Json & { details?: Record<string, unknown> }>(app, {
        method,
        url,
        cookie: cookies[who],
        key: key === undefined ? (method === 'POST' ? `k-${++n}` : null) : key,
        payload,
      });
    const heads = async () =>
      JSON.stringify(
        await Promise.all(platform.cells.map(async (c) => [c.definition.name, (await c.journal.head()).seq])),
        (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
      );
    const refused = async (
      attempt: () => Promise<{ status: number; body: Json }>,
      status: number,
      code: string,
    ) => {
      const before = await heads();
      const r = await attempt();
      assert.deepEqual([r.status, r.body.code], [status, code], JSON.stringify(r.body));
      assert.equal(await heads(), before, 'a refused request wrote something');
    };
    const ok = async (p: Promise<{ status: number; body: Json }>, status = 200) => {
      const r = await p;
      assert.equal(r.status, status, JSON.stringify(r.body));
      return r.body as Json & { id: string };
    };

    before(async () => {
      w = await openDeliveryWorld(dialect, clock);
      platform = w.platform;
      A = w.o.a.id;
      B = w.o.b.id;
      app = await buildApp(platform, pino({ level: 'silent' }));
      const signedIn = await addSignedInStaff(platform, app, [
        ['hung', ['office_manager'], A],
        ['lan', ['counter_clerk'], A],
        ['hoa', ['counter_clerk'], A],
        ['minh', ['office_manager'], B],
        ['thu', ['counter_clerk'], B],
      ]);
      Object.assign(cookies, signedIn.cookies);
      const journal = platform.cells.find((c) => c.definition.name === 'retail')!
        .journal as unknown as Journal<RetailTables>;
      await loadTestCatalogue(journal);
      await shelveTestStock(journal, A, [{ product: 'PB-A4', quantity: 100n, unit_cost: 2_000n }]);
    });
    after(async () => {
      await app?.close();
      await w?.close();
    });

    test('a purchase order: a replayed key answers the first, another body under it is refused, another office’s manager cannot receive it', async () => {
      const body = {
        supplier: 'NCC-TEM',
        lines: [{ product: 'TEM-5000', quantity: 100, unit_cost: '4800' }],
      };
      const po = await ok(call('hung', 'POST', `/v1/retail/offices/${A}/purchase-orders`, body, 'po-1'), 201);
      const before = await heads();
      assert.equal(
        (await ok(call('hung', 'POST', `/v1/retail/offices/${A}/purchase-orders`, body, 'po-1'), 201)).id,
        po.id,
      );
      assert.equal(await heads(), before, 'a replay writes nothing');
      await refused(
        () =>
          call(
            'hung',
            'POST',
            `/v1/retail/offices/${A}/purchase-orders`,
            { ...body, supplier: 'NCC-VINAMILK' },
            'po-1',
          ),
        422,
        'idempotency_key_reused',
      );
      await refused(
        () => call('hung', 'POST', `/v1/retail/offices/${A}/purchase-orders`, body, null),
        400,
        'idempotency_key_required',
      );
      const receipt = { delivery_note: 'PGH-1', lines: [{ product: 'TEM-5000', quantity: 100 }] };
      await refused(
        () => call('minh', 'POST', `/v1/retail/offices/${A}/purchase-orders/${po.id}/receipts`, receipt),
        403,
        'office_out_of_scope',
      );
      await refused(
        () => call('minh', 'POST', `/v1/retail/offices/${B}/purchase-orders/${po.id}/receipts`, receipt),
        404,
        'purchase_order_not_found',
      );
      await refused(
        () => call('lan', 'POST', `/v1/retail/offices/${A}/purchase-orders/${po.id}/receipts`, receipt),
        403,
        'permission_missing',
      );
      const got = await ok(
        call('hung', 'POST', `/v1/retail/offices/${A}/purchase-orders/${po.id}/receipts`, receipt),
      );
      assert.equal(got.state, 'received');
      const stock = await ok(call('lan', 'GET', `/v1/retail/offices/${A}/stock`));
      assert.equal(stock.value, '680000', '100 stamps at 4,800 ₫ and 100 envelopes at 2,000 ₫');
    });

    test('a transfer: not received at the sender, nor by another office through the sender, nor twice', async () => {
      const t = await ok(
        call('hung', 'POST', `/v1/retail/offices/${A}/transfers`, {
          to_office: B,
          lines: [{ product: 'PB-A4', quantity: 10 }],
        }),
        201,
      );
      const lines = { lines: [{ product: 'PB-A4', received: 10 }] };
      await refused(
        () => call('lan', 'POST', `/v1/retail/offices/${A}/transfers/${t.id}/receipt`, lines),
        409,
        'wrong_office',
      );
      await refused(
        () => call('thu', 'POST', `/v1/retail/offices/${A}/transfers/${t.id}/receipt`, lines),
        403,
        'office_out_of_scope',
      );
      await refused(
        () =>
          call('hung', 'POST', `/v1/retail/offices/${A}/transfers`, {
            to_office: B,
            lines: [{ product: 'PB-A4', quantity: 91 }],
          }),
        409,
        'insufficient_stock',
      );
      await ok(call('thu', 'POST', `/v1/retail/offices/${B}/transfers/${t.id}/receipt`, lines));
      await refused(
        () => call('thu', 'POST', `/v1/retail/offices/${B}/transfers/${t.id}/receipt`, lines),
        409,
        'retail_out_of_order',
      );
    });

    test('a stocktake: approved only by a manager of its office who did not count it', async () => {
      const s = await ok(
        call('lan', 'POST', `/v1/retail/offices/${A}/stocktakes`, {
          reason: 'Kiểm kê cuối tuần',
          lines: [{ product: 'PB-A4', counted: 88 }],
        }),
        201,
      );
      const approval = (office: string) => `/v1/retail/offices/${office}/stocktakes/${s.id}/approval`;
      await refused(() => call('hoa', 'POST', approval(A)), 403, 'permission_missing');
      await refused(() => call('minh', 'POST', approval(A)), 403, 'office_out_of_scope');
      await refused(() => call('minh', 'POST', approval(B)), 404, 'stocktake_not_found');
      const shown = await ok(call('hung', 'GET', `/v1/retail/offices/${A}/stocktakes/${s.id}`));
      assert.deepEqual(
        (shown.lines as Array<{ difference: number; value: string }>).map((l) => [l.difference, l.value]),
        [[-2, '4000']],
        'the difference and its value shown before approving',
      );
      const approved = await ok(call('hung', 'POST', approval(A), undefined, 'approve-1'));
      assert.equal(approved.state, 'approved');
      const before = await heads();
      await ok(call('hung', 'POST', approval(A), undefined, 'approve-1'));
      assert.equal(await heads(), before, 'a replayed approval writes nothing');
      const own = await ok(
        call('hung', 'POST', `/v1/retail/offices/${A}/stocktakes`, {
          reason: 'Kiểm kê đột xuất',
          lines: [{ product: 'PB-A4', counted: 87 }],
        }),
        201,
      );
      await refused(
        () => call('hung', 'POST', `/v1/retail/offices/${A}/stocktakes/${own.id}/approval`),
        403,
        'second_person_required',
      );
    });
  });
}
