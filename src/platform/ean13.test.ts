import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ean13CheckDigit, inStoreEan13, isEan13 } from './ean13.ts';

test('the check digit of real barcodes (GS1 Vietnam 893…)', () => {
  // 8934588013010 and 4006381333931 are printed on goods; 5901234123457 is GS1's own example.
  assert.equal(ean13CheckDigit('590123412345'), 7);
  assert.equal(ean13CheckDigit('400638133393'), 1);
  assert.ok(isEan13('5901234123457'));
  assert.ok(isEan13('4006381333931'));
  assert.ok(!isEan13('5901234123458'));
  assert.ok(!isEan13('590123412345'));
  assert.ok(!isEan13('59012341234a7'));
});

test('an in-store code starts with 2, checks, and is the same for the same seed', () => {
  const a = inStoreEan13('CHE-TC200');
  assert.match(a, /^2\d{12}$/);
  assert.ok(isEan13(a));
  assert.equal(inStoreEan13('CHE-TC200'), a);
  assert.notEqual(inStoreEan13('CHE-TC200', 1), a);
  assert.notEqual(inStoreEan13('CHE-TC500'), a);
});
