// The retail cell's goods and the finance cell's ledger agree, on both dialects: goods received through the real
// stock ledger reach the office's inventory account once finance follows the retail journal, and verify catches
// a stock row whose value no longer matches the ledger.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Platform } from './platform.ts';
import { ManualClock } from '../platform/clock.ts';
import { dialectsUnderTest } from '../storage/testing.ts';
import { accountId } from '../cells/finance/index.ts';
import type { RetailTables } from '../cells/retail/index.ts';
import { loadTestCatalogue, shelveTestStock } from '../cells/retail/testing.ts';
import { balanceOf, openDeliveryWorld, type DeliveryWorld } from '../testing.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`goods in the retail cell and in the ledger, ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-08T02:00:00.000Z');
    let w: DeliveryWorld;
    let platform: Platform;
    before(async () => {
      w = await openDeliveryWorld(dialect, clock);
      platform = w.platform;
    });
    after(() => w.close());

    test('goods received at an office are its inventory at cost, and verify holds the two cells to it', async () => {
      const retail = platform.cells.find((c) => c.definition.name === 'retail')!;
      const journal = retail.journal as Parameters<typeof loadTestCatalogue>[0];
      await loadTestCatalogue(journal);
      await shelveTestStock(journal, w.o.a.id, [{ product: 'TEM-5000', quantity: 100n, unit_cost: 4_000n }]);
      const synced = await platform.sync();
      assert.equal(synced.retail, 2, 'the catalogue (nothing to post) and the receipt');
      const inventory = accountId(w.o.a.id, 'inventory');
      assert.equal(await balanceOf(platform, inventory), 400_000n);
      assert.equal((await platform.sync()).retail, 0, 'posted once');
      let reports = await platform.verify();
      for (const r of reports) assert.equal(r.ok, true, `${r.cell}: ${JSON.stringify(r.failures)}`);

      // A stock row valued otherwise by hand: the retail cell's own checks and the cross-cell one both see it.
      const db = retail.database.db as unknown as Kysely<RetailTables>;
      await sql`update ${sql.table('retail_stock')} set value = value + 1000 where office_id = ${w.o.a.id} and place = 'shelf'`.execute(
        db,
      );
      reports = await platform.verify();
      const finance = reports.find((r) => r.cell === 'finance')!;
      assert.equal(finance.ok, false);
      assert.match(
        finance.failures.map((f) => f.message).join('\n'),
        /inventory account \(1561\) holds 400\.000 ₫ but the retail cell values its goods there at 401\.000 ₫/,
      );
      await sql`update ${sql.table('retail_stock')} set value = value - 1000 where office_id = ${w.o.a.id} and place = 'shelf'`.execute(
        db,
      );
    });
  });
}
