// Opening the platform: storage, then each cell migrated (or checked, to inspect) with its journal, the
// followers between cells, and the checkpoints; the jobs that span the cells come with it.
import { hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coreCell, createCore, type CoreTables } from '../cells/core/index.ts';
import { createDelivery, deliveryCell, type DeliveryTables } from '../cells/delivery/index.ts';
import {
  accountId,
  chartConsumer,
  createFinance,
  deliveryConsumer,
  financeCell,
  servicesConsumer,
  retailConsumer,
  type FinanceTables,
} from '../cells/finance/index.ts';
import { createIncidents, securityCell, type SecurityTables } from '../cells/security/index.ts';
import {
  carryOrders,
  createRetail,
  ordersFollower,
  retailCell,
  type RetailTables,
} from '../cells/retail/index.ts';
import {
  carryLegs,
  createServices,
  itemsFollower,
  sendNotices,
  servicesCell,
  type ServicesTables,
} from '../cells/services/index.ts';
import type { Config } from '../config.ts';
import {
  createCheckpoints,
  createConsumer,
  createJournal,
  JournalError,
  loadOrCreateSigner,
  readSigner,
  type Checkpoint,
  type Checkpoints,
  type JournalTables,
} from '../journal/index.ts';
import { systemClock } from '../platform/clock.ts';
import {
  createSecretBox,
  loadOrCreateSecretBoxKey,
  newSecretBoxKey,
  readSecretBoxKey,
} from '../platform/secret-box.ts';
import { captureEvidence } from '../resilience/evidence.ts';
import { assertMigrated, createAttachments, createStorage, migrateCell } from '../storage/index.ts';
import { CELL_NAMES, GUARDED_CELLS, SYSTEM_ACTOR } from './cells.ts';
import {
  dossierCarrier,
  dossierPlaces,
  ledgerAlarm,
  loggedNotices,
  networkFromCore,
  orderCarrier,
  orderLinks,
} from './cross-cell.ts';
import type { OpenCell, Platform, PlatformOptions } from './platform.ts';
import { loadDemoDossiers } from './demo-dossiers.ts';
import { loadDemoRetail } from './demo-retail.ts';
import { loadDay, loadParcels } from './demo.ts';
import { applyRestore, restoreProgress } from './restore.ts';
import { verifyPlatform } from './verify.ts';

