import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  newBackupKeyPair,
  openBuffer,
  openFile,
  readBackupPrivateKey,
  readBackupPublicKey,
  readDescriptor,
  sealBuffer,
  sealFile,
} from './seal.ts';

const pair = () => {
  const { privatePem, publicPem } = newBackupKeyPair();
  return {
    pub: readBackupPublicKey(publicPem, 'test.pub'),
    priv: readBackupPrivateKey(privatePem, 'test.key'),
    publicPem,
    privatePem,
  };
};

describe('sealing to the backup key', () => {
  test('a buffer opens with the private key and gives back its bytes and descriptor', () => {
    const k = pair();
    const plain = Buffer.from('{"seq":1,"type":"finance.payout.recorded","so_tien":"2500000"}\n');
    const sealed = sealBuffer(plain, k.pub, { kind: 'segment', cell: 'finance', from: 1, to: 1 });
    assert.equal(sealed.includes(Buffer.from('so_tien')), false, 'the plaintext does not show');
    assert.deepEqual(readDescriptor(sealed, 'x'), { kind: 'segment', cell: 'finance', from: 1, to: 1 });
    const opened = openBuffer(sealed, k.priv, 'x');
    assert.deepEqual(opened.plaintext, plain);
    // Two seals of the same bytes differ (a fresh ephemeral key and nonce each time).
    assert.notDeepEqual(sealBuffer(plain, k.pub, {}), sealBuffer(plain, k.pub, {}));
  });

  test('another key, any changed byte, a cut or a relabelled descriptor is refused with its reason', () => {
    const k = pair();
    const other = pair();
    const sealed = sealBuffer(randomBytes(300), k.pub, { kind: 'segment', cell: 'finance', from: 1, to: 9 });
    assert.throws(() => openBuffer(sealed, other.priv, 'segment 1'), {
      code: 'seal_wrong_key',
      message: /sealed to backup key [0-9a-f]{32}, not to the key given/,
    });
    for (let i = 0; i < sealed.length; i += 7) {
      const bad = Buffer.from(sealed);
      bad[i] = bad[i]! ^ 0x01;
      assert.throws(
        () => openBuffer(bad, k.priv, 'segment 1'),
        (err: { code?: string }) => ['seal_corrupt', 'seal_wrong_key'].includes(err.code ?? ''),
      );
    }
    assert.throws(() => openBuffer(sealed.subarray(0, sealed.length - 1), k.priv, 'segment 1'), {
      code: 'seal_corrupt',
    });
    assert.throws(() => openBuffer(sealed.subarray(0, 20), k.priv, 'segment 1'), {
      code: 'seal_corrupt',
      message: /segment 1 is not a sealed postcore object \(no seal header\)/,
    });
    assert.throws(() => openBuffer(Buffer.from('not sealed at all'), k.priv, 'segment 1'), {
      code: 'seal_corrupt',
    });
  });

  test('a file seals and opens as a stream; a changed byte leaves a failure, not plaintext', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postcore-seal-'));
    try {
      const k = pair();
      const plain = randomBytes(3 * 1024 * 1024 + 17);
      writeFileSync(join(dir, 'snap'), plain);
      const { sha256, bytes } = await sealFile(join(dir, 'snap'), join(dir, 'sealed'), k.pub, {
        kind: 'snapshot',
        cell: 'core',
        seq: 42,
      });
      const sealed = readFileSync(join(dir, 'sealed'));
      assert.equal(bytes, sealed.length);
      assert.match(sha256, /^[0-9a-f]{64}$/);
      const descriptor = await openFile(join(dir, 'sealed'), join(dir, 'out'), k.priv, 'snapshot');
      assert.deepEqual(descriptor, { kind: 'snapshot', cell: 'core', seq: 42 });
      assert.deepEqual(readFileSync(join(dir, 'out')), plain);
      // The buffer and stream forms are the same format.
      assert.deepEqual(openBuffer(sealed, k.priv, 'snapshot').plaintext, plain);
      const bad = Buffer.from(sealed);
      bad[bad.length - 100] = bad[bad.length - 100]! ^ 0x80;
      writeFileSync(join(dir, 'bad'), bad);
      await assert.rejects(openFile(join(dir, 'bad'), join(dir, 'out2'), k.priv, 'snapshot'), {
        code: 'seal_corrupt',
        message: /authentication failed/,
      });
      writeFileSync(join(dir, 'cut'), sealed.subarray(0, sealed.length - 10));
      await assert.rejects(openFile(join(dir, 'cut'), join(dir, 'out3'), k.priv, 'snapshot'), {
        code: 'seal_corrupt',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the platform refuses a private key where the public one belongs, and any non-X25519 key', () => {
    const k = pair();
    assert.throws(() => readBackupPublicKey(k.privatePem, '/etc/postcore/backup.pub'), {
      code: 'invalid_backup_key',
      message: /\/etc\/postcore\/backup\.pub holds a PRIVATE key: give the platform only the public half/,
    });
    assert.throws(() => readBackupPublicKey('hello', 'b.pub'), { code: 'invalid_backup_key' });
    assert.throws(() => readBackupPrivateKey(k.publicPem, 'b.key'), { code: 'invalid_backup_key' });
    const raw = readBackupPublicKey(
      Buffer.from(k.pub.export({ format: 'jwk' }).x!, 'base64url').toString('base64'),
      'b64',
    );
    assert.equal(raw.asymmetricKeyType, 'x25519');
  });
});
