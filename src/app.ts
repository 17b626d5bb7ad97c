// Wiring: config -> storage -> journal -> cells -> http. The one place that knows every part.
import { createHash, hkdfSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { coreCell, createCore, type Core, type CoreTables } from './cells/core/index.ts';
import {
  createDelivery,
  deliveryCell,
  deliveryRoutes,
  loadDemoParcels,
  type Delivery,
  type DeliveryTables,
  type NetworkSnapshot,
  type NetworkSource,
} from './cells/delivery/index.ts';
import {
  chartConsumer,
  deliveryConsumer,
  createFinance,
  financeCell,
  financeRoutes,
  type Finance,
  type FinanceTables,
  type LedgerAlarm,
} from './cells/finance/index.ts';
import type { Config } from './config.ts';
import { ConfigError } from './config.ts';
import {
  createIncidents,
  modeRefusal,
  securityCell,
  securityRoutes,
  type EvidenceView,
  type Incidents,
  type SecurityTables,
} from './cells/security/index.ts';
import { captureEvidence } from './resilience/evidence.ts';
import { ResilienceError } from './resilience/resilience-error.ts';
import type { RestoreReport } from './resilience/restore.ts';
import { guardedRoutes, writes } from './http/cell-guard.ts';
import { checkpointRoutes } from './http/checkpoints.routes.ts';
import { statusRoutes } from './http/status.routes.ts';
import {
  canaryKeyOf,
  canaryRows,
  canariesPlanted,
  createDetector,
  type DetectionThresholds,
  type Detector,
} from './resilience/detection/index.ts';
import { createShipper, serverFiles, type ShippedCell, type Shipper } from './resilience/shipping.ts';
import { readBackupPublicKey } from './resilience/seal.ts';
import { createVaultClient } from './resilience/vault-client.ts';
import { buildServer, type Server } from './http/server.ts';
import { coreAuthorizer } from './access.ts';
import { ERROR_STATUS } from './error-status.ts';
import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  createCheckpoints,
  createConsumer,
  createJournal,
  JournalError,
  keyIdOf,
  loadOrCreateSigner,
  readSigner,
  readSignerPublicKey,
  verifyCell,
  type CellDefinition,
  type CellVerifyReport,
  type Checkpoint,
  type Checkpoints,
  type Journal,
  type JournalTables,
  type PublishedKey,
} from './journal/index.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { parseNames } from './platform/people.ts';
import {
  createSecretBox,
  loadOrCreateSecretBoxKey,
  newSecretBoxKey,
  readSecretBoxKey,
} from './platform/secret-box.ts';
import {
  assertMigrated,
  createAttachments,
  createStorage,
  migrateCell,
  pingCell,
  type CellDatabase,
  type Storage,
} from './storage/index.ts';

export const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const DIVISIONS_FILE = new URL('../assets/geo/divisions-2025.json', import.meta.url);
const NAMES_FILE = new URL('../assets/people/names.json', import.meta.url);
export const SYSTEM_ACTOR = 'system:postcore';

/** Every cell postcore knows, by name. */
export const CELL_NAMES = ['core', 'finance', 'delivery', 'security'] as const;
export type CellName = (typeof CELL_NAMES)[number];
/** The cells with an incident mode: every cell but security, which keeps the modes and must stay up. */
export const GUARDED_CELLS: readonly CellName[] = ['core', 'finance', 'delivery'];

interface OpenCell<DB extends JournalTables> {
  definition: CellDefinition<DB>;
  database: CellDatabase<DB>;
  journal: Journal<DB>;
  /** Absent when the platform was opened to inspect (it holds no signing key then). */
  checkpoints?: Checkpoints;
}

export interface VerifyOptions {
  /** Verify one cell only. */
  only?: string;
  /** The post's checkpoint keys; by default the public half of the key file in the data dir. */
  keys?: KeyObject[];
  /** Per cell: verify only what is newer than this checkpoint size, or than the newest at or before a time. */
  since?: { at: string } | Partial<Record<string, number>>;
}

