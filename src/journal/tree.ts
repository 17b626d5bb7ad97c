// The Merkle tree over a cell's journal, kept in the cell's own database as its complete subtrees, so that
// a tree head or a proof for any size costs O(log n) lookups and extending it hashes only the new events.
import type { Kysely } from '../storage/index.ts';
import { writeTransaction } from '../storage/index.ts';
import { JournalError } from './journal-error.ts';
import type { JournalTables } from './journal-event.ts';
import * as repo from './journal.repository.ts';
import {
  consistencyRanges,
  foldNodes,
  inclusionRanges,
  leafHash,
  nodeHash,
  rangeNodes,
  type Hash,
  type Range,
} from './merkle.ts';

export interface EventTree {
  /** How many events (the first ones, by seq) the stored tree covers. */
  size(): Promise<number>;
  /** Adds the events after the stored tree, up to `toSeq` (every one by default); returns the new size. */
  extend(toSeq?: bigint): Promise<number>;
  /** The tree head of the first `size` events. */
  root(size: number): Promise<Hash>;
  /** The leaf of event `seq` and its audit path in the tree of `size` events. */
  inclusion(seq: bigint, size: number): Promise<{ leaf: Hash; proof: Hash[] }>;
  /** The proof that the tree of `size2` events extends the tree of `size1`. */
  consistency(size1: number, size2: number): Promise<Hash[]>;
}

const EXTEND_BATCH = 10_000;

/** The leaf an event contributes to its cell's tree: its hash's 32 bytes. */
export const eventLeaf = (eventHash: string): Hash => leafHash(Buffer.from(eventHash, 'hex'));

/** The stored tree of a cell's journal. */
export function createEventTree(db: Kysely<JournalTables>): EventTree {
  async function covered(size: number): Promise<void> {
    const have = await repo.treeSize(db);
    if (!Number.isSafeInteger(size) || size < 0 || size > have)
      throw new JournalError(
        'tree_not_covered',
        `The tree covers ${have} events, not ${size}: extend it first`,
        'Cây Merkle chưa bao gồm các sự kiện này',
        { size, covered: have },
      );
  }
  async function roots(ranges: readonly Range[]): Promise<Hash[]> {
    const parts = ranges.map(([from, to]) => rangeNodes(from, to));
    const found = await repo.findTreeNodes(db, parts.flat());
    return parts.map((nodes) =>
      foldNodes(
        nodes.map((n) => {
          const h = found.get(`${n.level}:${n.idx}`);
          if (h === undefined)
            throw new Error(`Merkle node ${n.level}:${n.idx} is missing from journal_tree`);
          return Buffer.from(h, 'hex');
        }),
      ),
    );
  }
  return {
    size: () => repo.treeSize(db),
    extend: (toSeq) =>
      writeTransaction(db, async (trx) => {
        let size = await repo.treeSize(trx);
        for (;;) {
          const events = (await repo.eventHashesAfter(trx, BigInt(size), EXTEND_BATCH)).filter(
            (e) => toSeq === undefined || e.seq <= toSeq,
          );
          if (events.length === 0) return size;
          if (events[0]!.seq !== BigInt(size) + 1n)
            throw new Error(`journal_tree covers ${size} events but the next event is seq ${events[0]!.seq}`);
          const rows: Array<{ level: bigint; idx: bigint; hash: string }> = [];
          // The new nodes of each level, by index: leaves first, then each complete parent they finish.
          let level = 0;
          let nodes = new Map<number, Hash>(events.map((e, i) => [size + i, eventLeaf(e.hash)]));
          let lo = size;
          let hi = size + events.length - 1;
          for (;;) {
            for (const [idx, h] of nodes)
              rows.push({ level: BigInt(level), idx: BigInt(idx), hash: h.toString('hex') });
            const first = Math.floor(lo / 2);
            const last = Math.floor((hi - 1) / 2);
            if (hi < 1 || last < first) break;
            if (2 * first < lo) {
              // The left child of the first new parent was completed by an earlier extension.
              const old = await repo.findTreeNodes(trx, [{ level, idx: 2 * first }]);
              nodes.set(2 * first, Buffer.from(old.get(`${level}:${2 * first}`)!, 'hex'));
            }
            const parents = new Map<number, Hash>();
            for (let j = first; j <= last; j++)
              parents.set(j, nodeHash(nodes.get(2 * j)!, nodes.get(2 * j + 1)!));
            nodes = parents;
            lo = first;
            hi = last;
            level++;
          }
          await repo.insertTreeNodes(trx, rows);
          size += events.length;
        }
      }),
    async root(size) {
      await covered(size);
      const [r] = await roots([[0, size]]);
      return r!;
    },
    async inclusion(seq, size) {
      await covered(size);
      const index = Number(seq) - 1;
      const [leaf] = await roots([[index, index + 1]]);
      return { leaf: leaf!, proof: await roots(inclusionRanges(index, size)) };
    },
    async consistency(size1, size2) {
      await covered(size2);
      return roots(consistencyRanges(size1, size2));
    },
  };
}
