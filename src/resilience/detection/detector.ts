// Detection: checks that run in the server every few seconds, each finding a journaled alert with its
// evidence, and a cell isolated at once when the finding leaves no doubt (its database file encrypted or not a
// database any more, its chain broken, its canary rows changed, its checkpoint not the one the vault
// countersigned). The other findings are alerts for the security officers.
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import type { SIGNALS } from '../../cells/security/index.ts';
import {
  GENESIS_HASH,
  hashEvent,
  type Checkpoints,
  type Journal,
  type JournalEvent,
  plantCanaries,
  readCanaries,
  type JournalTables,
} from '../../journal/index.ts';
import { canonicalJson } from '../../platform/canonical-json.ts';
import { sqliteQuickCheck, type CellDatabase } from '../../storage/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { CellShippingStatus } from '../shipping.ts';

type Signal = (typeof SIGNALS)[number];

export interface Finding {
  signal: Signal;
  cell: string | null;
  severity: 'warning' | 'high' | 'critical';
  message: string;
  evidence: Record<string, unknown>;
  /** What makes a finding the same as an open one. */
  key: string;
  /** Isolate the cell at once. */
  isolate: boolean;
}

export interface DetectionCell {
  name: string;
  journal: Pick<Journal<JournalTables>, 'readAfter' | 'head'>;
  db: CellDatabase<JournalTables>['db'];
  /** The cell's SQLite file; undefined on PostgreSQL. */
  file?: string;
  checkpoints?: Pick<Checkpoints, 'get'>;
}

export interface DetectionThresholds {
  /** Events a tick checks at most, for new events and for the sweep over older ones each. */
  eventsPerTick: number;
  /** Full `quick_check` of each SQLite file this often. */
  integritySeconds: number;
  /** Bits per byte over the sampled pages above which a database file is taken as encrypted. */
  entropyBits: number;
  /** An actor's events in one minute above this many, and `burstFactor` times their usual minute, is a burst. */
  burstFloor: number;
  burstFactor: number;
  /** Files of the data dir (outside the databases) removed, renamed or rewritten in one tick: a mass change. */
  massChangeFiles: number;
  /** Seconds the vault may stay unreachable (or behind) before an alert. */
  vaultSeconds: number;
}

export const DEFAULT_THRESHOLDS: DetectionThresholds = {
  eventsPerTick: 20_000,
  integritySeconds: 900,
  entropyBits: 7.8,
  burstFloor: 600,
  burstFactor: 10,
  massChangeFiles: 5,
  vaultSeconds: 60,
};

export interface DetectorDeps {
  cells: readonly DetectionCell[];
  dataDir: string;
  clock: Clock;
  /** Derives the canaries' contents: a key the server holds (never journaled). */
  canaryKey: Buffer;
  /** The shipper's view of the vault, when the platform ships to one. */
  vault?: () => Promise<CellShippingStatus[]>;
  thresholds?: Partial<DetectionThresholds>;
}