export interface Platform {
  storage: Storage;
  clock: Clock;
  core: Core;
  finance: Finance;
  delivery: Delivery;
  /** Incident modes of the other cells, two-person requests, detection's alerts (the security cell). */
  security: Incidents;
  cells: ReadonlyArray<OpenCell<JournalTables>>;
  /**
   * Runs the background work once: the finance cell catches up with the core cell's journal (new offices'
   * accounts) and the delivery cell's (fees, COD), and releases expired pending transfers. `serve` runs it
   * every second; delivery's routes run it after each command, so a fee is in the till when the clerk looks.
   */
  sync(): Promise<{ chart: number; delivery: number; expired: number }>;
  /**
   * From now on the finance cell applies only the events of other cells that `durable(cell)` says are safe
   * (the vault holds them): `serve` does this when the vault confirms writes, so that a restore to what the
   * vault holds never leaves finance with effects of lost events. Undefined from `durable`: nothing yet.
   */
  followDurable(durable: (cell: string) => bigint | undefined): void;
  /**
   * Cuts a signed checkpoint in every cell whose cadence is due (`force`: every cell with new events);
   * `serve` runs it every second. Returns the checkpoints cut.
   */
  checkpoint(force?: boolean): Promise<Checkpoint[]>;
  /** The checkpoints of a cell; `checkpoint_not_found` for a cell postcore does not have. */
  checkpointsOf(cell: string): Checkpoints;
  /** The public key that signs checkpoints, as /v1/checkpoints/key publishes it. */
  checkpointKey(): PublishedKey;
  /**
   * Carries out an approved restore request: the cell (isolated) gets the database restored under
   * `<data dir>/restores/<name>` by `postcore restore` (its report must show it verified), put in place under
   * the running server; the replaced data is kept as evidence. The cell stays isolated until two people
   * return it to service.
   */
  applyRestore(requestId: string, name: string, actor: string): Promise<AppliedRestore>;
  /** Called after a cell's database was replaced (detection starts its checks of that cell over). */
  onCellReplaced(listener: (cell: string) => void): void;
  /**
   * Captures evidence (files and their hashes, alerts, checkpoints, processes, the recent log) into a signed
   * manifest of the chain of custody; `serve` does on every cell shut, officers on demand.
   */
  captureEvidence(
    what: { cell: string | null; reason: string },
    actor: string,
    logs?: () => readonly string[],
  ): Promise<EvidenceView & { path: string }>;
  /**
   * Verifies every open cell: chain, head, checkpoints (signature, root, consistency), replay digest and
   * invariants; one report per cell.
   */
  verify(options?: VerifyOptions): Promise<CellVerifyReport[]>;
  close(): Promise<void>;
}

export interface AppliedRestore {
  request_id: string;
  cell: string;
  head_seq: string;
  /** Where the replaced database went (a file under evidence/replaced/, or a schema). */
  kept: string;
  report_sha256: string;
  /**
   * Cells that had already consumed events of this cell beyond the restored head (events lost with the
   * attack): their effects must be reconciled by hand.
   */
  consumers_ahead: Array<{ consumer: string; position: string; head_seq: string }>;
}

/** Where `postcore restore --into` puts a copy for a running server to take: `<data dir>/restores/<name>`. */
export const RESTORES_DIR = 'restores';

export interface PlatformOptions {
  clock?: Clock;
  /**
   * 'serve' and 'migrate' create and migrate cell databases and load the geography on first start;
   * 'inspect' (verify and every command that only reads) opens only a post that exists: a data dir, database
   * file or schema that is not there, or not migrated, is refused naming where it was looked for. It creates
   * nothing (no directory, no key), migrates and loads nothing, and does not catch finance up; the keys are
   * read if they are there, and what needs one that is not (a receipt's proof) is refused naming its file.
   */
  mode?: 'serve' | 'inspect';
  /** Open the demo network (offices) on first start; `serve` does unless POSTCORE_DEMO=false. */
  demo?: boolean;
  /**
   * Leave finance's following of the other cells to `sync()` instead of catching up while opening (default
   * true): `serve` with writes confirmed by the vault, whose limit (`followDurable`) is set only afterwards.
   */
  drain?: boolean;
}

