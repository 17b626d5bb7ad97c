import type { KeyObject } from 'node:crypto';
import type { Kysely } from '../storage/index.ts';
import type { Clock } from '../platform/clock.ts';
import { isDomainError } from '../platform/errors.ts';
import { snapshotTransaction, type MigrationSet, type Storage } from '../storage/index.ts';
import { GENESIS_HASH, hashEvent } from './chain.ts';
import { checkSignature, toCheckpoint, type Checkpoint } from './checkpoint.ts';
import { digestTables, firstDifference } from './digest.ts';
import type { CellDefinition, JournalTables } from './journal-event.ts';
import { createJournal } from './journal.ts';
import * as repo from './journal.repository.ts';
import { Frontier, leafHash, nodeHash, rangeNodes, verifyConsistency, verifyInclusion } from './merkle.ts';
import { replayCell } from './replay.ts';
import { checkEvent, verifyChainParallel, type ParallelOptions } from './verify-parallel.ts';
import { createEventTree, eventLeaf } from './tree.ts';

export type VerifyCheck =
  | 'seq'
  | 'prev'
  | 'hash'
  | 'head'
  | 'checkpoint_key'
  | 'checkpoint_signature'
  | 'checkpoint_root'
  | 'checkpoint_consistency'
  | 'tree'
  | 'replay'
  | 'projection'
  | 'invariant'
  | 'consumer'
  | 'canary'
  | 'bookkeeping'
  | 'unknown_table';

export interface VerifyFailure {
  check: VerifyCheck;
  /** The event's seq, or for a projection the journal head it was compared at. */
  seq: string;
  table?: string;
  key?: Record<string, string>;
  message: string;
}

export interface CellVerifyReport {
  cell: string;
  ok: boolean;
  /** Events walked: every one, or with `since` the ones after it. */
  events: string;
  headSeq: string;
  /** Signed checkpoints checked (signature, root from the events, consistency with the one before). */
  checkpoints: number;
  /** The checkpoint size the walk started after (--since); the replay does not run then. */
  since?: number;
  /** Digest of the live projection tables (absent when replay did not run). */
  digest?: string;
  failures: VerifyFailure[];
  ms: number;
}

export interface VerifyDeps<DB extends JournalTables> {
  cell: CellDefinition<DB>;
  db: Kysely<DB>;
  storage: Storage;
  clock: Clock;
  /** Stop collecting chain failures after this many. */
  maxFailures?: number;
  /** The post's checkpoint keys by id; a checkpoint signed by any other key fails verify. */
  keys?: ReadonlyMap<string, KeyObject>;
  /**
   * Verify only what is newer than this checkpoint (a size in this cell, or the newest one at or before a
   * time): the walk starts from its signed root; the replay is skipped.
   */
  since?: number | { at: string };
  /**
   * Walk the journal on worker threads, each with its own connection (large journals; not with `since`);
   * `cell` names the database when it is not the cell's name.
   */
  parallel?: Omit<ParallelOptions, 'cell'> & { cell?: string };
  /** The hash of another cell's event at a seq (undefined past its end): checks this cell's consumer positions. */
  sourceHash?: (source: string, seq: bigint) => Promise<string | undefined>;
  /**
   * The canary rows detection plants in this cell: their names, and their values when the sealing key they are
   * derived from is at hand. A cell where none were planted yet (never served) has none.
   */
  canaries?: {
    rows: ReadonlyArray<{ name: string; value?: string }>;
    /** Detection planted them (its files are in the data dir): an empty table is then a finding too. */
    planted?: boolean;
  };
}

const PAGE = 5000;

export interface ChainOptions {
  maxFailures?: number;
  /** Checkpoints (ascending by size) whose roots are recomputed from the events as the walk passes them. */
  checkpoints?: readonly Checkpoint[];
  /** Start after this verified point instead of the genesis: the last event's seq and hash, and the tree's edge. */
  from?: { seq: bigint; hash: string; frontier: Frontier };
  /** Also keep the root at this many events (the stored tree's size), to compare with the stored tree. */
  rootAt?: number;
}

