// The places of the stock ledger and the kinds of move between them.

/** Where an office holds goods: these never go below zero. */
export const HELD_PLACES = ['shelf', 'transit', 'picked'] as const;
/** Where goods come from and go to: the mirror of the held places. */
export const OUTSIDE_PLACES = ['supplier', 'customer', 'written_off', 'stocktake', 'transit_loss'] as const;
export const STOCK_PLACES = [...HELD_PLACES, ...OUTSIDE_PLACES] as const;
export type StockPlace = (typeof STOCK_PLACES)[number];

export const MOVE_KINDS = [
  'receipt',
  'transfer_sent',
  'transfer_received',
  'sale',
  'return',
  'write_off',
  'stocktake',
  'order_picked',
  'order_unpicked',
  'order_shipped',
  'order_returned',
] as const;
export type MoveKind = (typeof MOVE_KINDS)[number];
