// The HTTP server over an open platform: every cell's routes behind its incident mode, the routes of the
// platform itself (checkpoints, status), and the access model and error table handed to the route kit.
import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { deliveryRoutes } from '../cells/delivery/index.ts';
import { financeRoutes } from '../cells/finance/index.ts';
import { modeRefusal, securityRoutes } from '../cells/security/index.ts';
import { retailRoutes } from '../cells/retail/index.ts';
import { servicesRoutes } from '../cells/services/index.ts';
import { guardedRoutes, writes } from '../http/cell-guard.ts';
import { checkpointRoutes } from '../http/checkpoints.routes.ts';
import { buildServer, type Server } from '../http/server.ts';
import { statusRoutes } from '../http/status.routes.ts';
import { webRoutes, type WebOptions } from '../web/index.ts';
import type { Shipper } from '../resilience/shipping.ts';
import { pingCell } from '../storage/index.ts';
import { createDrills, drillsRoutes, type DrillsDeps } from '../resilience/drills/index.ts';
import { coreAuthorizer } from '../access.ts';
import { ERROR_STATUS } from '../error-status.ts';
import type { CellName } from './cells.ts';
import { placeNames, provinceOffices } from './cross-cell.ts';
import type { Platform } from './platform.ts';
import { DEMO_VIETQR_PAYEE, type VietQrPayee } from '../platform/vietqr.ts';

export const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface AppOptions {
  /** The platform's shipper, for /v1/status and for writes confirmed only once backed up. */
  shipper?: Shipper;
  vaultUrl?: string;
  /** Answer a pension payout only once the vault holds its cell's events; wait this long at most. */
  confirmPayoutsMs?: number;
  /** Answer every successful write only once the vault holds its cell's events; wait this long at most. */
  confirmWritesMs?: number;
  /** The newest lines of the server's log, for evidence. */
  logs?: () => readonly string[];
  /** Where the built web app is (web/dist by default). */
  web?: WebOptions;
  /** The post's account that VietQR payments at the counter are paid into (POSTCORE_VIETQR_*). */
  vietqr?: VietQrPayee;
  /** A drill's own platform (its workspace), or how the console's drills are started (tests). */
  drills?: Pick<DrillsDeps, 'ownWorkspace' | 'launch' | 'keep' | 'size'>;
}

/** A write that pays a pension out (at the counter or at home): the routes that need `pension.pay` to write. */
function paysPension(req: FastifyRequest): boolean {
  const access = req.routeOptions.config.access;
  return access !== undefined && 'permission' in access && access.permission === 'pension.pay';
}

/** Builds the HTTP server over an open platform. */
export async function buildApp(
  platform: Platform,
  logger: FastifyBaseLogger,
  options: AppOptions = {},
): Promise<Server> {
  const { shipper } = options;
  // The one way to wait for the vault: the cell guard holds a successful write's answer until the vault has
  // its cell's events up to it; every write with confirmWritesMs, a pension payout with confirmPayoutsMs.
  const confirmMs = (req: FastifyRequest): number | undefined =>
    options.confirmWritesMs ?? (paysPension(req) ? options.confirmPayoutsMs : undefined);
  const confirms = options.confirmWritesMs !== undefined || options.confirmPayoutsMs !== undefined;
  // After a command commits, the routes let the followers catch up at once (a parcel's COD posted, an order's
  // parcel made) so the next screen shows it. A follower failing then does not unmake the command: its answer
  // stands, the failure is logged, and the background sync tries again within a second.
  const syncAfterCommand = () =>
    platform.sync().catch((err: unknown) => {
      logger.warn({ err }, 'followers failed after a command; the background sync retries');
    });
  const officesOf = provinceOffices(platform.core, platform.delivery);
  const officeLabel = async (id: string) => {
    const o = await platform.core.offices.get(id);
    return { name: o.name, postcode: o.postcode };
  };
  const guard = (cell: CellName, routes: readonly FastifyPluginAsyncZod[]) => {
    const journal = platform.cells.find((c) => c.definition.name === cell)!.journal;
    return guardedRoutes(
      routes,
      (req) => modeRefusal(cell, platform.security.modeOf(cell), writes(req)),
      shipper === undefined || !confirms
        ? undefined
        : async (req) => {
            const ms = confirmMs(req);
            if (ms !== undefined) await shipper.waitAcked(cell, (await journal.head()).seq, ms);
          },
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
        restoreProgress: (id) => platform.restoreProgress(id),
      }),
      drillsRoutes(createDrills({ dataDir: platform.dataDir, now: () => new Date(), ...options.drills })),
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
          officeLabel,
          provinceOffices: officesOf,
          staffName: async (id) => (await platform.core.staff.get(id)).full_name,
          now: () => platform.clock.now(),
          staffOffice: async (id) => (await platform.core.staff.get(id)).office_id,
          assignee: (id, permission, office, field) =>
            platform.core.principals.assignee(id, permission, office, field),
          prove: (seq) => platform.checkpointsOf('finance').prove(seq),
        }),
      ]),
      guard('delivery', [
        deliveryRoutes(platform.delivery, {
          officeTarget: (id) => platform.core.principals.office(id),
          ownOpenTill: (id, clerk) => platform.finance.tills.ownOpen(id, clerk),
          staffOffice: async (id) => (await platform.core.staff.get(id)).office_id,
          staffName: async (id) => (await platform.core.staff.get(id)).full_name,
          officeLabel,
          provinceOffices: officesOf,
          now: () => platform.clock.now(),
          place: placeNames(platform.core),
          sync: syncAfterCommand,
          prove: (seq) => platform.checkpointsOf('delivery').prove(seq),
        }),
      ]),
      guard('services', [
        servicesRoutes(platform.services, {
          officeTarget: (id) => platform.core.principals.office(id),
          ownOpenTill: (id, clerk) => platform.finance.tills.ownOpen(id, clerk),
          officeLabel,
          provinceOffices: officesOf,
          servingOffice: async (commune) =>
            (await platform.delivery.items.network()).deliveryOffice(commune).id,
          account: async (id) => {
            const s = await platform.core.staff.get(id);
            const office = await platform.core.offices.get(s.office_id);
            return { id: s.id, status: s.status, roles: s.roles, province_code: office.province_code };
          },
          sync: syncAfterCommand,
          prove: (seq) => platform.checkpointsOf('services').prove(seq),
          track: (item) => platform.delivery.items.track(item),
        }),
      ]),
      guard('retail', [
        retailRoutes(platform.retail, {
          officeTarget: (id) => platform.core.principals.office(id),
          officeLabel,
          provinceOffices: officesOf,
          ownOpenTill: (id, clerk) => platform.finance.tills.ownOpen(id, clerk),
          officeInfo: (id) => platform.core.offices.get(id),
          staffName: async (id) => (await platform.core.staff.get(id)).full_name,
          payee: options.vietqr ?? DEMO_VIETQR_PAYEE,
          sync: syncAfterCommand,
          prove: (seq) => platform.checkpointsOf('retail').prove(seq),
          now: () => platform.clock.now(),
          track: (item) => platform.delivery.items.track(item),
        }),
      ]),
      webRoutes(options.web),
    ],
    authenticate: (c) => platform.core.principals.authenticate(c),
    authorizer: coreAuthorizer,
    errorStatus: ERROR_STATUS,
    officeByPostcode: async (postcode) => (await platform.core.offices.getByPostcode(postcode)).id,
  });
}
