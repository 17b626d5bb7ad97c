// Restore: rebuild cells from the vault alone, with the backup private key, into a place that does not exist
// yet. For each cell: the last snapshot before the target, the segments after it up to the target, then the
// complete verify and a check against the checkpoint the vault's witness countersigned. Nothing is put in
// place unless every cell verifies; a failure leaves no half-restored data dir or schema behind.
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Kysely } from '../storage/index.ts';
import {
  createEventTree,
  importCheckpoints,
  createJournal,
  keyIdOf,
  readPublicKey,
  verifyCell,
  type CellDefinition,
  type JournalEvent,
  type JournalTables,
} from '../journal/index.ts';
import { verifySignature } from '../journal/signing.ts';
import type { Clock } from '../platform/clock.ts';
import {
  createStorage,
  existingCells,
  loadSnapshot,
  restoreStaging,
  schemaPrefixOf,
  snapshotFormatOf,
  type StorageConfig,
} from '../storage/index.ts';
import { ResilienceError } from './resilience-error.ts';
import {
  restoreReportText,
  type CellRestoreReport,
  type RestorePhaseName,
  type RestoreReport,
} from './restore-report.ts';
import { openFile, readFileDescriptor } from './seal.ts';
import type { VaultClient } from './vault-client.ts';
import { checkLogChain, witnessMessage, type LogEntry, type Witness } from './vault/index.ts';
import type { Checkpoint } from '../journal/index.ts';

/** Where to restore: a data dir (SQLite cells, keys, attachments), or a data dir plus PostgreSQL schemas. */
export type RestorePlace =
  | { dialect: 'sqlite'; dataDir: string }
  | { dialect: 'postgres'; dataDir: string; url: string; schemaPrefix: string };

export type RestoreTarget = { latest: true } | { seq: bigint } | { at: string };

export interface RestoreDeps {
  vault: VaultClient;
  /** The backup private key. */
  key: KeyObject;
  /** The cells to restore, by name, with the definitions replay and verify use (given the restored data dir). */
  cells: readonly string[];
  definitions: (dataDir: string) => ReadonlyArray<CellDefinition<JournalTables>>;
  into: RestorePlace;
  target: RestoreTarget;
  clock: Clock;
  /** The post's checkpoint keys; by default the public half of the restored keys/checkpoint.key. */
  checkpointKeys?: KeyObject[];
  progress?: (line: string) => void;
  /** Called as each phase ends (restoreWithProgress records them for the server to show). */
  phase?: (p: { phase: RestorePhaseName; cell: string | null; detail: string }) => void;
}

export type { CellRestoreReport, RestoreReport } from './restore-report.ts';
export { restoreReportText };

const sha256File = async (path: string): Promise<string> => {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
};

function targetText(t: RestoreTarget): string {
  return 'latest' in t ? 'latest' : 'seq' in t ? `seq ${t.seq}` : `time ${t.at}`;
}

function invalidSource(message: string, details?: Record<string, unknown>): ResilienceError {
  return new ResilienceError(
    'restore_source_invalid',
    `${message}; nothing was restored`,
    'Dữ liệu trong kho sao lưu không dùng được; chưa khôi phục gì',
    details,
  );
}

