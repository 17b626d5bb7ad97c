import type { Kysely } from '../../storage/index.ts';
import {
  createRequestKeys,
  REQUEST_KEY_TABLE,
  requestAnswered,
  type CellDefinition,
  type Journal,
  type RequestKeys,
} from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { retailMigrations } from './migrations/index.ts';
import { RetailError } from './retail-error.ts';
import type { RetailTables } from './retail-tables.ts';
import { catalogueEvents, catalogueRoutes, createCatalogue, type Catalogue } from './catalogue/index.ts';
import { createReports, reportRoutes, type ReportRouteDeps, type Reports } from './reports/index.ts';
import {
  createStock,
  goodsEvents,
  goodsInvariants,
  stockEvents,
  stockInvariants,
  stockRoutes,
  type Stock,
} from './stock/index.ts';
import {
  createSales,
  saleEvents,
  saleInvariants,
  saleRoutes,
  type Sales,
  type SaleRouteDeps,
} from './sales/index.ts';
import {
  createOrders,
  orderEvents,
  orderRoutes,
  type OrderLinks,
  type OrderRouteDeps,
  type Orders,
} from './orders/index.ts';
import { retailSummary } from './summary.repository.ts';

export { RetailError, type RetailErrorCode } from './retail-error.ts';
export type { RetailTables } from './retail-tables.ts';
export * from './catalogue/index.ts';
export * from './stock/index.ts';
export * from './reports/index.ts';
export * from './sales/index.ts';
export * from './orders/index.ts';
// A purchase order's input is the stock module's PurchaseOrder input; `OrderInput` is a customer's order.
export type { OrderInput } from './orders/index.ts';
export { retailMigrations };
export { heldValueByOffice } from './summary.repository.ts';

/** `retail.request.answered`: a keyed command's idempotency key, request hash and answer. */
const requestEvent = requestAnswered<RetailTables>('retail');

/** The retail cell's invariants, each module's in turn. */
async function retailInvariants(db: Kysely<RetailTables>): Promise<string[]> {
  return [...(await stockInvariants(db)), ...(await goodsInvariants(db)), ...(await saleInvariants(db))];
}

/** The retail cell: the goods catalogue and prices, stock per office, sales at the counter and orders. */
export const retailCell: CellDefinition<RetailTables> = {
  name: 'retail',
  migrations: retailMigrations,
  events: [...catalogueEvents, ...stockEvents, ...goodsEvents, ...saleEvents, ...orderEvents, requestEvent],
  projections: [
    { table: 'retail_supplier', key: ['code'] },
    { table: 'retail_product', key: ['code'] },
    { table: 'retail_price', key: ['product_code', 'province_code', 'kind', 'valid_from'] },
    { table: 'retail_stock', key: ['office_id', 'product_code', 'place'] },
    { table: 'retail_move', key: ['id'] },
    { table: 'retail_move_line', key: ['move_id', 'line_no'] },
    { table: 'retail_purchase_order', key: ['id'] },
    { table: 'retail_purchase_line', key: ['order_id', 'product_code'] },
    { table: 'retail_transfer', key: ['id'] },
    { table: 'retail_transfer_line', key: ['transfer_id', 'product_code'] },
    { table: 'retail_stocktake', key: ['id'] },
    { table: 'retail_stocktake_line', key: ['stocktake_id', 'product_code'] },
    { table: 'retail_sale', key: ['id'] },
    { table: 'retail_sale_line', key: ['sale_id', 'line_no'] },
    { table: 'retail_return', key: ['id'] },
    { table: 'retail_return_line', key: ['return_id', 'line_no'] },
    { table: 'retail_order', key: ['id'] },
    { table: 'retail_order_line', key: ['order_id', 'line_no'] },
    { table: 'retail_serial', key: ['prefix'] },
    REQUEST_KEY_TABLE,
  ],
  invariants: retailInvariants,
  summary: retailSummary,
};

/** What the retail cell needs of the others, in-process. */
export interface RetailDeps {
  db: Kysely<RetailTables>;
  journal: Journal<RetailTables>;
  clock: Clock;
  /** The cash a clerk's till holds (the finance cell's ledger): refunds above it are refused. */
  tillCash?: (office: string, clerk: string) => Promise<bigint>;
  /** The provinces of the core geography (the catalogue checks province codes against them). */
  provinces?: () => Promise<ReadonlySet<string>>;
  /** The network, the offices and the delivery cell's tariff, for orders (absent: the cell alone, in tests). */
  orderLinks?: OrderLinks;
}

/** What every module of the cell is built over. */
export interface RetailContext extends RetailDeps {
  requests: RequestKeys<RetailTables>;
}

export interface Retail {
  readonly db: Kysely<RetailTables>;
  readonly catalogue: Catalogue;
  /** Sales, stock and slow or out-of-stock goods, for managers. */
  readonly reports: Reports;
  /** Purchase orders and receipts, transfers, write-offs, stocktakes, and an office's stock. */
  readonly stock: Stock;
  /** Sales at the counter and their returns. */
  readonly sales: Sales;
  /** Goods ordered from an office's stock, delivered by the post. */
  readonly orders: Orders;
}

/** What the retail routes need of the platform. */
export type RetailRouteDeps = ReportRouteDeps & SaleRouteDeps & OrderRouteDeps;

/** Routes of the retail cell. */
export function retailRoutes(retail: Retail, deps: RetailRouteDeps): FastifyPluginAsyncZod {
  const modules: FastifyPluginAsyncZod[] = [reportRoutes(retail.reports, deps)];
  modules.push(stockRoutes(retail.stock, deps));
  modules.push(saleRoutes(retail.sales, deps));
  modules.push(orderRoutes(retail.orders, deps));
  modules.push(catalogueRoutes(retail.catalogue));
  return async (app) => {
    for (const routes of modules) await app.register(routes);
  };
}

/** Wires the retail cell's modules over its database and journal. */
export function createRetail(deps: RetailDeps): Retail {
  const context: RetailContext = {
    ...deps,
    requests: createRequestKeys({
      journal: deps.journal,
      event: requestEvent,
      reused: (m, vi, details) => new RetailError('idempotency_key_reused', m, vi, details),
    }),
  };
  const { orderLinks, ...base } = { ...context };
  return {
    db: deps.db,
    catalogue: createCatalogue(context),
    reports: createReports({ db: deps.db, now: () => deps.clock.now() }),
    stock: createStock(context),
    sales: createSales(context),
    orders: createOrders({ ...base, ...(orderLinks === undefined ? {} : { links: orderLinks }) }),
  };
}
