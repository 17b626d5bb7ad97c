import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from '../platform/canonical-json.ts';
import { hashInput } from './index.ts';

test('the fast hash input is RFC 8785 canonical JSON for any event', () => {
  const alphabet = [
    'a',
    'Z',
    '0',
    ' ',
    '"',
    '\\',
    '/',
    '\n',
    '\t',
    'đ',
    'Ờ',
    '₫',
    '😀',
    '\u2028',
    '\u007f',
    '\u00e9',
    'e\u0301',
  ];
  const text = (n: number) =>
    Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
  for (let i = 0; i < 2000; i++) {
    const payload = {
      [text(3)]: text(8),
      n: Math.floor(Math.random() * 1e9),
      list: [text(2), null, true, -0.5],
    };
    const fields = {
      seq: BigInt(1 + Math.floor(Math.random() * 2 ** 40)),
      id: `evt_${text(5)}`,
      type: `t.${text(4)}`,
      stream: text(10),
      at: new Date(Math.floor(Math.random() * 4e12)).toISOString(),
      actor: text(6),
      office: Math.random() < 0.5 ? null : text(5),
      prev: text(64),
    };
    assert.equal(
      hashInput({ ...fields, payload: canonicalJson(payload) }),
      canonicalJson({ ...fields, seq: Number(fields.seq), payload }),
    );
  }
});
