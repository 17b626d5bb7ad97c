// Sealing: what the platform ships to the vault is encrypted to the backup public key, so that neither the
// vault nor a server in an attacker's hands can read it. X25519 with a fresh ephemeral key per object, HKDF
// (SHA-256) and AES-256-GCM, all from node:crypto. The object's descriptor (cell, kind, seq range) is in
// the clear in its header and authenticated with the ciphertext, so a segment cannot be passed off as
// another.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { createReadStream, createWriteStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { canonicalJson } from '../platform/canonical-json.ts';
import { ResilienceError } from './resilience-error.ts';

const MAGIC = Buffer.from('PCSEAL1\n', 'latin1');
const KEY_ID_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const INFO = Buffer.from('postcore seal v1 aes-256-gcm', 'latin1');
const MAX_DESCRIPTOR = 64 * 1024;

/** What a sealed object says it is, in the clear and bound to its ciphertext. */
export type Descriptor = Record<string, string | number | boolean | null>;

/** The recipient's key id: the first 16 bytes of SHA-256 of its raw public key, hex. */
export function backupKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(rawPublic(publicKey))
    .digest('hex')
    .slice(0, KEY_ID_BYTES * 2);
}

function rawPublic(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

function badKey(message: string): ResilienceError {
  return new ResilienceError('invalid_backup_key', message, 'Khóa sao lưu không hợp lệ');
}

/** A new backup key pair, as PEM: the private half goes offline, the public half to the platform. */
export function newBackupKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/**
 * Reads the backup public key (PEM or 32 bytes of base64). A private key is refused: the platform must
 * hold only the public half, or a server in an attacker's hands could read the backups.
 */
export function readBackupPublicKey(text: string, where: string): KeyObject {
  const t = text.trim();
  if (t.includes('PRIVATE KEY'))
    throw badKey(
      `${where} holds a PRIVATE key: give the platform only the public half (the .pub file written by postcore keys backup) and keep the private key offline`,
    );
  let key: KeyObject;
  try {
    if (t.includes('-----BEGIN')) key = createPublicKey(t);
    else {
      const raw = Buffer.from(t, 'base64');
      if (raw.length !== 32) throw new Error('not 32 bytes of base64');
      key = createPublicKey({
        key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') },
        format: 'jwk',
      });
    }
  } catch (err) {
    throw badKey(
      `${where} is not a backup public key (${err instanceof Error ? err.message : String(err)}): give the .pub file written by postcore keys backup`,
    );
  }
  if (key.asymmetricKeyType !== 'x25519')
    throw badKey(`${where} holds a ${key.asymmetricKeyType} key, not an X25519 backup key`);
  return key;
}

/** Reads the backup private key (PKCS#8 PEM), the restore key the security team keeps offline. */
export function readBackupPrivateKey(text: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch (err) {
    throw badKey(
      `${where} is not a backup private key (${err instanceof Error ? err.message : String(err)}): give the file written by postcore keys backup`,
    );
  }
  if (key.asymmetricKeyType !== 'x25519')
    throw badKey(`${where} holds a ${key.asymmetricKeyType} key, not an X25519 backup key`);
  return key;
}

interface Header {
  keyId: string;
  ephemeral: Buffer;
  nonce: Buffer;
  descriptor: Descriptor;
  /** The header's bytes, authenticated as the cipher's associated data. */
  bytes: Buffer;
}

function makeHeader(recipient: KeyObject, descriptor: Descriptor): { header: Header; key: Buffer } {
  const eph = generateKeyPairSync('x25519');
  const ephemeral = rawPublic(eph.publicKey);
  const nonce = randomBytes(NONCE_BYTES);
  const keyId = backupKeyId(recipient);
  const desc = Buffer.from(canonicalJson(descriptor), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(desc.length);
  const bytes = Buffer.concat([MAGIC, Buffer.from(keyId, 'hex'), ephemeral, nonce, len, desc]);
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: recipient });
  const key = Buffer.from(
    hkdfSync('sha256', shared, Buffer.concat([ephemeral, rawPublic(recipient)]), INFO, 32),
  );
  return { header: { keyId, ephemeral, nonce, descriptor, bytes }, key };
}

function corrupt(what: string, detail: string): ResilienceError {
  return new ResilienceError(
    'seal_corrupt',
    `${what} is not a sealed postcore object (${detail}): it was truncated or altered; take another copy from the vault`,
    'Bản sao lưu bị hỏng hoặc bị cắt cụt',
    { what, detail },
  );
}

/** Reads a header from the start of a buffer (the whole object or its first bytes). */
function parseHeader(buf: Buffer, what: string): Header {
  const fixed = MAGIC.length + KEY_ID_BYTES + 32 + NONCE_BYTES + 4;
  if (buf.length < fixed || !buf.subarray(0, MAGIC.length).equals(MAGIC))
    throw corrupt(what, 'no seal header');
  let o = MAGIC.length;
  const keyId = buf.subarray(o, o + KEY_ID_BYTES).toString('hex');
  o += KEY_ID_BYTES;
  const ephemeral = Buffer.from(buf.subarray(o, o + 32));
  o += 32;
  const nonce = Buffer.from(buf.subarray(o, o + NONCE_BYTES));
  o += NONCE_BYTES;
  const len = buf.readUInt32BE(o);
  o += 4;
  if (len > MAX_DESCRIPTOR || buf.length < o + len) throw corrupt(what, 'header cut short');
  let descriptor: Descriptor;
  try {
    descriptor = JSON.parse(buf.subarray(o, o + len).toString('utf8')) as Descriptor;
  } catch {
    throw corrupt(what, 'unreadable descriptor');
  }
  return { keyId, ephemeral, nonce, descriptor, bytes: Buffer.from(buf.subarray(0, o + len)) };
}

