// Signed checkpoints: at a cadence each cell signs (cell, size, root, time) over its journal's Merkle tree,
// after checking that the new tree extends the last checkpoint's; and the proofs that tie one event to one.
import type { Kysely } from '../storage/index.ts';
import type { Clock } from '../platform/clock.ts';
import { checkpointMessage, checkSignature, type Checkpoint } from './checkpoint-signature.ts';
import { JournalError } from './journal-error.ts';
import type { JournalTables } from './journal-event.ts';
import * as repo from './journal.repository.ts';
import { verifyConsistency } from './merkle.ts';
import type { EventProof } from './proof.ts';
import type { Signer } from './signing.ts';
import { createEventTree, eventLeaf } from './tree.ts';

export {
  checkpointMessage,
  checkSignature,
  type Checkpoint,
  type CheckpointCheck,
} from './checkpoint-signature.ts';

/** When a cell cuts a checkpoint: after this many new events, or this many seconds after the last one. */
export interface CheckpointCadence {
  events: number;
  seconds: number;
  /**
   * A receipt whose event no checkpoint covers yet waits for the next cut, made at most this often (ms), and
   * every receipt waiting then shares it: at counter speed one checkpoint covers many receipts, not one each.
   */
  proofMs?: number;
}

export const DEFAULT_CADENCE: CheckpointCadence = { events: 1000, seconds: 60 };
/** How often, at most, receipts cut a checkpoint for themselves (DEFAULT_CADENCE's proofMs). */
export const PROOF_CUT_MS = 1000;

export const toCheckpoint = (cell: string, r: repo.CheckpointRow): Checkpoint => ({
  cell,
  size: Number(r.size),
  root: r.root,
  at: r.at,
  key_id: r.key_id,
  signature: r.signature,
});

export interface Checkpoints {
  readonly cell: string;
  latest(): Promise<Checkpoint | undefined>;
  get(size: number): Promise<Checkpoint>;
  /** Checkpoints by size: after `after` in ascending order, or before `before` in descending order. */
  list(range: { after?: number; before?: number }, limit: number): Promise<Checkpoint[]>;
  /**
   * Extends the tree and signs a checkpoint over every event when the cadence is due (or `force`) and there
   * are events the last one does not cover; undefined when there was nothing to do. Refuses
   * (`checkpoint_inconsistent`) to sign a tree that does not extend the last checkpoint's.
   */
  cut(force?: boolean): Promise<Checkpoint | undefined>;
  /** The consistency proof between two checkpointed sizes, hex. */
  consistency(from: number, to: number): Promise<string[]>;
  /**
   * What a receipt carries to prove event `seq` offline: the event, its audit path, and the first
   * checkpoint that covers it, so the same event always gets the same proof. When none covers it yet, it
   * waits for the next checkpoint cut for receipts: at once if none was cut in the last `proofMs`, else
   * when that much has passed, one cut for every receipt waiting by then.
   */
  prove(seq: bigint): Promise<EventProof>;
}

export interface CheckpointDeps {
  cell: string;
  db: Kysely<JournalTables>;
  signer: Signer;
  clock: Clock;
  cadence?: CheckpointCadence;
}

