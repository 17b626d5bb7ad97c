// Property-based, on both dialects: every documented route gets generated bad input (wrong types, missing and
// extra fields, huge and negative numbers, empty and very long strings, direction characters, malformed ids,
// arrays for objects, bodies of the wrong type, bad query values and idempotency keys) from a caller who may
// use it, so the request reaches validation and the service. No answer is a 5xx, and no journal moves.
// A failure prints the seed and the request; POSTCORE_PROPERTY_SEED and POSTCORE_PROPERTY_RUNS replay it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Role } from '../cells/core/index.ts';
import { dialectsUnderTest } from '../storage/testing.ts';
import { SESSION_COOKIE } from './auth.ts';
import { documentedRoutes } from './server.ts';
import { addressOf, openAccessWorld, parcel, type AccessWorld } from './testing.ts';
import { ROUTE_CALLS } from './testing-routes.ts';

const SEED = Number(process.env['POSTCORE_PROPERTY_SEED'] ?? 20_261_206);
const RUNS = Number(process.env['POSTCORE_PROPERTY_RUNS'] ?? 12);

/** Who calls a route needing a permission: an account at A that holds it (the till's clerk, the round's postman). */
const CALLER: Record<string, Role> = {
  'office.read': 'office_manager',
  'office.manage': 'system_admin',
  'staff.read': 'system_admin',
  'staff.manage': 'system_admin',
  'second_factor.enrol': 'system_admin',
  'till.operate': 'counter_clerk',
  'till.approve': 'office_manager',
  'ledger.transfer': 'office_manager',
  'report.read': 'office_manager',
  'pension.pay': 'counter_clerk',
  'pension.manage': 'provincial_manager',
  'pension.list.submit': 'social_insurance_officer',
  'pension.reconciliation.read': 'social_insurance_officer',
  'parcel.accept': 'counter_clerk',
  'parcel.deliver': 'postman',
  'shipment.submit': 'shipper',
  'shipment.read': 'shipper',
  'audit.read': 'security_officer',
  'incident.isolate': 'security_officer',
  'incident.request': 'security_officer',
  'incident.approve': 'security_officer',
  'dossier.handle': 'counter_clerk',
  'dossier.agency': 'agency_officer',
  'retail.sell': 'counter_clerk',
  'retail.read': 'office_manager',
  'retail.stock': 'office_manager',
  'retail.catalogue': 'provincial_manager',
};
/** Routes called by another account than the one their permission maps to above. */
const CALLER_OF_ROUTE: Record<string, Role> = {
  'POST /v1/finance/pension-rounds/{id}/payouts': 'postman',
  'GET /v1/finance/pension-rounds/{id}': 'postman',
  // Changing one's password ends one's sessions: an account no other route here uses.
  'POST /v1/auth/password': 'agency_officer',
};
/**
 * Routes that write whatever the input: a failed sign-in or a wrong current password is journaled (it counts
 * toward the lock), and capturing evidence records the capture. They are still never a 5xx.
 */
const WRITES_BY_DESIGN = ['POST /v1/auth/sign-in', 'POST /v1/auth/password', 'POST /v1/incidents/evidence'];
/** Run last: the sign-in's failures lock the clerk's account; signing out is asked without a session. */
const LAST = ['POST /v1/auth/password', 'POST /v1/auth/sign-in', 'POST /v1/auth/sign-out'];

const LONG = 'x'.repeat(70_000);
/** Values wrong for almost any field. */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      0,
      -1,
      1.5,
      1e30,
      2 ** 63,
      -(2 ** 63),
      Number.MAX_SAFE_INTEGER + 2,
      '',
      ' ',
      '-1',
      '0',
      '1e30',
      '1000000000000000000000000000000',
      '9223372036854775808',
      '-9223372036854775809',
      '18446744073709551616',
      '0x1F',
      '١٢٣',
      LONG,
      '\u202Eevil\u202C',
      'Nguy\u200Bễn\u2066',
      'a\u0000b',
      '\uD800',
      '../../etc/passwd',
      "' OR 1=1 --",
      'ofc_',
      'stf_' + 'z'.repeat(60),
      'EE123456789VN',
      [],
      {},
      [null],
      { '': 1 },
      ['a'.repeat(300)],
      { $gt: '' },
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
/** Query and path values are strings. */
const badText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1.5',
    '1e30',
    '99999999999999999999999999999',
    '9223372036854775808',
    'x'.repeat(5000),
    '\u202E',
    '%',
    '[]',
    'null',
    'undefined',
    '../..',
    'ofc_',
    'true',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

