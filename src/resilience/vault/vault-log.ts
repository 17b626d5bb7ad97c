// The vault's own record of what it received: one JSON line per entry, each hash-chained to the one before,
// synced to disk before the vault acknowledges. Read back and checked whole when the vault starts.
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { canonicalJson } from '../../platform/canonical-json.ts';
import { ResilienceError } from '../resilience-error.ts';

export const LOG_GENESIS = '0'.repeat(64);

export type EntryKind = 'object' | 'segment' | 'snapshot' | 'file' | 'checkpoint' | 'key_pinned';

export interface LogEntry {
  seq: number;
  at: string;
  /** The id of the token that sent it. */
  token: string;
  kind: EntryKind;
  cell: string | null;
  body: Record<string, unknown>;
  prev: string;
  hash: string;
}

const hashOf = (e: Omit<LogEntry, 'hash'>): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        seq: e.seq,
        at: e.at,
        token: e.token,
        kind: e.kind,
        cell: e.cell,
        body: e.body,
        prev: e.prev,
      }),
    )
    .digest('hex');

/** Checks a log's chain (the vault at start, and a restore over what it fetched); throws at the first break. */
export function checkLogChain(entries: readonly LogEntry[]): void {
  let prev = LOG_GENESIS;
  let seq = 0;
  for (const e of entries) {
    seq += 1;
    if (e.seq !== seq || e.prev !== prev || hashOf(e) !== e.hash)
      throw new ResilienceError(
        'vault_log_broken',
        `The vault's log breaks at entry ${e.seq} (expected entry ${seq} after ${prev.slice(0, 12)}…): the log was altered; keep the vault's disk as evidence`,
        'Nhật ký của kho sao lưu bị thay đổi',
        { seq: e.seq },
      );
    prev = e.hash;
  }
}

export interface VaultLog {
  readonly entries: readonly LogEntry[];
  append(entry: Omit<LogEntry, 'seq' | 'prev' | 'hash'>): LogEntry;
}

/** Opens (or starts) the log file and checks its whole chain. */
export function openVaultLog(file: string): VaultLog {
  const entries: LogEntry[] = [];
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '') continue;
      try {
        entries.push(JSON.parse(line) as LogEntry);
      } catch {
        // A line cut by a crash can only be the last one: the vault syncs each line before it answers.
        if (i === lines.length - 1 || (i === lines.length - 2 && lines[i + 1] === '')) break;
        throw new ResilienceError(
          'vault_log_broken',
          `The vault's log ${file} has an unreadable line ${i + 1}: it was altered`,
          'Nhật ký của kho sao lưu bị hỏng',
          { line: i + 1 },
        );
      }
    }
    checkLogChain(entries);
  }
  return {
    entries,
    append(partial) {
      const last = entries[entries.length - 1];
      const draft = { ...partial, seq: (last?.seq ?? 0) + 1, prev: last?.hash ?? LOG_GENESIS };
      const entry: LogEntry = { ...draft, hash: hashOf(draft) };
      const fd = openSync(file, 'a');
      try {
        appendFileSync(fd, `${JSON.stringify(entry)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      entries.push(entry);
      return entry;
    },
  };
}