export interface Detector {
  /** Plants the canaries that are missing and takes the first look at the data dir. */
  start(): Promise<void>;
  /**
   * Runs every check once: the findings (the caller raises alerts and isolates), and the checks that could
   * not run. One check failing never hides what the others found.
   */
  tick(): Promise<{ findings: Finding[]; errors: Array<{ check: string; error: unknown }> }>;
  /** Starts the checks of a cell over (its database was replaced by a restored copy). */
  forget(cell: string): void;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const BROKEN_DATABASE = /not a database|malformed|corrupt|disk image|file is encrypted/i;
/** The canary files: names a thief or a ransomware operator would go for. */
export const CANARY_FILES = [
  'bang-ke-chi-tra-luong-huu.csv',
  'so-cai-tong-hop.csv',
  'danh-sach-buu-gui-cod.csv',
];
const CANARY_DIR = 'exports';
const CANARY_ROWS = ['audit-1', 'audit-2', 'audit-3'];

/** The key the canaries are derived from: never journaled, derived from the server's sealing key. */
export function canaryKeyOf(sealingKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', sealingKey, Buffer.alloc(0), 'postcore canaries', 32));
}

/** Whether detection has planted its canaries in this data dir (serve does at its first start). */
export function canariesPlanted(dataDir: string): boolean {
  return existsSync(join(dataDir, CANARY_DIR));
}

/** The canary rows detection plants in a cell: their names, and their values when the canary key is given. */
export function canaryRows(cell: string, canaryKey?: Buffer): Array<{ name: string; value?: string }> {
  return CANARY_ROWS.map((name) => ({
    name,
    ...(canaryKey === undefined
      ? {}
      : { value: createHmac('sha256', canaryKey).update(`row:${cell}:${name}`).digest('hex') }),
  }));
}

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

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

interface ChainCursor {
  seq: bigint;
  hash: string;
}

interface FileSeen {
  size: number;
  mtimeMs: number;
  ino: number;
}

/** Creates the detector over the platform's cells and data dir. */
export function createDetector(deps: DetectorDeps): Detector {
  const t: DetectionThresholds = { ...DEFAULT_THRESHOLDS, ...deps.thresholds };
  const tails = new Map<string, ChainCursor>();
  const sweeps = new Map<string, ChainCursor>();
  const lastIntegrity = new Map<string, number>();
  /** actor -> minute (ms since epoch / 60000) -> events, per cell. */
  const minutes = new Map<string, Map<string, Map<number, number>>>();
  let files = new Map<string, FileSeen>();
  let vaultBadSince: number | null = null;
  const now = () => deps.clock.now().getTime();

  const canaryText = (name: string): string => {
    const rows = ['ma,ho_ten,so_tien'];
    for (let i = 0; i < 40; i++) {
      const h = createHmac('sha256', deps.canaryKey).update(`${name}:${i}`).digest();
      rows.push(
        `${h.toString('hex', 0, 6).toUpperCase()},Nguyễn Văn ${h.readUInt16BE(6) % 997},${h.readUInt32BE(8) % 9_000_000}000`,
      );
    }
    return rows.join('\n') + '\n';
  };
  const canaryValue = (cell: string, name: string) =>
    canaryRows(cell, deps.canaryKey).find((r) => r.name === name)!.value!;
  const canaryDir = join(deps.dataDir, CANARY_DIR);
  const databaseFiles = new Set(
    deps.cells.flatMap((c) => (c.file === undefined ? [] : [c.file, `${c.file}-wal`, `${c.file}-shm`])),
  );

  /** Every file of the data dir but the databases (which change all the time), by path. */
  function scanFiles(): Map<string, FileSeen> {
    const out = new Map<string, FileSeen>();
    const walk = (dir: string) => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names) {
        const p = join(dir, name);
        let st;
        try {
          st = statSync(p);
        } catch {
          continue;
        }
        if (st.isDirectory()) walk(p);
        else if (!databaseFiles.has(p) && !name.startsWith('.write-probe-'))
          out.set(relative(deps.dataDir, p), { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
      }
    };
    walk(deps.dataDir);
    return out;
  }

  async function chain(
    cell: DetectionCell,
    cursor: ChainCursor,
    limit: number,
  ): Promise<{ next: ChainCursor; finding?: Finding }> {
    const events = await cell.journal.readAfter(cursor.seq, limit);
    let { seq, hash } = cursor;
    for (const e of events) {
      const problem =
        e.seq !== seq + 1n
          ? `event seq ${e.seq} follows seq ${seq}: events are missing`
          : e.prev !== hash
            ? `event seq ${e.seq} does not point at the hash of seq ${seq}`
            : hashOf(e) !== e.hash
              ? `event seq ${e.seq} does not match its own hash: it was changed after it was written`
              : undefined;
      if (problem !== undefined)
        return {
          next: cursor,
          finding: {
            signal: 'chain_broken',
            cell: cell.name,
            severity: 'critical',
            message: `The journal of cell ${cell.name} is broken: ${problem}`,
            evidence: { seq: e.seq.toString(), stored_hash: e.hash, prev: e.prev, expected_prev: hash },
            key: e.seq.toString(),
            isolate: true,
          },
        };
      seq = e.seq;
      hash = e.hash;
    }
    return { next: { seq, hash } };
  }

  function hashOf(e: JournalEvent): string {
    return hashEvent({ ...e, payload: canonicalJson(e.payload) });
  }

  async function checkChain(cell: DetectionCell, out: Finding[]): Promise<void> {
    const head = await cell.journal.head();
    const tail = tails.get(cell.name);
    if (tail === undefined) {
      tails.set(cell.name, { seq: head.seq, hash: head.hash });
    } else if (head.seq < tail.seq) {
      out.push({
        signal: 'chain_broken',
        cell: cell.name,
        severity: 'critical',
        message: `The journal of cell ${cell.name} went back from seq ${tail.seq} to ${head.seq}: events were removed`,
        evidence: { seen_seq: tail.seq.toString(), head_seq: head.seq.toString(), head_hash: head.hash },
        key: `head:${tail.seq}`,
        isolate: true,
      });
      return;
    } else {
      const r = await chain(cell, tail, t.eventsPerTick);
      if (r.finding !== undefined) return void out.push(r.finding);
      tails.set(cell.name, r.next);
      if (r.next.seq === head.seq && head.hash !== r.next.hash)
        return void out.push({
          signal: 'chain_broken',
          cell: cell.name,
          severity: 'critical',
          message: `The journal head of cell ${cell.name} does not name its newest event's hash`,
          evidence: { seq: head.seq.toString(), head_hash: head.hash, event_hash: r.next.hash },
          key: `headhash:${head.seq}`,
          isolate: true,
        });
    }
    // The sweep walks the older events a window per tick, and starts over at the head.
    const sweep = sweeps.get(cell.name) ?? { seq: 0n, hash: GENESIS_HASH };
    const upTo = tails.get(cell.name)!.seq;
    const r = await chain(cell, sweep, t.eventsPerTick);
    if (r.finding !== undefined) return void out.push(r.finding);
    sweeps.set(cell.name, r.next.seq >= upTo ? { seq: 0n, hash: GENESIS_HASH } : r.next);
  }

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

  async function checkCanaryRows(cell: DetectionCell, out: Finding[]): Promise<void> {
    const rows = await readCanaries(cell.db);
    const expected = CANARY_ROWS.map((name) => ({ name, value: canaryValue(cell.name, name) }));
    const changed = expected.filter((e) => rows.find((r) => r.name === e.name)?.value !== e.value);
    const extra = rows.filter((r) => !CANARY_ROWS.includes(r.name));
    if (changed.length === 0 && extra.length === 0) return;
    out.push({
      signal: 'canary_touched',
      cell: cell.name,
      severity: 'critical',
      message: `Canary rows of cell ${cell.name} were changed behind the API (${[...changed.map((c) => c.name), ...extra.map((r) => r.name)].join(', ')})`,
      evidence: {
        changed: changed.map((c) => c.name),
        added: extra.map((r) => r.name),
        found: rows.map((r) => ({ name: r.name, sha256: sha256(r.value) })),
      },
      key: 'rows',
      isolate: true,
    });
  }

  function checkCanaryFiles(out: Finding[]): void {
    for (const name of CANARY_FILES) {
      const path = join(canaryDir, name);
      let found: string | undefined;
      try {
        found = readFileSync(path, 'utf8');
      } catch {
        found = undefined;
      }
      if (found === canaryText(name)) continue;
      out.push({
        signal: 'canary_touched',
        cell: null,
        severity: 'critical',
        message:
          found === undefined
            ? `The canary file ${CANARY_DIR}/${name} is gone (renamed, deleted or encrypted in place under another name)`
            : `The canary file ${CANARY_DIR}/${name} was changed (${found.length} bytes, ${entropy(Buffer.from(found, 'latin1')).toFixed(2)} bits a byte)`,
        evidence: {
          file: `${CANARY_DIR}/${name}`,
          present: found !== undefined,
          sha256: found === undefined ? null : sha256(found),
        },
        key: name,
        isolate: false,
      });
    }
  }

  function checkFiles(out: Finding[]): void {
    const seen = scanFiles();
    const removed: string[] = [];
    const rewritten: string[] = [];
    for (const [path, before] of files) {
      if (path.startsWith(`${CANARY_DIR}/`)) continue;
      const after = seen.get(path);
      if (after === undefined) removed.push(path);
      else if (after.ino !== before.ino || after.mtimeMs !== before.mtimeMs || after.size !== before.size)
        rewritten.push(path);
    }
    files = seen;
    // Attachments and keys are written once: removing or rewriting many of them at once is what
    // ransomware does (encrypt to a new name, delete the original).
    if (removed.length + rewritten.length < t.massChangeFiles) return;
    out.push({
      signal: 'mass_change',
      cell: null,
      severity: 'high',
      message: `${removed.length} files of the data dir were removed and ${rewritten.length} rewritten since the last look`,
      evidence: { removed: removed.slice(0, 200), rewritten: rewritten.slice(0, 200) },
      key: String(Math.floor(now() / 60_000)),
      isolate: false,
    });
  }

  /** Counts the new events by actor and minute; a burst far beyond the actor's usual minute is a finding. */
  async function checkBursts(cell: DetectionCell, from: bigint, to: bigint, out: Finding[]): Promise<void> {
    let after = from;
    const byActor = minutes.get(cell.name) ?? new Map<string, Map<number, number>>();
    minutes.set(cell.name, byActor);
    while (after < to) {
      const events = await cell.journal.readAfter(after, 5000);
      if (events.length === 0) break;
      for (const e of events) {
        if (e.seq > to) break;
        if (e.actor.startsWith('system:')) continue;
        const m = Math.floor(Date.parse(e.at) / 60_000);
        const counts = byActor.get(e.actor) ?? new Map<number, number>();
        byActor.set(e.actor, counts);
        counts.set(m, (counts.get(m) ?? 0) + 1);
      }
      after = events.at(-1)!.seq;
    }
    const current = Math.floor(now() / 60_000);
    for (const [actor, counts] of byActor) {
      for (const m of counts.keys()) if (m < current - 60) counts.delete(m);
      if (counts.size === 0) {
        byActor.delete(actor);
        continue;
      }
      const latest = Math.max(...counts.keys());
      const n = counts.get(latest) ?? 0;
      const others = [...counts.entries()].filter(([k]) => k !== latest).map(([, v]) => v);
      const usual = others.length === 0 ? 0 : others.reduce((a, b) => a + b, 0) / others.length;
      if (n > t.burstFloor && n > t.burstFactor * usual)
        out.push({
          signal: 'actor_burst',
          cell: cell.name,
          severity: 'high',
          message: `${actor} wrote ${n} events to cell ${cell.name} in one minute, against about ${usual.toFixed(0)} a minute before`,
          evidence: {
            actor,
            minute: new Date(latest * 60_000).toISOString(),
            events: n,
            usual_per_minute: Number(usual.toFixed(1)),
          },
          key: `${actor}:${latest}`,
          isolate: false,
        });
    }
  }

  async function checkVault(out: Finding[]): Promise<void> {
    if (deps.vault === undefined) return;
    const status = await deps.vault();
    // An isolated cell is not shipped on purpose: its lag is the incident's, not the vault's.
    const shipped = status.filter((s) => !s.paused);
    const behind = shipped.filter((s) => s.last_error !== null || s.lag_seconds > t.vaultSeconds);
    if (behind.length === 0) {
      vaultBadSince = null;
    } else {
      vaultBadSince ??= now();
      if (now() - vaultBadSince >= t.vaultSeconds * 1000)
        out.push({
          signal: 'vault_unreachable',
          cell: null,
          severity: 'high',
          message: `The vault has not taken the platform's events for ${Math.round((now() - vaultBadSince) / 1000)} s: ${behind.map((s) => `${s.cell} (${s.last_error ?? `${s.lag_events} events behind`})`).join(', ')}`,
          evidence: { cells: behind },
          key: String(vaultBadSince),
          isolate: false,
        });
    }
    for (const s of shipped) {
      const cell = deps.cells.find((c) => c.name === s.cell);
      if (cell?.checkpoints === undefined || s.witnessed_size === null || s.witnessed_root === null) continue;
      let local: string | undefined;
      try {
        local = (await cell.checkpoints.get(s.witnessed_size)).root;
      } catch (err) {
        // A database that cannot be read is the integrity check's finding, not a history cut short.
        if ((err as { code?: unknown }).code !== 'checkpoint_not_found') continue;
        local = undefined;
      }
      if (local === s.witnessed_root) continue;
      out.push({
        signal: 'checkpoint_diverged',
        cell: s.cell,
        severity: 'critical',
        message:
          local === undefined
            ? `Cell ${s.cell} has no checkpoint of size ${s.witnessed_size}, which the vault countersigned: its history was cut`
            : `Cell ${s.cell}'s checkpoint of size ${s.witnessed_size} has root ${local}, the vault countersigned ${s.witnessed_root}: its history was rewritten`,
        evidence: { size: s.witnessed_size, local_root: local ?? null, witnessed_root: s.witnessed_root },
        key: String(s.witnessed_size),
        isolate: true,
      });
    }
  }

  return {
    forget(cell) {
      tails.delete(cell);
      sweeps.delete(cell);
      minutes.delete(cell);
      lastIntegrity.delete(cell);
    },
    async start() {
      mkdirSync(canaryDir, { recursive: true });
      for (const name of CANARY_FILES) {
        const path = join(canaryDir, name);
        if (!existsSync(path)) writeFileSync(path, canaryText(name), { mode: 0o444 });
      }
      for (const cell of deps.cells) {
        // Planted once, in a cell that has none; a cell with some already is checked, never replanted.
        if ((await readCanaries(cell.db)).length === 0)
          await plantCanaries(
            cell.db,
            CANARY_ROWS.map((name) => ({ name, value: canaryValue(cell.name, name) })),
          );
      }
      files = scanFiles();
    },

    async tick() {
      const out: Finding[] = [];
      const errors: Array<{ check: string; error: unknown }> = [];
      const attempt = async (check: string, run: () => unknown) => {
        try {
          await run();
        } catch (error) {
          errors.push({ check, error });
        }
      };
      for (const cell of deps.cells) {
        await attempt(`cell ${cell.name}`, async () => {
          try {
            if (!(await checkDatabase(cell, out))) return;
            const before = tails.get(cell.name)?.seq;
            await checkChain(cell, out);
            const after = tails.get(cell.name)?.seq;
            if (before !== undefined && after !== undefined && after > before)
              await checkBursts(cell, before, after, out);
            await checkCanaryRows(cell, out);
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            if (!BROKEN_DATABASE.test(message)) throw err;
            out.push({
              signal: 'integrity_failed',
              cell: cell.name,
              severity: 'critical',
              message: `The database of cell ${cell.name} cannot be read: ${message}`,
              evidence: { error: message.slice(0, 1000) },
              key: 'integrity',
              isolate: true,
            });
          }
        });
      }
      await attempt('canary files', () => checkCanaryFiles(out));
      await attempt('data dir files', () => checkFiles(out));
      await attempt('vault', () => checkVault(out));
      return { findings: out, errors };
    },
  };
}
