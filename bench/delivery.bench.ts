// Delivery (issue 7): tracking scans recorded through the delivery cell in batches (items loaded once, the
// legal order checked for every scan, hash-chained events, the item's event row and its new state) against
// a raw insert of the same event rows; and shippers' items announced in batches (ids drawn, every field
// checked, the tariff, the event, the item row) against a raw insert of the same item rows. Same database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  createDelivery,
  deliveryCell,
  type AcceptInput,
  type Delivery,
  type DeliveryTables,
  type NetworkOffice,
} from '../src/cells/delivery/index.ts';
import { createJournal } from '../src/journal/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { createStorage, migrateCell, type Storage } from '../src/storage/index.ts';
import { postgresUnavailableReason, TEST_DATABASE_URL } from '../src/storage/testing.ts';
import type { BenchContext, BenchSuite } from './harness.ts';

const BATCH = 5_000;
const OFFICES: NetworkOffice[] = [
  {
    id: 'ofc_a',
    type: 'post_office',
    name: 'Bưu cục A',
    postcode: '11100',
    province_code: '01',
    commune_code: '00004',
  },
  {
    id: 'ofc_b',
    type: 'post_office',
    name: 'Bưu cục B',
    postcode: '79100',
    province_code: '79',
    commune_code: '25747',
  },
  {
    id: 'ofc_sc',
    type: 'sorting_centre',
    name: 'TTKT',
    postcode: '10900',
    province_code: '01',
    commune_code: '00008',
  },
];
const SNAPSHOT = {
  communes: new Map([
    ['00004', '01'],
    ['00008', '01'],
    ['25747', '79'],
  ]),
  offices: new Map(OFFICES.map((o) => [o.id, o])),
};

const item = (i: number): AcceptInput => ({
  key: `K${i}`,
  service: 'ecommerce',
  sender: { name: 'Shop Hoa Sen', phone: '0912345678', address: 'Số 3 Kim Mã', commune: '00004' },
  recipient: { name: 'Lê Văn Hùng', phone: '0987654321', address: `Số ${i} Yersin`, commune: '25747' },
  weight_g: 500 + (i % 2000),
  length_cm: 20,
  width_cm: 15,
  height_cm: 10,
  cod_amount: i % 3 === 0 ? '0' : '250000',
});

async function open(storage: Storage): Promise<Delivery> {
  const clock = new ManualClock('2026-11-25T02:00:00.000Z');
  const cell = await storage.openCell<DeliveryTables>('delivery');
  await migrateCell(cell, deliveryCell.migrations);
  const journal = createJournal({ cell: deliveryCell, db: cell.db, clock });
  return createDelivery({
    db: cell.db,
    journal,
    clock,
    network: { snapshot: () => Promise.resolve(SNAPSHOT) },
    codeKey: new Uint8Array(32),
  });
}

const chunks = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/** Announces `count` items in batches, returns their ids and the rate. */
async function announce(d: Delivery, from: number, count: number): Promise<{ ids: string[]; rate: number }> {
  const ids: string[] = [];
  const started = performance.now();
  for (let i = from; i < from + count; i += 1000) {
    const r = await d.items.announce(
      Array.from({ length: Math.min(1000, from + count - i) }, (_, k) => item(i + k)),
      { id: 'stf_shipper', office_id: 'ofc_a' },
      'stf_shipper',
    );
    ids.push(...r.items.map((x) => x.id));
  }
  return { ids, rate: count / ((performance.now() - started) / 1000) };
}

/** Posts the items (EMA) then sends them off (EMC): two scans an item, in batches; returns scans per second. */
async function scanAll(d: Delivery, ids: readonly string[]): Promise<number> {
  const started = performance.now();
  for (const code of ['EMA', 'EMC'])
    for (const batch of chunks(ids, BATCH))
      await d.items.scan(
        batch.map((id) => ({ item: id, code, office: 'ofc_a' })),
        'stf_clerk',
      );
  return (ids.length * 2) / ((performance.now() - started) / 1000);
}

/**
 * Closes posted items into bags of 1,000 for the sorting centre, sends each bag and scans it in there: every
 * item departs (EMC) and arrives (EDD) by its bag's scan. Returns item events per second.
 */
async function bagAll(d: Delivery, ids: readonly string[]): Promise<number> {
  for (const batch of chunks(ids, BATCH))
    await d.items.scan(
      batch.map((id) => ({ item: id, code: 'EMA', office: 'ofc_a' })),
      'stf_clerk',
    );
  const started = performance.now();
  for (const batch of chunks(ids, 1000)) {
    const bag = await d.transport.closeBag(
      { office: 'ofc_a', destination: 'ofc_sc', items: batch },
      'stf_clerk',
    );
    await d.transport.dispatch({ office: 'ofc_a', destination: 'ofc_sc', bags: [bag.id] }, 'stf_clerk');
    await d.transport.receiveBag(bag.id, 'ofc_sc', 'stf_sorter');
  }
  return (ids.length * 2) / ((performance.now() - started) / 1000);
}

