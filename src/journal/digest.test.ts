import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from '../platform/canonical-json.ts';
import { canonicalRow } from './digest.ts';

test('canonicalRow writes the same bytes as canonical JSON of the normalised row', () => {
  const rows: Array<Record<string, unknown>> = [
    { b: 'Nguyễn Văn An', a: 1n, c: null, d: 0.1, e: -0, f: 1e21, g: true, h: false },
    {
      z: '"quoted" \\ back\nline\u0001 ctrl \u2028',
      y: 9_007_199_254_740_993n,
      x: new Uint8Array([0, 255, 16]),
    },
    { é: 'emoji 😀', e: 'x', E: 'y', _: 1.5e-7, '10': 'ten', '9': 'nine' },
    { a: '\ud800 lone', b: 1 }, // not well formed: the general form refuses it
    { a: new Date('2026-12-04T03:10:00Z'), b: 'date' },
    { a: undefined, b: 'undefined is omitted' },
  ];
  for (const row of rows) {
    const keys = Object.keys(row).sort();
    const normalised = Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'bigint'
          ? v.toString()
          : v instanceof Uint8Array
            ? Buffer.from(v).toString('hex')
            : v instanceof Date
              ? v.toISOString()
              : v,
      ]),
    );
    let expected: string | Error;
    try {
      expected = canonicalJson(normalised);
    } catch (err) {
      expected = err as Error;
    }
    if (expected instanceof Error)
      assert.throws(() => canonicalRow(row, keys), { message: expected.message });
    else assert.equal(canonicalRow(row, keys), expected, JSON.stringify(keys));
  }
});
