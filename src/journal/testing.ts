// A small cell used by the journal's own tests and benchmarks: named counters with a projection.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Migration } from '../storage/index.ts';
import { defineEvent, type CellDefinition, type JournalTables } from './journal-event.ts';
import { migration as journalMigrations } from './migrations/index.ts';

export interface TallyTables extends JournalTables {
  tally_counter: { name: string; value: bigint; updated_seq: bigint };
}

const createCounter: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('tally_counter')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .addColumn('updated_seq', 'bigint', (c) => c.notNull())
      .execute();
  },
};

export const counterAdded = defineEvent<TallyTables, z.ZodType<{ name: string; by: number }>>({
  type: 'tally.counter.added',
  schema: z.strictObject({ name: z.string().min(1).max(40), by: z.number().int().min(1).max(1_000_000) }),
  async apply(db, e) {
    const row = await db
      .selectFrom('tally_counter')
      .select('value')
      .where('name', '=', e.payload.name)
      .executeTakeFirst();
    if (row === undefined) {
      await db
        .insertInto('tally_counter')
        .values({ name: e.payload.name, value: BigInt(e.payload.by), updated_seq: e.seq })
        .execute();
    } else {
      await db
        .updateTable('tally_counter')
        .set({ value: row.value + BigInt(e.payload.by), updated_seq: e.seq })
        .where('name', '=', e.payload.name)
        .execute();
    }
  },
});

/** A test cell: the same shape every real cell has, small enough to tamper with by hand. */
export function tallyCell(name = 'tally'): CellDefinition<TallyTables> {
  return {
    name,
    migrations: { ...journalMigrations, '2026_11_25_0700_create_counter': createCounter },
    events: [name === 'tally' ? counterAdded : { ...counterAdded, type: `${name}.counter.added` }],
    projections: [{ table: 'tally_counter', key: ['name'] }],
  };
}
