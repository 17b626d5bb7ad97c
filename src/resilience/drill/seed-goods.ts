// The drill's goods before 03:10: the demo catalogue, twenty goods received at each counter's office against a
// purchase order, and a few baskets sold at each counter for cash, so that the retail cell has a history the
// vault holds, the attack leaves alone and the drill's verify walks.
import type { Platform } from '../../app.ts';
import { loadDemoCatalogue } from '../../cells/retail/index.ts';
import { vietnamDay } from '../../platform/clock.ts';

const SYSTEM = 'system:drill';

/** Stocks and sells goods at the drill's counters; the number of sales made. */
export async function seedGoods(
  platform: Platform,
  province: string,
  counters: ReadonlyArray<{ office_id: string; postcode: string; clerk_id: string; till: string }>,
): Promise<number> {
  const { retail } = platform;
  await loadDemoCatalogue(retail.catalogue, SYSTEM);
  const day = vietnamDay(platform.clock.now());
  const priced = (await retail.catalogue.priceList(province, day, { limit: 20, offset: 0 })).items.filter(
    (p) => p.price !== undefined,
  );
  const bySupplier = new Map<string, Array<{ product: string; quantity: bigint; unit_cost: bigint }>>();
  for (const p of priced) {
    const product = await retail.catalogue.findProduct(p.code);
    if (product === undefined) continue;
    const lines = bySupplier.get(product.supplier_code) ?? [];
    lines.push({ product: p.code, quantity: 100n, unit_cost: (p.price! * 7n) / 10n });
    bySupplier.set(product.supplier_code, lines);
  }
  let sales = 0;
  for (const c of counters) {
    const manager = { staff: SYSTEM, office: c.office_id };
    for (const [supplier, lines] of bySupplier) {
      const order = await retail.stock.order({ office: c.office_id, supplier, lines }, manager);
      await retail.stock.receive(
        order.id,
        {
          delivery_note: `PGH-DRILL-${c.postcode}-${supplier}`,
          lines: lines.map(({ product, quantity }) => ({ product, quantity })),
        },
        manager,
      );
    }
    const at = {
      office_id: c.office_id,
      postcode: c.postcode,
      province_code: province,
      clerk_id: c.clerk_id,
      till_session_id: c.till,
    };
    for (let i = 0; i < 5; i++) {
      const basket = [0, 1, 2].map((k) => ({
        barcode: priced[(i * 3 + k) % priced.length]!.barcode,
        quantity: 1 + k,
      }));
      const quote = await retail.sales.quote({ lines: basket }, at);
      await retail.sales.sell({ lines: basket, payment: 'cash', tendered: quote.total.toString() }, at);
      sales += 1;
    }
  }
  return sales;
}
