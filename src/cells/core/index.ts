import type { Kysely } from 'kysely';
import { countEventsOfType, type CellDefinition, type Journal } from '../../journal/index.ts';
import type { CoreTables } from './core-tables.ts';
import { createGeo, geoEvents, geoRoutes, provinceLoaded, type Geo } from './geo/index.ts';
import { coreMigrations } from './migrations/index.ts';

export { CoreError, type CoreErrorCode } from './core-error.ts';
export type { CoreTables } from './core-tables.ts';
export type { Commune, Geo, LoadResult, Page, Province } from './geo/index.ts';

/** The core cell: geography now; offices, staff, roles and sign-in later. */
export const coreCell: CellDefinition<CoreTables> = {
  name: 'core',
  migrations: coreMigrations,
  events: [...geoEvents],
  projections: [
    { table: 'geo_province', key: ['code'] },
    { table: 'geo_commune', key: ['code'] },
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
}

export interface Core {
  geo: Geo;
  routes: ReturnType<typeof geoRoutes>[];
}

/** Wires the core cell's modules over its database and journal. */
export function createCore(deps: CoreDeps): Core {
  const geo = createGeo(deps);
  return { geo, routes: [geoRoutes(geo)] };
}
