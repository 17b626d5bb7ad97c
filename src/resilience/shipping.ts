// Shipping: each cell's new journal events go to the vault as sealed segments within about a second, with a
// sealed snapshot of its database now and then, its checkpoints for the vault's witness to countersign, and
// the server's files a restore needs (keys, attachments). The platform holds only the vault's append token
// and the backup public key: it can add to the vault, never read or remove.
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Kysely } from '../storage/index.ts';
import {
  readHeadMark,
  type Checkpoints,
  type Journal,
  type JournalTables,
  type PublishedKey,
} from '../journal/index.ts';
import type { Clock } from '../platform/clock.ts';
import { writeSnapshot, type CellDatabase } from '../storage/index.ts';
import { ResilienceError } from './resilience-error.ts';
import { sealBuffer, sealFile } from './seal.ts';
import type { VaultClient } from './vault-client.ts';
import type { CellAck } from './vault/index.ts';

export interface ShippedCell {
  name: string;
  database: CellDatabase<unknown>;
  journal: Pick<Journal<JournalTables>, 'readAfter' | 'head'>;
  checkpoints?: Checkpoints;
}

/** A file the restore needs besides the databases, by the name it takes in a restored data dir. */
export interface ShippedFile {
  cell: string | null;
  name: string;
  path: string;
}

export interface ShipperDeps {
  vault: VaultClient;
  /** The backup public key every object is sealed to. */
  recipient: KeyObject;
  cells: readonly ShippedCell[];
  /** The files to keep in the vault (read each round; a changed file is shipped again). */
  files: () => ShippedFile[];
  clock: Clock;
  /** The post's checkpoint key, sent with each checkpoint for the witness. */
  checkpointKey?: () => PublishedKey;
  /** A new snapshot after this many events or seconds since the last (default 100,000 events, 6 hours). */
  snapshotEvery?: { events: number; seconds: number };
  /** Events per segment at most (default 20,000). */
  segmentEvents?: number;
  onError?: (cell: string, err: unknown) => void;
  /**
   * A cell not to ship this round: an isolated cell's files may be what ransomware left, and the vault must
   * keep the last good history (the security cell's modes say which).
   */
  paused?: (cell: string) => boolean;
}

export interface CellShippingStatus {
  cell: string;
  head_seq: string;
  acked_seq: string | null;
  lag_events: string;
  /** How long the oldest event the vault does not hold yet has waited, in seconds (0 when none). */
  lag_seconds: number;
  last_snapshot_seq: number | null;
  witnessed_size: number | null;
  /** That checkpoint's root as the vault countersigned it: detection compares it with the local one. */
  witnessed_root: string | null;
  last_error: string | null;
  /** Not shipped while its cell is isolated (its files may be what ransomware left). */
  paused: boolean;
}

export interface Shipper {
  /** One round: every cell's new events, a snapshot where due, checkpoints, files. */
  ship(): Promise<void>;
  /** Runs ship() every `ms` until stop(). */
  start(ms?: number): void;
  stop(): Promise<void>;
  /** Resolves once the vault holds the cell's events up to `seq`; vault_not_acknowledged after the timeout. */
  waitAcked(cell: string, seq: bigint, timeoutMs: number): Promise<void>;
  /** The newest seq of the cell the vault has acknowledged (undefined before its first acknowledgement). */
  acked(cell: string): bigint | undefined;
  status(): Promise<CellShippingStatus[]>;
}