type Path = Array<string | number>;
/** Every path into a JSON value, nested objects and array elements included (not the root). */
function pathsOf(v: unknown, at: Path = []): Path[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...at, i], ...pathsOf(x, [...at, i])]);
  if (v !== null && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => [[...at, k], ...pathsOf(x, [...at, k])]);
  return [];
}
function change(v: unknown, path: Path, to: { value: unknown } | 'delete'): unknown {
  if (path.length === 0) return to === 'delete' ? undefined : to.value;
  const [head, ...rest] = path as [string | number, ...Path];
  if (Array.isArray(v)) {
    const copy = [...(v as unknown[])];
    if (rest.length === 0 && to === 'delete') copy.splice(Number(head), 1);
    else copy[Number(head)] = change(copy[Number(head)], rest, to);
    return copy;
  }
  const copy = { ...(typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}) };
  if (rest.length === 0 && to === 'delete') delete copy[head];
  else copy[head] = change(copy[head], rest, to);
  return copy;
}

type Mutation =
  | { kind: 'set'; path: Path; value: unknown }
  | { kind: 'delete'; path: Path }
  | { kind: 'extra'; name: string; value: unknown }
  | { kind: 'body'; value: unknown }
  | { kind: 'raw'; text: string; type: string }
  | { kind: 'query'; name: string; value: string; twice: boolean }
  | { kind: 'param'; index: number; value: string }
  | { kind: 'key'; value: string };

interface Shape {
  method: string;
  template: string;
  body: unknown;
  bodyFields: string[];
  queryNames: string[];
  params: number[];
}

function mutations(s: Shape): fc.Arbitrary<Mutation> {
  const options: Array<fc.Arbitrary<Mutation>> = [];
  const paths = [...pathsOf(s.body), ...s.bodyFields.map((f) => [f])];
  if (paths.length > 0) {
    const path = fc.constantFrom(...paths);
    options.push(
      fc.record({ kind: fc.constant('set' as const), path, value: badValue }),
      fc.record({ kind: fc.constant('delete' as const), path }),
    );
  }
  options.push(
    fc.record({ kind: fc.constant('extra' as const), name: fc.string({ maxLength: 20 }), value: badValue }),
    fc.record({ kind: fc.constant('body' as const), value: badValue }),
    fc.record({
      kind: fc.constant('raw' as const),
      text: fc.constantFrom(
        '{"a":',
        '[1,2',
        'null',
        '',
        '\u0000',
        '<x/>',
        'a=1&b=2',
        LONG,
        '{"__proto__":{"x":1}}',
      ),
      type: fc.constantFrom(
        'application/json',
        'text/plain',
        'application/xml',
        'text/csv',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ),
    }),
    fc.record({
      kind: fc.constant('query' as const),
      name: fc.constantFrom(...s.queryNames, 'limit', 'offset', 'x'),
      value: badText,
      twice: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('key' as const), value: badText }),
  );
  if (s.params.length > 0)
    options.push(
      fc.record({ kind: fc.constant('param' as const), index: fc.constantFrom(...s.params), value: badText }),
    );
  return fc.oneof(...options);
}

interface Request {
  url: string;
  headers: Record<string, string>;
  payload: string | undefined;
}

