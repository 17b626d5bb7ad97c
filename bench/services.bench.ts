// Public-administration dossiers (issue 23): a province's day of intakes through the services cell, one dossier
// a request as a clerk takes them (the procedure and its documents checked, the fees against the catalogue, a
// code drawn, the hash-chained events, the dossier's row, its leg and its history) against a raw insert of the
// same dossier rows one transaction each; and the agency's status updates (received, then done, each checked
// against the state and the officer's agency) against a raw update of the same rows. Same database.
// Everything goes through the cell's public API: the demo catalogue imported, dossiers taken in, their first leg
// handed over by the transport follower fed the delivery cell's events (off the clock), the officer's decisions.
// The day is 5,000 dossiers (goal: within a minute on SQLite); BENCH_SCALE sizes it down (0.02 = 100).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import {
  createServices,
  itemsFollower,
  legKey,
  loadDemoCatalogue,
  servicesCell,
  type IntakeInput,
  type Procedure,
  type Services,
  type ServicesTables,
} from '../src/cells/services/index.ts';
import { createJournal, type Journal, type JournalEvent } from '../src/journal/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { createStorage, migrateCell, type Storage } from '../src/storage/index.ts';
import { postgresUnavailableReason, TEST_DATABASE_URL } from '../src/storage/testing.ts';
import type { BenchContext, BenchSuite } from './harness.ts';

/** A copy of a civil-status extract at Ba Đình's People's Committee (the flow test's procedure). */
const EXTRACT = '2.000635.000.00.00.H01';
const WARD = 'H01.UBND.X00004';
const OFFICER = 'stf_0190ffffffffffffffffffffffffffff';
const AT = {
  office_id: 'ofc_a',
  clerk_id: 'stf_0190c2a4e1b07c5a9d3f2b6e8a4c1d70',
  till_session_id: 'till_1',
};

interface Opened {
  services: Services;
  journal: Journal<ServicesTables>;
  clock: ManualClock;
  procedure: Procedure;
  /** The seq of the next synthetic delivery event. */
  deliverySeq: bigint;
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
  await loadDemoCatalogue(services.catalogue, 'stf_admin');
  await services.catalogue.assignOfficer(OFFICER, WARD, 'stf_admin');
  return {
    services,
    journal,
    clock,
    procedure: await services.catalogue.procedure(EXTRACT),
    deliverySeq: 1n,
  };
}

const cccd = (i: number) => `0011850${String(10_000 + (i % 90_000)).padStart(5, '0')}`;

/** The i-th citizen's complete intake of the extract, fees as the catalogue says (what a clerk fills in). */
function intakeAt(p: Procedure, i: number): IntakeInput {
  return {
    procedure: p.code,
    service: 'both',
    citizen: {
      name: 'Phạm Thị Lan',
      cccd: cccd(i),
      phone: '0912000111',
      address: `Số ${i} Kim Mã`,
      commune: '00004',
    },
    documents: p.documents.map((d) => ({
      key: d.key,
      form: d.form === 'copy' ? 'copy' : 'original',
      count: d.count,
    })),
    seal: `NP-${String(i).padStart(6, '0')}`,
    fees: { agency: String(p.agency_fee + p.agency_charge), post: String(p.send_tariff + p.return_tariff) },
    signatures: { citizen: `signature:c${i}`, clerk: `signature:k${i}` },
  };
}

/** Takes `count` dossiers in, one request each; returns their ids and the rate. */
async function takeIn(
  o: Opened,
  count: number,
  from: number,
): Promise<{ ids: string[]; rate: number; cpu: number }> {
  const inputs = Array.from({ length: count }, (_, k) => intakeAt(o.procedure, from + k));
  const ids: string[] = [];
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  for (const x of inputs) ids.push((await o.services.dossiers.intake(x, AT)).id);
  const cpu = process.cpuUsage(cpu0);
  return { ids, rate: count / ((performance.now() - started) / 1000), cpu: (cpu.user + cpu.system) / 1e6 };
}

/** A delivery cell's event as its journal would give it to the follower. */
function deliveryEvent(o: Opened, type: string, stream: string, payload: unknown): JournalEvent {
  const seq = o.deliverySeq++;
  return {
    seq,
    id: `evt_bench_${seq}`,
    type,
    stream,
    at: o.clock.now().toISOString(),
    actor: 'stf_postman',
    office: 'ofc_a',
    payload,
    prev: '0'.repeat(64),
    hash: '0'.repeat(64),
  };
}

