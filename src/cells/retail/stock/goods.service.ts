// The stock module over its deps: purchases, transfers and write-offs, stocktakes, and the reads.
import type { Stock, StockDeps } from './goods.model.ts';
import * as repo from './goods.repository.ts';
import { createStockReads } from './goods.reads.ts';
import { createPurchases, loadOrder, toOrders } from './purchase.service.ts';
import { createStocktakes, loadStocktake, toStocktakes } from './stocktake.service.ts';
import { createTransfers, loadTransfer, toTransfers } from './transfer.service.ts';

/** Wires the stock module. */
export function createStock(deps: StockDeps): Stock {
  const { db } = deps;
  return {
    ...createPurchases(deps),
    ...createTransfers(deps),
    ...createStocktakes(deps),
    ...createStockReads(db),
    purchaseOrder: (id) => loadOrder(db, id),
    async purchaseOrders(q) {
      const { rows, total } = await repo.listOrders(db, q);
      return { items: await toOrders(db, rows), total, limit: q.limit, offset: q.offset };
    },
    transfer: (id) => loadTransfer(db, id),
    async transfers(q) {
      const { rows, total } = await repo.listTransfers(db, q);
      return { items: await toTransfers(db, rows), total, limit: q.limit, offset: q.offset };
    },
    stocktake: (id) => loadStocktake(db, id),
    async stocktakes(q) {
      const { rows, total } = await repo.listStocktakes(db, q);
      return { items: await toStocktakes(db, rows), total, limit: q.limit, offset: q.offset };
    },
  };
}
