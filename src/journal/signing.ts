// The server's Ed25519 key that signs checkpoints, and the reading of public keys wherever they come from
// (a PEM file, the raw 32 bytes in base64, or the JSON that /v1/checkpoints/key publishes).
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readOrCreateKeyFile } from '../platform/secret-box.ts';
import { JournalError } from './journal-error.ts';

/** A public key as published: what anyone needs to check a checkpoint. */
export interface PublishedKey {
  algorithm: 'Ed25519';
  /** The first 16 hex digits of SHA-256 over the raw public key: named in every checkpoint it signs. */
  key_id: string;
  /** The raw 32-byte public key, base64. */
  public_key: string;
  /** The same key as PEM (SubjectPublicKeyInfo). */
  pem: string;
}

export interface Signer {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  /** The Ed25519 signature of `message`, base64. */
  sign(message: Buffer): string;
  published(): PublishedKey;
}

const rawOf = (key: KeyObject): Buffer => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');

/** The id a checkpoint names its key by. */
export const keyIdOf = (key: KeyObject): string =>
  createHash('sha256').update(rawOf(key)).digest('hex').slice(0, 16);

export function publish(key: KeyObject): PublishedKey {
  return {
    algorithm: 'Ed25519',
    key_id: keyIdOf(key),
    public_key: rawOf(key).toString('base64'),
    pem: key.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

export function signerOf(privateKey: KeyObject): Signer {
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKey,
    sign: (message) => sign(null, message, privateKey).toString('base64'),
    published: () => publish(publicKey),
  };
}

/** A fresh key, for tests and for the first start. */
export function newSigner(): Signer {
  return signerOf(generateKeyPairSync('ed25519').privateKey);
}

/** Whether `signature` (base64) is `key`'s signature of `message`; a malformed signature is not. */
export function verifySignature(key: KeyObject, message: Buffer, signature: string): boolean {
  const sig = Buffer.from(signature, 'base64');
  if (sig.length !== 64 || sig.toString('base64') !== signature) return false;
  return verify(null, message, key, sig);
}

const badKey = (what: string) =>
  new JournalError(
    'invalid_key',
    `${what}: give the post's published checkpoint key as a PEM file, its 32 bytes in base64, or the JSON of /v1/checkpoints/key`,
    'Khóa công khai không hợp lệ',
  );

/**
 * Reads an Ed25519 public key from text: PEM (a public key, or a private key whose public half is taken),
 * the raw 32 bytes in base64, or the JSON that /v1/checkpoints/key returns.
 */
export function readPublicKey(text: string): KeyObject {
  const t = text.trim();
  let key: KeyObject;
  try {
    if (t.startsWith('{')) {
      const json = JSON.parse(t) as { public_key?: unknown };
      if (typeof json.public_key !== 'string') throw badKey('The JSON has no public_key');
      return readPublicKey(json.public_key);
    }
    if (t.includes('-----BEGIN')) key = createPublicKey(t);
    else {
      const raw = Buffer.from(t, 'base64');
      if (raw.length !== 32 || !/^[A-Za-z0-9+/]+=*$/.test(t)) throw badKey('Not 32 bytes of base64');
      key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
        format: 'jwk',
      });
    }
  } catch (err) {
    if (err instanceof JournalError) throw err;
    throw badKey(`Unreadable key (${err instanceof Error ? err.message : String(err)})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw badKey(`A ${key.asymmetricKeyType} key is not Ed25519`);
  return key;
}

/**
 * Reads the signing key from `file` (PKCS#8 PEM), creating it (mode 0600, in a 0700 directory) on first
 * start, with its public half beside it as `<file>.pub`. A file that is not an Ed25519 key is refused rather
 * than replaced: a new key would make every earlier checkpoint look forged.
 */
export function loadOrCreateSigner(file: string): Signer {
  const text = readOrCreateKeyFile(file, () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(`${file}.pub`, publicKey.export({ format: 'pem', type: 'spki' }));
    return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  });
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    throw new JournalError(
      'invalid_key',
      `${file} is not a PEM private key: restore the checkpoint key from its backup (a new key would not match the checkpoints already signed)`,
      'Tệp khóa ký không hợp lệ',
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new JournalError(
      'invalid_key',
      `${file} holds a ${key.asymmetricKeyType} key, not Ed25519`,
      'Tệp khóa ký không hợp lệ',
    );
  return signerOf(key);
}

/** The signing key in `file` if it is there, for commands that only read (they never create it). */
export function readSigner(file: string): Signer | undefined {
  return existsSync(file) ? loadOrCreateSigner(file) : undefined;
}

/** The public half of the signing key in `file`, for verify (which writes nothing); undefined if absent. */
export function readSignerPublicKey(file: string): KeyObject | undefined {
  try {
    return createPublicKey(createPrivateKey(readFileSync(file, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new JournalError('invalid_key', `${file} is not a PEM private key`, 'Tệp khóa ký không hợp lệ');
  }
}