/**
 * Hands each dossier to the agency as the delivery cell's journal tells it (its out leg taken in as an item,
 * then delivered to the agency), off the clock: the status updates need dossiers the agency holds. The events
 * go to the follower 250 dossiers a transaction (the hand-over is not what is measured, and a commit a dossier would
 * double the run).
 */
async function handOver(o: Opened, ids: readonly string[], serial0: number): Promise<void> {
  const follow = itemsFollower({ journal: o.journal });
  for (let from = 0; from < ids.length; from += 250)
    await o.journal.transaction(async (trx) => {
      for (const [k, id] of ids.slice(from, from + 250).entries()) {
        const item = `RR${String(serial0 + from + k).padStart(9, '0')}VN`;
        await follow(
          trx,
          deliveryEvent(o, 'delivery.item.accepted', item, {
            id: item,
            owner: 'services',
            owner_key: legKey(id, 1),
          }),
        );
        await follow(
          trx,
          deliveryEvent(o, 'delivery.item.delivered', item, {
            item,
            recipient_name: 'Nguyễn Văn Tiếp (văn thư UBND)',
            signature: 'signature:rcv-1',
            returning: false,
          }),
        );
      }
    });
  const d = await o.services.dossiers.get(ids.at(-1)!);
  if (d.state !== 'handed_over') throw new Error(`dossier ${d.id} is ${d.state} after its hand-over`);
}

/** Records received then done for each dossier, one request each; returns updates per second. */
async function decideAll(o: Opened, ids: readonly string[]): Promise<number> {
  const officer = { id: OFFICER, agency: WARD };
  const started = performance.now();
  for (const id of ids) {
    await o.services.dossiers.decide(id, { status: 'received' }, officer);
    await o.services.dossiers.decide(id, { status: 'done' }, officer);
  }
  const rate = (ids.length * 2) / ((performance.now() - started) / 1000);
  const d = await o.services.dossiers.get(ids.at(-1)!);
  if (d.state !== 'done') throw new Error(`dossier ${d.id} is ${d.state} after the agency's decisions`);
  return rate;
}

// The baseline: the dossier row as intake leaves it (the columns it fills), with the cell's two state indexes.
const BASE_COLUMNS = [
  'id',
  'service',
  'procedure_code',
  'agency_code',
  'office_id',
  'place',
  'state',
  'citizen_name',
  'citizen_cccd',
  'citizen_phone',
  'citizen_address',
  'citizen_commune',
  'documents',
  'missing',
  'clerk_id',
  'seal_no',
  'till_session_id',
  'citizen_signature',
  'clerk_signature',
  'accepted_at',
  'created_at',
  'updated_at',
  'decided_at',
  'agency_fee',
  'post_fee',
];
const CREATE_BASE = (table: string) => [
  `create table ${table} (${BASE_COLUMNS.map((c) => (c === 'id' ? 'id text primary key' : c.endsWith('_fee') ? `${c} bigint not null` : `${c} text${c === 'decided_at' ? '' : ' not null'}`)).join(', ')})`,
  `create index ${table.replace('.', '_').replaceAll('"', '')}_office on ${table} (office_id, state)`,
  `create index ${table.replace('.', '_').replaceAll('"', '')}_agency on ${table} (agency_code, state)`,
];
const INSERT_BASE = (table: string, param: (i: number) => string) =>
  `insert into ${table} (${BASE_COLUMNS.join(', ')}) values (${BASE_COLUMNS.map((_, i) => param(i + 1)).join(', ')})`;
const UPDATE_BASE = (table: string, param: (i: number) => string) =>
  `update ${table} set state = ${param(1)}, updated_at = ${param(2)}, decided_at = ${param(2)} where id = ${param(3)}`;

function rowOf(o: Opened, id: string, i: number): Array<string | bigint | null> {
  const x = intakeAt(o.procedure, i);
  const at = o.clock.now().toISOString();
  return [
    id,
    'both',
    EXTRACT,
    WARD,
    'ofc_a',
    'counter',
    'accepted',
    x.citizen.name,
    x.citizen.cccd,
    '+84912000111',
    x.citizen.address,
    '00004',
    JSON.stringify(x.documents),
    '[]',
    AT.clerk_id,
    x.seal!,
    AT.till_session_id,
    x.signatures!.citizen!,
    x.signatures!.clerk!,
    at,
    at,
    at,
    null,
    o.procedure.agency_fee + o.procedure.agency_charge,
    o.procedure.send_tariff + o.procedure.return_tariff,
  ];
}

