import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testConfig } from '../testing.ts';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../app.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../storage/testing.ts';
import { documentedRoutes, type Server } from './server.ts';

interface ErrorBody {
  code: string;
  message: string;
  message_vi: string;
  request_id: string;
  details?: Array<{ field: string }>;
}

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`HTTP API on ${dialect}`, { skip }, () => {
    let place: TestPlace;
    let platform: Platform;
    let app: Server;

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place));
      app = await buildApp(platform, pino({ level: 'silent' }));
      // A route that fails unexpectedly, to see what a client gets from an internal error.
      app.get('/v1/test/boom', { config: { access: { public: true, reason: 'test' } } }, async () => {
        throw new Error('secret connection string postgres://admin:hunter2@db');
      });
    });
    after(async () => {
      await app.close();
      await platform.close();
      await place.remove();
    });

    const get = async <T>(url: string) => {
      const res = await app.inject({ method: 'GET', url });
      return { status: res.statusCode, body: res.json<T>(), headers: res.headers };
    };

    test('lists 34 provinces whose communes add up to 3,321', async () => {
      const { status, body } = await get<{
        items: Array<{ code: string; commune_count: number }>;
        total: number;
      }>('/v1/geo/provinces');
      assert.equal(status, 200);
      assert.equal(body.total, 34);
      let sum = 0;
      for (const p of body.items) {
        const page = await get<{ total: number; items: unknown[] }>(
          `/v1/geo/provinces/${p.code}/communes?limit=500`,
        );
        assert.equal(page.body.total, p.commune_count);
        assert.equal(page.body.items.length, p.commune_count);
        sum += page.body.total;
      }
      assert.equal(sum, 3321);
    });

    test('commune search finds the same units with or without accents, in any case', async () => {
      const results = await Promise.all(
        ['hoa binh', 'Hoà Bình', 'HÒA BÌNH', 'Hòa Bình'].map((q) =>
          get<{ items: Array<{ code: string }>; total: number }>(
            `/v1/geo/communes?q=${encodeURIComponent(q)}&limit=500`,
          ),
        ),
      );
      const codes = results.map((r) => r.body.items.map((c) => c.code));
      assert.ok(codes[0]!.length > 1);
      for (const c of codes) assert.deepEqual(c, codes[0]);
      const paged = await get<{ items: unknown[]; total: number; limit: number; offset: number }>(
        '/v1/geo/communes?limit=10&offset=3310',
      );
      assert.deepEqual([paged.body.items.length, paged.body.total, paged.body.offset], [10, 3321, 3310]);
    });

    test('bad input gets a 400 naming the field, in English and Vietnamese', async () => {
      const tooMany = await get<ErrorBody>('/v1/geo/communes?limit=9999');
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.code, 'invalid_request');
      assert.match(tooMany.body.message, /querystring\.limit/);
      assert.match(tooMany.body.message_vi, /querystring\.limit/);
      assert.equal(tooMany.body.request_id, tooMany.headers['x-request-id']);
      const badCode = await get<ErrorBody>('/v1/geo/provinces/1/communes');
      assert.equal(badCode.status, 400);
      assert.deepEqual(
        badCode.body.details?.map((d) => d.field),
        ['params.code'],
      );
      const noProvince = await get<ErrorBody>('/v1/geo/provinces/03/communes');
      assert.equal(noProvince.status, 404);
      assert.equal(noProvince.body.code, 'province_not_found');
      assert.match(noProvince.body.message_vi, /Không có tỉnh/);
      for (const q of ['', '%CC%80', 'a%00b', '%20%20']) {
        const bad = await get<ErrorBody>(`/v1/geo/communes?q=${q}`);
        assert.equal(bad.status, 400, q);
        assert.deepEqual(
          bad.body.details?.map((d) => d.field),
          ['querystring.q'],
        );
      }
      // U+0000 anywhere (PostgreSQL cannot store it) is refused at the edge by its field, before any route.
      const nul = await app.inject({
        method: 'POST',
        url: '/v1/auth/sign-in',
        payload: { username: 'a\u0000b', password: 'x' },
      });
      assert.equal(nul.statusCode, 400);
      assert.deepEqual(
        nul.json<ErrorBody>().details?.map((d) => d.field),
        ['body.username'],
      );
      const unknownProvince = await get<ErrorBody>('/v1/geo/communes?province=99&q=hoa');
      assert.equal(unknownProvince.status, 404);
      assert.equal(unknownProvince.body.code, 'province_not_found');
      const nowhere = await get<ErrorBody>('/v1/nowhere');
      assert.equal(nowhere.status, 404);
      assert.equal(nowhere.body.code, 'not_found');
    });

    test('an unexpected error is a generic 500 with the request id and nothing internal', async () => {
      const res = await get<ErrorBody>('/v1/test/boom');
      assert.equal(res.status, 500);
      assert.equal(res.body.code, 'internal_error');
      assert.match(res.body.request_id, /^req_[0-9a-f]{32}$/);
      assert.ok(res.body.message.includes(res.body.request_id));
      assert.doesNotMatch(JSON.stringify(res.body), /hunter2|postgres:/);
    });

    test('health, readiness, the OpenAPI document and the docs page', async () => {
      assert.equal((await get<{ status: string }>('/health')).body.status, 'ok');
      const ready = await get<{ status: string; cells: Record<string, string> }>('/ready');
      assert.deepEqual(ready.body, {
        status: 'ready',
        cells: { core: 'ok', finance: 'ok', delivery: 'ok', services: 'ok', retail: 'ok', security: 'ok' },
      });
      const doc = await get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
        '/openapi.json',
      );
      assert.equal(doc.body.openapi, '3.1.0');
      // Every route the server has, but for the document itself and the docs page, is described.
      const described = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      );
      const routes = documentedRoutes(app).filter((r) => !r.startsWith('GET /v1/test/'));
      assert.ok(routes.includes('GET /v1/geo/communes'));
      assert.ok(routes.includes('GET /ready'));
      for (const route of routes) assert.ok(described.includes(route), `${route} missing from /openapi.json`);
      // Each route's access is in the document: what it needs, and how to authenticate.
      const staffList = doc.body.paths['/v1/staff']!['get'] as { description: string; security: unknown[] };
      assert.match(staffList.description, /Needs permission `staff\.read`/);
      assert.deepEqual(staffList.security, [{ session: [] }, { bearer: [] }]);
      const directory = doc.body.paths['/v1/offices']!['get'] as { description: string; security?: unknown };
      assert.match(directory.description, /^Public: /);
      assert.equal(directory.security, undefined);
      const docs = await app.inject({ method: 'GET', url: '/docs/' });
      assert.equal(docs.statusCode, 200);
      assert.match(docs.body, /swagger/i);
    });

    // Last: it takes the database away.
    test('readiness is 503 and names the cell when its database is gone, while health still answers', async () => {
      await platform.close();
      const ready = await get<{ status: string; cells: Record<string, string> }>('/ready');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.status, 'not_ready');
      assert.equal(ready.body.cells['core'], 'unavailable');
      assert.equal((await get<{ status: string }>('/health')).status, 200);
    });
  });
}