const DIVISIONS_FILE = new URL('../../assets/geo/divisions-2025.json', import.meta.url);
const NAMES_FILE = new URL('../../assets/people/names.json', import.meta.url);

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
      if (options.demo !== undefined && options.demo !== false)
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
    // The services cell: dossiers whose papers the delivery cell carries, following its journal to learn where.
    const servicesDb = await storage.openCell<ServicesTables>(servicesCell.name, { create });
    if (inspect) await assertMigrated(servicesDb, servicesCell.migrations);
    else await migrateCell(servicesDb, servicesCell.migrations);
    const servicesJournal = createJournal({ cell: servicesCell, db: servicesDb.db, clock });
    const services = createServices({
      db: servicesDb.db,
      journal: servicesJournal,
      clock,
      places: dossierPlaces(core, delivery),
      communes: async () => (await delivery.items.network()).snapshot.communes,
    });
    const servicesFollower = createConsumer({
      source: deliveryJournal,
      target: servicesJournal,
      clock,
      handle: itemsFollower({ journal: servicesJournal }),
      until: until('delivery'),
    });
    // The finance cell follows the services cell's journal: a dossier's fees into the till, owed to its agency.
    const servicesFollowedByFinance = createConsumer({
      source: servicesJournal,
      target: financeJournal,
      clock,
      handle: servicesConsumer({ journal: financeJournal, ledger: finance.ledger }),
      until: until('services'),
    });
    // The retail cell: goods, stock and sales.
    const retailDb = await storage.openCell<RetailTables>(retailCell.name, { create });
    if (inspect) await assertMigrated(retailDb, retailCell.migrations);
    else await migrateCell(retailDb, retailCell.migrations);
    // Every counter of the network sells through this one cell: sales that arrive while one is being written share
    // its next commit (docs/benchmarks.md, retail).
    const retailJournal = createJournal({
      cell: retailCell,
      db: retailDb.db,
      clock,
      groupCommit: { max: 64 },
    });
    // The finance cell follows the retail cell's journal: goods at cost, sales, returns and orders' money.
    const retailFollowedByFinance = createConsumer({
      source: retailJournal,
      target: financeJournal,
      clock,
      handle: retailConsumer({ journal: financeJournal, ledger: finance.ledger }),
      until: until('retail'),
    });
    const retail = createRetail({
      db: retailDb.db,
      journal: retailJournal,
      clock,
      orderLinks: orderLinks(delivery),
      provinces: async () => new Set((await delivery.items.network()).snapshot.communes.values()),
      tillCash: async (office, clerk) => {
        const till = await finance.ledger.getAccount(accountId(office, 'till_cash', clerk));
        return till.debits_posted - till.credits_posted;
      },
    });
    // The retail cell follows the delivery cell's journal: its orders' parcels posted, delivered or returned.
    const retailFollower = createConsumer({
      source: deliveryJournal,
      target: retailJournal,
      clock,
      handle: ordersFollower({ journal: retailJournal }),
      until: until('delivery'),
    });
    const parcels = orderCarrier(core, delivery);
    const carrier = dossierCarrier(delivery);
    const notices = options.notices ?? loggedNotices();
    const demo = !inspect && options.demo !== undefined && options.demo !== false;
    if (demo) await loadParcels(core, delivery, clock, NAMES_FILE);
    if (drain) {
      await deliveryFollower.drain();
      await servicesFollower.drain();
      await servicesFollowedByFinance.drain();
      await retailFollowedByFinance.drain();
      await retailFollower.drain();
    }
    // The day needs the offices' accounts, opened by following the core cell: a platform that does not
    // follow while opening (writes confirmed by the vault) starts without it.
    if (demo && options.demo === true && drain) await loadDay(core, finance, clock, NAMES_FILE);
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
      { definition: servicesCell, database: servicesDb, journal: servicesJournal },
      { definition: retailCell, database: retailDb, journal: retailJournal },
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
    const platform: Platform = {
      dataDir: config.dataDir,
      storage,
      clock,
      core,
      finance,
      delivery,
      services,
      retail,
      security,
      cells,
      async sync() {
        // A consumer reads nothing from an isolated cell and writes nothing into a cell that is not normal.
        const into = open('finance');
        const c = into && security.modeOf('core') !== 'isolated' ? await chart.drain() : 0;
        const d = into && security.modeOf('delivery') !== 'isolated' ? await deliveryFollower.drain() : 0;
        const fees =
          into && security.modeOf('services') !== 'isolated' ? await servicesFollowedByFinance.drain() : 0;
        // The services cell hands its legs to delivery, then learns their ids (and deliveries) from its journal.
        const services = open('services');
        const legs =
          services && open('delivery') ? (await carryLegs({ db: servicesDb.db }, carrier)).sent : 0;
        const followed =
          services && security.modeOf('delivery') !== 'isolated' ? await servicesFollower.drain() : 0;
        const sent = services
          ? await sendNotices({ db: servicesDb.db, journal: servicesJournal }, notices)
          : 0;
        // The retail cell hands its picked orders to delivery, then follows what became of their parcels.
        const retail = open('retail');
        const orders =
          retail && open('delivery') ? (await carryOrders({ db: retailDb.db }, parcels)).sent : 0;
        const ordersFollowed =
          retail && security.modeOf('delivery') !== 'isolated' ? await retailFollower.drain() : 0;
        const expired = into ? await finance.ledger.expirePending() : 0;
        // Last: a retail event finance must wait on (a till not yet open, an order's COD not yet recorded) throws
        // only once the other cells' work is done.
        const sold =
          into && security.modeOf('retail') !== 'isolated' ? await retailFollowedByFinance.drain() : 0;
        return {
          chart: c,
          delivery: d,
          services: fees,
          retail: sold,
          expired,
          legs,
          followed,
          notices: sent,
          orders,
          ordersFollowed,
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
      restoreProgress: (requestId) => restoreProgress({ config, security }, requestId),
      applyRestore: (requestId, name, actor) =>
        applyRestore(
          {
            config,
            clock,
            storage,
            security,
            cells,
            followers: [
              ['core', 'finance', chart],
              ['delivery', 'finance', deliveryFollower],
              ['delivery', 'services', servicesFollower],
              ['services', 'finance', servicesFollowedByFinance],
              ['retail', 'finance', retailFollowedByFinance],
              ['delivery', 'retail', retailFollower],
            ],
            replaced: (cell) => {
              for (const l of replacedListeners) l(cell);
            },
          },
          requestId,
          name,
          actor,
        ),
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
      verify: (options = {}) => verifyPlatform({ config, storage, clock, cells, signer }, options),
      close: () => storage.close(),
    };
    if (demo && options.demo === true && drain) await loadDemoRetail({ core, retail, now: clock.now() });
    if (demo && options.demo === true && drain)
      await loadDemoDossiers({
        core,
        finance,
        delivery,
        services,
        sync: () => platform.sync(),
        now: clock.now(),
        namesFile: NAMES_FILE,
      });
    return platform;
  } catch (err) {
    await storage.close();
    throw err;
  }
}
