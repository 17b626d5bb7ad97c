// A cell's journal verified on its own, without replaying it: the chain (on one thread, or on workers for a
// large journal), every checkpoint's signature, root and consistency with the one before, and every node of
// the stored Merkle tree.
import type { KeyObject } from 'node:crypto';
import type { Kysely } from '../storage/index.ts';
import { hashEvent } from './chain.ts';
import { checkSignature, toCheckpoint, type Checkpoint } from './checkpoint.ts';
import type { JournalTables } from './journal-event.ts';
import * as repo from './journal.repository.ts';
import { Frontier, leafHash, nodeHash, rangeNodes, verifyConsistency, verifyInclusion } from './merkle.ts';
import { createEventTree, eventLeaf } from './tree.ts';
import { PAGE, verifyChain, type ChainOptions } from './verify-chain.ts';
import { verifyChainParallel } from './verify-parallel.ts';
import type {
  JournalVerifyReport,
  ParallelOptions,
  VerifyCheck,
  VerifyDeps,
  VerifyFailure,
} from './verify.types.ts';

/**
 * The checkpoints' own checks: each signed by a trusted key, each tree consistent with the one before by the
 * stored tree's proof, and (with --since) the starting point rebuilt from the stored tree and proven against
 * the signed root it starts from.
 */
async function checkCheckpoints(
  db: Kysely<JournalTables>,
  cell: string,
  checkpoints: readonly Checkpoint[],
  keys: ReadonlyMap<string, KeyObject> | undefined,
): Promise<VerifyFailure[]> {
  const failures: VerifyFailure[] = [];
  const tree = createEventTree(db);
  const treeSize = await tree.size();
  for (const [i, c] of checkpoints.entries()) {
    const seq = c.size.toString();
    if (keys === undefined || keys.size === 0)
      failures.push({
        check: 'checkpoint_key',
        seq,
        message: `checkpoint ${cell}@${c.size} cannot be checked: no public key was given (pass --key, or keep the key file in the data dir)`,
      });
    else {
      const bad = checkSignature(c, keys);
      if (bad !== undefined) failures.push({ ...bad, seq });
    }
    const previous = checkpoints[i - 1];
    if (previous === undefined) continue;
    if (Date.parse(c.at) < Date.parse(previous.at))
      failures.push({
        check: 'checkpoint_consistency',
        seq,
        message: `checkpoint ${cell}@${c.size} is dated ${c.at}, before checkpoint ${cell}@${previous.size} (${previous.at})`,
      });
    if (c.size > treeSize) {
      failures.push({
        check: 'tree',
        seq,
        message: `the stored Merkle tree covers ${treeSize} events, less than checkpoint ${cell}@${c.size}`,
      });
      continue;
    }
    const proof = await tree.consistency(previous.size, c.size);
    const hex = (h: string) => Buffer.from(h, 'hex');
    if (!verifyConsistency(previous.size, c.size, hex(previous.root), hex(c.root), proof))
      failures.push({
        check: 'checkpoint_consistency',
        seq,
        message: `checkpoint ${cell}@${c.size} is not proven to extend checkpoint ${cell}@${previous.size} by the stored tree`,
      });
  }
  return failures;
}

/** Where a --since walk starts: the checkpoint's edge of the stored tree, proven against its signed root. */
async function startAt(
  db: Kysely<JournalTables>,
  c: Checkpoint,
): Promise<{ seq: bigint; hash: string; frontier: Frontier } | VerifyFailure> {
  const seq = c.size.toString();
  const tree = createEventTree(db);
  if ((await tree.size()) < c.size)
    return {
      check: 'tree',
      seq,
      message: `the stored Merkle tree does not reach checkpoint ${c.cell}@${c.size}`,
    };
  const nodes = rangeNodes(0, c.size);
  const found = await repo.findTreeNodes(db, nodes);
  const edge = nodes.map((n) => ({
    level: n.level,
    hash: found.get(`${n.level}:${n.idx}`) ?? '',
  }));
  const frontier = Frontier.fromHex(c.size, edge);
  const event = await repo.findEvent(db, BigInt(c.size));
  const root = Buffer.from(c.root, 'hex');
  if (frontier.root() !== c.root || event === undefined)
    return {
      check: 'tree',
      seq,
      message: `the stored tree or event ${c.size} does not match checkpoint ${c.cell}@${c.size}: verify without --since`,
    };
  const { proof } = await tree.inclusion(event.seq, c.size);
  if (
    hashEvent(event) !== event.hash ||
    !verifyInclusion(c.size - 1, c.size, eventLeaf(event.hash), proof, root)
  )
    return {
      check: 'hash',
      seq,
      message: `event ${c.size}, the last one checkpoint ${c.cell}@${c.size} covers, is not the one it signed`,
    };
  return { seq: event.seq, hash: event.hash, frontier };
}

/**
 * Verifies a cell's journal on its own, without replaying it: the chain, every checkpoint's signature, its
 * root recomputed from the events and its consistency with the one before, and the stored tree. With `since`
 * it starts from that checkpoint's signed root. Call it inside a snapshot transaction.
 */
