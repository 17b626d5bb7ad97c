// RFC 6962 (and 9162) Merkle trees over a journal's event hashes: the tree head of any size, inclusion (audit)
// paths and consistency proofs, and their verification, which needs nothing but the hashes. The functions
// take the leaves' hashes, already computed with leafHash, so a caller can keep them rather than rehash.
import { hash } from 'node:crypto';

export type Hash = Buffer;

// The one-shot crypto.hash over the parts joined, asked for hex and decoded: for 33 or 65 bytes that is
// about twice as fast as its 'buffer' output and three times createHash (verify hashes two per event).
const sha256 = (...parts: Uint8Array[]): Hash =>
  Buffer.from(hash('sha256', parts.length === 1 ? parts[0]! : Buffer.concat(parts), 'hex'), 'hex');
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = sha256();

/** A leaf's hash: SHA-256(0x00 ‖ leaf). */
export function leafHash(leaf: Uint8Array): Hash {
  return sha256(LEAF, leaf);
}

/** An inner node's hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return sha256(NODE, left, right);
}

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[from:to]) over leaf hashes. */
function subtreeRoot(leaves: readonly Hash[], from: number, to: number): Hash {
  const n = to - from;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[from]!;
  const k = split(n);
  return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/** The tree head (root) of the first `size` leaves (all of them by default). */
export function treeRoot(leaves: readonly Hash[], size = leaves.length): Hash {
  checkSize(size, leaves.length);
  return subtreeRoot(leaves, 0, size);
}

function checkSize(size: number, available: number): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > available)
    throw new RangeError(`tree size ${size} is not between 0 and ${available}`);
}

/** A range of leaves [from, to) whose MTH a proof holds. */
export type Range = readonly [from: number, to: number];

/** The ranges whose roots make the audit path of leaf `index` in a tree of `size`: PATH(m, D[n]). */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size)
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path = (m: number, from: number, to: number): Range[] => {
    const n = to - from;
    if (n === 1) return [];
    const k = split(n);
    return m < k
      ? [...path(m, from, from + k), [from + k, to]]
      : [...path(m - k, from + k, to), [from, from + k]];
  };
  return path(index, 0, size);
}

