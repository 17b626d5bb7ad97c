// Test support for the catalogue: a services cell of the catalogue's events alone over the cell's migrations
// (the cell's own definition wires the dossiers' events too), migrated on a fresh storage, and the geography.
import { readFileSync } from 'node:fs';
import {
  createJournal,
  REQUEST_KEY_TABLE,
  type CellDefinition,
  type Journal,
} from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { migrateCell, type CellDatabase, type Dialect } from '../../../storage/index.ts';
import { openTestStorage, type TestStorage } from '../../../storage/testing.ts';
import { servicesMigrations } from '../migrations/index.ts';
import type { ServicesTables } from '../services-tables.ts';
import { catalogueEvents } from './catalogue.events.ts';
import { createCatalogue, type Catalogue } from './catalogue.service.ts';

/** The services cell as far as the catalogue goes: its events and the tables they project. */
export const catalogueTestCell: CellDefinition<ServicesTables> = {
  name: 'services',
  migrations: servicesMigrations,
  events: catalogueEvents,
  // Every table of the migration, so verify knows them all; only the catalogue's three are written here.
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
};

/** Commune code (5 digits) → province code (2 digits), from the divisions file the platform loads. */
export function testCommunes(): Map<string, string> {
  const divisions = JSON.parse(
    readFileSync(new URL('../../../../assets/geo/divisions-2025.json', import.meta.url), 'utf8'),
  ) as Array<{ code: number; communes: Array<{ code: number }> }>;
  const out = new Map<string, string>();
  for (const p of divisions)
    for (const c of p.communes) out.set(String(c.code).padStart(5, '0'), String(p.code).padStart(2, '0'));
  return out;
}

export interface TestCatalogue {
  t: TestStorage;
  cell: CellDatabase<ServicesTables>;
  journal: Journal<ServicesTables>;
  catalogue: Catalogue;
}

/** A migrated, empty services cell with the catalogue over it, checking files against the geography. */
export async function openTestCatalogue(dialect: Dialect, clock: Clock): Promise<TestCatalogue> {
  const t = await openTestStorage(dialect);
  const cell = await t.storage.openCell<ServicesTables>('services');
  await migrateCell(cell, servicesMigrations);
  const journal = createJournal({ cell: catalogueTestCell, db: cell.db, clock });
  const communes = testCommunes();
  const catalogue = createCatalogue({ db: cell.db, journal, clock, communes: async () => communes });
  return { t, cell, journal, catalogue };
}