/** Checks a --cells list against the cells postcore has. */
export function parseCells(list: string | undefined): CellName[] {
  if (list === undefined) return [...CELL_NAMES];
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const n of names) {
    if (!(CELL_NAMES as readonly string[]).includes(n))
      throw new ConfigError(
        'invalid_config',
        `Unknown cell ${JSON.stringify(n)} in --cells: use a comma-separated list of ${CELL_NAMES.join(', ')}`,
        `Không có phân hệ ${n}`,
      );
  }
  if (names.length === 0)
    throw new ConfigError('invalid_config', '--cells is empty: name at least one cell', '--cells đang trống');
  return names as CellName[];
}

/**
 * The delivery cell's view of the network, from the core cell in-process: rebuilt only when the core
 * journal has moved on (an office opened, moved or closed), so a busy counter does not reload 3,400 offices.
 */
function networkFromCore(core: Core, coreJournal: Journal<CoreTables>): NetworkSource {
  let cached: { seq: bigint; snapshot: NetworkSnapshot } | undefined;
  return {
    async snapshot() {
      const { seq } = await coreJournal.head();
      if (cached?.seq === seq) return cached.snapshot;
      const { communes } = await core.offices.directory();
      const offices = new Map<
        string,
        NetworkSnapshot['offices'] extends ReadonlyMap<string, infer O> ? O : never
      >();
      for (let offset = 0; ; offset += 500) {
        const page = await core.offices.list({ status: 'open', limit: 500, offset });
        for (const o of page.items)
          offices.set(o.id, {
            id: o.id,
            type: o.type,
            name: o.name,
            postcode: o.postcode,
            province_code: o.province_code,
            commune_code: o.commune_code,
          });
        if (page.items.length < 500) break;
      }
      const provinces = new Map((await core.geo.listProvinces()).map((p) => [p.code, p.name]));
      cached = { seq, snapshot: { communes, offices, provinces } };
      return cached.snapshot;
    },
  };
}

/** Commune code -> "Phường Ba Đình, Thành phố Hà Nội", loaded from the geography once, on first use. */
export function placeNames(core: Core): (commune: string) => Promise<string> {
  let names: Promise<Map<string, string>> | undefined;
  const load = async () => {
    const out = new Map<string, string>();
    for (const p of await core.geo.listProvinces())
      for (let offset = 0; offset < p.commune_count; offset += 500)
        for (const c of (await core.geo.listCommunes(p.code, { limit: 500, offset })).items)
          out.set(c.code, `${c.name}, ${c.province_name}`);
    return out;
  };
  return async (commune) => {
    names ??= load();
    return (await names).get(commune) ?? commune;
  };
}

/** Every cell's definition over a data dir (the finance cell reads its attachments there): what restore replays. */
export function cellDefinitions(dataDir: string): Array<CellDefinition<JournalTables>> {
  return [
    coreCell,
    financeCell(createAttachments(join(dataDir, 'attachments', 'finance'))),
    deliveryCell,
    securityCell,
  ] as Array<CellDefinition<JournalTables>>;
}

/** Every open cell as the shipper takes it: database, journal and checkpoints. */
export function shippedCells(platform: Platform): ShippedCell[] {
  return platform.cells.map((c) => ({
    name: c.definition.name,
    database: c.database as CellDatabase<unknown>,
    journal: c.journal,
    ...(c.checkpoints === undefined ? {} : { checkpoints: c.checkpoints }),
  }));
}

/**
 * The shipper of every open cell to the configured vault: segments, snapshots, checkpoints for the witness,
 * and the keys and attachments a restore needs. `serve` starts it; undefined when no vault is configured.
 */
export function createPlatformShipper(
  platform: Platform,
  config: Config,
  onError: (cell: string, err: unknown) => void,
): Shipper | undefined {
  const v = config.vault;
  if (v === undefined) return undefined;
  return createShipper({
    vault: createVaultClient({ url: v.url, token: v.token }),
    recipient: readBackupPublicKey(v.backupPublicKey, v.backupPublicKeyFile),
    cells: shippedCells(platform),
    files: () =>
      serverFiles(config.dataDir, [
        { name: 'keys/secret-box.key', path: config.secretKeyFile },
        { name: 'keys/checkpoint.key', path: config.checkpointKeyFile },
        { name: 'keys/checkpoint.key.pub', path: `${config.checkpointKeyFile}.pub` },
      ]),
    clock: platform.clock,
    checkpointKey: () => platform.checkpointKey(),
    snapshotEvery: v.snapshotEvery,
    onError,
    paused: (cell) => platform.security.modeOf(cell) === 'isolated',
  });
}

