import type { Kysely } from '../../storage/index.ts';
import {
  createRequestKeys,
  REQUEST_KEY_TABLE,
  requestAnswered,
  type CellDefinition,
  type Journal,
} from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  catalogueEvents,
  catalogueRoutes,
  createCatalogue,
  type Catalogue,
  type CatalogueRouteDeps,
} from './catalogue/index.ts';
import {
  createDossiers,
  dossierEvents,
  dossierInvariants,
  dossierRoutes,
  type DossierPlaces,
  type DossierRouteDeps,
  type Dossiers,
} from './dossiers/index.ts';
import { servicesMigrations } from './migrations/index.ts';
import { ServicesError } from './services-error.ts';
import type { ServicesTables } from './services-tables.ts';

import {
  createDossierOverviews,
  overviewRoutes,
  type DossierOverviews,
  type OverviewRouteDeps,
} from './overview/index.ts';
export { ServicesError, type ServicesErrorCode } from './services-error.ts';
export type { ServicesTables } from './services-tables.ts';
export * from './catalogue/index.ts';
export * from './dossiers/index.ts';
export { createDossierOverviews, type DossierOverview, type DossierOverviews } from './overview/index.ts';
export { servicesMigrations };

/** `services.request.answered`: a keyed command's idempotency key, request hash and answer. */
const requestEvent = requestAnswered<ServicesTables>('services');

/** The services cell: the catalogue of procedures taken through the post, and citizens' dossiers. */
export const servicesCell: CellDefinition<ServicesTables> = {
  name: 'services',
  migrations: servicesMigrations,
  events: [...catalogueEvents, ...dossierEvents, requestEvent],
  projections: [
    { table: 'services_agency', key: ['code'] },
    { table: 'services_procedure', key: ['code'] },
    { table: 'services_agency_officer', key: ['staff_id'] },
    { table: 'services_serial', key: ['prefix'] },
    { table: 'services_dossier', key: ['id'] },
    { table: 'services_dossier_leg', key: ['dossier_id', 'leg_no'] },
    { table: 'services_dossier_step', key: ['dossier_id', 'seq'] },
    { table: 'services_notice', key: ['id'] },
    REQUEST_KEY_TABLE,
  ],
  invariants: dossierInvariants,
};

export interface ServicesDeps {
  db: Kysely<ServicesTables>;
  journal: Journal<ServicesTables>;
  clock: Clock;
  places: DossierPlaces;
  /** Commune code → province code (the core cell's geography): a catalogue's places must exist. */
  communes?: () => Promise<ReadonlyMap<string, string>>;
}

export interface Services {
  catalogue: Catalogue;
  dossiers: Dossiers;
  overviews: DossierOverviews;
  /** The agency an agency officer acts for, or undefined. */
  officerAgency(staffId: string): Promise<string | undefined>;
}

export type ServicesRouteDeps = Omit<DossierRouteDeps, 'officerAgency' | 'agencyOffice'> &
  CatalogueRouteDeps &
  OverviewRouteDeps & {
    /** The office that serves a commune: an agency's dossiers are delivered there and its results collected. */
    servingOffice(commune: string): Promise<string>;
  };

/** Routes of the services cell. */
export function servicesRoutes(services: Services, deps: ServicesRouteDeps): FastifyPluginAsyncZod {
  const modules = [
    catalogueRoutes(services.catalogue, deps),
    dossierRoutes(services.dossiers, {
      ...deps,
      officerAgency: (id) => services.officerAgency(id),
      agencyOffice: async (code) => deps.servingOffice((await services.catalogue.agency(code)).commune),
    }),
    overviewRoutes(services.overviews, deps),
  ];
  return async (app) => {
    for (const routes of modules) await app.register(routes);
  };
}

/** Wires the services cell's modules over its database and journal. */
export function createServices(deps: ServicesDeps): Services {
  const requests = createRequestKeys({
    journal: deps.journal,
    event: requestEvent,
    reused: (m, vi, details) => new ServicesError('idempotency_key_reused', m, vi, details),
  });
  const catalogue = createCatalogue({
    db: deps.db,
    journal: deps.journal,
    clock: deps.clock,
    ...(deps.communes === undefined ? {} : { communes: deps.communes }),
  });
  return {
    catalogue,
    dossiers: createDossiers({ ...deps, requests }),
    overviews: createDossierOverviews(deps.db, deps.clock),
    officerAgency: async (id) => (await catalogue.officerAgency(id))?.agency.code,
  };
}
