// A worker thread of snapshot.ts: VACUUM INTO on a connection of its own, so the server's thread keeps serving
// while a large cell is copied.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { path, target } = workerData as { path: string; target: string };
try {
  const db = new DatabaseSync(path, { timeout: 10_000 });
  try {
    db.prepare('vacuum into ?').run(target);
  } finally {
    db.close();
  }
  parentPort!.postMessage({});
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
