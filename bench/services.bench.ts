// Public-administration dossiers (issue 23): a province's day of intakes through the services cell, one dossier
// a request as a clerk takes them (the procedure and its documents checked, the fees against the catalogue, a
// code drawn, the hash-chained events, the dossier's row, its leg and its history) against a raw insert of the
// same dossier rows one transaction each; and the agency's status updates (received, then done, each checked
// against the state and the officer's agency) against a raw update of the same rows. Same database.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import {
  createCatalogue,
  createServices,
  servicesCell,
  type IntakeInput,
  type Services,
  type ServicesTables,
} from '../src/cells/services/index.ts';
import { createJournal } from '../src/journal/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { createStorage, migrateCell, type Storage } from '../src/storage/index.ts';
import { postgresUnavailableReason, TEST_DATABASE_URL } from '../src/storage/testing.ts';
import type { BenchContext, BenchSuite } from './harness.ts';

const CATALOGUE = new URL('../assets/services/demo-catalogue.csv', import.meta.url);
const EXTRACT = '2.000635.000.00.00.H01';
const WARD = 'H01.UBND.X00004';
const OFFICER = 'stf_officer';

interface Opened {
  services: Services;
  clock: ManualClock;
}

async function open(storage: Storage): Promise<Opened> {
  // Monday 7 December 2026, 09:00 in Hà Nội.
  const clock = new ManualClock('2026-12-07T02:00:00.000Z');
  const cell = await storage.openCell<ServicesTables>('services');
  await migrateCell(cell, servicesCell.migrations);
  const journal = createJournal({ cell: servicesCell, db: cell.db, clock });
  const services = createServices({
    db: cell.db,
    journal,
    clock,
    places: {
      provinceOf: (c) => Promise.resolve(c === '00004' ? '01' : undefined),
      servingOffice: () => Promise.resolve('ofc_a'),
      postcode: () => Promise.resolve('11100'),
    },
  });
  await createCatalogue({ db: cell.db, journal, clock }).importFile(
    { name: 'demo-catalogue.csv', bytes: readFileSync(CATALOGUE) },
    'bench',
  );
  await services.catalogue.assignOfficer(OFFICER, WARD, 'bench');
  return { services, clock };
}

function intakeOf(services: Services) {
  return async (i: number): Promise<IntakeInput> => {
    const p = await services.catalogue.procedure(EXTRACT);
    return {
      procedure: EXTRACT,
      service: 'both',
      citizen: {
        name: 'Phạm Thị Lan',
        cccd: `0011850${String(10_000 + (i % 90_000)).padStart(5, '0')}`,
        phone: '0912000111',
        address: `Số ${i} Kim Mã`,
        commune: '00004',
      },
      documents: p.documents.map((d) => ({
        key: d.key,
        form: d.form === 'copy' ? 'copy' : 'original',
        count: d.count,
      })),
      seal: `NP${i}`,
      fees: { agency: String(p.agency_fee + p.agency_charge), post: String(p.send_tariff + p.return_tariff) },
      signatures: { citizen: `signature:c${i}`, clerk: `signature:k${i}` },
    };
  };
}

const AT = { office_id: 'ofc_a', clerk_id: 'stf_clerk', till_session_id: 'till_1' };

/** Takes `count` dossiers in, one request each; returns their ids and the rate. */
async function takeIn(o: Opened, count: number, from: number): Promise<{ ids: string[]; rate: number }> {
  const input = intakeOf(o.services);
  const inputs = await Promise.all(Array.from({ length: count }, (_, k) => input(from + k)));
  const ids: string[] = [];
  const started = performance.now();
  for (const x of inputs) ids.push((await o.services.dossiers.intake(x, AT)).id);
  return { ids, rate: count / ((performance.now() - started) / 1000) };
}

/**
 * Hands each dossier to the agency as the delivery cell's journal would (the leg posted, then delivered), off
 * the clock: the status updates need dossiers the agency holds.
 */
async function handOver(o: Opened, storage: Storage, ids: readonly string[], serial0: number): Promise<void> {
  const cell = await storage.openCell<ServicesTables>('services');
  const journal = createJournal({ cell: servicesCell, db: cell.db, clock: o.clock });
  const { legPosted, handedOver } = await import('../src/cells/services/dossiers/dossier.events.ts');
  await journal.transaction(async (trx) => {
    for (const [k, id] of ids.entries()) {
      const item = `RR${String(serial0 + k).padStart(8, '0')}5VN`;
      await journal.append(trx, legPosted, {
        stream: id,
        actor: 'bench',
        office: 'ofc_a',
        payload: { dossier: id, leg_no: 1, item, source_seq: '1' },
      });
      await journal.append(trx, handedOver, {
        stream: id,
        actor: 'bench',
        office: 'ofc_a',
        payload: {
          dossier: id,
          leg_no: 1,
          item,
          received_by: 'Văn thư',
          signature: null,
          deadline_day: '2026-12-10',
          source_seq: '2',
        },
      });
    }
  });
}

/** Records received then done for each dossier, one request each; returns updates per second. */
async function decideAll(o: Opened, ids: readonly string[]): Promise<number> {
  const officer = { id: OFFICER, agency: WARD };
  const started = performance.now();
  for (const id of ids) {
    await o.services.dossiers.decide(id, { status: 'received' }, officer);
    await o.services.dossiers.decide(id, { status: 'done' }, officer);
  }
  return (ids.length * 2) / ((performance.now() - started) / 1000);
}

