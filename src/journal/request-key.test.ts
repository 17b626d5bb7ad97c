// What a client's idempotency key stands for: scoped to who sends it and for what, so one person's key never
// meets another's; the request's hash ignores the order of JSON keys but nothing else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REQUEST_KEY_PATTERN, requestKey } from './request-key.ts';

const body = { line_id: 'lin_1', cccd: '001203012345' };

test('the same key from another person or on another route is another key', () => {
  const mine = requestKey('stf_a POST /v1/finance/tills/:id/pension-payouts', 'k-1', body);
  assert.notEqual(requestKey('stf_b POST /v1/finance/tills/:id/pension-payouts', 'k-1', body).key, mine.key);
  assert.notEqual(requestKey('stf_a POST /v1/finance/cod-remittances', 'k-1', body).key, mine.key);
  assert.equal(requestKey('stf_a POST /v1/finance/tills/:id/pension-payouts', 'k-1', body).key, mine.key);
  assert.match(mine.key, /^[0-9a-f]{64}$/, 'only a hash is journaled');
  assert.equal(mine.given, 'k-1');
});

test('the request hash ignores key order, not values', () => {
  const a = requestKey('s', 'k', { params: { id: 'til_1' }, body });
  const b = requestKey('s', 'k', {
    body: { cccd: body.cccd, line_id: body.line_id },
    params: { id: 'til_1' },
  });
  assert.equal(a.request, b.request);
  assert.notEqual(requestKey('s', 'k', { params: { id: 'til_2' }, body }).request, a.request);
});

test('a key is 1 to 100 printable ASCII characters without spaces', () => {
  for (const ok of ['a', '0b9f1c2e-5d6a-4f3b-9c8d-7e6f5a4b3c2d', 'x'.repeat(100)])
    assert.equal(REQUEST_KEY_PATTERN.test(ok), true, ok);
  for (const bad of ['', 'has space', 'x'.repeat(101), 'khóa', 'tab\t'])
    assert.equal(REQUEST_KEY_PATTERN.test(bad), false, bad);
});
