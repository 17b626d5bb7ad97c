// The worker thread that reads and checks a large list (pension.rows.ts): batches go to the thread that
// writes them, at most two ahead of what it has taken.
import { parentPort, workerData } from 'node:worker_threads';
import { ListFormatError, type ListContext } from './pension.csv.ts';
import { readAndCheck } from './pension.rows.ts';

const AHEAD = 2;
const port = parentPort!;
const { path, ctx } = workerData as { path: string; ctx: ListContext };
let inFlight = 0;
let wake: (() => void) | undefined;
port.on('message', () => {
  inFlight--;
  wake?.();
});

try {
  const batches = readAndCheck(path, ctx);
  for (;;) {
    const next = await batches.next();
    if (next.done === true) {
      port.postMessage({ type: 'done', sha256: next.value });
      break;
    }
    while (inFlight >= AHEAD) await new Promise<void>((resolve) => (wake = resolve));
    inFlight++;
    port.postMessage({ type: 'batch', batch: next.value });
  }
} catch (err) {
  port.postMessage({
    type: 'error',
    format: err instanceof ListFormatError,
    message: err instanceof Error ? err.message : String(err),
    messageVi: err instanceof ListFormatError ? err.messageVi : 'Không đọc được danh sách',
  });
}
port.close();
