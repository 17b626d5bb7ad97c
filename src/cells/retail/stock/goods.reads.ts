// The stock module's reads: an office's goods per product with their value, the offices holding a product, and
// the moves of an office or a product, newest first.
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import type { Move, OfficeStockLine, Stock } from './goods.model.ts';
import * as repo from './goods.repository.ts';

type Db = Kysely<RetailTables>;

export async function toMoves(db: Db, rows: readonly RetailTables['retail_move'][]): Promise<Move[]> {
  const lines = await repo.moveLinesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    office_id: r.office_id,
    ref: r.ref,
    reason: r.reason,
    actor: r.actor,
    at: r.at,
    lines: lines
      .filter((l) => l.move_id === r.id)
      .map((l) => ({
        product: l.product_code,
        from_office: l.from_office,
        from_place: l.from_place,
        to_office: l.to_office,
        to_place: l.to_place,
        quantity: BigInt(l.quantity),
        value: BigInt(l.value),
      })),
  }));
}

/** The moves that belong to some purchase orders, transfers or stocktakes, oldest first. */
export async function movesOf(db: Db, refs: readonly string[]): Promise<Move[]> {
  return toMoves(db, await repo.movesOfRefs(db, refs));
}

const zero = () => ({ quantity: 0n, value: 0n });

export function createStockReads(db: Db): Pick<Stock, 'officeStock' | 'onShelves' | 'moves'> {
  return {
    async officeStock(office) {
      const byProduct = new Map<string, OfficeStockLine>();
      for (const a of await repo.officeAccounts(db, office, ['shelf', 'transit', 'picked'])) {
        const line = byProduct.get(a.product_code) ?? {
          product: a.product_code,
          name_vi: a.name_vi ?? a.product_code,
          name_en: a.name_en ?? a.product_code,
          unit: a.unit ?? '',
          shelf: zero(),
          transit: zero(),
          picked: zero(),
          quantity: 0n,
          value: 0n,
        };
        const place = a.place as 'shelf' | 'transit' | 'picked';
        line[place] = { quantity: BigInt(a.quantity), value: BigInt(a.value) };
        line.quantity += BigInt(a.quantity);
        line.value += BigInt(a.value);
        byProduct.set(a.product_code, line);
      }
      return [...byProduct.values()].filter((l) => l.quantity > 0n || l.value > 0n);
    },
    onShelves: (product) => repo.productOnShelves(db, product),
    async moves(q) {
      const { rows, total } = await repo.listMoves(db, q);
      return { items: await toMoves(db, rows), total, limit: q.limit, offset: q.offset };
    },
  };
}
