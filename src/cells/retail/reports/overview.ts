// What a manager watches of the goods over her reach: per office, the products with an empty shelf, the
// transfers on their way to it, and the stocktakes counted that wait for her decision.
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import * as repo from './report.repository.ts';

export interface GoodsOfficeRow {
  office_id: string;
  postcode: string;
  name: string;
  out_of_stock: number;
  transfers_coming: number;
  stocktakes_waiting: number;
}

export interface GoodsOverview {
  offices: GoodsOfficeRow[];
  totals: { out_of_stock: number; transfers_coming: number; stocktakes_waiting: number };
  /** The stocktakes to approve or reject, oldest first (at most 200). */
  stocktakes: Array<{
    id: string;
    office_id: string;
    counted_by: string;
    counted_at: string;
    reason: string;
  }>;
}

/** The goods of some offices now. */
export async function goodsOverview(
  db: Kysely<RetailTables>,
  offices: ReadonlyArray<{ id: string; postcode: string; name: string }>,
): Promise<GoodsOverview> {
  const ids = offices.map((o) => o.id);
  const [empty, coming, stocktakes] = await Promise.all([
    repo.emptyShelves(db, ids),
    repo.transfersComing(db, ids),
    repo.stocktakesWaiting(db, ids),
  ]);
  const count = (rows: ReadonlyArray<{ office_id: string; n: bigint | number | string }>) =>
    new Map(rows.map((r) => [r.office_id, Number(r.n)]));
  const [e, c] = [count(empty), count(coming)];
  const waiting = new Map<string, number>();
  for (const s of stocktakes) waiting.set(s.office_id, (waiting.get(s.office_id) ?? 0) + 1);
  const rows = offices.map((o) => ({
    office_id: o.id,
    postcode: o.postcode,
    name: o.name,
    out_of_stock: e.get(o.id) ?? 0,
    transfers_coming: c.get(o.id) ?? 0,
    stocktakes_waiting: waiting.get(o.id) ?? 0,
  }));
  const sum = (k: 'out_of_stock' | 'transfers_coming' | 'stocktakes_waiting') =>
    rows.reduce((n, r) => n + r[k], 0);
  return {
    offices: rows,
    totals: {
      out_of_stock: sum('out_of_stock'),
      transfers_coming: sum('transfers_coming'),
      stocktakes_waiting: sum('stocktakes_waiting'),
    },
    stocktakes,
  };
}
