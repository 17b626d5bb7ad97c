// The data dir's signal (mass_change): every file outside the databases (attachments, keys) looked at each
// tick; many removed or rewritten at once is what ransomware does.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DRILLS_DIR } from '../evidence.ts';
import { CANARY_DIR } from './canaries.ts';
import type { DetectionThresholds, DetectorDeps, Finding } from './detection.types.ts';

interface FileSeen {
  size: number;
  mtimeMs: number;
  ino: number;
}

/** The watch over the data dir's files, with what it saw at its last look. */
export function createFileWatch(
  deps: Pick<DetectorDeps, 'cells' | 'dataDir'>,
  t: DetectionThresholds,
  now: () => number,
) {
  let files = new Map<string, FileSeen>();
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
        // A drill's post (drills/) is seeded, encrypted and restored on purpose: not the live post's files.
        if (st.isDirectory()) {
          if (dir !== deps.dataDir || name !== DRILLS_DIR) walk(p);
        } else if (!databaseFiles.has(p) && !name.startsWith('.write-probe-'))
          out.set(relative(deps.dataDir, p), { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
      }
    };
    walk(deps.dataDir);
    return out;
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

  return {
    /** Takes the first look, the one the next check compares with. */
    look() {
      files = scanFiles();
    },
    check: checkFiles,
  };
}
