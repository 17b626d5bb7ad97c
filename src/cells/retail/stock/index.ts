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
