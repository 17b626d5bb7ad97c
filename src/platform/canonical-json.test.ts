import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from './canonical-json.ts';
import { PlatformError } from './errors.ts';
import { sha256Hex } from './hash.ts';

function isInvalidJson(err: unknown): boolean {
  return err instanceof PlatformError && err.code === 'invalid_json';
}

test('object keys are sorted and whitespace removed', () => {
  assert.equal(canonicalJson({ b: 1, a: 2 }), '{"a":2,"b":1}');
  assert.equal(
    canonicalJson({ z: { y: [3, { d: 1, c: 2 }], x: null } }),
    '{"z":{"x":null,"y":[3,{"c":2,"d":1}]}}',
  );
  assert.equal(canonicalJson([]), '[]');
  assert.equal(canonicalJson({}), '{}');
});

test('numbers use the ECMAScript shortest form required by RFC 8785', () => {
  assert.equal(canonicalJson(1e21), '1e+21');
  assert.equal(canonicalJson(1e20), '100000000000000000000');
  assert.equal(canonicalJson(-0), '0');
  assert.equal(canonicalJson(0.000001), '0.000001');
  assert.equal(canonicalJson(1e-7), '1e-7');
  assert.equal(canonicalJson(4.5), '4.5');
  assert.equal(canonicalJson(2e-3), '0.002');
  assert.equal(canonicalJson(1e23), '1e+23');
  assert.equal(canonicalJson(Number.MAX_SAFE_INTEGER), '9007199254740991');
  assert.equal(canonicalJson(5e-324), '5e-324');
  // RFC 8785 Appendix B samples (IEEE 754 bit patterns -> canonical text).
  assert.equal(canonicalJson(Number.MAX_VALUE), '1.7976931348623157e+308');
  assert.equal(canonicalJson(333333333.3333333), '333333333.3333333');
  assert.equal(canonicalJson(2 ** 68), '295147905179352830000');
});

test('the RFC 8785 section 3.2.2 example canonicalizes byte for byte', () => {
  // The RFC's input text verbatim, parsed, so its over-long number literals reach canonicalize as doubles.
  const input: unknown = JSON.parse(String.raw`{
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  }`);
  assert.equal(
    canonicalJson(input),
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  );
});

test('keys sort by UTF-16 code units, and non-ASCII text is written as is', () => {
  // RFC 8785 section 3.2.3 sorting example.
  const input = {
    '\u20ac': 'Euro Sign',
    '\r': 'Carriage Return',
    '\ufb33': 'Hebrew Letter Dalet With Dagesh',
    '1': 'One',
    '\ud83d\ude00': 'Emoji: Grinning Face',
    '\u0080': 'Control',
    '\u00f6': 'Latin Small Letter O With Diaeresis',
  };
  // Compared as text: JSON.parse would move the integer-like key '1' first again.
  assert.equal(
    canonicalJson(input),
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
      '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  );
  assert.equal(canonicalJson({ office: 'Bưu cục Đà Nẵng' }), '{"office":"Bưu cục Đà Nẵng"}');
});

test('a Date becomes its ISO string and undefined properties are omitted', () => {
  assert.equal(canonicalJson({ at: new Date(0) }), '{"at":"1970-01-01T00:00:00.000Z"}');
  assert.equal(canonicalJson({ a: 1, note: undefined }), '{"a":1}');
});

test('the same data gives the same hash whatever the key order', () => {
  const a = { type: 'finance.payout.recorded', seq: 1, payload: { amount: '1234567', line: 'pay_1' } };
  const b = { payload: { line: 'pay_1', amount: '1234567' }, seq: 1, type: 'finance.payout.recorded' };
  assert.equal(sha256Hex(canonicalJson(a)), sha256Hex(canonicalJson(b)));
});

test('values with no faithful JSON form are refused with invalid_json and a path', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const bad: [string, unknown, string][] = [
    ['bigint', 1n, '$'],
    ['nested bigint', { payload: { amount: 1234567n } }, '$.payload.amount'],
    ['bigint in array', [1, 2n], '$[1]'],
    ['undefined at top level', undefined, '$'],
    ['undefined in array', [1, undefined], '$[1]'],
    ['hole in array', [1, , 3], '$[1]'], // eslint-disable-line no-sparse-arrays
    ['NaN', Number.NaN, '$'],
    ['Infinity', { x: [Number.POSITIVE_INFINITY] }, '$.x[0]'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '$'],
    ['function', () => 1, '$'],
    ['function property', { f: () => 1 }, '$.f'],
    ['symbol property', { s: Symbol('s') }, '$.s'],
    ['lone high surrogate', 'a\ud800', '$'],
    ['lone low surrogate in value', { k: '\udc00' }, '$.k'],
    ['lone surrogate in key', { '\ud800': 1 }, '$.\ud800'],
    ['Map', { m: new Map([['a', 1]]) }, '$.m'],
    ['Set', new Set([1]), '$'],
    ['typed array', new Uint8Array([1, 2]), '$'],
    ['class instance', new (class Payout {})(), '$'],
    ['cycle', cyclic, '$.self'],
    ['toJSON returning undefined', { x: { toJSON: () => undefined } }, '$.x'],
  ];
  for (const [name, value, path] of bad) {
    assert.throws(
      () => canonicalJson(value),
      (err: unknown) => isInvalidJson(err) && (err as PlatformError).details?.path === path,
      name,
    );
  }
});

test('shared (non-cyclic) references are fine', () => {
  const shared = { x: 1 };
  assert.equal(canonicalJson({ a: shared, b: [shared, shared] }), '{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
  assert.equal(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 })), '{"a":2,"b":1}');
});

test('a large payload stays cheap to check', () => {
  const rows = Array.from({ length: 100_000 }, (_, i) => ({
    id: `pay_${i}`,
    amount: String(i * 1000),
    ok: true,
  }));
  const started = performance.now();
  const out = canonicalJson({ rows });
  const ms = performance.now() - started;
  assert.ok(out.startsWith('{"rows":[{"amount":"0","id":"pay_0","ok":true}'));
  assert.ok(ms < 2000, `took ${ms} ms`);
});