/** Restores the cells from the vault; throws (leaving nothing behind) unless every one verifies. */
export async function restoreFromVault(deps: RestoreDeps): Promise<RestoreReport> {
  const started = deps.clock.now();
  const t0 = performance.now();
  const say = deps.progress ?? (() => undefined);
  const phase = deps.phase ?? (() => undefined);
  const { into } = deps;
  const finalDir = resolve(into.dataDir);
  if (existsSync(finalDir) && readdirSync(finalDir).length > 0)
    throw new ResilienceError(
      'restore_destination_exists',
      `${finalDir} is not empty: restore into a new directory (move the damaged one aside as evidence first)`,
      'Thư mục khôi phục phải trống',
      { dir: finalDir },
    );
  const taken = await existingCells(into, deps.cells);
  if (taken.length > 0)
    throw new ResilienceError(
      'restore_destination_exists',
      `Schema ${taken.join(', ')} already exists: restore under another POSTCORE_SCHEMA_PREFIX (rename the damaged schema aside as evidence first)`,
      'Lược đồ khôi phục đã tồn tại',
    );
  if ('seq' in deps.target && deps.cells.length !== 1)
    throw new ResilienceError(
      'restore_target_invalid',
      'A seq names one event of one cell: give --cell with --to SEQ, or restore every cell to a time',
      'Số thứ tự chỉ áp dụng cho một phân hệ',
    );
  if ('at' in deps.target && !Number.isFinite(Date.parse(deps.target.at)))
    throw new ResilienceError(
      'restore_target_invalid',
      `--to ${deps.target.at} is neither a seq nor a time: give a whole number or an ISO time such as 2026-12-04T03:10:00Z`,
      'Mốc khôi phục không hợp lệ',
    );

  say(`reading the vault's log at ${deps.vault.url}`);
  const entries = await deps.vault.entries();
  checkLogChain(entries);
  const witnessKey = readPublicKey((await deps.vault.witnessKey()).public_key);
  phase({ phase: 'vault_log', cell: null, detail: `${entries.length} entries, chain intact` });

  const stage = `${finalDir}.restoring-${randomBytes(4).toString('hex')}`;
  const staging = restoreStaging(into, stage);
  const stageStorage = staging.config;
  mkdirSync(stage, { recursive: true, mode: 0o700 });
  const storage = await createStorage(stageStorage);
  let placed = false;
  try {
    const files = await restoreFiles(deps, entries, stage);
    say(`files: ${files.length} (keys, attachments)`);
    phase({ phase: 'files', cell: null, detail: `${files.length} files` });
    const definitions = deps.definitions(stage);
    const trusted =
      deps.checkpointKeys ??
      (existsSync(join(stage, 'keys', 'checkpoint.key.pub'))
        ? [readPublicKey(readFileSync(join(stage, 'keys', 'checkpoint.key.pub'), 'utf8'))]
        : []);
    const keys = new Map(trusted.map((k) => [keyIdOf(k), k]));
    const reports: CellRestoreReport[] = [];
    for (const name of deps.cells) {
      const def = definitions.find((d) => d.name === name);
      if (def === undefined)
        throw new ResilienceError(
          'restore_target_invalid',
          `Unknown cell ${name}`,
          `Không có phân hệ ${name}`,
        );
      reports.push(
        await restoreCell(deps, def, entries, storage, stage, stageStorage, keys, witnessKey, say, phase),
      );
    }
    await storage.close();
    // Every cell verified: put them in place.
    await staging.place(deps.cells);
    if (existsSync(finalDir)) rmdirSync(finalDir);
    mkdirSync(dirname(finalDir), { recursive: true });
    renameSync(stage, finalDir);
    placed = true;
    const prefix = schemaPrefixOf(into);
    const report: RestoreReport = {
      format: 'postcore-restore/1',
      ok: true,
      vault: deps.vault.url,
      target: targetText(deps.target),
      into: prefix === null ? finalDir : `${finalDir} + postgres schemas ${prefix}*`,
      schema_prefix: prefix,
      started_at: started.toISOString(),
      finished_at: deps.clock.now().toISOString(),
      rto_seconds: Math.round((performance.now() - t0) / 100) / 10,
      vault_log_entries: entries.length,
      files,
      cells: reports,
    };
    writeFileSync(join(finalDir, 'restore-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(finalDir, 'restore-report.txt'), restoreReportText(report));
    phase({ phase: 'placed', cell: null, detail: `${report.into}, RTO ${report.rto_seconds} s` });
    return report;
  } finally {
    if (!placed) {
      await storage.close().catch(() => undefined);
      rmSync(stage, { recursive: true, force: true });
      await staging.discard();
    }
  }
}

/** Downloads and opens one object named by a log entry, checking its hash and its sealed descriptor. */
async function fetchObject(
  deps: RestoreDeps,
  entry: LogEntry,
  path: string,
  expect: Record<string, unknown>,
): Promise<void> {
  const object = entry.body['object'] as string;
  const sealed = `${path}.sealed`;
  await deps.vault.download(object, sealed);
  try {
    const actual = await sha256File(sealed);
    if (actual !== object)
      throw invalidSource(
        `Object ${object} (log entry ${entry.seq}) came back with hash ${actual}: the vault's copy is damaged`,
        {
          object,
        },
      );
    const what = `${entry.kind} of ${entry.cell ?? 'the server'} (log entry ${entry.seq}, object ${object.slice(0, 12)}…)`;
    const descriptor = readFileDescriptor(sealed, what);
    for (const [k, v] of Object.entries(expect))
      if (descriptor[k] !== v)
        throw invalidSource(
          `The ${what} says ${k} ${JSON.stringify(descriptor[k])} inside its seal, the log says ${JSON.stringify(v)}`,
        );
    await openFile(sealed, path, deps.key, what);
  } catch (err) {
    rmSync(path, { force: true });
    throw err;
  } finally {
    rmSync(sealed, { force: true });
  }
}

async function restoreFiles(
  deps: RestoreDeps,
  entries: readonly LogEntry[],
  stage: string,
): Promise<string[]> {
  const newest = new Map<string, LogEntry>();
  for (const e of entries) if (e.kind === 'file') newest.set(e.body['name'] as string, e);
  const out: string[] = [];
  for (const [name, e] of newest) {
    const cell = name.startsWith('attachments/') ? name.split('/')[1] : undefined;
    if (cell !== undefined && !deps.cells.includes(cell)) continue;
    // keys/x stays keys/x; attachments/<cell>/<sha> goes to the attachment store's <2 hex>/<rest> layout.
    const rel = cell === undefined ? name : join('attachments', cell, name.slice(-64, -62), name.slice(-62));
    const path = join(stage, rel);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    await fetchObject(deps, e, path, { kind: 'file', name });
    out.push(name);
  }
  return out;
}

async function restoreCell(
  deps: RestoreDeps,
  def: CellDefinition<JournalTables>,
  entries: readonly LogEntry[],
  storage: Awaited<ReturnType<typeof createStorage>>,
  stage: string,
  stageStorage: StorageConfig,
  keys: ReadonlyMap<string, KeyObject>,
  witnessKey: KeyObject,
  say: (line: string) => void,
  phase: NonNullable<RestoreDeps['phase']>,
): Promise<CellRestoreReport> {
  const name = def.name;
  const target = deps.target;
  const mine = entries.filter((e) => e.cell === name);
  const snapshots = mine.filter((e) => e.kind === 'snapshot');
  const segments = mine.filter((e) => e.kind === 'segment');
  const vaultSeq = segments.reduce(
    (m, e) => Math.max(m, e.body['to'] as number),
    snapshots.reduce((m, e) => Math.max(m, e.body['seq'] as number), 0),
  );
  if (snapshots.length === 0)
    throw new ResilienceError(
      'restore_before_first_snapshot',
      `The vault holds no snapshot of cell ${name}: it cannot be restored from this vault`,
      'Kho sao lưu chưa có bản chụp của phân hệ này',
      { cell: name },
    );
  if ('seq' in target && target.seq > BigInt(vaultSeq))
    throw new ResilienceError(
      'restore_target_invalid',
      `Cell ${name} has events up to seq ${vaultSeq} in the vault, not ${target.seq}: give a seq up to ${vaultSeq}`,
      'Mốc khôi phục vượt quá dữ liệu trong kho',
      { cell: name, vault_seq: vaultSeq },
    );
  const fits = (e: LogEntry) =>
    'latest' in target
      ? true
      : 'seq' in target
        ? BigInt(e.body['seq'] as number) <= target.seq
        : e.body['at'] === null || Date.parse(e.body['at'] as string) <= Date.parse(target.at);
  const snap = snapshots.filter(fits).pop();
  if (snap === undefined)
    throw new ResilienceError(
      'restore_before_first_snapshot',
      `The target (${targetText(target)}) is before cell ${name}'s first snapshot in the vault (seq ${String(snapshots[0]!.body['seq'])}, ${String(snapshots[0]!.body['at'])}): choose a later target`,
      'Mốc khôi phục trước bản chụp đầu tiên trong kho',
      { cell: name },
    );
  const snapSeq = snap.body['seq'] as number;
  const format = snapshotFormatOf(snap.body['dialect']);
  say(`${name}: snapshot at seq ${snapSeq} (log entry ${snap.seq})`);
  const file = join(stage, `${name}.snapshot`);
  await fetchObject(deps, snap, file, { kind: 'snapshot', cell: name, seq: snapSeq, format });
  const cellDb = await loadSnapshot<JournalTables>(storage, name, file, format, def.migrations);
  rmSync(file, { force: true });
  phase({ phase: 'snapshot', cell: name, detail: `seq ${snapSeq}` });
  const journal = createJournal({ cell: def, db: cellDb.db, clock: deps.clock });
  let head = (await journal.head()).seq;
  if (head !== BigInt(snapSeq))
    throw invalidSource(`The snapshot of ${name} holds seq ${head}, its log entry says ${snapSeq}`);

  let used = 0;
  let replayed = 0;
  let lastAt: string | null = (snap.body['at'] as string | null) ?? null;
  const wanted = segments
    .filter((e) => (e.body['to'] as number) > snapSeq)
    .sort((a, b) => (a.body['from'] as number) - (b.body['from'] as number));
  outer: for (const seg of wanted) {
    if ('seq' in target && BigInt(seg.body['from'] as number) > target.seq) break;
    if ('at' in target && Date.parse(seg.body['first_at'] as string) > Date.parse(target.at)) break;
    if (BigInt(seg.body['from'] as number) > head + 1n)
      throw invalidSource(
        `Cell ${name}: the vault's segments jump from seq ${head} to ${String(seg.body['from'])}`,
      );
    const path = join(stage, `${name}.segment`);
    await fetchObject(deps, seg, path, {
      kind: 'segment',
      cell: name,
      from: seg.body['from'],
      to: seg.body['to'],
    });
    const text = gunzipSync(readFileSync(path)).toString('utf8');
    rmSync(path, { force: true });
    used++;
    const batch: JournalEvent[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const raw = JSON.parse(line) as JournalEvent & { seq: string };
      const event: JournalEvent = { ...raw, seq: BigInt(raw.seq) };
      if (event.seq <= head) continue;
      if ('seq' in target && event.seq > target.seq) break;
      if ('at' in target && Date.parse(event.at) > Date.parse(target.at)) {
        if (batch.length > 0) await journal.transaction((trx) => journal.importEvents(trx, batch));
        replayed += batch.length;
        if (batch.length > 0) lastAt = batch[batch.length - 1]!.at;
        head = batch.length > 0 ? batch[batch.length - 1]!.seq : head;
        batch.length = 0;
        break outer;
      }
      batch.push(event);
    }
    try {
      if (batch.length > 0) await journal.transaction((trx) => journal.importEvents(trx, batch));
    } catch (err) {
      throw invalidSource(
        `Cell ${name}: the events of segment ${String(seg.body['from'])}-${String(seg.body['to'])} do not extend the journal (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    if (batch.length > 0) {
      replayed += batch.length;
      lastAt = batch[batch.length - 1]!.at;
      head = batch[batch.length - 1]!.seq;
    }
    if ('seq' in target && head >= target.seq) break;
  }
  // The checkpoints cut after the snapshot, from the vault's log (verify checks them with the rest).
  const added = await importCheckpoints(
    cellDb.db,
    mine.filter((e) => e.kind === 'checkpoint').map((e) => e.body['checkpoint'] as Checkpoint),
    head,
  );
  say(
    `${name}: ${replayed} events from ${used} segments after the snapshot, ${added} checkpoints; head seq ${head}; verifying`,
  );
  phase({
    phase: 'segments',
    cell: name,
    detail: `${replayed} events from ${used} segments, head seq ${head}`,
  });

  const verify = await verifyCell({
    cell: def,
    db: cellDb.db,
    storage,
    clock: deps.clock,
    keys,
    parallel: { storage: stageStorage, workers: availableParallelism() },
  });
  if (!verify.ok) {
    const first = verify.failures[0]!;
    throw new ResilienceError(
      'restore_verify_failed',
      `Cell ${name} restored to seq ${head} fails verify at seq ${first.seq} [${first.check}] ${first.message}; nothing was put in place`,
      'Dữ liệu khôi phục không qua được kiểm tra; chưa thay thế gì',
      { cell: name, failures: verify.failures.slice(0, 10) },
    );
  }
  const witnessed = await checkWitness(name, cellDb.db, head, mine, witnessKey);
  const summary = await def.summary?.(cellDb.db);
  say(
    `${name}: verified${witnessed === null ? '' : `; matches the vault's countersigned checkpoint of ${witnessed.size} events`}`,
  );
  phase({
    phase: 'verified',
    cell: name,
    detail: `${verify.checkpoints} checkpoints${witnessed === null ? '' : `, countersigned ${witnessed.size}`}`,
  });
  return {
    cell: name,
    snapshot_seq: snapSeq,
    segments: used,
    events_replayed: replayed,
    head_seq: head.toString(),
    last_event_at: lastAt,
    vault_seq: vaultSeq,
    events_not_restored: vaultSeq - Number(head),
    digest: verify.digest,
    verify,
    witnessed,
    ...(summary === undefined ? {} : { summary }),
  };
}

/**
 * The newest checkpoint the vault's witness countersigned within the restored journal: its witness signature
 * checked with the vault's key, and its root recomputed from the restored events.
 */
async function checkWitness(
  cell: string,
  db: Kysely<JournalTables>,
  head: bigint,
  entries: readonly LogEntry[],
  witnessKey: KeyObject,
): Promise<CellRestoreReport['witnessed']> {
  const witnessedEntries = entries
    .filter((e) => e.kind === 'checkpoint')
    .map((e) => ({ checkpoint: e.body['checkpoint'] as Checkpoint, witness: e.body['witness'] as Witness }))
    .filter((w) => BigInt(w.checkpoint.size) <= head);
  const newest = witnessedEntries.pop();
  if (newest === undefined) return null;
  const { checkpoint, witness } = newest;
  if (!verifySignature(witnessKey, witnessMessage(checkpoint), witness.signature))
    throw invalidSource(
      `The vault's countersignature on checkpoint ${cell}@${checkpoint.size} does not verify with its witness key`,
    );
  const tree = createEventTree(db);
  await tree.extend();
  const root = (await tree.root(checkpoint.size)).toString('hex');
  if (root !== checkpoint.root)
    throw new ResilienceError(
      'restore_verify_failed',
      `Cell ${cell}: the restored events give root ${root} at size ${checkpoint.size}, the checkpoint the vault countersigned says ${checkpoint.root}; nothing was put in place`,
      'Dữ liệu khôi phục không khớp với điểm kiểm đã được kho sao lưu xác nhận',
      { cell, size: checkpoint.size },
    );
  return { size: checkpoint.size, root, witness_key_id: witness.key_id, witnessed_at: witness.at };
}
