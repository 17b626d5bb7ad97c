import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  chmodSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageError } from './storage-error.ts';

const SHA256 = /^[0-9a-f]{64}$/;

/** A stored attachment: its SHA-256 (its name) and size. */
export interface Attachment {
  sha256: string;
  bytes: number;
}

/** A file streamed in but not yet kept: read it, then keep or discard it. */
export interface PendingAttachment extends Attachment {
  /** Where it is until kept (for reading it again, e.g. to validate it). */
  path: string;
  /** Moves it to its content address (once: a file with the same content is already the same). */
  keep(): Attachment;
  discard(): void;
}

/**
 * Content-addressed, write-once files of one cell (a payment list, a photo): named by their SHA-256 under
 * `<dir>/<first two hex>/<rest>`, read-only once written, checked against their name when read. A journal
 * event names an attachment by its hash; replay reads it back from here (and, later, from the vault).
 */
export interface Attachments {
  /** Streams bytes to a temporary file, hashing them; refuses more than maxBytes. */
  receive(source: Readable | AsyncIterable<Uint8Array>, maxBytes: number): Promise<PendingAttachment>;
  has(sha256: string): boolean;
  /** The stored bytes as a stream; the stream fails with attachment_corrupt if they no longer hash to their name. */
  open(sha256: string): Readable;
  /**
   * Where the stored bytes are, for a reader in another thread; it must hash what it reads and refuse the
   * file (see corrupt()) unless the hash is the name. Throws attachment_missing.
   */
  pathOf(sha256: string): string;
  /** The error for bytes that no longer hash to their name. */
  corrupt(sha256: string): Error;
}

export function createAttachments(dir: string): Attachments {
  const pathOf = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(dir, sha256.slice(0, 2), sha256.slice(2));
  };
  const storedPath = (sha256: string) => {
    const path = pathOf(sha256);
    if (!existsSync(path))
      throw new StorageError(
        'attachment_missing',
        `Attachment ${sha256} is not in ${dir}: restore it from the vault`,
        'Thiếu tệp đính kèm: hãy khôi phục từ kho sao lưu',
        { sha256 },
      );
    return path;
  };
  const corrupt = (sha256: string) =>
    new StorageError(
      'attachment_corrupt',
      `Attachment ${sha256} no longer matches its hash`,
      'Tệp đính kèm đã bị thay đổi',
      {
        sha256,
        bytes: existsSync(pathOf(sha256)) ? statSync(pathOf(sha256)).size : 0,
      },
    );
  return {
    async receive(source, maxBytes) {
      mkdirSync(join(dir, 'incoming'), { recursive: true });
      const tmp = join(dir, 'incoming', `${process.pid}-${randomBytes(8).toString('hex')}`);
      const hash = createHash('sha256');
      let bytes = 0;
      const out = createWriteStream(tmp, { mode: 0o600, flush: true });
      try {
        await pipeline(
          source,
          async function* (chunks: AsyncIterable<Uint8Array>) {
            for await (const chunk of chunks) {
              bytes += chunk.length;
              if (bytes > maxBytes)
                throw new StorageError(
                  'attachment_too_large',
                  `The file is larger than ${maxBytes} bytes`,
                  `Tệp quá lớn (tối đa ${maxBytes} byte)`,
                  { max: maxBytes },
                );
              hash.update(chunk);
              yield chunk;
            }
          },
          out,
        );
      } catch (err) {
        // The file opens asynchronously: wait until the stream has closed, or the removal could come
        // before the open and leave an empty file behind (seen under load).
        if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
        rmSync(tmp, { force: true });
        throw err;
      }
      const sha256 = hash.digest('hex');
      const pending: PendingAttachment = {
        sha256,
        bytes,
        path: tmp,
        keep() {
          const final = pathOf(sha256);
          if (existsSync(final)) rmSync(tmp, { force: true });
          else {
            mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true });
            renameSync(tmp, final);
            chmodSync(final, 0o444);
          }
          pending.path = final;
          return { sha256, bytes };
        },
        discard() {
          rmSync(tmp, { force: true });
        },
      };
      return pending;
    },
    has(sha256) {
      return SHA256.test(sha256) && existsSync(pathOf(sha256));
    },
    pathOf: storedPath,
    corrupt,
    open(sha256) {
      const path = storedPath(sha256);
      // The check runs before the stream ends, so a reader never takes a changed file for a whole one.
      async function* checked() {
        const hash = createHash('sha256');
        for await (const chunk of createReadStream(path)) {
          hash.update(chunk as Buffer);
          yield chunk as Buffer;
        }
        if (hash.digest('hex') !== sha256) throw corrupt(sha256);
      }
      return Readable.from(checked(), { objectMode: false });
    },
  };
}
