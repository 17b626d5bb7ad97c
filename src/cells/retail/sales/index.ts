export {
  saleEvents,
  saleRecorded,
  saleReturned,
  type ReturnPayload,
  type SalePayload,
} from './sale.events.ts';
export { saleInvariants } from './sale.invariants.ts';
export { createSales } from './sale.service.ts';
export { saleRoutes, type SaleRouteDeps } from './sale.routes.ts';
export { priceLines, vatInside } from './sale.pricing.ts';
export type { Quote, ReturnInput, Sale, SaleAt, SaleInput, Sales } from './sale.model.ts';
