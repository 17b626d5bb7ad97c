import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDomainError } from './errors.ts';
import { formatS10, parseS10, s10CheckDigit, s10Groups } from './s10.ts';

test('S10 check digits: the UPU vectors', () => {
  for (const id of ['EE876543216CA', 'RR287043775IN', 'EB000000005CN', 'LX000000080VN', 'EE123456785VN'])
    assert.equal(parseS10(id).id, id);
  assert.throws(
    () => parseS10('CP000000085VN'),
    (e: unknown) => isDomainError(e) && e.code === 'invalid_s10' && /check digit 5, not 0/.test(e.message),
  );
  // 11 - sum mod 11: 10 becomes 0, 11 becomes 5.
  assert.equal(s10CheckDigit('00000008'), 0);
  assert.equal(s10CheckDigit('00000000'), 5);
  assert.equal(s10CheckDigit('87654321'), 6);
});

test('S10 ids: typed or scanned forms are read; wrong forms and services are refused with a message for staff', () => {
  assert.equal(parseS10(' ee 1234 5678 5 vn ').id, 'EE123456785VN');
  for (const bad of ['EE12345678VN', 'E1123456785VN', 'EE123456785V', '', 'ZZ123456785VN', 'EE123456784VN'])
    assert.throws(
      () => parseS10(bad),
      (e: unknown) => isDomainError(e) && e.code === 'invalid_s10' && e.messageVi.includes('Mã bưu gửi'),
      bad,
    );
});

test('S10 ids are built from a serial, and printed in groups', () => {
  assert.equal(formatS10('EE', 12_345_678), 'EE123456785VN');
  assert.equal(formatS10('CP', 8), 'CP000000080VN');
  assert.equal(s10Groups('EE123456785VN'), 'EE 1234 5678 5 VN');
  assert.throws(() => formatS10('EE', 100_000_000));
  assert.throws(
    () => formatS10('ZZ', 1),
    (e: unknown) => isDomainError(e) && e.code === 'invalid_s10',
  );
});
