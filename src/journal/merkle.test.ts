import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle.ts';

// The test vectors Certificate Transparency uses for RFC 6962.
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const hashes = LEAVES.map(leafHash);

/** Every way of changing one byte of one hash of a proof. */
function* tampered(proof: readonly Hash[]): Generator<Hash[]> {
  for (let i = 0; i < proof.length; i++)
    for (const at of [0, 17, 31]) {
      const copy = proof.map((p) => Buffer.from(p));
      copy[i]![at]! ^= 0x01;
      yield copy;
    }
}

test('the tree heads of RFC 6962’s test vectors, and of the empty tree', () => {
  assert.equal(
    EMPTY_ROOT.toString('hex'),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  assert.equal(treeRoot([]).toString('hex'), EMPTY_ROOT.toString('hex'));
  for (let n = 1; n <= 8; n++) assert.equal(treeRoot(hashes, n).toString('hex'), ROOTS[n - 1], `size ${n}`);
});

test('every inclusion proof of trees up to 8 verifies; any changed byte, index or size fails', () => {
  for (let n = 1; n <= 8; n++)
    for (let m = 0; m < n; m++) {
      const root = treeRoot(hashes, n);
      const proof = inclusionProof(hashes, m, n);
      assert.ok(verifyInclusion(m, n, hashes[m]!, proof, root), `leaf ${m} of ${n}`);
      for (const bad of tampered(proof)) assert.equal(verifyInclusion(m, n, hashes[m]!, bad, root), false);
      assert.equal(verifyInclusion(m, n, leafHash(Buffer.from('x')), proof, root), false, 'another leaf');
      if (n > 1)
        assert.equal(verifyInclusion((m + 1) % n, n, hashes[m]!, proof, root), false, 'another index');
      // A proof binds the leaf to the signed head (size and root together): the next tree's head refuses it.
      if (n < 8)
        assert.equal(
          verifyInclusion(m, n + 1, hashes[m]!, proof, treeRoot(hashes, n + 1)),
          false,
          'the next head',
        );
      assert.equal(verifyInclusion(m, n, hashes[m]!, [...proof, root], root), false, 'a hash too many');
    }
});

test('every consistency proof between trees up to 8 verifies; any changed byte or root fails', () => {
  for (let n = 1; n <= 8; n++)
    for (let m = 1; m <= n; m++) {
      const [r1, r2] = [treeRoot(hashes, m), treeRoot(hashes, n)];
      const proof = consistencyProof(hashes, m, n);
      assert.ok(verifyConsistency(m, n, r1, r2, proof), `${m} → ${n}`);
      for (const bad of tampered(proof)) assert.equal(verifyConsistency(m, n, r1, r2, bad), false);
      if (m < n) {
        assert.equal(verifyConsistency(m, n, r2, r2, proof), false, 'the wrong old root');
        assert.equal(verifyConsistency(m, n, r1, r1, proof), false, 'the wrong new root');
      }
    }
  assert.ok(
    verifyConsistency(0, 5, EMPTY_ROOT, treeRoot(hashes, 5), []),
    'the empty tree is extended by any',
  );
});

test('random larger trees: inclusion of sampled leaves and consistency between sampled sizes', () => {
  const leaves = Array.from({ length: 1_000 }, () => leafHash(randomBytes(32)));
  for (const n of [9, 31, 64, 65, 333, 1_000]) {
    const root = treeRoot(leaves, n);
    for (const m of [0, 1, Math.floor(n / 2), n - 2, n - 1]) {
      const proof = inclusionProof(leaves, m, n);
      assert.ok(proof.length <= Math.ceil(Math.log2(n)));
      assert.ok(verifyInclusion(m, n, leaves[m]!, proof, root), `leaf ${m} of ${n}`);
    }
    for (const m of [1, 7, 8, Math.floor(n / 3) || 1, n - 1]) {
      if (m > n) continue;
      const proof = consistencyProof(leaves, m, n);
      assert.ok(verifyConsistency(m, n, treeRoot(leaves, m), root, proof), `${m} → ${n}`);
      for (const bad of tampered(proof))
        assert.equal(verifyConsistency(m, n, treeRoot(leaves, m), root, bad), false);
    }
  }
});
