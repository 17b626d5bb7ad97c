// A worker thread of verify-parallel.ts: opens the cell on its own connection and walks the blocks it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { createStorage, oneConnection, type StorageConfig } from '../storage/index.ts';
import type { JournalTables } from './journal-event.ts';
import { walkBlock, type BlockJob } from './verify-parallel.ts';

const data = workerData as { storage: StorageConfig; cell: string; maxFailures: number };
const storage = await createStorage(oneConnection(data.storage));
const cell = await storage.openCell<JournalTables>(data.cell, { create: false });
parentPort!.on('message', (job: BlockJob) => {
  walkBlock(cell.db, job, data.maxFailures).then(
    (result) => parentPort!.postMessage({ result }),
    (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
});
