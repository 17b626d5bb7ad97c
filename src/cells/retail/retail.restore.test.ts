// The retail cell restores from the vault on both dialects: a day at Ba Đình (goods received against a purchase
// order, a basket sold at the till, part of it returned, a transfer to Thủ Dầu Một, a stocktake counted by the
// clerk and approved by the manager) is shipped sealed; restored at its latest event it verifies, its tables
// digest as the live cell's and every stock account comes back to the unit and the đồng; restored at the event
// before the return it holds the stock as it was then.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cellDefinitions, type Platform } from '../../app.ts';
import { digestTables, readPublicKey, type Journal } from '../../journal/index.ts';
import { ManualClock } from '../../platform/clock.ts';
import { restoreFromVault, type RestorePlace, type RestoreTarget } from '../../resilience/restore.ts';
import { createStorage } from '../../storage/index.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';
import {
  B_MANAGER,
  CLERK,
  MANAGER,
  openDeliveryWorld,
  startTestVault,
  type DeliveryWorld,
  type TestVault,
} from '../../testing.ts';
import { retailCell } from './index.ts';
import type { RetailTables } from './retail-tables.ts';
import { loadTestCatalogue } from './testing.ts';

type Accounts = Record<string, [bigint, bigint]>;

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the retail cell restored from the vault on ${dialect}`, { skip }, () => {
    // Tuesday 8 December 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-12-08T02:00:00.000Z');
    let w: DeliveryWorld;
    let platform: Platform;
    let journal: Journal<RetailTables>;
    let vault: TestVault;
    let n = 0;
    /** Every stock account of the cell (office, product, place → units, value), from a database. */
    const accounts = async (db: Platform['retail']['db']): Promise<Accounts> =>
      Object.fromEntries(
        (await db.selectFrom('retail_stock').selectAll().execute()).map((r) => [
          `${r.office_id}/${r.product_code}/${r.place}`,
          [BigInt(r.quantity), BigInt(r.value)],
        ]),
      );
    const restore = async (target: RestoreTarget) => {
      n++;
      const dir = join(w.place.dataDir, 'restores', `retail-${n}`);
      const into: RestorePlace =
        w.place.config.dialect === 'sqlite'
          ? { dialect: 'sqlite', dataDir: dir }
          : {
              dialect: 'postgres',
              dataDir: dir,
              url: w.place.config.url,
              schemaPrefix: `${w.place.config.schemaPrefix ?? ''}rr${n}_`,
            };
      const report = await restoreFromVault({
        vault: vault.restore,
        key: vault.key,
        cells: ['retail'],
        definitions: cellDefinitions,
        into,
        target,
        clock,
        checkpointKeys: [readPublicKey(platform.checkpointKey().pem)],
      });
      const storage = await createStorage(
        into.dialect === 'sqlite'
          ? { dialect: 'sqlite', dataDir: into.dataDir }
          : { dialect: 'postgres', url: into.url, schemaPrefix: into.schemaPrefix },
      );
      try {
        const cell = await storage.openCell<RetailTables>('retail', { create: false });
        return {
          report: report.cells[0]!,
          accounts: await accounts(cell.db),
          digest: (await digestTables(cell.db, retailCell.projections)).digest,
        };
      } finally {
        await storage.close();
      }
    };
    let beforeReturn: { seq: bigint; accounts: Accounts };

    before(async () => {
      w = await openDeliveryWorld(dialect, clock);
      platform = w.platform;
      journal = platform.cells.find((c) => c.definition.name === 'retail')!.journal;
      vault = await startTestVault(platform, `${w.place.dataDir}-vault`, clock);
      await loadTestCatalogue(journal);
      const stock = platform.retail.stock;
      const manager = { staff: MANAGER, office: w.o.a.id };
      const po = await stock.order(
        {
          office: w.o.a.id,
          supplier: 'NCC-VINAMILK',
          lines: [
            { product: 'SUA-VNM1L', quantity: 48n, unit_cost: 24_500n },
            { product: 'TEM-5000', quantity: 200n, unit_cost: 4_800n },
          ],
        },
        manager,
      );
      await stock.receive(
        po.id,
        {
          delivery_note: 'PGH-0101',
          lines: [
            { product: 'SUA-VNM1L', quantity: 48n },
            { product: 'TEM-5000', quantity: 200n },
          ],
        },
        manager,
      );
      await vault.shipper.ship(); // the first snapshot: the catalogue and the goods received
      const at = {
        office_id: w.o.a.id,
        postcode: '11100',
        province_code: '01',
        clerk_id: CLERK,
        till_session_id: w.till,
      };
      const sale = await platform.retail.sales.sell(
        {
          lines: [
            { product: 'SUA-VNM1L', quantity: 3 },
            { product: 'TEM-5000', quantity: 10 },
          ],
          payment: 'cash',
          tendered: '200000',
        },
        at,
      );
      await platform.sync();
      beforeReturn = { seq: (await journal.head()).seq, accounts: await accounts(platform.retail.db) };
      await platform.retail.sales.return(
        { sale: sale.id, lines: [{ line: 1, quantity: 1 }], reason: 'Hộp sữa móp, khách đổi ý' },
        at,
      );
      const sent = await stock.send(
        { from_office: w.o.a.id, to_office: w.o.b.id, lines: [{ product: 'SUA-VNM1L', quantity: 12n }] },
        manager,
      );
      await stock.receiveTransfer(sent.id, [{ product: 'SUA-VNM1L', received: 12n }], {
        staff: B_MANAGER,
        office: w.o.b.id,
      });
      const counted = await stock.count(
        { office: w.o.a.id, reason: 'Kiểm kê cuối ngày', lines: [{ product: 'TEM-5000', counted: 188n }] },
        { staff: CLERK, office: w.o.a.id },
      );
      await stock.approve(counted.id, manager);
      await platform.sync();
      await platform.checkpoint(true);
      await vault.shipper.ship();
    });
    after(async () => {
      await vault?.close();
      await w?.close();
    });

    test('restored at its latest event: verified, the same tables, every account to the unit and the đồng', async () => {
      const live = await accounts(platform.retail.db);
      // The day's sums: 48 milk in, 3 sold, 1 back, 12 to Thủ Dầu Một; 200 stamps in, 10 sold, 2 short at the count.
      assert.deepEqual(live[`${w.o.a.id}/SUA-VNM1L/shelf`]?.[0], 34n);
      assert.deepEqual(live[`${w.o.b.id}/SUA-VNM1L/shelf`], [12n, 294_000n]);
      assert.deepEqual(live[`${w.o.a.id}/TEM-5000/shelf`], [188n, 902_400n]);
      assert.deepEqual(live[`${w.o.a.id}/TEM-5000/stocktake`], [2n, 9_600n]);
      const r = await restore({ latest: true });
      assert.equal(r.report.verify.ok, true, JSON.stringify(r.report.verify));
      assert.equal(r.report.head_seq, (await journal.head()).seq.toString(), 'the vault held every event');
      assert.equal(r.report.events_not_restored, 0);
      assert.equal(r.digest, (await digestTables(platform.retail.db, retailCell.projections)).digest);
      assert.deepEqual(r.accounts, live);
    });

    test('restored at the event before the return: the stock as it stood then', async () => {
      const r = await restore({ seq: beforeReturn.seq });
      assert.equal(r.report.verify.ok, true, JSON.stringify(r.report.verify));
      assert.equal(r.report.head_seq, beforeReturn.seq.toString());
      assert.ok(r.report.events_not_restored > 0, 'the return, the transfer and the count come later');
      assert.deepEqual(r.accounts, beforeReturn.accounts);
      assert.deepEqual(r.accounts[`${w.o.a.id}/SUA-VNM1L/shelf`]?.[0], 45n);
      assert.equal(r.accounts[`${w.o.b.id}/SUA-VNM1L/shelf`], undefined, 'nothing sent yet');
    });
  });
}
