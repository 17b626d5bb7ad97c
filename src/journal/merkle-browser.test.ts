// The security console checks consistency proofs in the browser (web/src/security/consistency.ts, WebCrypto):
// it must agree with the server's verifyConsistency on every pair of sizes, and refuse a proof or root altered.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { verifyConsistency as inBrowser } from '../../web/src/security/consistency.ts';
import { consistencyProof, leafHash, treeRoot, verifyConsistency } from './merkle.ts';

test("the console's WebCrypto consistency check agrees with the server's on trees up to 40 leaves", async () => {
  const leaves = Array.from({ length: 40 }, () => leafHash(randomBytes(32)));
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  for (let n = 2; n <= leaves.length; n += 3)
    for (let m = 1; m < n; m++) {
      const proof = consistencyProof(leaves, m, n);
      const r1 = treeRoot(leaves.slice(0, m));
      const r2 = treeRoot(leaves.slice(0, n));
      assert.equal(verifyConsistency(m, n, r1, r2, proof), true);
      assert.equal(await inBrowser(m, n, hex(r1), hex(r2), proof.map(hex)), true, `${m} → ${n}`);
      const bad = hex(r1).replace(/^./, (c) => (c === '0' ? '1' : '0'));
      assert.equal(
        await inBrowser(m, n, bad, hex(r2), proof.map(hex)),
        false,
        `${m} → ${n}, old root altered`,
      );
      if (proof.length > 0) {
        const altered = proof.map(hex);
        altered[0] = altered[0]!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
        assert.equal(await inBrowser(m, n, hex(r1), hex(r2), altered), false, `${m} → ${n}, proof altered`);
      }
    }
});
