// Evidence for the police and the post's security team, captured the moment a cell is shut: every file of the
// data dir with its hash, the recent log, the alerts, each cell's newest checkpoint and the machine's process
// list, in one manifest that names the one before it (a chain of custody), signed with the post's key and
// journaled in the security cell. The manifest is written under <data dir>/evidence/ (read-only), from where
// the shipper takes it to the vault within a round.
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { SecurityError, type EvidenceView, type Incidents } from '../cells/security/index.ts';
import type { Checkpoint, Signer } from '../journal/index.ts';
import { canonicalJson } from '../platform/canonical-json.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';

export const EVIDENCE_DIR = 'evidence';
/**
 * Under the data dir: the drills the security console starts, each a post of its own that is seeded, attacked
 * and restored there. Not the live post's files: evidence and the data dir's watch leave them out.
 */
export const DRILLS_DIR = 'drills';

export interface EvidenceDeps {
  dataDir: string;
  cells: ReadonlyArray<{ name: string; latestCheckpoint?: () => Promise<Checkpoint | undefined> }>;
  incidents: Pick<Incidents, 'alerts' | 'modes' | 'lastEvidenceHash' | 'recordEvidence'>;
  signer: Pick<Signer, 'sign' | 'keyId'>;
  clock: Clock;
  /** The newest lines of the server's log, oldest first. */
  logs?: () => readonly string[];
}

export interface EvidenceFile {
  path: string;
  size: number;
  modified_at: string;
  sha256: string | null;
  /** Why there is no hash: the file went away or could not be read while it was captured. */
  error?: string;
}

export interface EvidenceManifest {
  format: 'postcore-evidence/1';
  id: string;
  cell: string | null;
  reason: string;
  captured_at: string;
  captured_by: string;
  /** The manifest before this one (its SHA-256), or 64 zeros for the first. */
  prev_sha256: string;
  host: { name: string; pid: number; node: string; argv: string[]; uptime_seconds: number };
  processes: Array<{ pid: number; command: string }>;
  modes: unknown[];
  files: EvidenceFile[];
  alerts: unknown[];
  checkpoints: Record<string, Checkpoint | null>;
  logs: string[];
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Every file under `dir` but the evidence already captured, hashed as it is now. */
async function filesOf(dataDir: string): Promise<EvidenceFile[]> {
  const out: EvidenceFile[] = [];
  const walk = async (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      const rel = relative(dataDir, p);
      if (rel === EVIDENCE_DIR || rel === DRILLS_DIR) continue;
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        await walk(p);
        continue;
      }
      const f: EvidenceFile = { path: rel, size: st.size, modified_at: st.mtime.toISOString(), sha256: null };
      try {
        f.sha256 = await sha256File(p);
      } catch (err) {
        f.error = err instanceof Error ? err.message : String(err);
      }
      out.push(f);
    }
  };
  await walk(dataDir);
  return out;
}

/** The machine's processes as /proc shows them (Linux); none elsewhere. */
function processes(): Array<{ pid: number; command: string }> {
  if (!existsSync('/proc')) return [];
  const out: Array<{ pid: number; command: string }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const command = readFileSync(`/proc/${name}/cmdline`, 'latin1').replaceAll('\0', ' ').trim();
      out.push({
        pid: Number(name),
        command:
          command === '' ? `[${readFileSync(`/proc/${name}/comm`, 'latin1').trim()}]` : command.slice(0, 500),
      });
    } catch {
      // the process ended while we looked
    }
  }
  return out.sort((a, b) => a.pid - b.pid).slice(0, 2000);
}

/** Captures, signs, writes and journals one manifest; its record in the chain of custody. */
export async function captureEvidence(
  deps: EvidenceDeps,
  what: { cell: string | null; reason: string },
  actor: string,
): Promise<EvidenceView & { path: string }> {
  // The chain of custody names only a cell that exists: a misnamed one would point an inquiry elsewhere.
  if (what.cell !== null && !deps.cells.some((c) => c.name === what.cell))
    throw new SecurityError(
      'unknown_cell',
      `No cell is named ${JSON.stringify(what.cell)}: use one of ${deps.cells.map((c) => c.name).join(', ')}, or none`,
      `Không có phân hệ ${what.cell}`,
      { cell: what.cell },
    );
  const id = newId('evd');
  const checkpoints: Record<string, Checkpoint | null> = {};
  for (const c of deps.cells) {
    try {
      checkpoints[c.name] = (await c.latestCheckpoint?.()) ?? null;
    } catch {
      // a broken database has no checkpoint to give: its file's hash is in `files`
      checkpoints[c.name] = null;
    }
  }
  const files = await filesOf(deps.dataDir);
  const manifest: EvidenceManifest = {
    format: 'postcore-evidence/1',
    id,
    cell: what.cell,
    reason: what.reason.slice(0, 500),
    captured_at: deps.clock.now().toISOString(),
    captured_by: actor,
    prev_sha256: await deps.incidents.lastEvidenceHash(),
    host: {
      name: hostname(),
      pid: process.pid,
      node: process.version,
      argv: process.argv.slice(0, 20),
      uptime_seconds: Math.round(process.uptime()),
    },
    processes: processes(),
    modes: await deps.incidents.modes(),
    files,
    alerts: (await deps.incidents.alerts({ limit: 200, offset: 0 })).items,
    checkpoints,
    logs: [...(deps.logs?.() ?? [])].slice(-2000),
  };
  const text = canonicalJson(manifest);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const dir = join(deps.dataDir, EVIDENCE_DIR);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${id}.json`);
  writeFileSync(path, text, { mode: 0o444 });
  const record = await deps.incidents.recordEvidence(
    {
      id,
      cell: what.cell,
      reason: manifest.reason,
      sha256,
      prev_sha256: manifest.prev_sha256,
      files: files.length,
      signature: deps.signer.sign(Buffer.from(sha256, 'hex')),
      key_id: deps.signer.keyId,
    },
    actor,
  );
  return { ...record, path };
}
