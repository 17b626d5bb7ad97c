// Where the vault keeps its objects. The interface is what an S3 bucket with Object Lock in compliance mode
// would also offer (put-if-absent with a retention date, get, head); nothing in it deletes or replaces.
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { ResilienceError } from '../resilience-error.ts';

export const SHA256_NAME = /^[0-9a-f]{64}$/;

export interface StoredObject {
  sha256: string;
  bytes: number;
  /** False when an object of that name was already there (the same bytes, since the name is their hash). */
  created: boolean;
}

/** Write-once, content-addressed storage: no overwrite, no delete. */
export interface ObjectStore {
  readonly describe: string;
  /** Stores the stream under `sha256` if its bytes hash to it; refuses (and keeps nothing) otherwise. */
  put(sha256: string, body: Readable, retainUntil: string): Promise<StoredObject>;
  has(sha256: string): boolean;
  size(sha256: string): number | undefined;
  get(sha256: string): Readable;
}

/**
 * The local directory backend: `objects/<2 hex>/<sha256>`, written to `incoming/` first, checked, synced,
 * then linked into place (a link never replaces an existing file) and made read-only.
 */
export function createDirectoryStore(dir: string): ObjectStore {
  const objects = join(dir, 'objects');
  const incoming = join(dir, 'incoming');
  mkdirSync(objects, { recursive: true });
  mkdirSync(incoming, { recursive: true });
  const pathOf = (sha: string) => join(objects, sha.slice(0, 2), sha);
  return {
    describe: `directory ${dir}`,
    async put(sha256, body) {
      const temp = join(incoming, `${randomBytes(8).toString('hex')}.part`);
      const hash = createHash('sha256');
      let bytes = 0;
      try {
        await pipeline(
          body,
          new Transform({
            transform(chunk: Buffer, _e, done) {
              hash.update(chunk);
              bytes += chunk.length;
              done(null, chunk);
            },
          }),
          createWriteStream(temp, { mode: 0o600 }),
        );
        const actual = hash.digest('hex');
        if (actual !== sha256)
          throw new ResilienceError(
            'vault_hash_mismatch',
            `The object sent as ${sha256} hashes to ${actual} (${bytes} bytes): an object is named by the SHA-256 of its bytes, and a name once written is never replaced; nothing was stored`,
            'Dữ liệu gửi lên không khớp với mã băm; không có gì được lưu',
            { name: sha256, actual, bytes },
          );
        const target = pathOf(sha256);
        if (existsSync(target)) return { sha256, bytes, created: false };
        const fd = openSync(temp, 'r');
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        mkdirSync(dirname(target), { recursive: true });
        try {
          linkSync(temp, target);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { sha256, bytes, created: false };
          throw err;
        }
        chmodSync(target, 0o444);
        return { sha256, bytes, created: true };
      } finally {
        rmSync(temp, { force: true });
      }
    },
    has: (sha) => existsSync(pathOf(sha)),
    size: (sha) => (existsSync(pathOf(sha)) ? statSync(pathOf(sha)).size : undefined),
    get(sha) {
      if (!existsSync(pathOf(sha)))
        throw new ResilienceError(
          'vault_object_missing',
          `The vault holds no object ${sha}`,
          'Kho sao lưu không có đối tượng này',
          { name: sha },
        );
      return createReadStream(pathOf(sha), { highWaterMark: 1 << 20 });
    },
  };
}
