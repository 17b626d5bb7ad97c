import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from '../../storage/index.ts';
import { countEventsOfType, type CellDefinition, type Journal } from '../../journal/index.ts';
import type { CoreTables } from './core-tables.ts';
import { createGeo, geoEvents, geoRoutes, parseDivisions, provinceLoaded, type Geo } from './geo/index.ts';
import { coreMigrations } from './migrations/index.ts';
import {
  createOffices,
  demoOfficeNetwork,
  officeRoutes,
  officeEvents,
  type Office,
  type Offices,
} from './offices/index.ts';
import {
  createStaff,
  DEMO_PRIVILEGED,
  DEMO_TOTP_SECRET,
  demoStaff,
  staffAdded,
  staffEvents,
  staffRoutes,
  type StaffService,
} from './staff/index.ts';
import { parseNames } from '../../platform/people.ts';
import { createSignIn, signInEvents, signInRoutes, type SignIn } from './sign-in/index.ts';
import { createTokens, tokenEvents, tokenRoutes, type Tokens } from './tokens/index.ts';
import { createPrincipals, type Principals } from './principals/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { SecretBox } from '../../platform/secret-box.ts';

export { createPrincipals, type Principals } from './principals/index.ts';
export {
  authorize,
  authorizeRoles,
  refusalOf,
  PERMISSIONS,
  ROLE_GRANTS,
  ROLES,
  type Decision,
  type Denial,
  type Permission,
  type Principal,
  type Role,
  type Target,
} from './access/index.ts';
export { CoreError, type CoreErrorCode } from './core-error.ts';
export type { CoreTables } from './core-tables.ts';
export type { Commune, Geo, LoadResult, Page, Province } from './geo/index.ts';
export {
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  type AddStaffInput,
  type Staff,
  type StaffService,
} from './staff/index.ts';
export { MAX_TOKEN_DAYS, type ApiToken, type IssueTokenInput, type Tokens } from './tokens/index.ts';
export {
  LOCK_MINUTES,
  MAX_FAILURES,
  SESSION_HOURS,
  totpFor,
  type SignIn,
  type SignInResult,
} from './sign-in/index.ts';
export {
  OFFICE_TYPES,
  type Office,
  type Offices,
  type OfficeType,
  type OpenOfficeInput,
} from './offices/index.ts';

/** The core cell: geography now; offices, staff, roles and sign-in later. */
export const coreCell: CellDefinition<CoreTables> = {
  name: 'core',
  migrations: coreMigrations,
  events: [...geoEvents, ...officeEvents, ...staffEvents, ...signInEvents, ...tokenEvents],
  projections: [
    { table: 'geo_province', key: ['code'] },
    { table: 'geo_commune', key: ['code'] },
    { table: 'office', key: ['id'] },
    { table: 'staff', key: ['id'] },
    { table: 'auth_session', key: ['secret_hash'] },
    { table: 'auth_lockout', key: ['staff_id'] },
    { table: 'auth_totp', key: ['staff_id'] },
    { table: 'api_token', key: ['id'] },
  ],
  async invariants(db) {
    return (await countEventsOfType(db, provinceLoaded.type)) === 0n
      ? ['the core cell holds no geography: its journal has no core.geo.province.loaded event']
      : [];
  },
};

export interface CoreDeps {
  db: Kysely<CoreTables>;
  journal: Journal<CoreTables>;
  clock: Clock;
  /** Seals second-factor seeds before they are journaled. */
  secrets: SecretBox;
}

export interface Core {
  geo: Geo;
  offices: Offices;
  staff: StaffService;
  signIn: SignIn;
  tokens: Tokens;
  principals: Principals;
  /**
   * Opens the demo network (one post office per commune) on a cell that never had offices, and its staff
   * on a cell that never had staff; each part once.
   */
  loadDemo(
    data: { divisions: unknown; names: unknown },
    actor: string,
  ): Promise<{ offices: number; staff: number }>;
  routes: FastifyPluginAsyncZod[];
}

/** Wires the core cell's modules over its database and journal. */
export function createCore(deps: CoreDeps): Core {
  const geo = createGeo(deps);
  const offices = createOffices(deps);
  const staff = createStaff({ ...deps, offices });
  const signIn = createSignIn({ ...deps, staff });
  const tokens = createTokens({ ...deps, staff, offices });
  const principals = createPrincipals({ offices, staff, signIn, tokens });
  return {
    geo,
    offices,
    staff,
    signIn,
    tokens,
    principals,
    async loadDemo(data, actor) {
      const opened = (await offices.isEmpty())
        ? (await offices.openMany(demoOfficeNetwork(parseDivisions(data.divisions)), actor)).length
        : 0;
      if ((await countEventsOfType(deps.db, staffAdded.type)) > 0n) return { offices: opened, staff: 0 };
      const network: Office[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await offices.list({ status: 'open', limit: 500, offset });
        network.push(...page.items);
        if (page.items.length === 0 || network.length >= page.total) break;
      }
      const people = demoStaff(network, parseNames(data.names), deps.clock.now().getUTCFullYear());
      const added = await staff.addMany(people, actor);
      for (const username of DEMO_PRIVILEGED) {
        const account = added.find((s) => s.username === username)!;
        await signIn.enrolSecondFactor(account.id, actor, DEMO_TOTP_SECRET);
      }
      return { offices: opened, staff: added.length };
    },
    routes: [
      geoRoutes(geo),
      officeRoutes(offices, principals),
      staffRoutes(staff, principals),
      signInRoutes(signIn, staff, principals),
      tokenRoutes(tokens, staff, principals),
    ],
  };
}
