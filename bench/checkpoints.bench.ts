// Issue 8's figures: verifying a cell's journal (chain, Merkle roots of every checkpoint, signatures,
// consistency) over millions of events against sha256sum of the same bytes, and receipts' proofs per second
// against reading the same event by its key.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCheckpoints,
  createJournal,
  hashInput,
  newSigner,
  verifyJournal,
  verifyProof,
} from '../src/journal/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createStorage, migrateCell, snapshotTransaction } from '../src/storage/index.ts';
import { benchCell, draftAt, itemAccepted, type BenchTables } from './bench-cell.ts';
import { formatRate, rate, type BenchContext, type BenchSuite } from './harness.ts';

const PER_TX = 5_000;

async function repeat(ctx: BenchContext, events: number, fn: () => Promise<void> | void): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < ctx.repeats; r++) out.push(await rate(events, fn));
  return out;
}

async function benchVerify(ctx: BenchContext): Promise<void> {
  const events = ctx.size(3_300_000, 10_000);
  const every = Math.max(10_000, Math.floor(events / 33 / 10_000) * 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-'));
  const storage = await createStorage({ dialect: 'sqlite', dataDir: dir });
  try {
    const cell = await storage.openCell<BenchTables>('checkpoints');
    await migrateCell(cell, benchCell.migrations);
    const journal = createJournal({ cell: benchCell, db: cell.db, clock: systemClock });
    const signer = newSigner();
    const db = cell.db;
    const checkpoints = createCheckpoints({ cell: 'bench', db, signer, clock: systemClock });
    let treeMs = 0;
    const built = await rate(events, async () => {
      for (let at = 0; at < events; at += PER_TX) {
        const drafts = Array.from({ length: Math.min(PER_TX, events - at) }, (_, i) => draftAt(at + i));
        await journal.transaction((trx) => journal.appendMany(trx, itemAccepted, drafts));
        if ((at + PER_TX) % every === 0 || at + PER_TX >= events) {
          const t0 = performance.now();
          await checkpoints.cut(true);
          treeMs += performance.now() - t0;
        }
      }
    });
    const count = (await checkpoints.list({ after: 0 }, 10_000)).length;
    ctx.note(
      `a SQLite journal of ${events.toLocaleString('en-US')} bench events built at ${formatRate(built)} ev/s, ` +
        `a checkpoint every ${every.toLocaleString('en-US')} (${count}); extending the tree and signing took ` +
        `${(treeMs / 1000).toFixed(1)} s in all (${formatRate(events / (treeMs / 1000))} ev/s)`,
    );
    const keys = new Map([[signer.keyId, signer.publicKey]]);

    // The baseline: sha256sum over the bytes every event's hash covers, written out once.
    const file = join(dir, 'hash-input.txt');
    const fd = openSync(file, 'w');
    for (let after = 0n; ;) {
      const rows = await db
        .selectFrom('journal_event')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(20_000)
        .execute();
      if (rows.length === 0) break;
      writeSync(fd, rows.map(hashInput).join(''));
      after = rows.at(-1)!.seq;
    }
    closeSync(fd);
    ctx.note(`hash input: ${(statSync(file).size / 1e6).toFixed(0)} MB`);
    ctx.note('verifyJournal: read every event, recompute its hash, check seq and prev, recompute the Merkle');
    ctx.note(
      'root at every checkpoint, check its Ed25519 signature and its consistency proof, the stored tree',
    );
    const tool = await repeat(ctx, events, () => {
      execFileSync('sha256sum', [file], { stdio: 'ignore' });
    });
    for (const workers of [1, availableParallelism()]) {
      const verified = await repeat(ctx, events, async () => {
        const r = await snapshotTransaction(db, (trx) =>
          verifyJournal(trx, {
            cell: 'bench',
            keys,
            parallel: { storage: { dialect: 'sqlite', dataDir: dir }, cell: 'checkpoints', workers },
          }),
        );
        if (r.failures.length > 0 || r.events !== BigInt(events))
          throw new Error(`verifyJournal did not pass cleanly: ${JSON.stringify(r.failures.slice(0, 3))}`);
      });
      ctx.report({
        case: `verifyJournal, ${workers} thread${workers === 1 ? '' : 's'}`,
        events,
        subjectRuns: verified,
        baseline: 'sha256sum of the same bytes, 1 file',
        baselineRuns: tool,
      });
    }

    // Proofs: what a receipt costs, against reading the same event by its key.
    const n = ctx.size(2_000, 100);
    const seqs = Array.from({ length: n }, (_, i) => BigInt(1 + ((i * 7_919_993) % events)));
    const proofs = await repeat(ctx, n, async () => {
      for (const seq of seqs) {
        const p = await checkpoints.prove(seq);
        if (p.path.length === 0) throw new Error('empty proof');
      }
    });
    const reads = await repeat(ctx, n, async () => {
      for (const seq of seqs)
        await db.selectFrom('journal_event').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
    });
    ctx.report({
      case: 'prove (event, path, checkpoint)',
      events: n,
      subjectRuns: proofs,
      baseline: 'SELECT the event by seq',
      baselineRuns: reads,
    });
    const sample = await Promise.all(seqs.slice(0, 200).map((s) => checkpoints.prove(s)));
    const offline = await repeat(ctx, sample.length * 10, () => {
      for (let k = 0; k < 10; k++)
        for (const p of sample) if (!verifyProof(p, keys).ok) throw new Error('a proof failed');
    });
    ctx.report({
      case: 'verify-receipt (offline)',
      events: sample.length * 10,
      subjectRuns: offline,
      baseline: 'SELECT the event by seq',
      baselineRuns: reads,
    });
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const suite: BenchSuite = {
  name: 'checkpoints',
  sections: [{ name: 'verify', run: benchVerify }],
};