/**
 * Captures evidence whenever a cell is shut (by detection or by an officer), in the background: the
 * manifest is journaled and written under the data dir, and the shipper takes it to the vault.
 */
export function captureEvidenceOnIncident(
  platform: Platform,
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>,
  logs?: () => readonly string[],
): { settled(): Promise<void> } {
  let pending: Promise<unknown> = Promise.resolve();
  platform.security.onModeChange((cell, mode) => {
    if (mode === 'normal') return;
    pending = pending.then(() =>
      platform
        .captureEvidence({ cell, reason: `cell ${cell} set to ${mode}` }, 'system:evidence', logs)
        .then((e) =>
          log.warn({ evidence: e.id, sha256: e.sha256, cell, files: e.files }, 'evidence captured'),
        )
        .catch((err: unknown) => log.error({ err, cell }, 'evidence capture failed')),
    );
  });
  return { settled: () => pending.then(() => undefined) };
}

/**
 * The detector over the platform's cells and data dir (canaries keyed from the sealing key; the vault's view
 * from the shipper when there is one). `serve` plants its canaries and runs it every few seconds.
 */
export function createPlatformDetector(
  platform: Platform,
  config: Config,
  shipper?: Shipper,
  thresholds?: Partial<DetectionThresholds>,
): Detector {
  const key = loadOrCreateSecretBoxKey(config.secretKeyFile);
  const detector = createDetector({
    cells: platform.cells.map((c) => ({
      name: c.definition.name,
      journal: c.journal,
      db: c.database.db,
      ...(config.storage.dialect === 'sqlite' ? { file: platform.storage.cellFile(c.definition.name) } : {}),
      ...(c.checkpoints === undefined ? {} : { checkpoints: c.checkpoints }),
    })),
    dataDir: config.dataDir,
    clock: platform.clock,
    canaryKey: canaryKeyOf(key),
    ...(shipper === undefined ? {} : { vault: () => shipper.status() }),
    ...(thresholds === undefined ? {} : { thresholds }),
  });
  platform.onCellReplaced((cell) => detector.forget(cell));
  return detector;
}

/**
 * Security's alert for a transfer of the platform's own that the ledger refused (finance's `alarm`): one per
 * transfer id while it is open. An alert that cannot be raised does not undo what finance records.
 */
function ledgerAlarm(security: Incidents): (a: LedgerAlarm) => Promise<void> {
  return async (a) => {
    try {
      await security.raise({
        signal: 'system_transfer_refused',
        cell: 'finance',
        severity: a.severity,
        message: a.message.slice(0, 1000),
        evidence: a.evidence,
        key: a.transfer_id,
      });
    } catch (err) {
      process.emitWarning(`the alert for transfer ${a.transfer_id} could not be raised: ${String(err)}`);
    }
  };
}

/** What a command that only reads answers when it needs the checkpoint key and the post's is not there. */
const signingKeyMissing = (file: string) =>
  new JournalError(
    'invalid_key',
    `The checkpoint key file ${file} is not there, and this needs it: set POSTCORE_CHECKPOINT_KEY_FILE (or POSTCORE_DATA_DIR) to the post's`,
    'Không tìm thấy tệp khóa ký điểm kiểm của bưu cục',
    { file },
  );