interface CellState {
  ack: CellAck | undefined;
  lastError: string | null;
  /** When the first event the vault does not hold yet was first seen unshipped. */
  pendingSince: number | null;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Creates the shipper of a platform's cells. */
export function createShipper(deps: ShipperDeps): Shipper {
  const { vault, recipient, clock } = deps;
  const every = deps.snapshotEvery ?? { events: 100_000, seconds: 6 * 3600 };
  const perSegment = deps.segmentEvents ?? 20_000;
  const state = new Map<string, CellState>(
    deps.cells.map((c) => [c.name, { ack: undefined, lastError: null, pendingSince: null }]),
  );
  let shippedFiles: Record<string, string> | undefined;
  let loaded = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const waiters = new Set<{ cell: string; seq: bigint; resolve: () => void }>();

  const release = () => {
    for (const w of waiters) {
      const held = state.get(w.cell)?.ack?.seq;
      if (held !== undefined && BigInt(held) >= w.seq) {
        waiters.delete(w);
        w.resolve();
      }
    }
  };

  async function load(): Promise<void> {
    const acks = await vault.acks();
    for (const [name, s] of state) s.ack = acks.cells[name];
    shippedFiles = acks.files;
    loaded = true;
  }

  async function snapshot(cell: ShippedCell, s: CellState): Promise<void> {
    const dir = join(tmpdir(), 'postcore-ship');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const base = join(dir, `${cell.name}-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      const { format, mark } = await writeSnapshot(cell.database, `${base}.db`, (db) =>
        readHeadMark(db as Kysely<JournalTables>),
      );
      const sealed = await sealFile(`${base}.db`, `${base}.sealed`, recipient, {
        kind: 'snapshot',
        cell: cell.name,
        seq: mark.seq,
        format,
      });
      rmSync(`${base}.db`, { force: true });
      await vault.putObject(sealed.sha256, { path: `${base}.sealed` });
      // The vault takes a later snapshot only once it holds the events up to it.
      if (s.ack !== undefined && s.ack.first_snapshot !== null) await segments(cell, s, BigInt(mark.seq));
      const answer = await vault.addEntry({
        kind: 'snapshot',
        cell: cell.name,
        object: sealed.sha256,
        seq: mark.seq,
        at: mark.at,
        dialect: cell.database.dialect,
      });
      s.ack = answer.acked ?? s.ack;
    } finally {
      for (const suffix of ['.db', '.sealed']) rmSync(base + suffix, { force: true });
    }
  }

  /** Ships segments until the vault holds up to `upTo` (or the head when absent). */
  async function segments(cell: ShippedCell, s: CellState, upTo?: bigint): Promise<void> {
    for (;;) {
      const held = BigInt(s.ack?.seq ?? 0);
      if (upTo !== undefined && held >= upTo) return;
      const events = await cell.journal.readAfter(held, perSegment);
      if (events.length === 0) {
        s.pendingSince = null;
        return;
      }
      s.pendingSince ??= clock.now().getTime();
      const first = events[0]!;
      const last = events[events.length - 1]!;
      const text = events.map((e) => JSON.stringify({ ...e, seq: e.seq.toString() })).join('\n') + '\n';
      const sealed = sealBuffer(gzipSync(text, { level: 1 }), recipient, {
        kind: 'segment',
        cell: cell.name,
        from: Number(first.seq),
        to: Number(last.seq),
        encoding: 'ndjson+gzip',
      });
      const name = sha256(sealed);
      await vault.putObject(name, sealed);
      const answer = await vault.addEntry({
        kind: 'segment',
        cell: cell.name,
        object: name,
        from: Number(first.seq),
        to: Number(last.seq),
        first_at: first.at,
        last_at: last.at,
        last_hash: last.hash,
      });
      s.ack = answer.acked ?? s.ack;
      s.pendingSince = events.length < perSegment ? null : clock.now().getTime();
      release();
      if (events.length < perSegment) return;
    }
  }

  async function checkpoint(cell: ShippedCell, s: CellState): Promise<void> {
    if (cell.checkpoints === undefined || deps.checkpointKey === undefined || s.ack === undefined) return;
    const witnessed = s.ack.checkpoint?.size ?? 0;
    const [newest] = await cell.checkpoints.list({ before: s.ack.seq + 1 }, 1);
    if (newest === undefined || newest.size <= witnessed) return;
    const consistency = witnessed === 0 ? [] : await cell.checkpoints.consistency(witnessed, newest.size);
    const answer = await vault.addEntry({
      kind: 'checkpoint',
      cell: cell.name,
      checkpoint: newest,
      public_key: deps.checkpointKey().public_key,
      consistency,
    });
    s.ack = answer.acked ?? s.ack;
  }

  async function shipFiles(): Promise<void> {
    for (const f of deps.files()) {
      // An attachment is named by its hash and never changes: once shipped, it is not read again.
      if (f.name.startsWith('attachments/') && shippedFiles?.[f.name] !== undefined) continue;
      if (!existsSync(f.path)) continue;
      let name: string;
      let plainSha: string;
      if (statSync(f.path).size > 8 << 20) {
        plainSha = f.name.slice(f.name.lastIndexOf('/') + 1);
        const temp = join(tmpdir(), `postcore-ship-${process.pid}-${randomBytes(6).toString('hex')}`);
        try {
          name = (await sealFile(f.path, temp, recipient, { kind: 'file', name: f.name })).sha256;
          await vault.putObject(name, { path: temp });
        } finally {
          rmSync(temp, { force: true });
        }
      } else {
        const plain = readFileSync(f.path);
        plainSha = sha256(plain);
        if (shippedFiles?.[f.name] === plainSha) continue;
        const sealed = sealBuffer(plain, recipient, { kind: 'file', name: f.name });
        name = sha256(sealed);
        await vault.putObject(name, sealed);
      }
      await vault.addEntry({
        kind: 'file',
        cell: f.cell,
        object: name,
        name: f.name,
        plain_sha256: plainSha,
      });
      shippedFiles = { ...shippedFiles, [f.name]: plainSha };
    }
  }

  async function round(): Promise<void> {
    if (!loaded) {
      try {
        await load();
      } catch (err) {
        // The vault cannot be asked: every cell is behind it now, and /v1/status and detection must say so.
        const message = err instanceof Error ? err.message : String(err);
        for (const [name, s] of state) {
          s.lastError = message;
          s.pendingSince ??= clock.now().getTime();
          deps.onError?.(name, err);
        }
        return;
      }
    }
    // Files first: a restore of the events needs the attachments they name.
    await shipFiles();
    for (const cell of deps.cells) {
      if (deps.paused?.(cell.name) === true) continue;
      const s = state.get(cell.name)!;
      try {
        if (s.ack === undefined || s.ack.first_snapshot === null) await snapshot(cell, s);
        else {
          await segments(cell, s);
          const last = s.ack.last_snapshot;
          const since = last === null ? Infinity : s.ack.seq - last.seq;
          const age =
            last === null ? Infinity : (clock.now().getTime() - Date.parse(last.received_at)) / 1000;
          if (since >= every.events || (age >= every.seconds && since > 0)) await snapshot(cell, s);
        }
        await checkpoint(cell, s);
        s.lastError = null;
      } catch (err) {
        s.lastError = err instanceof Error ? err.message : String(err);
        // A refusal may mean the vault moved on without us (another process shipped): ask it again.
        loaded = false;
        deps.onError?.(cell.name, err);
      }
    }
  }

  let again: Promise<void> | undefined;
  /**
   * One round; asked during a round, one more round after it (which ships what was written since that round
   * began: a write waiting for its acknowledgement must not ride on a round that started before it).
   */
  const ship = (): Promise<void> => {
    if (running === undefined) {
      running = round().finally(() => (running = undefined));
      return running;
    }
    again ??= running
      .catch(() => undefined)
      .then(() => {
        again = undefined;
        return ship();
      });
    return again;
  };

  return {
    ship,
    start(ms = 200) {
      timer ??= setInterval(() => {
        ship().catch((err: unknown) => deps.onError?.('*', err));
      }, ms);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    waitAcked(cell, seq, timeoutMs) {
      return new Promise((resolve, reject) => {
        const w = { cell, seq, resolve };
        waiters.add(w);
        release();
        if (!waiters.has(w)) return;
        const t = setTimeout(() => {
          waiters.delete(w);
          reject(
            new ResilienceError(
              'vault_not_acknowledged',
              `The vault has not acknowledged event ${seq} of cell ${cell} within ${timeoutMs} ms: the payout is recorded here but not yet backed up; check the vault and /v1/status`,
              'Kho sao lưu chưa xác nhận giao dịch; giao dịch đã được ghi nhận, hãy báo bộ phận kỹ thuật',
              { cell, seq: seq.toString() },
            ),
          );
        }, timeoutMs);
        w.resolve = () => {
          clearTimeout(t);
          resolve();
        };
        void ship().catch(() => undefined);
      });
    },
    acked(cell) {
      const seq = state.get(cell)?.ack?.seq;
      return seq === undefined ? undefined : BigInt(seq);
    },
    async status() {
      const out: CellShippingStatus[] = [];
      for (const cell of deps.cells) {
        const s = state.get(cell.name)!;
        const acked = s.ack === undefined ? null : BigInt(s.ack.seq);
        let head: bigint;
        let unreadable: string | null = null;
        try {
          head = (await cell.journal.head()).seq;
        } catch (err) {
          // A cell whose database cannot be read (ransomware) is reported, and the others still are.
          head = acked ?? 0n;
          unreadable = `the cell cannot be read: ${err instanceof Error ? err.message : String(err)}`;
        }
        const lag = head - (acked ?? 0n);
        out.push({
          cell: cell.name,
          head_seq: head.toString(),
          acked_seq: acked === null ? null : acked.toString(),
          lag_events: (lag < 0n ? 0n : lag).toString(),
          lag_seconds:
            lag > 0n && s.pendingSince !== null
              ? Math.round((clock.now().getTime() - s.pendingSince) / 100) / 10
              : 0,
          last_snapshot_seq: s.ack?.last_snapshot?.seq ?? null,
          witnessed_size: s.ack?.checkpoint?.size ?? null,
          witnessed_root: s.ack?.checkpoint?.root ?? null,
          last_error: unreadable ?? s.lastError,
          paused: deps.paused?.(cell.name) ?? false,
        });
      }
      return out;
    },
  };
}

/** The server files a restore needs: the keys, and every cell's attachments under `<dataDir>/attachments`. */
export function serverFiles(
  dataDir: string,
  keys: ReadonlyArray<{ name: string; path: string }>,
): ShippedFile[] {
  const out: ShippedFile[] = keys.map((k) => ({ cell: null, name: k.name, path: k.path }));
  // Evidence manifests captured on incidents: the vault keeps the chain of custody out of the attacker's reach.
  const evidence = join(dataDir, 'evidence');
  if (existsSync(evidence))
    for (const name of readdirSync(evidence).sort())
      if (/^evd_[0-9a-f]{32}\.json$/.test(name))
        out.push({ cell: null, name: `evidence/${name}`, path: join(evidence, name) });
  const root = join(dataDir, 'attachments');
  if (!existsSync(root)) return out;
  for (const cell of readdirSync(root)) {
    const cellDir = join(root, cell);
    if (!statSync(cellDir).isDirectory()) continue;
    for (const prefix of readdirSync(cellDir)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const rest of readdirSync(join(cellDir, prefix)))
        if (/^[0-9a-f]{62}$/.test(rest))
          out.push({ cell, name: `attachments/${cell}/${prefix}${rest}`, path: join(cellDir, prefix, rest) });
    }
  }
  return out;
}
