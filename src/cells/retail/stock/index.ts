export {
  HELD_PLACES,
  MOVE_KINDS,
  OUTSIDE_PLACES,
  STOCK_PLACES,
  type MoveKind,
  type StockPlace,
} from './stock.places.ts';
export {
  moveStock,
  plannedMove,
  valueMove,
  type MoveInput,
  type MoveLine,
  type MoveLineInput,
  type StockAccount,
} from './stock.ledger.ts';
export { moveSchema, stockEvents, stockMoved, type MovePayload } from './stock.events.ts';
export { stockInvariants } from './stock.invariants.ts';
export { goodsEvents, SERIAL_PREFIXES, WRITE_OFF_REASONS } from './goods.events.ts';
export { goodsInvariants } from './goods.invariants.ts';
export { createStock } from './goods.service.ts';
export type * from './goods.model.ts';
export { stockRoutes, type StockRouteDeps } from './goods.routes.ts';