/** The route's good request at A with the mutations applied. */
function spoil(
  s: Shape,
  base: { url: string; body?: unknown; type?: string },
  ms: Mutation[],
  n: number,
): Request {
  const [pathPart, queryPart = ''] = base.url.split('?') as [string, string?];
  const segments = pathPart.split('/');
  const query = new URLSearchParams(queryPart);
  let body = base.body;
  let raw: string | undefined;
  let type = base.type ?? (base.body === undefined ? undefined : 'application/json');
  const headers: Record<string, string> = { 'idempotency-key': `bad-input-${n}` };
  for (const m of ms) {
    switch (m.kind) {
      case 'set':
        body = change(body ?? {}, m.path, { value: m.value });
        break;
      case 'delete':
        body = change(body ?? {}, m.path, 'delete');
        break;
      case 'extra':
        body = { ...(typeof body === 'object' && body !== null ? body : {}), [m.name]: m.value };
        break;
      case 'body':
        body = m.value;
        type = 'application/json';
        break;
      case 'raw':
        raw = m.text;
        type = m.type;
        break;
      case 'query':
        query.set(m.name, m.value);
        if (m.twice) query.append(m.name, m.value);
        break;
      case 'param': {
        const t = s.template.split('/')[m.index]!;
        segments[m.index] = t.replace(/\{\w+\}/, encodeURIComponent(m.value));
        break;
      }
      case 'key':
        headers['idempotency-key'] = m.value;
        break;
    }
  }
  if (type !== undefined) headers['content-type'] = type;
  const q = query.toString();
  let payload: string | undefined;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined)
    payload = typeof body === 'string' && type !== 'application/json' ? body : JSON.stringify(body);
  return { url: segments.join('/') + (q === '' ? '' : `?${q}`), headers, payload };
}

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`bad input to every route on ${dialect}`, { skip }, () => {
    let world: AccessWorld;
    before(async () => {
      world = await openAccessWorld(dialect);
    });
    after(async () => {
      await world?.close();
    });

    test(`generated bad requests (seed ${SEED}, ${RUNS} a route): never a 5xx, no journal moves`, async () => {
      const doc = world.app.swagger() as {
        paths: Record<
          string,
          Record<
            string,
            {
              description?: string;
              parameters?: Array<{ in: string; name: string }>;
              requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
            }
          >
        >;
      };
      const routes = [...documentedRoutes(world.app)].sort((a, b) => LAST.indexOf(a) - LAST.indexOf(b));
      const failures: string[] = [];
      let n = 0;
      for (const [i, route] of routes.entries()) {
        const [method, template] = route.split(' ') as [string, string];
        const op = doc.paths[template]?.[method.toLowerCase()];
        const build = ROUTE_CALLS[route];
        assert.ok(op !== undefined && build !== undefined, `${route} has no call to spoil`);
        const permission = /Needs permission `([a-z_.]+)`/.exec(op.description ?? '')?.[1];
        const role =
          CALLER_OF_ROUTE[route] ?? (permission === undefined ? 'office_manager' : CALLER[permission]);
        assert.ok(role !== undefined, `${route}: no caller holds ${permission}`);
        const signedOut = route === 'POST /v1/auth/sign-out';
        const base = build(world.objects.A, 'A');
        const shape: Shape = {
          method,
          template,
          body: base.body,
          bodyFields: Object.keys(op.requestBody?.content['application/json']?.schema.properties ?? {}),
          queryNames: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          params: template.split('/').flatMap((s, i) => (s.includes('{') ? [i] : [])),
        };
        await fc.assert(
          fc.asyncProperty(fc.array(mutations(shape), { minLength: 1, maxLength: 3 }), async (ms) => {
            const req = spoil(shape, base, ms, ++n);
            const before = await world.heads();
            const res = await world.app.inject({
              method: method as 'GET',
              url: req.url,
              remoteAddress: addressOf(n),
              headers: req.headers,
              ...(signedOut ? {} : { cookies: { [SESSION_COOKIE]: world.accounts[role].cookie } }),
              ...(req.payload === undefined ? {} : { payload: req.payload }),
            });
            const shown = `${method} ${req.url.slice(0, 300)} ${JSON.stringify(req.headers).slice(0, 200)} ${(req.payload ?? '').slice(0, 300)}`;
            if (res.statusCode >= 500) {
              failures.push(`${res.statusCode} ${res.body.slice(0, 200)} for ${shown}`);
              return;
            }
            if (WRITES_BY_DESIGN.includes(route)) return;
            const now = await world.heads();
            if (now.some((h, i) => h !== before[i]))
              failures.push(`${res.statusCode}, journals ${before.join()} → ${now.join()}, for ${shown}`);
          }),
          { seed: SEED + i, numRuns: RUNS },
        );
      }
      assert.deepEqual(failures, [], `seed ${SEED}: POSTCORE_PROPERTY_SEED=${SEED} replays these`);
    });

    test('amounts past every bound, on a real till, accounts, item and rounds: a 4xx, and no journal moves', async () => {
      const a = world.objects.A;
      const item = (x: unknown) => parcel('00004', '20194', { insured_value: x, cod_amount: x });
      const notes = (x: unknown) =>
        typeof x === 'string' && /^\d+$/.test(x) ? Number(BigInt(x) / 500_000n) : 1;
      // Each a request that would be carried out with an ordinary amount.
      const calls: Array<[Role, string, (x: unknown, n: number) => unknown]> = [
        [
          'office_manager',
          `/v1/finance/offices/${a.office.id}/transfers`,
          (x, n) => ({
            transfers: [
              {
                id: `bound-${n}`,
                debit_account_id: a.account,
                credit_account_id: a.account.replace(/:\d+$/, ':3011'),
                amount: x,
                code: 900,
              },
            ],
          }),
        ],
        [
          'counter_clerk',
          `/v1/finance/tills/${a.till}/moves`,
          (x) => ({ direction: 'to_till', amount: x, denominations: { '500000': notes(x) } }),
        ],
        ['counter_clerk', `/v1/delivery/tills/${a.till}/items`, (x) => item(x)],
        ['counter_clerk', '/v1/delivery/quotes', (x) => item(x)],
        [
          'postman',
          `/v1/delivery/rounds/${a.round}/deliveries`,
          (x) => ({
            item: a.item,
            recipient_name: 'Lê Văn Hùng',
            signature: 'signature:s-1',
            cod_collected: x,
          }),
        ],
        [
          'provincial_manager',
          `/v1/finance/pension-rounds/${a.pensionRound}/close`,
          (x) => ({ returned: x }),
        ],
        ['office_manager', `/v1/delivery/rounds/${a.round}/close`, (x) => ({ counted: x })],
      ];
      const amounts: unknown[] = [
        '-1',
        '0.5',
        '1000000000000001',
        '9223372036854775807',
        '9223372036854775808',
        '-9223372036854775808',
        '99999999999999999999',
        '1000000000000000000000000000000',
        1e30,
        2 ** 63,
        -1,
        1.5,
      ];
      const failures: string[] = [];
      let n = 0;
      for (const [role, url, body] of calls)
        for (const x of amounts) {
          const before = await world.heads();
          const payload = body(x, ++n);
          const res = await world.app.inject({
            method: 'POST',
            url,
            remoteAddress: addressOf(100_000 + n),
            headers: { 'idempotency-key': `bound-${n}` },
            cookies: { [SESSION_COOKIE]: world.accounts[role].cookie },
            payload: payload as object,
          });
          const now = await world.heads();
          const shown = `POST ${url} ${JSON.stringify(payload)}`;
          // A quote writes nothing, whatever it answers; the rest must refuse.
          if (res.statusCode >= 500 || (res.statusCode < 400 && !url.endsWith('/quotes')))
            failures.push(`${res.statusCode} ${res.body.slice(0, 200)} for ${shown}`);
          if (now.some((h, i) => h !== before[i])) failures.push(`journals moved for ${shown}`);
        }
      assert.deepEqual(failures, []);
    });
  });
}
