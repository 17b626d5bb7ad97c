// A worker thread for long SQLite work on a connection of its own, so the server's thread keeps serving:
// VACUUM INTO (a snapshot of a large cell) and PRAGMA quick_check (detection's integrity check).
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const job = workerData as
  { op: 'vacuum_into'; path: string; target: string } | { op: 'quick_check'; path: string };
try {
  const db = new DatabaseSync(job.path, { timeout: 10_000, readOnly: job.op === 'quick_check' });
  try {
    if (job.op === 'vacuum_into') {
      db.prepare('vacuum into ?').run(job.target);
      parentPort!.postMessage({});
    } else {
      const rows = db.prepare('pragma quick_check').all();
      parentPort!.postMessage({ result: rows.map((r) => String(Object.values(r)[0])).join('; ') });
    }
  } finally {
    db.close();
  }
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
