import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlatformError } from './errors.ts';
import { parseVnPhone } from './phone.ts';

test('Vietnamese mobiles and landlines, national or +84, come out as E.164', () => {
  assert.equal(parseVnPhone('0912345678', 'mobile'), '+84912345678');
  assert.equal(parseVnPhone('+84 912 345 678', 'mobile'), '+84912345678');
  assert.equal(parseVnPhone('0386 123 456', 'mobile'), '+84386123456');
  assert.equal(parseVnPhone('024 3825 0000'), '+842438250000');
  assert.equal(parseVnPhone('0236 3821 111'), '+842363821111');
});

test('numbers of the wrong form or kind are refused with what to write instead', () => {
  for (const [input, kind] of [
    ['0123456789', 'any'],
    ['091234567', 'any'],
    ['', 'any'],
    ['+1 202 555 0100', 'any'],
    ['024 3825 0000', 'mobile'],
  ] as const) {
    assert.throws(
      () => parseVnPhone(input, kind),
      (err: unknown) =>
        err instanceof PlatformError && err.code === 'invalid_phone' && /0912345678/.test(err.message),
      input,
    );
  }
});
