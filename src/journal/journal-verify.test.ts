// The journal's verify: one snapshot while another connection keeps appending, and tampering with the
// stored events or projections named by cell and seq.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { ManualClock } from '../platform/clock.ts';
import { createStorage, type CellDatabase } from '../storage/index.ts';
import { dialectsUnderTest, TEST_DATABASE_URL, type TestStorage } from '../storage/testing.ts';
import { createJournal } from './index.ts';
import { freshTallies } from './testing-tally.ts';
import { counterAdded, tallyCell, type TallyTables } from './testing.ts';

const clock = new ManualClock('2026-11-25T03:10:00.000Z');
const cell = tallyCell();

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`journal on ${dialect}`, { skip }, () => {
    let t: TestStorage;
    let c: CellDatabase<TallyTables>;
    let n: number;
    const tallies = freshTallies(dialect, cell, clock);
    // Each test gets a fresh cell database so that tampering in one cannot leak into another.
    async function fresh(): Promise<void> {
      ({ t, c, n } = await tallies.fresh());
    }
    const { add, verify } = tallies;

    test('verify while another connection keeps appending sees one snapshot and reports no false tampering', async () => {
      await fresh();
      for (let i = 0; i < 300; i++) await add(`k${i % 4}`, 1);
      // A second storage on the same cell database: its own connection, as another process would have.
      const writerStorage = await createStorage(
        dialect === 'sqlite'
          ? { dialect, dataDir: t.place }
          : { dialect, url: TEST_DATABASE_URL, schemaPrefix: t.place },
      );
      try {
        const wc = await writerStorage.openCell<TallyTables>(`tally${n}`);
        const writer = createJournal({ cell, db: wc.db, clock });
        let writing = true;
        const appends = (async () => {
          let k = 0;
          while (writing && k < 2000) {
            k++;
            await writer.transaction((trx) =>
              writer.append(trx, counterAdded, {
                stream: 'x',
                actor: 'w',
                payload: { name: `k${k % 4}`, by: 1 },
              }),
            );
          }
          return k;
        })();
        const reports = [];
        for (let i = 0; i < 3; i++) reports.push(await verify());
        writing = false;
        const written = await appends;
        assert.ok(written > 0);
        for (const r of reports) assert.deepEqual(r.failures, []);
        assert.equal((await verify()).ok, true);
      } finally {
        await writerStorage.close();
      }
    });

    describe('verify names the cell and the seq after tampering', () => {
      async function seeded(): Promise<void> {
        await fresh();
        for (let i = 1; i <= 6; i++) await add(i % 2 === 0 ? 'even' : 'odd', i);
        assert.equal((await verify()).ok, true);
      }

      test('one byte of a payload changed', async () => {
        await seeded();
        await sql`update journal_event set payload = replace(payload, '"by":3', '"by":4') where seq = 3`.execute(
          c.db,
        );
        const r = await verify();
        assert.equal(r.ok, false);
        assert.equal(r.cell, 'tally');
        assert.deepEqual(
          r.failures.map((f) => [f.check, f.seq]),
          [['hash', '3']],
        );
      });

      test('an event deleted', async () => {
        await seeded();
        await sql`delete from journal_event where seq = 4`.execute(c.db);
        const r = await verify();
        assert.equal(r.ok, false);
        assert.deepEqual(
          r.failures.map((f) => [f.check, f.seq]),
          [
            ['seq', '4'],
            ['prev', '5'],
          ],
        );
      });

      test('the last event deleted (the chain alone cannot see it; the head can)', async () => {
        await seeded();
        await sql`delete from journal_event where seq = 6`.execute(c.db);
        const r = await verify();
        assert.deepEqual(
          r.failures.map((f) => [f.check, f.seq]),
          [['head', '6']],
        );
      });

      test('two events swapped', async () => {
        await seeded();
        // Move seq 2 and 3 into each other's places, with everything they carry.
        await sql`update journal_event set seq = 1000002 where seq = 2`.execute(c.db);
        await sql`update journal_event set seq = 2 where seq = 3`.execute(c.db);
        await sql`update journal_event set seq = 3 where seq = 1000002`.execute(c.db);
        const r = await verify();
        assert.equal(r.ok, false);
        assert.deepEqual(r.failures[0], {
          check: 'hash',
          seq: '2',
          message: r.failures[0]!.message,
        });
        assert.ok(r.failures.some((f) => f.check === 'prev' && f.seq === '2'));
      });

      test('a projection row edited directly in the database', async () => {
        await seeded();
        await sql`update tally_counter set value = value + 1000 where name = 'even'`.execute(c.db);
        const r = await verify();
        assert.equal(r.ok, false);
        assert.equal(r.failures.length, 1);
        const f = r.failures[0]!;
        assert.equal(f.check, 'projection');
        assert.equal(f.seq, '6');
        assert.equal(f.table, 'tally_counter');
        assert.deepEqual(f.key, { name: 'even' });
        assert.match(f.message, /value is "1012", journal says "12"/);
      });

      test('a projection row deleted', async () => {
        await seeded();
        await sql`delete from tally_counter where name = 'odd'`.execute(c.db);
        const r = await verify();
        assert.match(r.failures[0]!.message, /row name=odd is missing from the live table/);
      });
    });
  });
}
