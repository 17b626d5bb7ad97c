// The database files' signals: a cell's SQLite file gone, no longer a SQLite file or its write-ahead log no
// longer a log, reading as random bytes (file_entropy), or failing its integrity check (integrity_failed).
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { sqliteQuickCheck } from '../../storage/index.ts';
import type { DetectionCell, DetectionThresholds, Finding } from './detection.types.ts';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const BROKEN_DATABASE = /not a database|malformed|corrupt|disk image|file is encrypted/i;

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Shannon entropy of the bytes, in bits per byte (8 for random data). */
export function entropy(bytes: Buffer): number {
  if (bytes.length === 0) return 0;
  const counts = new Array<number>(256).fill(0);
  for (const b of bytes) counts[b]!++;
  let h = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / bytes.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Sixteen 4 KiB pages spread over the file, the header page first. */
function samplePages(path: string): { header: Buffer; sample: Buffer; size: number } {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const pages: Buffer[] = [];
    const count = Math.max(1, Math.min(16, Math.floor(size / 4096)));
    for (let i = 0; i < count; i++) {
      const at = Math.floor(((size / count) * i) / 4096) * 4096;
      const b = Buffer.alloc(Math.min(4096, size - at));
      readSync(fd, b, 0, b.length, at);
      pages.push(b);
    }
    return { header: pages[0]!.subarray(0, 16), sample: Buffer.concat(pages), size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a SQLite write-ahead log still starts with its magic number (0x377f0682 or 0x377f0683); undefined
 * when there is no log, or one too short to have a header yet.
 */
function walMagic(path: string): boolean | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(4);
    if (readSync(fd, head, 0, 4, 0) < 4) return undefined;
    const magic = head.readUInt32BE(0);
    return magic === 0x377f0682 || magic === 0x377f0683;
  } finally {
    closeSync(fd);
  }
}

/**
 * The finding for an error a cell's other checks ran into, when the error says its database is broken;
 * undefined for any other error (which the caller reports as a check that could not run).
 */
export function unreadableDatabase(cell: DetectionCell, err: unknown): Finding | undefined {
  const message = err instanceof Error ? err.message : String(err);
  if (!BROKEN_DATABASE.test(message)) return undefined;
  return {
    signal: 'integrity_failed',
    cell: cell.name,
    severity: 'critical',
    message: `The database of cell ${cell.name} cannot be read: ${message}`,
    evidence: { error: message.slice(0, 1000) },
    key: 'integrity',
    isolate: true,
  };
}

/** The database check of each cell, with the time of each cell's last full integrity check. */
export function createDatabaseCheck(t: DetectionThresholds, now: () => number) {
  const lastIntegrity = new Map<string, number>();

  /** Whether the cell's database can be read; when it cannot, the finding says why. */
  async function checkDatabase(cell: DetectionCell, out: Finding[]): Promise<boolean> {
    if (cell.file !== undefined) {
      if (!existsSync(cell.file)) {
        out.push({
          signal: 'integrity_failed',
          cell: cell.name,
          severity: 'critical',
          message: `The database file of cell ${cell.name} is gone (${cell.file})`,
          evidence: { file: cell.file },
          key: 'missing',
          isolate: true,
        });
        return false;
      }
      const { header, sample, size } = samplePages(cell.file);
      const bits = entropy(sample);
      const wal = walMagic(`${cell.file}-wal`);
      if (
        !header.equals(SQLITE_MAGIC) ||
        wal === false ||
        (sample.length >= 16_384 && bits > t.entropyBits)
      ) {
        out.push({
          signal: 'file_entropy',
          cell: cell.name,
          severity: 'critical',
          message: !header.equals(SQLITE_MAGIC)
            ? `The database file of cell ${cell.name} is no longer a SQLite file (its header is gone; ${bits.toFixed(2)} bits a byte): encrypted or overwritten`
            : wal === false
              ? `The write-ahead log of cell ${cell.name} is no longer a SQLite WAL (its header is gone): encrypted or overwritten`
              : `The database file of cell ${cell.name} reads as random bytes (${bits.toFixed(2)} bits a byte): encrypted`,
          evidence: {
            file: cell.file,
            size,
            header_hex: header.toString('hex'),
            wal_header_ok: wal ?? null,
            entropy_bits: Number(bits.toFixed(3)),
            sample_sha256: sha256(sample),
          },
          key: 'file',
          isolate: true,
        });
        return false;
      }
    }
    try {
      await cell.journal.head();
      const due = now() - (lastIntegrity.get(cell.name) ?? 0) >= t.integritySeconds * 1000;
      if (cell.file !== undefined && due) {
        lastIntegrity.set(cell.name, now());
        // On its own thread: a national cell's check takes seconds the server's thread must keep serving.
        const result = await sqliteQuickCheck(cell.file);
        if (result !== 'ok') throw new Error(`quick_check: ${result.slice(0, 500)}`);
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!BROKEN_DATABASE.test(message) && !message.startsWith('quick_check')) return true;
      out.push({
        signal: 'integrity_failed',
        cell: cell.name,
        severity: 'critical',
        message: `The database of cell ${cell.name} fails its integrity check: ${message}`,
        evidence: { error: message.slice(0, 1000) },
        key: 'integrity',
        isolate: true,
      });
      return false;
    }
    return true;
  }

  return {
    check: checkDatabase,
    forget(cell: string) {
      lastIntegrity.delete(cell);
    },
  };
}
