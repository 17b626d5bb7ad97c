// Test support for the core cell: a migrated core database on a fresh storage, and the divisions file.
import { readFileSync } from 'node:fs';
import { createJournal } from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { createSecretBox, newSecretBoxKey } from '../../platform/secret-box.ts';
import { migrateCell, type CellDatabase, type Dialect } from '../../storage/index.ts';
import { openTestStorage, type TestStorage } from '../../storage/testing.ts';
import { coreCell, createCore, type Core, type CoreTables, type Office } from './index.ts';

/** The names file the demo's people are drawn from. */
export const NAMES = JSON.parse(
  readFileSync(new URL('../../../assets/people/names.json', import.meta.url), 'utf8'),
) as unknown;

/** The divisions file as the platform loads it on first start. */
export const DIVISIONS = JSON.parse(
  readFileSync(new URL('../../../assets/geo/divisions-2025.json', import.meta.url), 'utf8'),
) as unknown;

export interface TestCore {
  t: TestStorage;
  cell: CellDatabase<CoreTables>;
  core: Core;
}

/** A migrated, empty core cell; with `geography`, the divisions loaded through the journal. */
export async function openTestCore(dialect: Dialect, clock: Clock, geography: boolean): Promise<TestCore> {
  const t = await openTestStorage(dialect);
  const cell = await t.storage.openCell<CoreTables>('core');
  await migrateCell(cell, coreCell.migrations);
  const core = createCore({
    db: cell.db,
    journal: createJournal({ cell: coreCell, db: cell.db, clock }),
    clock,
    secrets: createSecretBox(newSecretBoxKey()),
  });
  if (geography) await core.geo.loadDivisions(DIVISIONS, 'system:test');
  return { t, cell, core };
}

/** Opens the corporation and Hà Nội's provincial post, the smallest hierarchy staff can belong to. */
export async function openTestHierarchy(core: Core): Promise<{ corporation: Office; hanoi: Office }> {
  const corporation = await core.offices.open(
    {
      type: 'corporation',
      name: 'Tổng công ty',
      postcode: '10000',
      commune_code: '00004',
      address: 'Số 5',
      opening_hours: '24/7',
    },
    'system:test',
  );
  const hanoi = await core.offices.open(
    {
      type: 'provincial_post',
      name: 'Bưu điện Hà Nội',
      postcode: '01000',
      commune_code: '00004',
      address: 'Số 1',
      opening_hours: '24/7',
      parent_id: corporation.id,
    },
    'system:test',
  );
  return { corporation, hanoi };
}

/** Opens an office (a made-up address and hours) under the office `parentId`, as the test actor. */
export function openTestOffice(
  core: Pick<Core, 'offices'>,
  type: string,
  name: string,
  postcode: string,
  commune: string,
  parentId?: string,
): Promise<Office> {
  return core.offices.open(
    {
      type,
      name,
      postcode,
      commune_code: commune,
      address: 'Số 1',
      opening_hours: '7:00–19:00',
      ...(parentId === undefined ? {} : { parent_id: parentId }),
    },
    'system:test',
  );
}
