// The vault's rules: what an entry must be to be accepted, what it acknowledges, and the witness that
// countersigns each cell's checkpoints once it holds the events they cover and they extend the last one.
import type { Readable } from 'node:stream';
import { mkdirSync, existsSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  checkpointMessage,
  checkSignature,
  keyIdOf,
  loadOrCreateSigner,
  readPublicKey,
  verifyConsistency,
  type Checkpoint,
  type Signer,
} from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ResilienceError } from '../resilience-error.ts';
import { createDirectoryStore, SHA256_NAME, type ObjectStore } from './object-store.ts';
import { openVaultLog, type LogEntry, type VaultLog } from './vault-log.ts';
import { createTokenBook, type TokenBook, type TokenKind, type TokenRecord } from './vault-tokens.ts';

const sha = z.string().regex(SHA256_NAME, 'must be 64 lowercase hex digits (a SHA-256)');
const cellName = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, 'must be a cell name');
const seqNo = z.number().int().nonnegative();
const time = z.iso.datetime();

export const checkpointSchema = z.object({
  cell: cellName,
  size: z.number().int().positive(),
  root: z.string().regex(/^[0-9a-f]{64}$/),
  at: time,
  key_id: z.string(),
  signature: z.string(),
});

export const entryRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('segment'),
    cell: cellName,
    object: sha,
    from: seqNo.min(1),
    to: seqNo.min(1),
    first_at: time,
    last_at: time,
    last_hash: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  z.object({
    kind: z.literal('snapshot'),
    cell: cellName,
    object: sha,
    seq: seqNo,
    at: time.nullable(),
    dialect: z.enum(['sqlite', 'postgres']),
  }),
  z.object({
    kind: z.literal('file'),
    cell: cellName.nullable(),
    object: sha,
    name: z
      .string()
      .regex(/^[a-z0-9_-]+(\/[a-z0-9_.-]+)+$/, 'must be a relative path such as keys/secret-box.key'),
    /** The SHA-256 of the file before sealing: lets the platform see it need not ship it again. */
    plain_sha256: sha,
  }),
  z.object({
    kind: z.literal('checkpoint'),
    cell: cellName,
    checkpoint: checkpointSchema,
    /** The platform's checkpoint public key (raw, base64): pinned by the first checkpoint the vault sees. */
    public_key: z.string(),
    /** Consistency proof from the last checkpoint the vault countersigned for this cell, hex. */
    consistency: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(128),
  }),
]);
export type EntryRequest = z.infer<typeof entryRequest>;

export interface Witness {
  key_id: string;
  at: string;
  /** Ed25519 over witnessMessage(checkpoint), base64. */
  signature: string;
}

export interface CellAck {
  /** The newest event seq the vault holds for the cell (from snapshots and contiguous segments). */
  seq: number;
  /** That event's time. */
  at: string | null;
  snapshots: number;
  first_snapshot: number | null;
  /** The newest snapshot: the seq it holds and when the vault received it. */
  last_snapshot: { seq: number; received_at: string } | null;
  /** The newest checkpoint the vault countersigned. */
  checkpoint: (Checkpoint & { witness: Witness }) | null;
}

// What the log keeps of a request: everything but its kind and cell, which are the entry's own fields.
function bodyOf(r: EntryRequest): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'kind' && k !== 'cell'));
}

/** The bytes the vault's witness signature covers. */
export function witnessMessage(c: Pick<Checkpoint, 'cell' | 'size' | 'root' | 'at'>): Buffer {
  return Buffer.concat([Buffer.from('postcore witness v1\n', 'utf8'), checkpointMessage(c)]);
}

export interface VaultDeps {
  dir: string;
  clock: Clock;
  /** How long objects are kept at least; nothing is ever deleted before. */
  retentionDays?: number;
  store?: ObjectStore;
}

export interface VaultConfig {
  retention_days: number;
  created_at: string;
}

/** Creates a vault directory (config, witness key) if it is not one yet; returns its config. */
export function initVaultDir(dir: string, clock: Clock, retentionDays = 3650): VaultConfig {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'vault.json');
  if (!existsSync(file)) {
    const config: VaultConfig = { retention_days: retentionDays, created_at: clock.now().toISOString() };
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  }
  loadOrCreateSigner(join(dir, 'keys', 'witness.key'));
  return JSON.parse(readFileSync(file, 'utf8')) as VaultConfig;
}

