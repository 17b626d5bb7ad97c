import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError, found, PlatformError } from './errors.ts';

test('PlatformError carries code, cell, both messages and details', () => {
  const err = new PlatformError('invalid_amount', 'Invalid amount "x"', 'Số tiền "x" không hợp lệ', {
    input: 'x',
  });
  assert.ok(err instanceof Error);
  assert.ok(err instanceof DomainError);
  assert.equal(err.name, 'PlatformError');
  assert.equal(err.cell, 'platform');
  assert.equal(err.code, 'invalid_amount');
  assert.equal(err.message, 'Invalid amount "x"');
  assert.equal(err.messageVi, 'Số tiền "x" không hợp lệ');
  assert.deepEqual(err.details, { input: 'x' });
  assert.match(err.stack ?? '', /PlatformError: Invalid amount/);
});

test('details are optional and a cause is kept', () => {
  const cause = new Error('low level');
  const err = new PlatformError('invalid_json', 'm', 'mv', undefined, { cause });
  assert.equal(err.details, undefined);
  assert.equal(err.cause, cause);
});

test('another cell defines its own error type with its own closed codes', () => {
  class JournalError extends DomainError<'chain_broken'> {
    readonly cell = 'journal';
  }
  const err = new JournalError('chain_broken', 'Chain broken at seq 7', 'Chuỗi sự kiện bị đứt tại số 7');
  assert.equal(err.name, 'JournalError');
  assert.equal(err.cell, 'journal');
  assert.equal(err.code, 'chain_broken');
});

describe('found', () => {
  test('gives the row back, and throws the refusal it is handed when there is none', () => {
    assert.equal(
      found(7, () => new PlatformError('invalid_id', 'x', 'x')),
      7,
    );
    assert.throws(
      () => found(undefined, () => new PlatformError('invalid_id', 'no row', 'không có')),
      /no row/,
    );
    assert.throws(() => found(null, () => new PlatformError('invalid_id', 'no row', 'không có')), /no row/);
  });
});