const ROW_COLUMNS = 12;
const rowOf = (id: string, i: number) => [
  id,
  'both',
  EXTRACT,
  WARD,
  'ofc_a',
  'accepted',
  'Phạm Thị Lan',
  `0011850${String(10_000 + (i % 90_000)).padStart(5, '0')}`,
  '+84912000111',
  `Số ${i} Kim Mã`,
  '00004',
  JSON.stringify([{ key: 'to_khai', form: 'original', count: 1 }]),
];
const CREATE_BASE =
  'create table base_dossier (id text primary key, service text not null, procedure_code text not null, agency_code text not null, office_id text not null, state text not null, citizen_name text not null, citizen_cccd text not null, citizen_phone text not null, citizen_address text not null, citizen_commune text not null, documents text not null)';

async function benchSqlite(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-services-'));
  const storage = await createStorage({ dialect: 'sqlite', dataDir: dir });
  const raw = new DatabaseSync(join(dir, 'baseline.sqlite'));
  try {
    const o = await open(storage);
    raw.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL');
    raw.exec(CREATE_BASE);
    const ins = raw.prepare(
      `insert into base_dossier values (${Array.from({ length: ROW_COLUMNS }, () => '?').join(', ')})`,
    );
    const upd = raw.prepare('update base_dossier set state = ? where id = ?');
    const per = ctx.size(5_000, 50);
    ctx.note(
      `data dir ${dir}; WAL, synchronous=FULL on both sides; one dossier a transaction on both sides, as a clerk takes them; goal: a province's day (5,000) within a minute`,
    );
    const intake: number[] = [];
    const intakeBase: number[] = [];
    const updates: number[] = [];
    const updatesBase: number[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      const { ids, rate } = await takeIn(o, per, r * per);
      intake.push(rate);
      let started = performance.now();
      for (const [k, id] of ids.entries()) ins.run(...rowOf(`B${id}`, k));
      intakeBase.push(per / ((performance.now() - started) / 1000));
      await handOver(o, storage, ids, r * per);
      updates.push(await decideAll(o, ids));
      started = performance.now();
      for (const id of ids) {
        upd.run('received', `B${id}`);
        upd.run('done', `B${id}`);
      }
      updatesBase.push((per * 2) / ((performance.now() - started) / 1000));
    }
    ctx.report({
      case: 'intake, 1/request',
      events: per,
      subjectRuns: intake,
      baseline: 'raw INSERT of the dossier rows, 1/tx',
      baselineRuns: intakeBase,
    });
    ctx.report({
      case: 'agency updates, 1/request',
      events: per * 2,
      subjectRuns: updates,
      baseline: 'raw UPDATE of the rows, 1/tx',
      baselineRuns: updatesBase,
    });
  } finally {
    raw.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(ctx: BenchContext): Promise<void> {
  const reason = await postgresUnavailableReason();
  if (reason !== undefined) return ctx.note(`skipped: ${reason}`);
  const prefix = `benchs_${Math.floor(Math.random() * 1e8)}_`;
  const storage = await createStorage({ dialect: 'postgres', url: TEST_DATABASE_URL, schemaPrefix: prefix });
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const o = await open(storage);
    const schema = `${prefix}services`;
    await client.query(
      CREATE_BASE.replace('create table base_dossier', `create table "${schema}".base_dossier`),
    );
    const per = ctx.size(2_000, 50);
    ctx.note(
      `schema ${schema}, dropped at the end; one dossier a transaction on both sides (autocommit INSERT/UPDATE)`,
    );
    const intake: number[] = [];
    const intakeBase: number[] = [];
    const updates: number[] = [];
    const updatesBase: number[] = [];
    const params = Array.from({ length: ROW_COLUMNS }, (_, i) => `$${i + 1}`).join(', ');
    for (let r = 0; r < ctx.repeats; r++) {
      const { ids, rate } = await takeIn(o, per, r * per);
      intake.push(rate);
      let started = performance.now();
      for (const [k, id] of ids.entries())
        await client.query(`insert into "${schema}".base_dossier values (${params})`, rowOf(`B${id}`, k));
      intakeBase.push(per / ((performance.now() - started) / 1000));
      await handOver(o, storage, ids, r * per);
      updates.push(await decideAll(o, ids));
      started = performance.now();
      for (const id of ids) {
        await client.query(`update "${schema}".base_dossier set state = $1 where id = $2`, [
          'received',
          `B${id}`,
        ]);
        await client.query(`update "${schema}".base_dossier set state = $1 where id = $2`, [
          'done',
          `B${id}`,
        ]);
      }
      updatesBase.push((per * 2) / ((performance.now() - started) / 1000));
    }
    ctx.report({
      case: 'intake, 1/request',
      events: per,
      subjectRuns: intake,
      baseline: 'raw INSERT of the dossier rows, 1/tx',
      baselineRuns: intakeBase,
    });
    ctx.report({
      case: 'agency updates, 1/request',
      events: per * 2,
      subjectRuns: updates,
      baseline: 'raw UPDATE of the rows, 1/tx',
      baselineRuns: updatesBase,
    });
  } finally {
    await client.query(`drop schema if exists "${prefix}services" cascade`);
    await client.end();
    await storage.close();
  }
}

export const suite: BenchSuite = {
  name: 'services',
  sections: [
    { name: 'sqlite', run: benchSqlite },
    { name: 'postgres', run: benchPostgres },
  ],
};
