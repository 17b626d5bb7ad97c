// A restore's progress where the running server can read it: `postcore restore --request ID` runs offline with
// the private key, and as each phase ends it rewrites <into>.progress.json beside the copy it is making (under
// <data dir>/restores/ when the copy is for the server to take). The security console shows the phases as they
// come and, at the end, the report; the file holds names, counts and hashes only, never a key or a token.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Clock } from '../platform/clock.ts';
import { restoreFromVault, type RestoreDeps, type RestoreReport } from './restore.ts';
import type { RestorePhaseName } from './restore-report.ts';

export interface RestorePhase {
  phase: RestorePhaseName;
  cell: string | null;
  at: string;
  /** What the phase found, in a few words (counts, seqs). */
  detail: string;
}

export interface RestoreProgress {
  format: 'postcore-restore-progress/1';
  request_id: string;
  cells: string[];
  target: string;
  state: 'running' | 'done' | 'failed';
  started_at: string;
  updated_at: string;
  phases: RestorePhase[];
  error: { code: string; message: string; message_vi: string } | null;
}

const SUFFIX = '.progress.json';

/** The progress file of a restore into `into`: a sibling of the (not yet existing) directory. */
export function restoreProgressFile(into: string): string {
  return `${resolve(into)}${SUFFIX}`;
}

/** Runs restoreFromVault while recording its phases, its end or its failure for request `requestId`. */
export async function restoreWithProgress(deps: RestoreDeps, requestId: string): Promise<RestoreReport> {
  const file = restoreProgressFile(deps.into.dataDir);
  const target =
    'latest' in deps.target ? 'latest' : 'seq' in deps.target ? `seq ${deps.target.seq}` : deps.target.at;
  const progress: RestoreProgress = {
    format: 'postcore-restore-progress/1',
    request_id: requestId,
    cells: [...deps.cells],
    target,
    state: 'running',
    started_at: deps.clock.now().toISOString(),
    updated_at: deps.clock.now().toISOString(),
    phases: [],
    error: null,
  };
  const write = (clock: Clock) => {
    progress.updated_at = clock.now().toISOString();
    // Whole or not at all: a reader never sees half a file.
    writeFileSync(`${file}.tmp`, `${JSON.stringify(progress, null, 2)}\n`, { mode: 0o640 });
    renameSync(`${file}.tmp`, file);
  };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  write(deps.clock);
  const own = deps.phase;
  try {
    const report = await restoreFromVault({
      ...deps,
      phase(p) {
        progress.phases.push({ ...p, at: deps.clock.now().toISOString() });
        write(deps.clock);
        own?.(p);
      },
    });
    progress.state = 'done';
    write(deps.clock);
    return report;
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown; messageVi?: unknown };
    progress.state = 'failed';
    progress.error = {
      code: typeof e.code === 'string' ? e.code : 'restore_failed',
      message: typeof e.message === 'string' ? e.message : String(err),
      message_vi: typeof e.messageVi === 'string' ? e.messageVi : 'Khôi phục không thành công',
    };
    write(deps.clock);
    throw err;
  }
}

/**
 * The newest progress recorded in `dir` (the server's restores/) for request `requestId`, with the name of the
 * directory the copy went to; undefined when no restore of it has started there.
 */
export function readRestoreProgress(
  dir: string,
  requestId: string,
): { name: string; progress: RestoreProgress } | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(SUFFIX));
  } catch {
    return undefined;
  }
  let found: { name: string; progress: RestoreProgress } | undefined;
  for (const n of names) {
    let p: RestoreProgress;
    try {
      p = JSON.parse(readFileSync(join(dir, n), 'utf8')) as RestoreProgress;
    } catch {
      continue;
    }
    if (p.format !== 'postcore-restore-progress/1' || p.request_id !== requestId) continue;
    if (found === undefined || p.started_at > found.progress.started_at)
      found = { name: n.slice(0, -SUFFIX.length), progress: p };
  }
  return found;
}
