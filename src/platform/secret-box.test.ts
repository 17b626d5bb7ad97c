import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSecretBox, loadOrCreateSecretBoxKey, newSecretBoxKey } from './secret-box.ts';

describe('secret box', () => {
  it('opens what it sealed, and never shows the plaintext in the sealed form', () => {
    const box = createSecretBox(newSecretBoxKey());
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'stf_1');
    assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'));
    assert.notEqual(box.seal('JBSWY3DPEHPK3PXP', 'stf_1'), sealed, 'a fresh nonce each time');
    assert.equal(box.open(sealed, 'stf_1'), 'JBSWY3DPEHPK3PXP');
  });

  it('refuses another context, another key and an altered value', () => {
    const box = createSecretBox(newSecretBoxKey());
    const sealed = box.seal('secret', 'stf_1');
    assert.throws(() => box.open(sealed, 'stf_2'), { code: 'secret_unreadable' });
    assert.throws(() => createSecretBox(newSecretBoxKey()).open(sealed, 'stf_1'), {
      code: 'secret_unreadable',
    });
    const parts = sealed.split('.');
    parts[2] = Buffer.from('other').toString('base64url');
    assert.throws(() => box.open(parts.join('.'), 'stf_1'), { code: 'secret_unreadable' });
    assert.throws(() => box.open('garbage', 'stf_1'), { code: 'secret_unreadable' });
  });

  it('creates its key file once, private to the owner, and refuses a damaged one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'postcore-key-'));
    const file = join(dir, 'keys', 'secret-box.key');
    const key = loadOrCreateSecretBoxKey(file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(loadOrCreateSecretBoxKey(file), key);
    writeFileSync(file, 'c2hvcnQ=\n');
    assert.throws(() => loadOrCreateSecretBoxKey(file), { code: 'secret_unreadable' });
    assert.equal(readFileSync(file, 'utf8'), 'c2hvcnQ=\n', 'a damaged key file is left for the operator');
  });
});
