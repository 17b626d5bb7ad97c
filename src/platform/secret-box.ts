import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PlatformError } from './errors.ts';

const VERSION = 'sb1';
const KEY_BYTES = 32;

/**
 * Seals small secrets (TOTP seeds) before they enter a journal, so that neither the journal, its
 * projections nor a backup holds them in clear. AES-256-GCM under a key kept in a file beside the data,
 * never in a database; each secret is bound to its context (e.g. the staff id), so a sealed value copied
 * onto another record does not open.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** The plaintext; a PlatformError `secret_unreadable` when the key or the context does not match. */
  open(sealed: string, context: string): string;
}

export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error(`a secret box key is ${KEY_BYTES} bytes, got ${key.length}`);
  const k = Buffer.from(key);
  const unreadable = () =>
    new PlatformError(
      'secret_unreadable',
      'A sealed secret cannot be opened with this server’s key: it was sealed under another key or altered',
      'Không mở được dữ liệu bí mật bằng khóa của máy chủ này; hãy liên hệ quản trị hệ thống',
    );
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, body, cipher.getAuthTag()]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) throw unreadable();
      try {
        const [iv, body, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
        const decipher = createDecipheriv('aes-256-gcm', k, iv!);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag!);
        return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
      } catch {
        throw unreadable();
      }
    },
  };
}

/** A fresh random key, for tests and for the first start. */
export function newSecretBoxKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * The text of a key file, or what `create` returns written to it first (mode 0600, in a 0700 directory,
 * never over an existing file): how every key of the server's is kept beside its data.
 */
export function readOrCreateKeyFile(file: string, create: () => string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const text = create();
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return text;
  }
}

/**
 * Reads the secret box key from `file`, creating it (mode 0600, in a 0700 directory) on first start.
 * A file of the wrong size is refused rather than replaced: replacing it would lock out every enrolment.
 */
export function loadOrCreateSecretBoxKey(file: string): Buffer {
  const text = readOrCreateKeyFile(file, () => `${newSecretBoxKey().toString('base64')}\n`);
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES)
    throw new PlatformError(
      'secret_unreadable',
      `The key file ${file} does not hold a ${KEY_BYTES}-byte base64 key: restore it from the key backup`,
      'Tệp khóa của máy chủ bị hỏng: hãy khôi phục từ bản sao lưu khóa',
      { file },
    );
  return key;
}

/** The secret box key in `file` if it is there, for commands that only read (they never create it). */
export function readSecretBoxKey(file: string): Buffer | undefined {
  return existsSync(file) ? loadOrCreateSecretBoxKey(file) : undefined;
}
