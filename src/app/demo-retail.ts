// The demo's goods: the catalogue of 300-odd products with their prices in Hà Nội, Đà Nẵng and TP. Hồ Chí Minh,
// and stock on the shelves of the three demo offices, received against purchase orders from their suppliers
// through the same commands an office manager uses. At 01100 one order waits for its second delivery and a
// stocktake counted by the clerk waits for the manager's approval. Loaded once, on a first start.
import type { Core } from '../cells/core/index.ts';
import { loadDemoCatalogue, type Retail } from '../cells/retail/index.ts';
import { vietnamDay } from '../platform/clock.ts';

const SYSTEM = 'system:demo';
/** The offices that stock goods in the demo, and their provinces. */
const OFFICES = [
  { postcode: '01100', province: '01' },
  { postcode: '48100', province: '48' },
  { postcode: '79100', province: '79' },
] as const;

/** Units received of a product, by its category: a post office sells many stamps and few books. */
const QUANTITY: Record<string, bigint> = {
  stamps: 300n,
  packaging: 60n,
  phone_cards: 40n,
  stationery: 30n,
  consumer_goods: 24n,
  local_specialities: 12n,
  books: 6n,
  other: 10n,
};

/** A unit's cost before VAT: about 78% of its shelf price without VAT, in whole hundreds of đồng. */
export function demoUnitCost(price: bigint, vatRate: number): bigint {
  const net = (price * 100n) / BigInt(100 + vatRate);
  const cost = ((net * 78n) / 100n / 100n) * 100n;
  return cost > 0n ? cost : 100n;
}

export interface DemoRetailDeps {
  core: Core;
  retail: Retail;
  now: Date;
}

/** Loads the demo's goods, once: nothing when the catalogue already has products. */
export async function loadDemoRetail(deps: DemoRetailDeps): Promise<void> {
  const { core, retail } = deps;
  if ((await retail.catalogue.search({ q: 'tem', limit: 1, offset: 0 })).items.length > 0) return;
  await loadDemoCatalogue(retail.catalogue, SYSTEM);
  const day = vietnamDay(deps.now);
  for (const [n, place] of OFFICES.entries()) {
    const office = await core.offices.getByPostcode(place.postcode);
    const manager = { staff: SYSTEM, office: office.id };
    const bySupplier = new Map<string, Array<{ product: string; quantity: bigint; unit_cost: bigint }>>();
    for (let offset = 0; ; offset += 200) {
      const page = await retail.catalogue.priceList(place.province, day, { limit: 200, offset });
      for (const p of page.items) {
        if (p.price === undefined || !p.active) continue;
        const product = await retail.catalogue.findProduct(p.code);
        if (product === undefined) continue;
        const lines = bySupplier.get(product.supplier_code) ?? [];
        // Single stamps by the hundred; sets, albums and postcards of the stamps counter by the score.
        const many = p.category !== 'stamps' || p.unit === 'con';
        lines.push({
          product: p.code,
          quantity: many ? (QUANTITY[p.category] ?? 10n) : 20n,
          unit_cost: demoUnitCost(p.price, p.vat_rate),
        });
        bySupplier.set(product.supplier_code, lines);
      }
      if (page.items.length < 200) break;
    }
    let delivery = 0;
    for (const [supplier, lines] of [...bySupplier].sort(([a], [b]) => a.localeCompare(b))) {
      const order = await retail.stock.order({ office: office.id, supplier, lines }, manager);
      delivery += 1;
      const note = `PGH-${place.postcode}-${String(delivery).padStart(3, '0')}`;
      // At 01100 the first order came in halves: the rest is still to come.
      const half = n === 0 && delivery === 1;
      await retail.stock.receive(
        order.id,
        {
          delivery_note: note,
          lines: lines.map((l) => ({ product: l.product, quantity: half ? l.quantity / 2n : l.quantity })),
        },
        manager,
      );
    }
  }
  // The clerk of 01100 counted two shelves this morning (a stamp short, a box over): the manager is to approve.
  const office = await core.offices.getByPostcode('01100');
  const shelf = await retail.stock.officeStock(office.id);
  const pick = (prefix: string) => shelf.find((l) => l.product.startsWith(prefix) && l.shelf.quantity > 1n);
  const stamp = pick('TEM-');
  const box = pick('HOP-');
  if (stamp !== undefined && box !== undefined)
    await retail.stock.count(
      {
        office: office.id,
        reason: 'Kiểm kê định kỳ đầu ngày',
        lines: [
          { product: stamp.product, counted: stamp.shelf.quantity - 1n },
          { product: box.product, counted: box.shelf.quantity + 1n },
        ],
      },
      { staff: 'system:demo-clerk', office: office.id },
    );
}
