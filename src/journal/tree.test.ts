// The stored Merkle tree of a journal on both dialects: extended in uneven steps, it gives the same heads
// and proofs as the tree computed from every leaf, and refuses sizes it does not cover yet.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../platform/clock.ts';
import { migrateCell } from '../storage/index.ts';
import { dialectsUnderTest, openTestStorage, type TestStorage } from '../storage/testing.ts';
import { createEventTree, createJournal, type Journal } from './index.ts';
import {
  consistencyProof,
  inclusionProof,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle.ts';
import { counterAdded, tallyCell, type TallyTables } from './testing.ts';
import { eventLeaf } from './tree.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the journal's Merkle tree on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let t: TestStorage;
    let journal: Journal<TallyTables>;
    let tree: ReturnType<typeof createEventTree>;
    const leaves: Hash[] = [];

    const add = async (count: number) => {
      const events = await journal.transaction((trx) =>
        journal.appendMany(
          trx,
          counterAdded,
          Array.from({ length: count }, (_, i) => ({
            stream: `c${i % 7}`,
            actor: 'stf_test',
            payload: { name: `c${i % 7}`, by: i + 1 },
          })),
        ),
      );
      leaves.push(...events.map((e) => eventLeaf(e.hash)));
    };

    before(async () => {
      t = await openTestStorage(dialect);
      const cell = tallyCell();
      const c = await t.storage.openCell<TallyTables>('tally');
      await migrateCell(c, cell.migrations);
      journal = createJournal({ cell, db: c.db, clock });
      tree = createEventTree(c.db);
    });
    after(() => t.cleanup());

    test('extended in uneven steps, its heads and proofs equal the ones computed from every leaf', async () => {
      assert.equal(await tree.size(), 0);
      const sizes: number[] = [];
      for (const step of [1, 1, 2, 3, 9, 16, 31, 64, 100, 1]) {
        await add(step);
        sizes.push(await tree.extend());
        assert.equal(sizes.at(-1), leaves.length);
      }
      assert.equal(await tree.extend(), leaves.length, 'nothing new: nothing changes');
      for (const n of [...sizes, 5, 6, 7]) {
        const root = await tree.root(n);
        assert.deepEqual(root, treeRoot(leaves, n), `head of ${n}`);
        for (const seq of new Set([1, Math.ceil(n / 2), n])) {
          const { leaf, proof } = await tree.inclusion(BigInt(seq), n);
          assert.deepEqual(proof, inclusionProof(leaves, seq - 1, n), `path of ${seq} in ${n}`);
          assert.ok(verifyInclusion(seq - 1, n, leaf, proof, root));
        }
        for (const m of new Set([1, Math.floor(n / 2) || 1, n])) {
          const proof = await tree.consistency(m, n);
          assert.deepEqual(proof, consistencyProof(leaves, m, n), `${m} → ${n}`);
          assert.ok(verifyConsistency(m, n, await tree.root(m), root, proof));
        }
      }
    });

    test('a size beyond what it covers is refused until it is extended; extending stops where told', async () => {
      const covered = await tree.size();
      await add(10);
      await assert.rejects(
        tree.root(covered + 1),
        (err: { code?: string }) => err.code === 'tree_not_covered',
      );
      assert.equal(await tree.extend(BigInt(covered + 4)), covered + 4);
      assert.deepEqual(await tree.root(covered + 4), treeRoot(leaves, covered + 4));
      assert.equal(await tree.extend(), covered + 10);
      assert.deepEqual(await tree.root(covered + 10), treeRoot(leaves, covered + 10));
    });
  });
}