/** The ranges whose roots prove that a tree of `size2` extends the tree of `size1`: PROOF(m, D[n]). */
export function consistencyRanges(size1: number, size2: number): Range[] {
  if (!Number.isSafeInteger(size1) || size1 < 0 || size1 > size2)
    throw new RangeError(`tree size ${size1} is not between 0 and ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const sub = (m: number, from: number, to: number, complete: boolean): Range[] => {
    const n = to - from;
    if (m === n) return complete ? [] : [[from, to]];
    const k = split(n);
    return m <= k
      ? [...sub(m, from, from + k, complete), [from + k, to]]
      : [...sub(m - k, from + k, to, false), [from, from + k]];
  };
  return sub(size1, 0, size2, true);
}

/**
 * The complete, aligned subtrees (level, index) whose hashes fold into MTH of a range that a tree head or a
 * proof asks for (its start is aligned to a power of two at least its length): largest first.
 */
export function rangeNodes(from: number, to: number): Array<{ level: number; idx: number }> {
  const out: Array<{ level: number; idx: number }> = [];
  let at = from;
  while (at < to) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= to) level++;
    out.push({ level, idx: at / 2 ** level });
    at += 2 ** level;
  }
  return out;
}

/** MTH of a range from its complete subtrees' hashes, largest first: H(p1, H(p2, … pm)). */
export function foldNodes(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_ROOT;
  let r = hashes.at(-1)!;
  for (let i = hashes.length - 2; i >= 0; i--) r = nodeHash(hashes[i]!, r);
  return r;
}

/** The audit path of leaf `index` in the tree of the first `size` leaves: PATH(m, D[n]). */
export function inclusionProof(leaves: readonly Hash[], index: number, size = leaves.length): Hash[] {
  checkSize(size, leaves.length);
  return inclusionRanges(index, size).map(([from, to]) => subtreeRoot(leaves, from, to));
}

/** The proof that the tree of `size2` leaves extends the tree of `size1`: PROOF(m, D[n]). */
export function consistencyProof(leaves: readonly Hash[], size1: number, size2 = leaves.length): Hash[] {
  checkSize(size2, leaves.length);
  return consistencyRanges(size1, size2).map(([from, to]) => subtreeRoot(leaves, from, to));
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/**
 * Whether `proof` shows the leaf hash at `index` in the tree of `size` whose root is `root` (RFC 9162,
 * 2.1.3.2). Nothing but hashes: anyone holding a signed tree head can check it.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n)
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
    } else r = nodeHash(r, p);
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && same(r, root);
}

/**
 * Whether `proof` shows that the tree of `size2` with root `root2` extends the tree of `size1` with root
 * `root1` (RFC 9162, 2.1.4.2): history was only appended.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < size1)
    return false;
  if (size1 === size2) return proof.length === 0 && same(root1, root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : [...proof];
  let fn = BigInt(size1 - 1);
  let sn = BigInt(size2 - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n)
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
    } else sr = nodeHash(sr, c);
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && same(fr, root1) && same(sr, root2);
}

// The same hashes for verify's walk over every event, on "binary strings" (one latin1 character a byte): no
// Buffer is allocated per hash, and copying 32 latin1 characters into the scratch buffer is cheaper than
// decoding 64 hex digits.
const leafScratch = Buffer.alloc(33);
const nodeScratch = Buffer.alloc(65, 1);

/** leafHash of an event hash given in hex, as a binary string. */
function leafHashBin(leafHex: string): string {
  leafScratch.write(leafHex, 1, 'hex');
  return hash('sha256', leafScratch, 'binary');
}

/** nodeHash of two binary-string hashes, as a binary string. */
function nodeHashBin(left: string, right: string): string {
  nodeScratch.write(left, 1, 'latin1');
  nodeScratch.write(right, 33, 'latin1');
  return hash('sha256', nodeScratch, 'binary');
}

const toBin = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');

/** A subtree of 2^level leaves; its hash a binary string (see Frontier.fromHex and foldToHex). */
export interface FrontierNode {
  level: number;
  hash: string;
}

/**
 * The right edge of a Merkle tree being built leaf by leaf: its complete subtrees, largest first, so the root
 * of every prefix is at hand in O(log n) as a walk over the events reaches a checkpoint's size.
 */
export class Frontier {
  readonly nodes: FrontierNode[] = [];
  size = 0;
  /** The edge of a tree of `size` leaves from its stored subtrees' hex hashes, largest first. */
  static fromHex(size: number, nodes: ReadonlyArray<{ level: number; hash: string }>): Frontier {
    const f = new Frontier();
    f.size = size;
    f.nodes.push(...nodes.map((n) => ({ level: n.level, hash: toBin(n.hash) })));
    return f;
  }
  /** Adds the next leaf, given as the event's hash (hex). */
  push(eventHash: string): void {
    this.pushNode(0, leafHashBin(eventHash));
  }
  /** Adds a complete subtree of 2^level leaves (e.g. a block verified elsewhere). */
  pushNode(level: number, hash: string): void {
    let node = { level, hash };
    for (let top = this.nodes.at(-1); top?.level === node.level; top = this.nodes.at(-1)) {
      this.nodes.pop();
      node = { level: node.level + 1, hash: nodeHashBin(top.hash, node.hash) };
    }
    this.nodes.push(node);
    this.size += 2 ** level;
  }
  /** The root of the leaves so far, hex. */
  root(): string {
    return foldToHex(this.nodes);
  }
}

/** foldNodes over frontier nodes (largest first), as hex. */
export function foldToHex(nodes: readonly FrontierNode[]): string {
  if (nodes.length === 0) return EMPTY_ROOT.toString('hex');
  let r = nodes.at(-1)!.hash;
  for (let i = nodes.length - 2; i >= 0; i--) r = nodeHashBin(nodes[i]!.hash, r);
  return Buffer.from(r, 'latin1').toString('hex');
}