/**
 * Walks the stored chain: gapless seq, prev links, recomputed hashes, a head that matches the end, and the
 * Merkle root of every checkpoint's size recomputed from the events' hashes.
 */
export async function verifyChain(
  db: Kysely<JournalTables>,
  options: ChainOptions = {},
): Promise<{
  failures: VerifyFailure[];
  events: bigint;
  last: { seq: bigint; hash: string };
  /** The recomputed root at `rootAt` (hex), when the walk got that far. */
  rootAt?: string;
}> {
  const maxFailures = options.maxFailures ?? 20;
  const failures: VerifyFailure[] = [];
  let expectSeq = (options.from?.seq ?? 0n) + 1n;
  let prevHash = options.from?.hash ?? GENESIS_HASH;
  let events = 0;
  let after = options.from?.seq ?? 0n;
  let last = { seq: after, hash: prevHash };
  const frontier = options.from?.frontier ?? new Frontier();
  const checkpoints = (options.checkpoints ?? []).filter((c) => c.size > frontier.size);
  let nextCheckpoint = 0;
  let rootAt: string | undefined;
  const fail = (f: VerifyFailure) => {
    if (failures.length < maxFailures) failures.push(f);
  };
  for (;;) {
    const rows = await repo.scanEventsAfter(db, after, PAGE);
    for (const row of rows) {
      const recomputed = checkEvent(row, expectSeq, prevHash, fail);
      frontier.push(recomputed);
      if (frontier.size === options.rootAt) rootAt = frontier.root();
      for (
        let c = checkpoints[nextCheckpoint];
        c?.size === frontier.size;
        c = checkpoints[++nextCheckpoint]
      ) {
        const root = frontier.root();
        if (root !== c.root)
          fail({
            check: 'checkpoint_root',
            seq: row.seq.toString(),
            message: `checkpoint ${c.cell}@${c.size} signed root ${c.root.slice(0, 16)}…, but the first ${c.size} events give ${root.slice(0, 16)}… (history was rewritten after it was signed)`,
          });
      }
      prevHash = row.hash;
      expectSeq = row.seq + 1n;
    }
    events += rows.length;
    const end = rows.at(-1);
    if (end !== undefined) last = { seq: end.seq, hash: end.hash };
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.seq;
  }
  for (const c of checkpoints.slice(nextCheckpoint))
    fail({
      check: 'checkpoint_root',
      seq: last.seq.toString(),
      message: `checkpoint ${c.cell}@${c.size} covers ${c.size} events but the journal holds ${frontier.size} (signed events were deleted)`,
    });
  const head = await repo.readHead(db);
  if (head.seq !== last.seq || head.hash !== last.hash) {
    fail({
      check: 'head',
      seq: head.seq.toString(),
      message: `the journal head says seq ${head.seq} but the stored events end at seq ${last.seq} (events removed or added behind the journal)`,
    });
  }
  return { failures, events: BigInt(events), last, ...(rootAt === undefined ? {} : { rootAt }) };
}

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

