// An insider probes the sales routes over HTTP, on both dialects: a clerk naming a colleague's till, a clerk of
// another office returning or reading Ba Đình's sale, a replayed key with another body, a price slipped into
// the body. Each is refused with its status and code, and nothing moves: no journal, no stock. And the clerk's
// own day: a basket quoted with its VietQR, sold for cash with change, its receipt as a PDF, a return.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, type Platform } from '../../../app.ts';
import type { Server } from '../../../http/server.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { parseTlv, vietQrValid } from '../../../platform/vietqr.ts';
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
import type { Journal } from '../../../journal/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import { loadTestCatalogue, shelveTestStock } from '../testing.ts';

const BASKET = {
  lines: [
    { barcode: '8934000000017', quantity: 2 },
    { barcode: '8937000000063', quantity: 1 },
  ],
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`an insider probes the sales routes on ${dialect}`, { skip }, () => {
    // Tuesday 8 December 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-12-08T02:00:00.000Z');
    let w: DeliveryWorld;
    let platform: Platform;
    let app: Server;
    const ids: Record<string, string> = {};
    const cookies: Record<string, string> = {};
    let sale = '';

    const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown, key?: string) =>
      callApi<Json & { details?: Record<string, unknown> }>(app, {
        method,
        url,
        cookie: cookies[who],
        ...(key === undefined ? {} : { key }),
        payload,
      });
    const state = async () =>
      JSON.stringify(
        {
          heads: await Promise.all(
            platform.cells.map(async (c) => [c.definition.name, await c.journal.head()]),
          ),
          stock: await platform.retail.db
            .selectFrom('retail_stock')
            .selectAll()
            .orderBy('product_code')
            .orderBy('place')
            .execute(),
        },
        (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
      );
    const refused = async (
      attempt: () => Promise<{ status: number; body: Json }>,
      status: number,
      code: string,
    ) => {
      const before = await state();
      const r = await attempt();
      assert.deepEqual([r.status, r.body.code], [status, code], JSON.stringify(r.body));
      assert.equal(await state(), before, 'a refused request changed something');
      return r.body;
    };

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
      const till = (clerk: string, office: string, checker: string) =>
        openTill(platform, {
          office,
          clerk: ids[clerk]!,
          name: `Nguyễn Văn ${clerk}`,
          checker: ids[checker]!,
        });
      ids['lanTill'] = await till('lan', w.o.a.id, 'hung');
      ids['hoaTill'] = await till('hoa', w.o.a.id, 'hung');
      ids['thuTill'] = await till('thu', w.o.b.id, 'minh');
      const journal = platform.cells.find((c) => c.definition.name === 'retail')!
        .journal as unknown as Journal<RetailTables>;
      await loadTestCatalogue(journal);
      await shelveTestStock(journal, w.o.a.id, [
        { product: 'TEM-5000', quantity: 50n, unit_cost: 4_000n },
        { product: 'SUA-VNM1L', quantity: 12n, unit_cost: 25_000n },
      ]);
    });
    after(async () => {
      await app?.close();
      await w?.close();
    });

    test('a clerk quotes a basket with its VietQR, sells it for cash with change, prints it, and a retry answers the same sale', async () => {
      const q = await call('lan', 'POST', `/v1/retail/tills/${ids['lanTill']}/quote`, {
        ...BASKET,
        reference: 'BHq1',
      });
      assert.equal(q.status, 200, JSON.stringify(q.body));
      const quote = q.body as Json & { total: string; vietqr: string; total_words: string };
      assert.equal(quote.total, '39900');
      assert.equal(quote.total_words, 'Ba mươi chín nghìn chín trăm đồng');
      assert.ok(vietQrValid(quote.vietqr));
      assert.equal(parseTlv(quote.vietqr).find((f) => f.tag === '54')?.value, '39900');

      const body = { ...BASKET, payment: 'cash', tendered: '50000' };
      const r = await call('lan', 'POST', `/v1/retail/tills/${ids['lanTill']}/sales`, body, 'sale-1');
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const s = r.body as Json & { change: string; clerk_id: string; proof: { cell: string } };
      sale = s.id!;
      assert.match(sale, /^BH11100\d{7}$/);
      assert.deepEqual([s.change, s.clerk_id, s.proof.cell], ['10100', ids['lan'], 'retail']);
      const again = await refused(
        () => call('lan', 'POST', `/v1/retail/tills/${ids['lanTill']}/sales`, body, 'sale-1'),
        201,
        undefined as unknown as string,
      );
      assert.equal(again.id, sale);
      const pdf = await callApi(app, {
        method: 'GET',
        url: `/v1/retail/offices/${w.o.a.id}/sales/${sale}/receipt.pdf`,
        cookie: cookies['lan'],
      });
      assert.equal(pdf.status, 200);
      const mine = await call('lan', 'GET', `/v1/retail/tills/${ids['lanTill']}/sales`);
      assert.deepEqual(
        (mine.body as { items: Json[] }).items.map((x) => x.id),
        [sale],
      );
    });

    test('the same key with another body, and a price slipped into the body, are refused', async () => {
      await refused(
        () =>
          call(
            'lan',
            'POST',
            `/v1/retail/tills/${ids['lanTill']}/sales`,
            { ...BASKET, payment: 'cash', tendered: '90000' },
            'sale-1',
          ),
        422,
        'idempotency_key_reused',
      );
      await refused(
        () =>
          call(
            'lan',
            'POST',
            `/v1/retail/tills/${ids['lanTill']}/sales`,
            {
              lines: [{ barcode: '8934000000017', quantity: 2, unit_price: '1' }],
              payment: 'cash',
              tendered: '2',
            },
            'sale-2',
          ),
        400,
        'invalid_request',
      );
    });

    test('a colleague’s till, and a clerk of another office returning or reading the sale, are refused', async () => {
      const ret = { sale, lines: [{ line: 1, quantity: 1 }], reason: 'Khách đổi ý' };
      await refused(
        () =>
          call(
            'lan',
            'POST',
            `/v1/retail/tills/${ids['hoaTill']}/sales`,
            { ...BASKET, payment: 'cash', tendered: '50000' },
            'k-3',
          ),
        403,
        'not_your_till',
      );
      await refused(
        () => call('thu', 'POST', `/v1/retail/tills/${ids['thuTill']}/returns`, ret, 'r-thu'),
        403,
        'sale_at_other_office',
      );
      await refused(
        () => call('thu', 'GET', `/v1/retail/offices/${w.o.a.id}/sales/${sale}`),
        403,
        'office_out_of_scope',
      );
      await refused(
        () => call('thu', 'GET', `/v1/retail/offices/${w.o.b.id}/sales/${sale}`),
        404,
        'sale_not_found',
      );
    });

    test('a colleague at the same office takes a stamp back, refunded from her own till', async () => {
      const ret = { sale, lines: [{ line: 1, quantity: 1 }], reason: 'Khách mua thừa' };
      const r = await call('hoa', 'POST', `/v1/retail/tills/${ids['hoaTill']}/returns`, ret, 'r-1');
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const body = r.body as Json & {
        return_id: string;
        returns: Array<{ total: string; clerk_id: string }>;
      };
      assert.equal(body.return_id, `${sale}-1`);
      assert.deepEqual(
        body.returns.map((x) => [x.total, x.clerk_id]),
        [['5000', ids['hoa']]],
      );
      const reports = await platform.verify({ only: 'retail' });
      assert.equal(reports[0]!.ok, true, JSON.stringify(reports[0]));
    });

    test('a sale made is answered as made even when the cells’ follow-up after it fails', async () => {
      // The command commits before the platform syncs its followers: a follower failing then (a finance posting
      // waiting on something) must not turn a recorded sale into an error the clerk would retry at the till.
      const sync = platform.sync.bind(platform);
      platform.sync = () => Promise.reject(new Error('a follower failed'));
      try {
        const body = {
          lines: [{ barcode: '8934000000017', quantity: 1 }],
          payment: 'cash',
          tendered: '5000',
        };
        const r = await call('lan', 'POST', `/v1/retail/tills/${ids['lanTill']}/sales`, body, 'sale-sync');
        assert.equal(r.status, 201, JSON.stringify(r.body));
        const made = await platform.retail.sales.get(r.body.id!);
        assert.equal(made.total, 5_000n);
      } finally {
        platform.sync = sync;
      }
      await platform.sync();
    });

    test('a refund larger than the returning clerk’s till holds is refused with what to do, and nothing moves', async () => {
      // Lan sells 45 stamps and 10 litres of milk (on promotion) for 524,000 ₫; Hoa's till holds 495,000 ₫.
      const big = {
        lines: [
          { product: 'TEM-5000', quantity: 45 },
          { product: 'SUA-VNM1L', quantity: 10 },
        ],
        payment: 'cash',
        tendered: '524000',
      };
      const sold = await call('lan', 'POST', `/v1/retail/tills/${ids['lanTill']}/sales`, big, 'big-1');
      assert.equal(sold.status, 201, JSON.stringify(sold.body));
      assert.equal(sold.body['total'], '524000');
      const all = {
        sale: sold.body.id,
        lines: [
          { line: 1, quantity: 45 },
          { line: 2, quantity: 10 },
        ],
        reason: 'Khách đổi ý',
      };
      const body = await refused(
        () => call('hoa', 'POST', `/v1/retail/tills/${ids['hoaTill']}/returns`, all, 'big-r1'),
        409,
        'till_cash_short',
      );
      assert.match(String(body.message_vi), /không đủ hoàn 524\.000 ₫/);
      const some = { ...all, lines: [{ line: 2, quantity: 10 }] };
      const r = await call('hoa', 'POST', `/v1/retail/tills/${ids['hoaTill']}/returns`, some, 'big-r2');
      assert.equal(r.status, 201, JSON.stringify(r.body));
      await platform.sync();
      const reports = await platform.verify();
      for (const report of reports) assert.equal(report.ok, true, JSON.stringify(report.failures));
    });
  });
}
