// The cell the journal benchmarks append to. Its one event type looks like a real acceptance event (an
// S10 item id, an office, a weight, a fee, a Vietnamese name) and is validated by a real Zod schema, but its
// apply writes no projection: the figures are the journal's own cost (validation, canonical JSON, ids,
// hashing, the insert and the head update), not that of some cell's tables.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  defineEvent,
  journalMigrations,
  type CellDefinition,
  type EventDraft,
  type JournalTables,
} from '../src/journal/index.ts';

export type BenchTables = JournalTables;

export interface ItemAccepted {
  item: string;
  office: string;
  weight_g: number;
  fee_vnd: string;
  recipient: string;
}

export const itemAccepted = defineEvent<BenchTables, z.ZodType<ItemAccepted>>({
  type: 'bench.item.accepted',
  schema: z.strictObject({
    item: z.string().regex(/^[A-Z]{2}\d{9}[A-Z]{2}$/),
    office: z.string().regex(/^\d{6}$/),
    weight_g: z.number().int().min(1).max(30_000),
    fee_vnd: z.string().regex(/^\d{1,15}$/),
    recipient: z.string().min(1).max(100),
  }),
  // No projection: see the comment at the top.
  apply: () => Promise.resolve(),
});

export const benchCell: CellDefinition<BenchTables> = {
  name: 'bench',
  migrations: { ...journalMigrations },
  events: [itemAccepted],
  projections: [],
};

const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Châu', 'Phạm Thu Hà', 'Đặng Quốc Việt'];

/** The i-th draft of a run: deterministic, so every run appends the same bytes. */
export function draftAt(i: number): EventDraft<ItemAccepted> {
  const item = `EB${String(i % 1_000_000_000).padStart(9, '0')}VN`;
  return {
    stream: item,
    actor: 'stf_0190c2a4e1b07c5a9d3f2b6e8a4c1d70',
    office: '100000',
    payload: {
      item,
      office: '100000',
      weight_g: 100 + (i % 2900),
      fee_vnd: String(18_000 + (i % 50) * 1_000),
      recipient: NAMES[i % NAMES.length]!,
    },
  };
}

export interface ItemTables extends JournalTables {
  bench_item: { item: string; office: string; weight_g: number; fee_vnd: bigint; accepted_seq: bigint };
}

/** The acceptance event of `itemsCell`: the same payload, and a row in `bench_item`. */
export const itemRecorded = defineEvent<ItemTables, z.ZodType<ItemAccepted>>({
  type: 'items.item.accepted',
  schema: itemAccepted.schema,
  async apply(db, e) {
    await db
      .insertInto('bench_item')
      .values({
        item: e.payload.item,
        office: e.payload.office,
        weight_g: e.payload.weight_g,
        fee_vnd: BigInt(e.payload.fee_vnd),
        accepted_seq: e.seq,
      })
      .execute();
  },
});

/**
 * The same acceptance event with a projection (one row per item), for the benchmarks where a cell's replay
 * must cost what a real cell's does: restore and verify rebuild this table from the journal.
 */
export const itemsCell: CellDefinition<ItemTables> = {
  name: 'items',
  migrations: {
    ...journalMigrations,
    '2026_12_04_1400_create_bench_item': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('bench_item')
          .addColumn('item', 'text', (c) => c.primaryKey())
          .addColumn('office', 'text', (c) => c.notNull())
          .addColumn('weight_g', 'integer', (c) => c.notNull())
          .addColumn('fee_vnd', 'bigint', (c) => c.notNull())
          .addColumn('accepted_seq', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
  },
  events: [itemRecorded],
  projections: [{ table: 'bench_item', key: ['item'] }],
};