export interface Vault {
  readonly tokens: TokenBook;
  readonly witness: Signer;
  readonly store: ObjectStore;
  authenticate(header: string | undefined, need: readonly TokenKind[], doing: string): TokenRecord;
  putObject(
    token: TokenRecord,
    sha256: string,
    body: Readable,
  ): Promise<{ sha256: string; bytes: number; created: boolean }>;
  getObject(sha256: string): { stream: Readable; bytes: number };
  addEntry(
    token: TokenRecord,
    request: EntryRequest,
  ): { entry: number; acked: CellAck | null; witness?: Witness };
  acks(): Record<string, CellAck>;
  /** The files shipped, by name: the SHA-256 of their plaintext, newest last. */
  files(): Record<string, string>;
  entries(after: number, limit: number): LogEntry[];
}

/** Opens a vault directory: checks its log whole and rebuilds what it acknowledges from it. */
export function openVault(deps: VaultDeps): Vault {
  const { dir, clock } = deps;
  const config = initVaultDir(dir, clock, deps.retentionDays);
  const witness = loadOrCreateSigner(join(dir, 'keys', 'witness.key'));
  const tokens = createTokenBook(join(dir, 'tokens.json'));
  const store = deps.store ?? createDirectoryStore(dir);
  const log: VaultLog = openVaultLog(join(dir, 'log.ndjson'));
  const cells = new Map<string, CellAck>();
  let pinned: { key_id: string; public_key: string } | undefined;
  const files = new Map<string, string>();

  const cellOf = (name: string): CellAck => {
    let c = cells.get(name);
    if (c === undefined) {
      c = { seq: 0, at: null, snapshots: 0, first_snapshot: null, last_snapshot: null, checkpoint: null };
      cells.set(name, c);
    }
    return c;
  };
  // The same function updates the state live and when the log is read back at start.
  const applyEntry = (e: LogEntry): void => {
    const b = e.body;
    switch (e.kind) {
      case 'snapshot': {
        const c = cellOf(e.cell!);
        c.snapshots += 1;
        c.last_snapshot = { seq: b['seq'] as number, received_at: e.at };
        if (c.first_snapshot === null) {
          c.first_snapshot = b['seq'] as number;
          c.seq = b['seq'] as number;
          c.at = b['at'] as string | null;
        }
        break;
      }
      case 'segment': {
        const c = cellOf(e.cell!);
        c.seq = b['to'] as number;
        c.at = b['last_at'] as string;
        break;
      }
      case 'key_pinned':
        pinned = { key_id: b['key_id'] as string, public_key: b['public_key'] as string };
        break;
      case 'checkpoint':
        cellOf(e.cell!).checkpoint = {
          ...(b['checkpoint'] as Checkpoint),
          witness: b['witness'] as Witness,
        };
        break;
      case 'file':
        files.set(b['name'] as string, b['plain_sha256'] as string);
        break;
      case 'object':
        break;
    }
  };
  for (const e of log.entries) applyEntry(e);

  const invalid = (message: string, details?: Record<string, unknown>) =>
    new ResilienceError('vault_entry_invalid', message, 'Mục gửi kho sao lưu không hợp lệ', details);
  const needObject = (name: string) => {
    if (!store.has(name))
      throw new ResilienceError(
        'vault_object_missing',
        `The entry names object ${name}, which the vault does not hold: PUT /v1/objects/${name} first`,
        'Kho sao lưu chưa có đối tượng này',
        { name },
      );
  };
  const record = (
    token: TokenRecord,
    kind: LogEntry['kind'],
    cell: string | null,
    body: Record<string, unknown>,
  ) => {
    const e = log.append({ at: clock.now().toISOString(), token: token.id, kind, cell, body });
    applyEntry(e);
    return e;
  };

  const countersign = (token: TokenRecord, r: Extract<EntryRequest, { kind: 'checkpoint' }>) => {
    const c = r.checkpoint;
    const refuse = (message: string) =>
      new ResilienceError(
        'vault_checkpoint_refused',
        `Checkpoint ${c.cell}@${c.size} not countersigned: ${message}`,
        'Kho sao lưu từ chối ký xác nhận điểm kiểm; báo ngay cho bộ phận an ninh',
        { cell: c.cell, size: c.size },
      );
    if (c.cell !== r.cell) throw invalid(`The checkpoint is of cell ${c.cell}, the entry of ${r.cell}`);
    let key;
    try {
      key = readPublicKey(r.public_key);
    } catch {
      throw invalid('public_key is not an Ed25519 public key in base64');
    }
    const keyId = keyIdOf(key);
    if (pinned !== undefined && pinned.key_id !== keyId)
      throw refuse(
        `it is signed by key ${keyId}, but the vault pinned the post's checkpoint key ${pinned.key_id}; a new key needs the security team`,
      );
    const bad = checkSignature(c, new Map([[keyId, key]]));
    if (bad !== undefined) throw refuse(bad.message);
    const cell = cellOf(r.cell);
    if (c.size > cell.seq)
      throw refuse(`it covers ${c.size} events and the vault holds only ${cell.seq}: ship the events first`);
    const last = cell.checkpoint;
    if (last !== null) {
      if (c.size < last.size || (c.size === last.size && c.root !== last.root))
        throw refuse(`it does not extend the checkpoint of ${last.size} events the vault countersigned`);
      if (c.size === last.size) return { entry: 0, acked: cell, witness: last.witness };
      const ok = verifyConsistency(
        last.size,
        c.size,
        Buffer.from(last.root, 'hex'),
        Buffer.from(c.root, 'hex'),
        r.consistency.map((h) => Buffer.from(h, 'hex')),
      );
      if (!ok)
        throw refuse(
          `its tree does not extend the checkpoint of ${last.size} events the vault countersigned (the consistency proof fails): history was rewritten`,
        );
    }
    if (pinned === undefined) record(token, 'key_pinned', null, { key_id: keyId, public_key: r.public_key });
    const w: Witness = {
      key_id: witness.keyId,
      at: clock.now().toISOString(),
      signature: witness.sign(witnessMessage(c)),
    };
    const e = record(token, 'checkpoint', r.cell, { checkpoint: c, witness: w });
    return { entry: e.seq, acked: cellOf(r.cell), witness: w };
  };

  return {
    tokens,
    witness,
    store,
    authenticate(header, need, doing) {
      const token = tokens.authenticate(header, clock.now());
      if (!need.includes(token.kind))
        throw new ResilienceError(
          'vault_forbidden',
          `${token.kind === 'append' ? 'An append' : 'A restore'} token cannot ${doing}: ${need.includes('restore') ? 'that needs the restore token, which the security team keeps offline' : 'that needs the append token the platform holds'}`,
          'Mã truy cập này không được phép thao tác đó',
          { token: token.id, kind: token.kind },
        );
      return token;
    },
    async putObject(token, sha256, body) {
      if (!SHA256_NAME.test(sha256))
        throw invalid(`${sha256} is not a SHA-256 name: use 64 lowercase hex digits`);
      const retainUntil = new Date(clock.now().getTime() + config.retention_days * 86_400_000).toISOString();
      const stored = await store.put(sha256, body, retainUntil);
      if (stored.created)
        record(token, 'object', null, { object: sha256, bytes: stored.bytes, retain_until: retainUntil });
      return stored;
    },
    getObject(sha256) {
      if (!SHA256_NAME.test(sha256)) throw invalid(`${sha256} is not a SHA-256 name`);
      const stream = store.get(sha256);
      return { stream, bytes: store.size(sha256) ?? 0 };
    },
    addEntry(token, r) {
      switch (r.kind) {
        case 'segment': {
          needObject(r.object);
          if (r.to < r.from)
            throw invalid(`A segment runs from a seq to a later one, not ${r.from} to ${r.to}`);
          const cell = cellOf(r.cell);
          if (cell.first_snapshot === null)
            throw new ResilienceError(
              'vault_segment_gap',
              `The vault holds no snapshot of cell ${r.cell} yet: ship a snapshot first, then the events after it`,
              'Chưa có bản chụp của phân hệ này trong kho',
              { cell: r.cell },
            );
          if (r.to <= cell.seq) return { entry: 0, acked: cell };
          if (r.from !== cell.seq + 1)
            throw new ResilienceError(
              'vault_segment_gap',
              `Segment ${r.from}-${r.to} of cell ${r.cell} does not follow what the vault holds (up to seq ${cell.seq}): ship from seq ${cell.seq + 1}`,
              'Đoạn nhật ký gửi lên không nối tiếp',
              { cell: r.cell, from: r.from, held: cell.seq },
            );
          const e = record(token, 'segment', r.cell, bodyOf(r));
          return { entry: e.seq, acked: cell };
        }
        case 'snapshot': {
          needObject(r.object);
          const cell = cellOf(r.cell);
          if (cell.first_snapshot !== null && r.seq > cell.seq)
            throw new ResilienceError(
              'vault_segment_gap',
              `Snapshot of cell ${r.cell} at seq ${r.seq} is ahead of the events the vault holds (up to ${cell.seq}): ship the segments up to it first`,
              'Bản chụp đi trước nhật ký trong kho',
              { cell: r.cell, seq: r.seq, held: cell.seq },
            );
          const e = record(token, 'snapshot', r.cell, bodyOf(r));
          return { entry: e.seq, acked: cell };
        }
        case 'file': {
          needObject(r.object);
          const e = record(token, 'file', r.cell, bodyOf(r));
          return { entry: e.seq, acked: r.cell === null ? null : cellOf(r.cell) };
        }
        case 'checkpoint':
          return countersign(token, r);
      }
    },
    acks: () => Object.fromEntries(cells),
    files: () => Object.fromEntries(files),
    entries: (after, limit) => log.entries.slice(after, after + limit),
  };
}
