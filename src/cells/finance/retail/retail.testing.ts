// Test support for finance's following of the retail cell: stand-in retail and delivery journals whose events carry
// the money contract's fields (docs/cells/retail.md), and a stock line as the stock ledger writes it.
import { z } from 'zod';
import {
  defineEvent,
  journalMigrations,
  type CellDefinition,
  type JournalTables,
} from '../../../journal/index.ts';

// The retail journal as finance sees it: the contract's event types and the fields it reads, nothing projected.
const vnd = z.string().regex(/^\d+$/);
const line = z.strictObject({
  product: z.string(),
  from_office: z.string(),
  from_place: z.string(),
  to_office: z.string(),
  to_place: z.string(),
  quantity: z.string().regex(/^[1-9]\d*$/),
  value: vnd,
});
export const standIn = <S extends z.ZodType>(type: string, schema: S) =>
  defineEvent<JournalTables, S>({ type, schema, apply: () => Promise.resolve() });
export const stockMoved = standIn(
  'retail.stock.moved',
  z.strictObject({
    id: z.string().max(80),
    kind: z.string(),
    office: z.string(),
    ref: z.string(),
    reason: z.string().nullable(),
    lines: z.array(line),
  }),
);
export const saleRecorded = standIn(
  'retail.sale.recorded',
  z.strictObject({
    id: z.string(),
    office: z.string(),
    clerk: z.string(),
    till_session_id: z.string(),
    payment: z.enum(['cash', 'vietqr']),
    total: vnd,
    vat: vnd,
  }),
);
export const saleReturned = standIn(
  'retail.sale.returned',
  z.strictObject({
    id: z.string(),
    sale: z.string(),
    office: z.string(),
    clerk: z.string(),
    till_session_id: z.string(),
    total: vnd,
    vat: vnd,
  }),
);
export const orderPlaced = standIn(
  'retail.order.placed',
  z.strictObject({
    id: z.string(),
    office: z.string(),
    ordered_at_office: z.string().nullable(),
    clerk: z.string().nullable(),
    till_session_id: z.string().nullable(),
    payment: z.enum(['cod', 'prepaid']),
    total: vnd,
    vat: vnd,
    shipping_fee: vnd,
  }),
);
export const orderDelivered = standIn(
  'retail.order.delivered',
  z.strictObject({
    id: z.string(),
    office: z.string(),
    item: z.string(),
    payment: z.enum(['cod', 'prepaid']),
    total: vnd,
    vat: vnd,
    shipping_fee: vnd,
    delivered_office: z.string(),
  }),
);
export const orderRefunded = standIn(
  'retail.order.refunded',
  z.strictObject({
    id: z.string(),
    office: z.string(),
    clerk: z.string(),
    till_session_id: z.string(),
    amount: vnd,
  }),
);
export const retailStandIn: CellDefinition = {
  name: 'retail',
  migrations: journalMigrations,
  events: [stockMoved, saleRecorded, saleReturned, orderPlaced, orderDelivered, orderRefunded],
  projections: [],
};
// The delivery journal's two events a COD item needs, as finance reads them (the rest of their fields unread).
const loose = z.record(z.string(), z.unknown());
export const itemAccepted = standIn('delivery.item.accepted', loose);
export const codCollected = standIn('delivery.cod.collected', loose);
export const deliveryStandIn: CellDefinition = {
  name: 'delivery',
  migrations: journalMigrations,
  events: [itemAccepted, codCollected],
  projections: [],
};

export type Line = z.input<typeof line>;
export const mv = (
  product: string,
  from: [string, string],
  to: [string, string],
  value: bigint,
  quantity = 1,
): Line => ({
  product,
  from_office: from[0],
  from_place: from[1],
  to_office: to[0],
  to_place: to[1],
  quantity: String(quantity),
  value: value.toString(),
});
