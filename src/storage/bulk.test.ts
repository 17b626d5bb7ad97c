import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { bulkInsert, bulkUpdate, selectByKeys, type BulkColumn } from './bulk.ts';
import { dialectsUnderTest, openTestStorage, type TestStorage } from './testing.ts';

interface Row {
  id: string;
  name: string | null;
  amount: bigint;
}
interface Tables {
  bulk_row: Row;
}
const COLUMNS: ReadonlyArray<BulkColumn<Row>> = [
  { name: 'id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'amount', type: 'bigint' },
];

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`bulk rows on ${dialect}`, { skip }, () => {
    let t: TestStorage;
    let db: Kysely<Tables>;
    before(async () => {
      t = await openTestStorage(dialect);
      db = (await t.storage.openCell<Tables>('bulk')).db;
      await db.schema
        .createTable('bulk_row')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text')
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .execute();
    });
    after(() => t.cleanup());

    test('inserts, updates and reads back thousands of rows: nulls, quotes and amounts beyond 2^53 intact', async () => {
      const big = 9_007_199_254_740_993n;
      const rows: Row[] = Array.from({ length: 12_345 }, (_, i) => ({
        id: `r${i}`,
        name: i % 7 === 0 ? null : `Lê "Văn" 'Hùng' ${i}`,
        amount: big + BigInt(i),
      }));
      await bulkInsert(db, 'bulk_row', COLUMNS, rows);
      const changed = rows
        .filter((_, i) => i % 3 === 0)
        .map((r) => ({ ...r, name: r.name === null ? 'x' : null, amount: -r.amount }));
      await bulkUpdate(db, 'bulk_row', COLUMNS, changed);
      const keys = rows.map((r) => r.id);
      const back = new Map(
        (await selectByKeys<Tables, Row>(db, 'bulk_row', 'id', ['id', 'name', 'amount'], keys)).map((r) => [
          r.id,
          r,
        ]),
      );
      assert.equal(back.size, rows.length);
      for (const [i, r] of rows.entries()) {
        const want = i % 3 === 0 ? changed[i / 3]! : r;
        assert.deepEqual({ ...back.get(r.id) }, want, r.id);
      }
      assert.deepEqual(await selectByKeys<Tables, Row>(db, 'bulk_row', 'id', ['id'], ['nope']), []);
    });
  });
}
