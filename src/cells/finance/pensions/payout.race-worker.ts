// Test support for payout.concurrency.test.ts: a second clerk in a thread of its own, with its own
// connection to the same cell, paying the same lines at the same moments as the test's clerk.
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createJournal } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { createAttachments, createStorage, type StorageConfig } from '../../../storage/index.ts';
import { createFinance, financeCell, type FinanceTables } from '../index.ts';
import { raceBarrier } from './payout.race.ts';

const { config, dataDir, at, sessionId, clerk, lines, gate } = workerData as {
  config: StorageConfig;
  dataDir: string;
  at: string;
  sessionId: string;
  clerk: string;
  lines: Array<{ id: string; cccd: string }>;
  gate: SharedArrayBuffer;
};
const storage = await createStorage(config);
const cell = await storage.openCell<FinanceTables>('finance');
const attachments = createAttachments(join(dataDir, 'attachments'));
const clock = new ManualClock(at);
const finance = createFinance({
  db: cell.db,
  journal: createJournal({ cell: financeCell(attachments), db: cell.db, clock }),
  clock,
  attachments,
});
const outcomes: Array<{ ok: boolean; receipt?: string; code?: string }> = [];
for (const [i, line] of lines.entries()) {
  raceBarrier(gate, i);
  try {
    const r = await finance.payouts.pay(
      {
        line_id: line.id,
        session_id: sessionId,
        place: 'counter',
        office_province: '01',
        recipient: 'self',
        cccd: line.cccd,
      },
      clerk,
    );
    outcomes.push({ ok: true, receipt: r.id });
  } catch (err) {
    outcomes.push({ ok: false, code: isDomainError(err) ? err.code : String(err) });
  }
}
await storage.close();
parentPort!.postMessage(outcomes);
