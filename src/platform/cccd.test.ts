import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCccd } from './cccd.ts';
import { PlatformError } from './errors.ts';

test('reads the province, sex and year of birth from a CCCD', () => {
  assert.deepEqual(parseCccd('001203012345', 2026), {
    number: '001203012345',
    province: '01',
    sex: 'male',
    birthYear: 2003,
  });
  assert.deepEqual(parseCccd('079185000001', 2026), {
    number: '079185000001',
    province: '79',
    sex: 'female',
    birthYear: 1985,
  });
  assert.equal(parseCccd('048 0 52 123456', 2026).birthYear, 1952);
  assert.equal(parseCccd('034300000001', 2026).sex, 'female');
});

test('refuses what cannot be a CCCD, saying what is wrong', () => {
  for (const [input, why] of [
    ['00120301234', /12 digits/],
    ['0012030123456', /12 digits/],
    ['00120301234a', /12 digits/],
    ['003203012345', /province code 003/],
    ['101203012345', /province code 101/],
    ['001603012345', /century and sex digit 6/],
    ['001230012345', /born in 2030, after 2026/],
  ] as const) {
    assert.throws(
      () => parseCccd(input, 2026),
      (err: unknown) => err instanceof PlatformError && err.code === 'invalid_cccd' && why.test(err.message),
      input,
    );
  }
});