const EVENT_COLUMNS = ['id', 'item_id', 'n', 'code', 'at', 'office_id', 'actor', 'seq'] as const;
const eventRows = (ids: readonly string[], seq0: number) =>
  ids.flatMap((id, i) =>
    ['EMA', 'EMC'].map((code, k) => [
      `${id}:${String(k + 1).padStart(4, '0')}`,
      id,
      String(k + 1),
      code,
      '2026-11-25T02:00:00.000Z',
      'ofc_a',
      'stf_clerk',
      String(seq0 + i * 2 + k),
    ]),
  );

async function benchSqlite(ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'postcore-bench-delivery-'));
  const storage = await createStorage({ dialect: 'sqlite', dataDir: dir });
  const raw = new DatabaseSync(join(dir, 'baseline.sqlite'));
  try {
    const d = await open(storage);
    raw.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL');
    raw.exec(
      'create table item_event (id text primary key, item_id text not null, n bigint not null, code text not null, at text not null, office_id text not null, actor text not null, seq bigint not null)',
    );
    raw.exec(
      'create table item (id text primary key, shipper_key text, payload text not null, fee bigint not null, cod bigint not null)',
    );
    const insEvent = raw.prepare(
      `insert into item_event values (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
    );
    const insItem = raw.prepare('insert into item values (?, ?, ?, ?, ?)');
    const per = ctx.size(20_000, BATCH);
    ctx.note(
      `data dir ${dir}; WAL, synchronous=FULL on both sides; scans in batches of ${BATCH}, items in batches of 1,000`,
    );
    const accepted: number[] = [];
    const acceptedBase: number[] = [];
    const scans: number[] = [];
    const scansBase: number[] = [];
    const bags: number[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      bags.push(await bagAll(d, (await announce(d, 1_000_000 + r * per, per)).ids));
      const { ids, rate } = await announce(d, r * per, per);
      accepted.push(rate);
      let started = performance.now();
      for (const batch of chunks(ids, 1000)) {
        raw.exec('begin');
        for (const [k, id] of batch.entries())
          insItem.run(id, `K${k}`, JSON.stringify(item(k)), 50_000n, 250_000n);
        raw.exec('commit');
      }
      acceptedBase.push(per / ((performance.now() - started) / 1000));
      scans.push(await scanAll(d, ids));
      const rows = eventRows(ids, r * per * 2);
      started = performance.now();
      for (const batch of chunks(rows, BATCH)) {
        raw.exec('begin');
        for (const row of batch) insEvent.run(...row);
        raw.exec('commit');
      }
      scansBase.push(rows.length / ((performance.now() - started) / 1000));
    }
    ctx.report({
      case: `scans, ${BATCH}/batch`,
      events: per * 2,
      subjectRuns: scans,
      baseline: 'raw INSERT of the event rows',
      baselineRuns: scansBase,
    });
    ctx.report({
      case: 'bag scans, 1,000/bag',
      events: per * 2,
      subjectRuns: bags,
      baseline: 'raw INSERT of the event rows',
      baselineRuns: scansBase,
    });
    ctx.report({
      case: 'announce, 1,000/batch',
      events: per,
      subjectRuns: accepted,
      baseline: 'raw INSERT of the item rows',
      baselineRuns: acceptedBase,
    });
  } finally {
    raw.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const copyText = (rows: readonly string[][]) => Buffer.from(rows.map((r) => r.join('\t') + '\n').join(''));

async function benchPostgres(ctx: BenchContext): Promise<void> {
  const reason = await postgresUnavailableReason();
  if (reason !== undefined) return ctx.note(`skipped: ${reason}`);
  const prefix = `benchd_${Math.floor(Math.random() * 1e8)}_`;
  const storage = await createStorage({ dialect: 'postgres', url: TEST_DATABASE_URL, schemaPrefix: prefix });
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const d = await open(storage);
    const schema = `${prefix}delivery`;
    await client.query(
      `create table "${schema}".base_event (id text primary key, item_id text not null, n bigint not null, code text not null, at text not null, office_id text not null, actor text not null, seq bigint not null)`,
    );
    const per = ctx.size(10_000, BATCH);
    ctx.note(
      `schema ${schema}, dropped at the end; baseline: COPY FROM STDIN of the same event rows, one COPY per batch`,
    );
    const scans: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      const { ids } = await announce(d, r * per, per);
      scans.push(await scanAll(d, ids));
      const rows = eventRows(ids, r * per * 2);
      const started = performance.now();
      for (const batch of chunks(rows, BATCH))
        await pipeline(
          Readable.from([copyText(batch)]),
          client.query(copyFrom(`copy "${schema}".base_event from stdin`)),
        );
      base.push(rows.length / ((performance.now() - started) / 1000));
    }
    ctx.report({
      case: `scans, ${BATCH}/batch`,
      events: per * 2,
      subjectRuns: scans,
      baseline: 'COPY of the event rows',
      baselineRuns: base,
    });
  } finally {
    await client.query(`drop schema if exists "${prefix}delivery" cascade`);
    await client.end();
    await storage.close();
  }
}

export const suite: BenchSuite = {
  name: 'delivery',
  sections: [
    { name: 'sqlite', run: benchSqlite },
    { name: 'postgres', run: benchPostgres },
  ],
};
