import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  checkRow,
  ListFormatError,
  type ListContext,
  type ListLine,
  type RowProblem,
} from './pension.csv.ts';
import { readAnyListRows } from './pension.xlsx.ts';

/** Rows checked together: the good lines, and the problems of the bad rows (the first few in full). */
export interface CheckedBatch {
  lines: ListLine[];
  problems: RowProblem[];
  problemCount: number;
  /** Rows read so far, good and bad. */
  rows: number;
}

export const BATCH = 5000;
/** Files at least this large are read and checked in a worker thread while the database takes the lines. */
export const WORKER_BYTES = 2 * 1024 * 1024;
const SHOWN = 200;

/** Reads a list file and checks its rows, batch by batch; the file's SHA-256 is checked at the end. */
export async function* checkedRows(
  path: string,
  ctx: ListContext,
  sha256: string,
  corrupt: () => Error,
): AsyncGenerator<CheckedBatch> {
  const source = statSync(path).size >= WORKER_BYTES ? inWorker(path, ctx) : inline(path, ctx);
  let hash = '';
  for (;;) {
    const next = await source.next();
    if (next.done === true) {
      hash = next.value;
      break;
    }
    yield next.value;
  }
  if (hash !== sha256) throw corrupt();
}

/** The reading and checking itself; returns the SHA-256 of what it read. */
export async function* readAndCheck(path: string, ctx: ListContext): AsyncGenerator<CheckedBatch, string> {
  const hash = createHash('sha256');
  async function* hashed() {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      yield chunk as Buffer;
    }
  }
  let batch: CheckedBatch = { lines: [], problems: [], problemCount: 0, rows: 0 };
  let rows = 0;
  let shown = 0;
  for await (const { row, cells } of readAnyListRows(hashed())) {
    rows++;
    const l = checkRow(row, cells, ctx);
    if (Array.isArray(l)) {
      batch.problemCount += l.length;
      for (const p of l) if (shown++ < SHOWN) batch.problems.push(p);
    } else batch.lines.push(l);
    if (batch.lines.length >= BATCH) {
      batch.rows = rows;
      yield batch;
      batch = { lines: [], problems: [], problemCount: 0, rows: 0 };
    }
  }
  batch.rows = rows;
  yield batch;
  return hash.digest('hex');
}

const inline = readAndCheck;

type FromWorker =
  | { type: 'batch'; batch: CheckedBatch }
  | { type: 'done'; sha256: string }
  | { type: 'error'; format: boolean; message: string; messageVi: string };

/**
 * The same in a worker thread, two batches ahead at most: the file is parsed and checked on the second
 * core while this thread writes the lines.
 */
async function* inWorker(path: string, ctx: ListContext): AsyncGenerator<CheckedBatch, string> {
  const worker = new Worker(new URL('./pension.rows-worker.ts', import.meta.url), {
    workerData: { path, ctx },
  });
  const queue: FromWorker[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  worker.on('message', (m: FromWorker) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (err: Error) => {
    failure = err;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the list reader stopped with code ${code}`);
    wake?.();
  });
  try {
    for (;;) {
      while (queue.length === 0) {
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      const m = queue.shift()!;
      if (m.type === 'error') {
        if (m.format) throw new ListFormatError(m.message, m.messageVi);
        throw new Error(m.message);
      }
      if (m.type === 'done') return m.sha256;
      worker.postMessage('ack');
      yield m.batch;
    }
  } finally {
    await worker.terminate();
  }
}
