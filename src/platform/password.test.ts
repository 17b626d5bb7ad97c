import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlatformError } from './errors.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from './password.ts';

test('a scrypt hash verifies its password and no other, and is salted', async () => {
  const hash = await hashPassword('trời xanh mây trắng 2026');
  assert.match(hash, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.equal(await verifyPassword('trời xanh mây trắng 2026', hash), true);
  // The same text in NFD is the same password: what a keyboard produces must not matter.
  assert.equal(await verifyPassword('trời xanh mây trắng 2026'.normalize('NFD'), hash), true);
  assert.equal(await verifyPassword('trời xanh mây trắng 2025', hash), false);
  assert.notEqual(await hashPassword('trời xanh mây trắng 2026'), hash);
  assert.equal(await verifyPassword('x', 'md5$abc'), false);
  assert.equal(await verifyPassword('x', 'scrypt$99999999$8$1$AA$AA'), false);
});

test('weak passwords are refused with the reason', () => {
  for (const [pw, why] of [
    ['short1!', /shorter than 12/],
    ['nguyenvana-2026-ok', /contains the username/],
    ['aaaaaaaaaaaaab', /too few characters/],
    ['MyPassword2026!', /well-known/],
  ] as const) {
    assert.throws(
      () => checkPasswordStrength(pw, 'nguyenvana'),
      (err: unknown) => err instanceof PlatformError && err.code === 'weak_password' && why.test(err.message),
      pw,
    );
  }
  checkPasswordStrength('gánh hàng rong qua cầu', 'nguyenvana');
});
