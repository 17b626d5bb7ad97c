import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256Hex } from './hash.ts';

test('sha256Hex matches the FIPS 180-2 test vectors', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(
    sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  );
});

test('strings are hashed as UTF-8, the same as their bytes', () => {
  const text = 'Đà Nẵng';
  assert.equal(sha256Hex(text), sha256Hex(new TextEncoder().encode(text)));
  assert.equal(sha256Hex(new Uint8Array([0x61, 0x62, 0x63])), sha256Hex('abc'));
});