/** Opens storage, migrates every cell, and loads the geography on first start ('inspect': see PlatformOptions). */
export async function openPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const clock = options.clock ?? systemClock;
  const inspect = options.mode === 'inspect';
  const create = !inspect;
  const storage = await createStorage(config.storage, { create });
  try {
    const coreDb = await storage.openCell<CoreTables>(coreCell.name, { create });
    if (inspect) await assertMigrated(coreDb, coreCell.migrations);
    else await migrateCell(coreDb, coreCell.migrations);
    const coreJournal = createJournal({ cell: coreCell, db: coreDb.db, clock });
    // Inspecting writes nothing, not even a key file; replaying the journal never opens a sealed secret.
    const secretKey =
      (inspect ? readSecretBoxKey(config.secretKeyFile) : loadOrCreateSecretBoxKey(config.secretKeyFile)) ??
      newSecretBoxKey();
    const secrets = createSecretBox(secretKey);
    const core = createCore({ db: coreDb.db, journal: coreJournal, clock, secrets });
    if (!inspect) {
      const divisions = (): unknown => JSON.parse(readFileSync(DIVISIONS_FILE, 'utf8'));
      if (!(await core.geo.isLoaded())) await core.geo.loadDivisions(divisions(), SYSTEM_ACTOR);
      if (options.demo === true)
        await core.loadDemo(
          { divisions: divisions(), names: JSON.parse(readFileSync(NAMES_FILE, 'utf8')) as unknown },
          SYSTEM_ACTOR,
        );
    }
    // The security cell opens before finance follows the other cells: a transfer of the platform's own that the
    // ledger refuses while finance catches up is an alert at once.
    const securityDb = await storage.openCell<SecurityTables>(securityCell.name, { create });
    if (inspect) await assertMigrated(securityDb, securityCell.migrations);
    else await migrateCell(securityDb, securityCell.migrations);
    const securityJournal = createJournal({ cell: securityCell, db: securityDb.db, clock });
    const security = createIncidents({
      db: securityDb.db,
      journal: securityJournal,
      clock,
      cells: GUARDED_CELLS,
      confirmSecondFactor: (staffId, code, purpose) =>
        core.signIn.confirmSecondFactor(staffId, code, purpose),
    });
    await security.load();
    const attachments = createAttachments(join(config.dataDir, 'attachments', 'finance'));
    const financeDefinition = financeCell(attachments);
    const financeDb = await storage.openCell<FinanceTables>(financeDefinition.name, { create });
    if (inspect) await assertMigrated(financeDb, financeDefinition.migrations);
    else await migrateCell(financeDb, financeDefinition.migrations);
    const financeJournal = createJournal({ cell: financeDefinition, db: financeDb.db, clock });
    const finance = createFinance({
      db: financeDb.db,
      journal: financeJournal,
      clock,
      attachments,
      alarm: inspect ? undefined : ledgerAlarm(security),
    });
    // The finance cell follows the core cell's journal: an office that opens gets its chart of accounts.
    let durable: ((cell: string) => bigint | undefined) | undefined;
    const until = (cell: string) => () => (durable === undefined ? undefined : (durable(cell) ?? 0n));
    const chart = createConsumer({
      source: coreJournal,
      target: financeJournal,
      clock,
      handle: chartConsumer(finance.ledger),
      until: until('core'),
    });
    const drain = !inspect && options.drain !== false;
    if (drain) await chart.drain();
    const deliveryDb = await storage.openCell<DeliveryTables>(deliveryCell.name, { create });
    if (inspect) await assertMigrated(deliveryDb, deliveryCell.migrations);
    else await migrateCell(deliveryDb, deliveryCell.migrations);
    const deliveryJournal = createJournal({ cell: deliveryCell, db: deliveryDb.db, clock });
    const delivery = createDelivery({
      db: deliveryDb.db,
      journal: deliveryJournal,
      clock,
      network: networkFromCore(core, coreJournal),
      // One-time delivery codes are checked with a key derived from the sealing key: never journaled.
      codeKey: Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'postcore delivery codes', 32)),
    });
    // The finance cell follows the delivery cell's journal: fees into tills, COD owed to shippers.
    const deliveryFollower = createConsumer({
      source: deliveryJournal,
      target: financeJournal,
      clock,
      handle: deliveryConsumer({ journal: financeJournal, ledger: finance.ledger }),
      until: until('delivery'),
    });
    if (!inspect && options.demo === true) {
      await loadDemoParcels(
        delivery,
        {
          byUsername: async (u) => {
            const s = await core.staff.findForSignIn(u);
            return s === undefined ? undefined : { id: s.id, office_id: s.office_id };
          },
        },
        parseNames(JSON.parse(readFileSync(NAMES_FILE, 'utf8')) as unknown),
        { year: clock.now().getUTCFullYear() },
      );
    }
    if (drain) await deliveryFollower.drain();
    const replacedListeners: Array<(cell: string) => void> = [];
    /** Whether a cell may be written by the platform's own background work (consumers, checkpoints). */
    const open = (cell: string) => security.modeOf(cell) === 'normal';
    const signer = inspect
      ? readSigner(config.checkpointKeyFile)
      : loadOrCreateSigner(config.checkpointKeyFile);
    const cells = [
      { definition: coreCell, database: coreDb, journal: coreJournal },
      { definition: financeDefinition, database: financeDb, journal: financeJournal },
      { definition: deliveryCell, database: deliveryDb, journal: deliveryJournal },
      { definition: securityCell, database: securityDb, journal: securityJournal },
    ].map((c) => ({
      ...c,
      ...(signer === undefined
        ? {}
        : {
            checkpoints: createCheckpoints({
              cell: c.definition.name,
              db: c.database.db,
              signer,
              clock,
              cadence: config.checkpointCadence,
            }),
          }),
    })) as unknown as Array<OpenCell<JournalTables>>;
    const checkpointsOf = (name: string): Checkpoints => {
      const found = cells.find((c) => c.definition.name === name);
      if (found === undefined)
        throw new JournalError(
          'checkpoint_not_found',
          `No cell is named ${JSON.stringify(name)}: use one of ${CELL_NAMES.join(', ')}`,
          `Không có phân hệ ${name}`,
          { cell: name },
        );
      if (found.checkpoints === undefined) throw signingKeyMissing(config.checkpointKeyFile);
      return found.checkpoints;
    };
    return {
      storage,
      clock,
      core,
      finance,
      delivery,
      security,
      cells,
      async sync() {
        // A consumer reads nothing from an isolated cell and writes nothing into a cell that is not normal.
        const into = open('finance');
        const c = into && security.modeOf('core') !== 'isolated' ? await chart.drain() : 0;
        return {
          chart: c,
          delivery: into && security.modeOf('delivery') !== 'isolated' ? await deliveryFollower.drain() : 0,
          expired: into ? await finance.ledger.expirePending() : 0,
        };
      },
      followDurable(fn) {
        durable = fn;
      },
      async checkpoint(force) {
        const cut: Checkpoint[] = [];
        const failed: unknown[] = [];
        for (const c of cells) {
          // A shut cell's journal is signed again only once it is back in service (and verified).
          if (!open(c.definition.name)) continue;
          // One cell's broken database does not keep the others from being signed.
          try {
            const made = await c.checkpoints?.cut(force);
            if (made !== undefined) cut.push(made);
          } catch (err) {
            failed.push(err);
          }
        }
        if (failed.length > 0)
          throw new AggregateError(failed, `checkpoints failed in ${failed.length} cell(s)`);
        return cut;
      },
      checkpointsOf,
      checkpointKey() {
        if (signer === undefined) throw signingKeyMissing(config.checkpointKeyFile);
        return signer.published();
      },
      async applyRestore(requestId, name, actor) {
        const req = await security.restorable(requestId);
        const cell = req.cell!;
        const invalid = (why: string) =>
          new ResilienceError(
            'restore_source_invalid',
            `Cannot carry out ${requestId} from ${RESTORES_DIR}/${name}: ${why}; nothing was changed`,
            'Bản khôi phục không dùng được; chưa thay đổi gì',
            { request_id: requestId, name },
          );
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(name))
          throw invalid('the name must be a directory name under restores/ (letters, digits, . _ -)');
        const dir = join(config.dataDir, RESTORES_DIR, name);
        const reportFile = join(dir, 'restore-report.json');
        if (!existsSync(reportFile))
          throw invalid(
            `there is no restore report: run postcore restore --cell ${cell} --into ${dir} first`,
          );
        const text = readFileSync(reportFile, 'utf8');
        const report = JSON.parse(text) as RestoreReport;
        const restored = report.cells?.find((c) => c.cell === cell);
        if (report.ok !== true || restored?.verify.ok !== true)
          throw invalid(`the report does not show cell ${cell} restored and verified`);
        const store = config.storage;
        const sqlite = store.dialect === 'sqlite';
        const source = sqlite ? join(dir, `${cell}.sqlite`) : `${report.schema_prefix ?? ''}${cell}`;
        if (sqlite && !existsSync(source)) throw invalid(`${cell}.sqlite is not there (taken already?)`);
        const stamp = clock.now().toISOString().replace(/\D/g, '').slice(0, 14);
        const keep = sqlite
          ? join(config.dataDir, 'evidence', 'replaced', `${cell}-${stamp}.sqlite`)
          : `${store.dialect === 'postgres' ? (store.schemaPrefix ?? '') : ''}${cell}_replaced_${stamp}`;
        await storage.replaceCell(cell, source, keep);
        for (const l of replacedListeners) l(cell);
        const head = (await cells.find((c) => c.definition.name === cell)!.journal.head()).seq;
        await security.restoreApplied(
          {
            request_id: requestId,
            cell,
            head_seq: head.toString(),
            report_sha256: createHash('sha256').update(text).digest('hex'),
            kept: keep,
          },
          actor,
        );
        const consumersAhead: AppliedRestore['consumers_ahead'] = [];
        for (const [source, consumer] of [
          ['core', chart],
          ['delivery', deliveryFollower],
        ] as const) {
          if (source !== cell) continue;
          const position = await consumer.position();
          if (position > head)
            consumersAhead.push({
              consumer: 'finance',
              position: position.toString(),
              head_seq: head.toString(),
            });
        }
        return {
          request_id: requestId,
          cell,
          head_seq: head.toString(),
          kept: keep,
          report_sha256: createHash('sha256').update(text).digest('hex'),
          consumers_ahead: consumersAhead,
        };
      },
      onCellReplaced(listener) {
        replacedListeners.push(listener);
      },
      captureEvidence(what, actor, logs) {
        if (signer === undefined) throw new Error('a platform opened to inspect holds no signing key');
        return captureEvidence(
          {
            dataDir: config.dataDir,
            cells: cells.map((c) => ({
              name: c.definition.name,
              ...(c.checkpoints === undefined ? {} : { latestCheckpoint: () => c.checkpoints!.latest() }),
            })),
            incidents: security,
            signer,
            clock,
            ...(logs === undefined ? {} : { logs }),
          },
          what,
          actor,
        );
      },
      async verify(options = {}) {
        const own = signer?.publicKey ?? readSignerPublicKey(config.checkpointKeyFile);
        const trusted = options.keys ?? (own === undefined ? [] : [own]);
        const keys = new Map(trusted.map((k) => [keyIdOf(k), k]));
        const reports: CellVerifyReport[] = [];
        // The canaries' values are derived from the sealing key; without it (a copy checked elsewhere) only
        // their names are checked. Verify never creates the key.
        const sealing = readSecretBoxKey(config.secretKeyFile);
        const canaryKey = sealing === undefined ? undefined : canaryKeyOf(sealing);
        const sourceHash = async (source: string, seq: bigint) => {
          const journal = cells.find((x) => x.definition.name === source)?.journal;
          const [event] = (await journal?.readAfter(seq - 1n, 1)) ?? [];
          return event?.seq === seq ? event.hash : undefined;
        };
        for (const c of cells) {
          const name = c.definition.name;
          if (options.only !== undefined && name !== options.only) continue;
          const since =
            options.since === undefined
              ? undefined
              : 'at' in options.since
                ? options.since
                : options.since[name];
          reports.push(
            await verifyCell({
              cell: c.definition,
              db: c.database.db,
              storage,
              clock,
              keys,
              sourceHash,
              canaries: { rows: canaryRows(name, canaryKey), planted: canariesPlanted(config.dataDir) },
              ...(since === undefined ? {} : { since: since as number | { at: string } }),
              parallel: { storage: config.storage, workers: availableParallelism() },
            }),
          );
        }
        return reports;
      },
      close: () => storage.close(),
    };
  } catch (err) {
    await storage.close();
    throw err;
  }
}

