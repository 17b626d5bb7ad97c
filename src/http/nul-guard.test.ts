// U+0000 anywhere in a request's text is refused at the edge by its place, and a file's bytes are left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nulAt } from './nul-guard.ts';

test('the first string or key holding U+0000 is named by its path', () => {
  assert.equal(
    nulAt({ transfers: [{ id: 'ok' }, { debit_account_id: 'a\u0000b' }] }, 'body'),
    'body.transfers[1].debit_account_id',
  );
  assert.equal(nulAt({ 'x\u0000': 1 }, 'query'), 'query.x\u0000');
  assert.equal(nulAt('a\u0000', 'body'), 'body');
  assert.equal(nulAt({ a: 'fine', b: [1, null, 'ok'] }, 'body'), undefined);
});

test('bytes and streams are not read as text', () => {
  assert.equal(nulAt(Buffer.from([0, 0, 0]), 'body'), undefined);
  assert.equal(nulAt(new Uint8Array([0]), 'body'), undefined);
});
