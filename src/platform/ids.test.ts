import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlatformError } from './errors.ts';
import { isId, newId, parseId } from './ids.ts';

test('newId gives the prefix, an underscore and a dashless lowercase UUIDv7', () => {
  const id = newId('pay');
  assert.match(id, /^pay_[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  assert.equal(id.length, 36);
  assert.ok(isId('pay', id));
  assert.equal(parseId('pay', id), id);
});

test('newId embeds the creation time in its first 48 bits', () => {
  const before = Date.now();
  const id = newId('itm');
  const ms = Number.parseInt(id.slice(4, 16), 16);
  assert.ok(ms >= before && ms <= Date.now());
});

test('successive ids sort ascending, even within one millisecond', () => {
  const ids = Array.from({ length: 2000 }, () => newId('evt'));
  const sorted = [...ids].sort();
  assert.deepEqual(ids, sorted);
  assert.equal(new Set(ids).size, ids.length);
});

test('a bad prefix is a programming error (TypeError), not a domain error', () => {
  for (const prefix of ['', 'p', 'PAY', 'pay1', 'toolong', 'pa_y', 'đơn']) {
    assert.throws(() => newId(prefix), TypeError, prefix);
    assert.throws(() => isId(prefix, 'x'), TypeError, prefix);
  }
  assert.match(newId('ab'), /^ab_/);
  assert.match(newId('abcdef'), /^abcdef_/);
});

test('isId and parseId reject anything that is not exactly prefix_ + 32 lowercase hex', () => {
  const good = newId('pay');
  const hex = good.slice(4);
  const bad = [
    '',
    hex,
    `itm_${hex}`,
    `PAY_${hex}`,
    `pay_${hex.toUpperCase()}`,
    `pay-${hex}`,
    `pay_${hex.slice(1)}`,
    `pay_${hex}0`,
    ` ${good}`,
    `${good}\n`,
    `pay_${hex.slice(0, 31)}g`,
    `pay_01939a5e-1f2b-7c3d-8e4f-0123456789ab`,
  ];
  for (const value of bad) {
    assert.equal(isId('pay', value), false, value);
    assert.throws(
      () => parseId('pay', value),
      (err: unknown) =>
        err instanceof PlatformError &&
        err.code === 'invalid_id' &&
        err.message.includes('pay_') &&
        err.messageVi.includes('hãy sao chép lại'),
      value,
    );
  }
  // Readable fixture ids are fine: the version nibble is not checked.
  assert.ok(isId('pay', 'pay_00000000000000000000000000000001'));
});