interface Figures {
  intake: number[];
  /** The process's CPU seconds (user + system) during each intake run: the machine's time, waits left out. */
  intakeCpu: number[];
  intakeBase: number[];
  updates: number[];
  updatesBase: number[];
}

/** Runs the repeats: each side's intake then its updates, the same dossiers on both. */
async function measure(
  ctx: BenchContext,
  o: Opened,
  per: number,
  base: {
    insert(row: Array<string | bigint | null>): Promise<void> | void;
    update(state: string, at: string, id: string): Promise<void> | void;
  },
): Promise<Figures> {
  const f: Figures = { intake: [], intakeCpu: [], intakeBase: [], updates: [], updatesBase: [] };
  for (let r = 0; r < ctx.repeats; r++) {
    const { ids, rate, cpu } = await takeIn(o, per, r * per);
    f.intake.push(rate);
    f.intakeCpu.push(cpu);
    const rows = ids.map((id, k) => rowOf(o, `B${id}`, r * per + k));
    let started = performance.now();
    for (const row of rows) await base.insert(row);
    f.intakeBase.push(per / ((performance.now() - started) / 1000));
    await handOver(o, ids, r * per);
    f.updates.push(await decideAll(o, ids));
    const at = o.clock.now().toISOString();
    started = performance.now();
    for (const id of ids) {
      await base.update('received', at, `B${id}`);
      await base.update('done', at, `B${id}`);
    }
    f.updatesBase.push((per * 2) / ((performance.now() - started) / 1000));
  }
  return f;
}

function report(ctx: BenchContext, per: number, f: Figures): void {
  const seconds = (rate: number) => (per / rate).toFixed(1);
  const sorted = [...f.intake].sort((a, b) => a - b);
  ctx.note(
    `intake of ${per.toLocaleString('en-US')} dossiers took ${f.intake.map(seconds).join(' / ')} s (median ${seconds(sorted[Math.floor(sorted.length / 2)]!)} s), of which CPU ${f.intakeCpu.map((c) => c.toFixed(1)).join(' / ')} s (the rest waits on the disk's commits)`,
  );
  ctx.report({
    case: 'intake, 1/request',
    events: per,
    subjectRuns: f.intake,
    baseline: 'raw INSERT of dossier rows, 1/tx',
    baselineRuns: f.intakeBase,
  });
  ctx.report({
    case: 'received+done, 1/request',
    events: per * 2,
    subjectRuns: f.updates,
    baseline: 'raw UPDATE of the rows, 1/tx',
    baselineRuns: f.updatesBase,
  });
}

async function benchSqlite(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-services-'));
  const storage = await createStorage({ dialect: 'sqlite', dataDir: dir });
  const raw = new DatabaseSync(join(dir, 'baseline.sqlite'));
  try {
    const o = await open(storage);
    raw.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL');
    for (const sql of CREATE_BASE('base_dossier')) raw.exec(sql);
    const ins = raw.prepare(INSERT_BASE('base_dossier', () => '?'));
    const upd = raw.prepare(UPDATE_BASE('base_dossier', () => '?'));
    const per = ctx.size(5_000, 50);
    ctx.note(
      `data dir ${dir}; WAL, synchronous=FULL on both sides; one dossier a transaction on both sides, as a clerk takes them; goal: a province's day (5,000) within a minute`,
    );
    const f = await measure(ctx, o, per, {
      insert: (row) => void ins.run(...row),
      update: (state, at, id) => void upd.run(state, at, at, id),
    });
    report(ctx, per, f);
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
  const schema = `${prefix}services`;
  try {
    const o = await open(storage);
    const table = `"${schema}".base_dossier`;
    for (const sql of CREATE_BASE(table)) await client.query(sql);
    const per = ctx.size(5_000, 50);
    ctx.note(
      `schema ${schema}, dropped at the end; one dossier a transaction on both sides (autocommit INSERT/UPDATE)`,
    );
    const insert = INSERT_BASE(table, (i) => `$${i}`);
    const update = UPDATE_BASE(table, (i) => `$${i}`);
    const f = await measure(ctx, o, per, {
      insert: async (row) =>
        void (await client.query(
          insert,
          row.map((v) => (typeof v === 'bigint' ? v.toString() : v)),
        )),
      update: async (state, at, id) => void (await client.query(update, [state, at, id])),
    });
    report(ctx, per, f);
  } finally {
    await client.query(`drop schema if exists "${schema}" cascade`);
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