export function createCheckpoints(deps: CheckpointDeps): Checkpoints {
  const { cell, db, signer, clock } = deps;
  const cadence = deps.cadence ?? DEFAULT_CADENCE;
  const tree = createEventTree(db);
  const notFound = (what: string, details: Record<string, unknown>) =>
    new JournalError(
      'checkpoint_not_found',
      `No checkpoint ${what} in cell ${cell}`,
      'Không tìm thấy điểm kiểm',
      {
        cell,
        ...details,
      },
    );
  const inconsistent = (message: string, details: Record<string, unknown>) =>
    new JournalError(
      'checkpoint_inconsistent',
      `Cell ${cell}: ${message}; no checkpoint was signed. Run postcore verify and treat this as an incident`,
      'Dữ liệu nhật ký không khớp với điểm kiểm trước; báo ngay cho bộ phận an ninh',
      { cell, ...details },
    );

  const proofMs = cadence.proofMs ?? PROOF_CUT_MS;
  // The receipts' cut now waiting, which every receipt arriving before it starts joins; and when the last one
  // was made. In this process's monotonic time, not the injected Clock: proofMs limits how often real work
  // (extending the tree, signing) is done, which a pinned or replayed clock must not stop or speed up. The
  // timer stays referenced: it lasts at most proofMs and only while a receipt waits on it, whose money has
  // moved; letting a closing process exit before it fires would leave that receipt unanswered.
  let proofCut: Promise<void> | undefined;
  let lastProofCut = -Infinity;
  function cutForReceipts(): Promise<void> {
    proofCut ??= (async () => {
      // Always after a turn of the event loop, so that proofCut is set before it is cleared here.
      const wait = Math.max(0, lastProofCut + proofMs - performance.now());
      await new Promise((resolve) => setTimeout(resolve, wait));
      // From here on a receipt waits for the next cut: this one may have read the tree before its event.
      proofCut = undefined;
      lastProofCut = performance.now();
      await cut(true);
    })();
    return proofCut;
  }

  // One cut at a time in this process (the receipts' and the cadence's), so that checkpoints are signed in
  // the order of their sizes and dates.
  let cutting: Promise<unknown> = Promise.resolve();
  function cut(force = false): Promise<Checkpoint | undefined> {
    const next = cutting.then(() => cutOnce(force));
    cutting = next.catch(() => undefined);
    return next;
  }

  async function cutOnce(force: boolean): Promise<Checkpoint | undefined> {
    const size = await tree.extend();
    const last = await repo.latestCheckpoint(db);
    const lastSize = last === undefined ? 0 : Number(last.size);
    if (size <= lastSize) return undefined;
    const now = clock.now();
    if (
      !force &&
      last !== undefined &&
      size - lastSize < cadence.events &&
      now.getTime() - Date.parse(last.at) < cadence.seconds * 1000
    )
      return undefined;
    const root = (await tree.root(size)).toString('hex');
    if (last !== undefined) {
      const previous = toCheckpoint(cell, last);
      if (last.key_id === signer.keyId) {
        const bad = checkSignature(previous, new Map([[signer.keyId, signer.publicKey]]));
        if (bad !== undefined) throw inconsistent(bad.message, { size: lastSize });
      }
      const proof = await tree.consistency(lastSize, size);
      if (!verifyConsistency(lastSize, size, Buffer.from(last.root, 'hex'), Buffer.from(root, 'hex'), proof))
        throw inconsistent(`the tree of ${size} events does not extend checkpoint ${cell}@${lastSize}`, {
          from: lastSize,
          size,
        });
    }
    const at = now.toISOString();
    const signature = signer.sign(checkpointMessage({ cell, size, root, at }));
    // Another server on the same database may have just signed this size: its checkpoint stands (the insert
    // does nothing on either dialect) and is the one returned.
    await repo.insertCheckpoint(db, { size: BigInt(size), root, at, key_id: signer.keyId, signature });
    return toCheckpoint(cell, (await repo.findCheckpoint(db, BigInt(size)))!);
  }

  return {
    cell,
    async latest() {
      const r = await repo.latestCheckpoint(db);
      return r === undefined ? undefined : toCheckpoint(cell, r);
    },
    async get(size) {
      const r = Number.isSafeInteger(size) ? await repo.findCheckpoint(db, BigInt(size)) : undefined;
      if (r === undefined) throw notFound(`of size ${size}`, { size });
      return toCheckpoint(cell, r);
    },
    async list(range, limit) {
      const rows = await repo.listCheckpoints(
        db,
        {
          ...(range.after === undefined ? {} : { after: BigInt(range.after) }),
          ...(range.before === undefined ? {} : { before: BigInt(range.before) }),
        },
        limit,
      );
      return rows.map((r) => toCheckpoint(cell, r));
    },
    cut,
    async consistency(from, to) {
      await this.get(to);
      if (from !== 0) await this.get(from);
      if (from > to)
        throw new JournalError(
          'invalid_event',
          `A consistency proof goes from a smaller checkpoint to a larger one, not ${from} to ${to}`,
          'Điểm kiểm đầu phải nhỏ hơn điểm kiểm sau',
          { from, to },
        );
      return (await tree.consistency(from, to)).map((h) => h.toString('hex'));
    },
    async prove(seq) {
      const event = await repo.findEvent(db, seq);
      if (event === undefined)
        throw new JournalError(
          'event_not_found',
          `Cell ${cell} has no event ${seq}`,
          'Không tìm thấy sự kiện',
          {
            cell,
            seq: seq.toString(),
          },
        );
      let covering = await repo.checkpointCovering(db, seq);
      // A cut that had begun before this event was written does not cover it: wait for the next (twice at
      // most; a cut that covers nothing new is not signed, so a third wait would find nothing either).
      for (let attempt = 0; covering === undefined && attempt < 3; attempt++) {
        await cutForReceipts();
        covering = await repo.checkpointCovering(db, seq);
      }
      if (covering === undefined) throw notFound(`covering event ${seq}`, { seq: seq.toString() });
      const checkpoint = toCheckpoint(cell, covering);
      const { leaf, proof } = await tree.inclusion(seq, checkpoint.size);
      if (!leaf.equals(eventLeaf(event.hash)))
        throw inconsistent(`the tree's leaf for event ${seq} is not that event's hash`, {
          seq: seq.toString(),
        });
      const { hash, payload, ...rest } = event;
      return {
        format: 'postcore-proof/1',
        cell,
        event: { ...rest, seq: event.seq.toString(), payload: JSON.parse(payload) as unknown, hash },
        path: proof.map((h) => h.toString('hex')),
        checkpoint,
      };
    },
  };
}

/**
 * Puts back the checkpoints a restore found in the vault that the restored journal lacks (those cut after its
 * snapshot): each up to the restored head and newer than its own newest, over the stored tree extended to the
 * head. Nothing is trusted here: verify
 * checks each one's signature, root and consistency afterwards. Returns how many were added.
 */
export async function importCheckpoints(
  db: Kysely<JournalTables>,
  /** In the vault log's order. */
  checkpoints: readonly Checkpoint[],
  head: bigint,
): Promise<number> {
  // The stored Merkle tree first covers every restored event, as it did when the checkpoints were cut.
  await createEventTree(db).extend();
  const newest = (await repo.latestCheckpoint(db))?.size ?? 0n;
  // After a restore to an earlier point the log can hold two checkpoints of one size: the newer one (later in
  // the log) is of the history that went on from there.
  const bySize = new Map<number, Checkpoint>();
  for (const c of checkpoints) bySize.set(c.size, c);
  let added = 0;
  for (const c of [...bySize.values()].sort((a, b) => a.size - b.size)) {
    const size = BigInt(c.size);
    if (size <= newest || size > head) continue;
    await repo.insertCheckpoint(db, {
      size,
      root: c.root,
      at: c.at,
      key_id: c.key_id,
      signature: c.signature,
    });
    added++;
  }
  return added;
}