export interface AppOptions {
  /** The platform's shipper, for /v1/status and for payouts confirmed only once backed up. */
  shipper?: Shipper;
  vaultUrl?: string;
  /** Wait this long for the vault's acknowledgement before answering a payout. */
  confirmPayoutsMs?: number;
  /** Answer every successful write only once the vault holds its cell's events; wait this long at most. */
  confirmWritesMs?: number;
  /** The newest lines of the server's log, for evidence. */
  logs?: () => readonly string[];
}

/** Builds the HTTP server over an open platform. */
export async function buildApp(
  platform: Platform,
  logger: FastifyBaseLogger,
  options: AppOptions = {},
): Promise<Server> {
  const { shipper } = options;
  const confirmMs = options.confirmPayoutsMs;
  const writesMs = options.confirmWritesMs;
  const guard = (cell: CellName, routes: readonly FastifyPluginAsyncZod[]) => {
    const journal = platform.cells.find((c) => c.definition.name === cell)!.journal;
    return guardedRoutes(
      routes,
      (req) => modeRefusal(cell, platform.security.modeOf(cell), writes(req)),
      shipper === undefined || writesMs === undefined
        ? undefined
        : async () => shipper.waitAcked(cell, (await journal.head()).seq, writesMs),
    );
  };
  return buildServer({
    logger,
    version: VERSION,
    readiness: platform.cells.map((c) => ({ name: c.definition.name, check: () => pingCell(c.database) })),
    routes: [
      guard('core', platform.core.routes),
      securityRoutes(platform.security, {
        capture: (what, actor) => platform.captureEvidence(what, actor, options.logs),
        applyRestore: (id, name, actor) => platform.applyRestore(id, name, actor),
      }),
      checkpointRoutes({ key: () => platform.checkpointKey(), of: (cell) => platform.checkpointsOf(cell) }),
      statusRoutes({
        vaultUrl: options.vaultUrl ?? null,
        async cells() {
          const shipped = shipper === undefined ? [] : await shipper.status();
          return Promise.all(
            platform.cells.map(async (c) => {
              const s = shipped.find((x) => x.cell === c.definition.name);
              const vault = s === undefined ? null : (({ cell: _, head_seq: __, ...rest }) => rest)(s);
              return {
                cell: c.definition.name,
                mode: platform.security.modeOf(c.definition.name),
                // An unreadable cell (ransomware) is shown as such; the others still are.
                head_seq: await c.journal.head().then(
                  (h) => h.seq.toString(),
                  () => null,
                ),
                vault,
              };
            }),
          );
        },
      }),
      guard('finance', [
        financeRoutes(platform.finance, {
          officeTarget: (id) => platform.core.principals.office(id),
          postcodeTarget: async (postcode) =>
            platform.core.principals.office((await platform.core.offices.getByPostcode(postcode)).id),
          directory: () => platform.core.offices.directory(),
          officeName: async (id) => (await platform.core.offices.get(id)).name,
          staffName: async (id) => (await platform.core.staff.get(id)).full_name,
          now: () => platform.clock.now(),
          staffOffice: async (id) => (await platform.core.staff.get(id)).office_id,
          assignee: (id, permission, office, field) =>
            platform.core.principals.assignee(id, permission, office, field),
          prove: (seq) => platform.checkpointsOf('finance').prove(seq),
          ...(shipper === undefined || confirmMs === undefined
            ? {}
            : { backedUp: (seq: bigint) => shipper.waitAcked('finance', seq, confirmMs) }),
        }),
      ]),
      guard('delivery', [
        deliveryRoutes(platform.delivery, {
          officeTarget: (id) => platform.core.principals.office(id),
          ownOpenTill: (id, clerk) => platform.finance.tills.ownOpen(id, clerk),
          staffOffice: async (id) => (await platform.core.staff.get(id)).office_id,
          staffName: async (id) => (await platform.core.staff.get(id)).full_name,
          officeLabel: async (id) => {
            const o = await platform.core.offices.get(id);
            return { name: o.name, postcode: o.postcode };
          },
          place: placeNames(platform.core),
          sync: () => platform.sync(),
          prove: (seq) => platform.checkpointsOf('delivery').prove(seq),
        }),
      ]),
    ],
    authenticate: (c) => platform.core.principals.authenticate(c),
    authorizer: coreAuthorizer,
    errorStatus: ERROR_STATUS,
  });
}