export async function verifyJournal(
  db: Kysely<JournalTables>,
  options: {
    cell: string;
    keys?: ReadonlyMap<string, KeyObject>;
    since?: VerifyDeps<JournalTables>['since'];
    maxFailures?: number;
    parallel?: Omit<ParallelOptions, 'cell'> & { cell?: string };
  },
): Promise<JournalVerifyReport> {
  const failures: VerifyFailure[] = [];
  let checkpoints = (await repo.listCheckpoints(db, {}, Number.MAX_SAFE_INTEGER)).map((r) =>
    toCheckpoint(options.cell, r),
  );
  let from: ChainOptions['from'];
  let since: number | undefined;
  if (options.since !== undefined) {
    const target = options.since;
    const c =
      typeof target === 'number'
        ? checkpoints.find((x) => x.size === target)
        : checkpoints.filter((x) => x.at <= target.at).at(-1);
    if (c === undefined) {
      failures.push({
        check: 'checkpoint_root',
        seq: '0',
        message: `cell ${options.cell} has no checkpoint ${typeof target === 'number' ? `of size ${target}` : `at or before ${target.at}`} to verify from`,
      });
      return { failures, events: 0n, headSeq: 0n, checkpoints: 0 };
    }
    since = c.size;
    checkpoints = checkpoints.filter((x) => x.size >= c.size);
    const start = await startAt(db, c);
    if ('check' in start) {
      failures.push(start);
      return { failures, events: 0n, headSeq: 0n, checkpoints: 0, since };
    }
    from = start;
  }
  failures.push(...(await checkCheckpoints(db, options.cell, checkpoints, options.keys)));
  const treeSize = await repo.treeSize(db);
  const head = await repo.readHead(db);
  const parallel = options.parallel;
  const chain =
    parallel !== undefined &&
    parallel.workers > 1 &&
    from === undefined &&
    head.seq >= 2n * 2n ** BigInt(parallel.blockBits ?? 16)
      ? await verifyChainParallel(db, {
          ...parallel,
          cell: parallel.cell ?? options.cell,
          checkpoints,
          rootAt: treeSize,
          maxFailures: options.maxFailures ?? 20,
        })
      : await verifyChain(db, {
          ...(options.maxFailures === undefined ? {} : { maxFailures: options.maxFailures }),
          checkpoints,
          ...(from === undefined ? {} : { from }),
          rootAt: treeSize,
        });
  // By seq, then by check: the same order whichever walk found them.
  const order: VerifyCheck[] = ['seq', 'hash', 'prev', 'checkpoint_root', 'head'];
  failures.push(
    ...chain.failures.sort(
      (a, b) => Number(BigInt(a.seq) - BigInt(b.seq)) || order.indexOf(a.check) - order.indexOf(b.check),
    ),
  );
  if (treeSize > 0 && chain.rootAt !== undefined && chain.failures.length === 0) {
    const stored = await createEventTree(db).root(treeSize);
    if (stored.toString('hex') !== chain.rootAt)
      failures.push({
        check: 'tree',
        seq: treeSize.toString(),
        message: `the stored Merkle tree of ${treeSize} events does not match the events' hashes (journal_tree was changed)`,
      });
  }
  if (since === undefined && chain.failures.length === 0)
    failures.push(...(await checkTreeNodes(db, treeSize)));
  if (since === undefined) {
    const stats = await repo.eventStats(db);
    if (stats.count !== chain.events)
      failures.push({
        check: 'seq',
        seq: chain.last.seq.toString(),
        message: `${stats.count - chain.events} stored event(s) have a seq outside the chain (zero, negative or null)`,
      });
  }
  return {
    failures,
    events: chain.events,
    headSeq: chain.last.seq,
    checkpoints: checkpoints.length,
    ...(since === undefined ? {} : { since }),
  };
}

/**
 * Every stored Merkle node, not only those a root or a proof of today reads: each leaf is its event's hash, each
 * node above the hash of its two children, and each level holds exactly the complete subtrees of the tree's
 * size. A node edited anywhere would otherwise surface only in a receipt issued later, with a forged path.
 */
async function checkTreeNodes(db: Kysely<JournalTables>, size: number): Promise<VerifyFailure[]> {
  const failures: VerifyFailure[] = [];
  const fail = (level: number, idx: number | bigint, what: string) =>
    failures.push({
      check: 'tree',
      seq: size.toString(),
      table: 'journal_tree',
      key: { level: level.toString(), idx: idx.toString() },
      message: `journal_tree node ${level}:${idx} ${what} (journal_tree was changed)`,
    });
  for (const s of await repo.treeShape(db)) {
    const level = Number(s.level);
    const expected = level >= 0 && level < 64 ? Math.floor(size / 2 ** level) : 0;
    if (s.count !== BigInt(expected) || (expected > 0 && s.low !== 0n))
      fail(
        level,
        s.low,
        `starts a level of ${s.count} node(s) where a tree of ${size} events has ${expected}`,
      );
  }
  if (failures.length > 0) return failures;
  const hex = (h: string) => Buffer.from(h, 'hex');
  for (let level = 0; 2 ** level <= size; level++) {
    const count = Math.floor(size / 2 ** level);
    for (let from = 0; from < count; from += PAGE) {
      const to = Math.min(count, from + PAGE);
      const nodes = await repo.scanTreeLevel(db, level, from, to);
      let expected: Buffer[];
      if (level === 0)
        expected = (await repo.eventHashesAfter(db, BigInt(from), to - from)).map((e) =>
          leafHash(hex(e.hash)),
        );
      else {
        const children = await repo.scanTreeLevel(db, level - 1, 2 * from, 2 * to);
        expected = [];
        for (let i = 0; i + 1 < children.length; i += 2)
          expected.push(nodeHash(hex(children[i]!.hash), hex(children[i + 1]!.hash)));
      }
      // Compared as text: a stored hash with a stray character would decode to the same bytes.
      const bad = nodes.find((n, i) => n.hash !== expected[i]?.toString('hex'));
      if (bad !== undefined) {
        fail(level, bad.idx, `is not the hash of ${level === 0 ? 'its event' : 'its two children'}`);
        return failures;
      }
    }
  }
  return failures;
}