function openKey(header: Header, privateKey: KeyObject, what: string): Buffer {
  const publicKey = createPublicKey(privateKey);
  const mine = backupKeyId(publicKey);
  if (header.keyId !== mine)
    throw new ResilienceError(
      'seal_wrong_key',
      `${what} is sealed to backup key ${header.keyId}, not to the key given (${mine}): use the private key whose public half the platform held then`,
      'Bản sao lưu được mã hóa bằng khóa khác',
      { sealedTo: header.keyId, given: mine },
    );
  const eph = createPublicKey({
    key: { kty: 'OKP', crv: 'X25519', x: header.ephemeral.toString('base64url') },
    format: 'jwk',
  });
  const shared = diffieHellman({ privateKey, publicKey: eph });
  return Buffer.from(
    hkdfSync('sha256', shared, Buffer.concat([header.ephemeral, rawPublic(publicKey)]), INFO, 32),
  );
}

/** Seals bytes in memory (journal segments, key files): header, ciphertext, tag. */
export function sealBuffer(plaintext: Buffer, recipient: KeyObject, descriptor: Descriptor): Buffer {
  const { header, key } = makeHeader(recipient, descriptor);
  const cipher = createCipheriv('aes-256-gcm', key, header.nonce);
  cipher.setAAD(header.bytes);
  return Buffer.concat([header.bytes, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** The descriptor of a sealed object, read without its key (for checking it against the vault's log). */
export function readDescriptor(sealed: Buffer, what: string): Descriptor {
  return parseHeader(sealed, what).descriptor;
}

/** Opens a sealed buffer with the backup private key; a changed byte, another key or a cut fails clearly. */
export function openBuffer(
  sealed: Buffer,
  privateKey: KeyObject,
  what: string,
): { descriptor: Descriptor; plaintext: Buffer } {
  const header = parseHeader(sealed, what);
  const key = openKey(header, privateKey, what);
  const body = sealed.subarray(header.bytes.length);
  if (body.length < TAG_BYTES) throw corrupt(what, 'no authentication tag');
  const decipher = createDecipheriv('aes-256-gcm', key, header.nonce);
  decipher.setAAD(header.bytes);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    const plaintext = Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return { descriptor: header.descriptor, plaintext };
  } catch {
    throw corrupt(what, 'authentication failed');
  }
}

/**
 * Seals a file to another file as a stream (database snapshots of gigabytes), returning the sealed
 * object's SHA-256 (its name in the vault) and size.
 */
export async function sealFile(
  source: string,
  target: string,
  recipient: KeyObject,
  descriptor: Descriptor,
): Promise<{ sha256: string; bytes: number }> {
  const { header, key } = makeHeader(recipient, descriptor);
  const cipher = createCipheriv('aes-256-gcm', key, header.nonce);
  cipher.setAAD(header.bytes);
  const hash = createHash('sha256').update(header.bytes);
  let bytes = header.bytes.length;
  const out = createWriteStream(target, { mode: 0o600 });
  out.write(header.bytes);
  await pipeline(
    createReadStream(source, { highWaterMark: 1 << 20 }),
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        const c = cipher.update(chunk);
        hash.update(c);
        bytes += c.length;
        done(null, c);
      },
      flush(done) {
        const tail = Buffer.concat([cipher.final(), cipher.getAuthTag()]);
        hash.update(tail);
        bytes += tail.length;
        done(null, tail);
      },
    }),
    out,
  );
  return { sha256: hash.digest('hex'), bytes };
}

/** The first bytes of a sealed file, as many as its header can take: a file of any size is never read whole. */
function headOf(path: string, size = statSync(path).size): Buffer {
  const head = Buffer.alloc(
    Math.min(size, MAGIC.length + KEY_ID_BYTES + 32 + NONCE_BYTES + 4 + MAX_DESCRIPTOR),
  );
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head;
}

/** The clear, authenticated-on-open descriptor of a sealed file, read from its header alone. */
export function readFileDescriptor(path: string, what: string): Descriptor {
  return readDescriptor(headOf(path), what);
}

/**
 * Opens a sealed file into a plaintext file as a stream. The plaintext is only trustworthy once this
 * resolves (GCM's tag comes last): on any failure the caller must discard `target`.
 */
export async function openFile(
  source: string,
  target: string,
  privateKey: KeyObject,
  what: string,
): Promise<Descriptor> {
  const size = statSync(source).size;
  const header = parseHeader(headOf(source, size), what);
  if (size < header.bytes.length + TAG_BYTES) throw corrupt(what, 'no authentication tag');
  const key = openKey(header, privateKey, what);
  const input = createReadStream(source, { start: header.bytes.length, highWaterMark: 1 << 20 });
  const decipher = createDecipheriv('aes-256-gcm', key, header.nonce);
  decipher.setAAD(header.bytes);
  // The last 16 bytes of the stream are the tag: hold them back from the decipher.
  let held = Buffer.alloc(0);
  try {
    await pipeline(
      input,
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          const all = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
          const cut = Math.max(0, all.length - TAG_BYTES);
          held = Buffer.from(all.subarray(cut));
          done(null, cut === 0 ? undefined : decipher.update(all.subarray(0, cut)));
        },
        flush(done) {
          try {
            if (held.length !== TAG_BYTES) throw new Error('cut short');
            decipher.setAuthTag(held);
            done(null, decipher.final());
          } catch (err) {
            done(err as Error);
          }
        },
      }),
      createWriteStream(target, { mode: 0o600 }),
    );
  } catch {
    throw corrupt(what, 'authentication failed');
  }
  return header.descriptor;
}