export interface JournalVerifyReport {
  failures: VerifyFailure[];
  /** Events walked: every one, or with `since` the ones after it. */
  events: bigint;
  /** The last event walked (seq 0 when none was). */
  headSeq: bigint;
  checkpoints: number;
  since?: number;
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

/** What the code expects of Kysely's bookkeeping: every migration it knows run once, none it does not, no lock held. */
async function checkBookkeeping(
  db: Kysely<JournalTables>,
  code: MigrationSet,
  seq: string,
): Promise<VerifyFailure[]> {
  const failures: VerifyFailure[] = [];
  const fail = (table: string, key: Record<string, string>, message: string) =>
    failures.push({ check: 'bookkeeping', seq, table, key, message: `${table}: ${message}` });
  const { migrations, locks } = await repo.readMigrationBookkeeping(db);
  const known = Object.keys(code).sort();
  const recorded = migrations.map((m) => m.name);
  for (const name of known.filter((n) => !recorded.includes(n)))
    fail('kysely_migration', { name }, `migration ${name} of the code is not recorded as run`);
  for (const name of recorded.filter((n) => !known.includes(n)))
    fail(
      'kysely_migration',
      { name },
      `migration ${name} is recorded as run but the code has no such migration`,
    );
  let previous = '';
  for (const m of migrations) {
    const at = Date.parse(m.timestamp);
    if (!Number.isFinite(at) || m.timestamp < previous)
      fail(
        'kysely_migration',
        { name: m.name },
        `migration ${m.name} is recorded as run at ${JSON.stringify(m.timestamp)}, not a time after the migration before it`,
      );
    previous = m.timestamp;
  }
  const lock = locks.find((l) => l.id === 'migration_lock');
  if (locks.length !== 1 || lock === undefined || lock.is_locked !== 0)
    fail(
      'kysely_migration_lock',
      { id: lock?.id ?? locks[0]?.id ?? '' },
      `expected one row migration_lock, not locked; found ${JSON.stringify(locks)}`,
    );
  return failures;
}

/**
 * The tables verify does not rebuild: consumer positions against the events they name in their sources,
 * the canaries against what detection planted, Kysely's bookkeeping against the code, and any table the
 * cell does not define, which is itself a finding.
 */
async function checkOtherTables<DB extends JournalTables>(
  deps: VerifyDeps<DB>,
  db: Kysely<JournalTables>,
  seq: string,
): Promise<VerifyFailure[]> {
  const failures: VerifyFailure[] = [];
  const known = new Set<string>([
    ...JOURNAL_TABLES,
    ...BOOKKEEPING_TABLES,
    ...deps.cell.projections.map((p) => p.table),
  ]);
  for (const table of await repo.listTables(db))
    if (!known.has(table))
      failures.push({
        check: 'unknown_table',
        seq,
        table,
        message: `table ${table} is in cell ${deps.cell.name}'s database but the cell defines no such table (added behind the code)`,
      });
  failures.push(...(await checkBookkeeping(db, deps.cell.migrations, seq)));
  for (const c of await repo.listConsumerPositions(db)) {
    const where = { table: 'journal_consumer', key: { source: c.source } };
    if (c.seq === 0n && c.hash === null) continue;
    // A position kept before consumers recorded hashes (null) is checked for its seq alone.
    const found = deps.sourceHash === undefined ? c.hash : await deps.sourceHash(c.source, c.seq);
    if (c.seq <= 0n || found === undefined || (c.hash !== null && found !== c.hash))
      failures.push({
        check: 'consumer',
        seq,
        ...where,
        message: `journal_consumer says cell ${deps.cell.name} applied ${c.source}'s events up to seq ${c.seq} (hash ${String(c.hash).slice(0, 16)}…), but ${c.source}'s event there ${found === undefined ? 'does not exist' : `has hash ${String(found).slice(0, 16)}…`}`,
      });
  }
  if (deps.canaries !== undefined) {
    const rows = await repo.readCanaries(db);
    const expected = deps.canaries.rows;
    const wrong =
      rows.length === 0 && deps.canaries.planted !== true
        ? []
        : [
            ...expected
              .filter((e) => {
                const r = rows.find((x) => x.name === e.name);
                return r === undefined || (e.value !== undefined && r.value !== e.value);
              })
              .map((e) => e.name),
            ...rows.filter((r) => !expected.some((e) => e.name === r.name)).map((r) => r.name),
          ];
    if (wrong.length > 0)
      failures.push({
        check: 'canary',
        seq,
        table: 'journal_canary',
        key: { name: wrong.join(',') },
        message: `the canary rows of cell ${deps.cell.name} were changed (${wrong.join(', ')}): someone wrote to its database behind the API`,
      });
  }
  return failures;
}

/** The journal's own tables, each checked by verifyJournal or checkOtherTables. */
const JOURNAL_TABLES = [
  'journal_event',
  'journal_head',
  'journal_consumer',
  'journal_tree',
  'journal_checkpoint',
  'journal_canary',
] as const satisfies ReadonlyArray<keyof JournalTables>;
const BOOKKEEPING_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/**
 * Verifies one cell: its journal (verifyJournal), then a replay of its journal into an empty database whose
 * table digest must equal the live one (the first differing row is named), then the cell's own invariants.
 * Everything live is read from one snapshot, so a cell that keeps serving during verify is not reported as
 * tampered. With `since` the replay is skipped.
 */
export async function verifyCell<DB extends JournalTables>(deps: VerifyDeps<DB>): Promise<CellVerifyReport> {
  const started = performance.now();
  const { cell } = deps;
  return snapshotTransaction(deps.db, async (db) => {
    const journal = await verifyJournal(db as unknown as Kysely<JournalTables>, {
      cell: cell.name,
      ...(deps.keys === undefined ? {} : { keys: deps.keys }),
      ...(deps.since === undefined ? {} : { since: deps.since }),
      ...(deps.maxFailures === undefined ? {} : { maxFailures: deps.maxFailures }),
      ...(deps.parallel === undefined ? {} : { parallel: deps.parallel }),
    });
    const failures = [...journal.failures];
    const headSeq = journal.headSeq.toString();
    let digest: string | undefined;
    if (failures.length === 0 && deps.since === undefined) {
      const result = await compareWithReplay(deps, db, journal.headSeq);
      digest = result.digest;
      failures.push(...result.failures);
    }
    failures.push(...(await checkOtherTables(deps, db as unknown as Kysely<JournalTables>, headSeq)));
    for (const broken of (await cell.invariants?.(db)) ?? []) {
      failures.push({ check: 'invariant', seq: headSeq, message: broken });
    }
    return {
      cell: cell.name,
      ok: failures.length === 0,
      events: journal.events.toString(),
      headSeq,
      checkpoints: journal.checkpoints,
      ...(journal.since === undefined ? {} : { since: journal.since }),
      ...(digest === undefined ? {} : { digest }),
      failures,
      ms: Math.round(performance.now() - started),
    };
  });
}

async function compareWithReplay<DB extends JournalTables>(
  deps: VerifyDeps<DB>,
  db: Kysely<DB>,
  toSeq: bigint,
): Promise<{ digest?: string; failures: VerifyFailure[] }> {
  const { cell } = deps;
  const headSeq = toSeq.toString();
  const source = createJournal({ cell, db, clock: deps.clock });
  let replay;
  try {
    replay = await replayCell({ cell, source, storage: deps.storage, clock: deps.clock, toSeq });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const seq = isDomainError(err) ? (err.details?.['seq'] as string | undefined) : undefined;
    return { failures: [{ check: 'replay', seq: seq ?? headSeq, message: `replay failed: ${detail}` }] };
  }
  const failures: VerifyFailure[] = [];
  try {
    const live = await digestTables(db, cell.projections);
    const rebuilt = await digestTables(replay.scratch.db, cell.projections);
    for (const p of cell.projections) {
      const a = live.tables.find((t) => t.table === p.table);
      const b = rebuilt.tables.find((t) => t.table === p.table);
      if (a?.digest === b?.digest) continue;
      const diff = await firstDifference(db, replay.scratch.db, p);
      const key = diff === undefined ? {} : diff.key;
      const keyText = Object.entries(key)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      const what =
        diff === undefined
          ? 'digests differ'
          : diff.live === undefined
            ? `row ${keyText} is missing from the live table`
            : diff.replayed === undefined
              ? `row ${keyText} exists live but not in the replay`
              : `row ${keyText} differs: ${describeRowDiff(diff.live, diff.replayed)}`;
      failures.push({
        check: 'projection',
        seq: headSeq,
        table: p.table,
        key,
        message: `table ${p.table} does not match a replay of the journal up to seq ${headSeq}: ${what}`,
      });
    }
    return { digest: live.digest, failures };
  } finally {
    await replay.scratch.drop();
  }
}

function describeRowDiff(live: Record<string, unknown>, replayed: Record<string, unknown>): string {
  const cols = new Set([...Object.keys(live), ...Object.keys(replayed)]);
  const parts: string[] = [];
  for (const c of cols) {
    if (JSON.stringify(live[c]) !== JSON.stringify(replayed[c]))
      parts.push(`${c} is ${JSON.stringify(live[c])}, journal says ${JSON.stringify(replayed[c])}`);
  }
  return parts.join('; ');
}
