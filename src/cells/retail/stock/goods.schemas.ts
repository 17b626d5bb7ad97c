// The stock module's HTTP shapes: what its commands accept and what its reads answer (quantities as integers,
// values as decimal strings of VND).
import { z } from 'zod';
import { vndText } from '../../../platform/vnd-schema.ts';
import { WRITE_OFF_REASONS } from './goods.events.ts';
import type { Move, OfficeStockLine, PurchaseOrder, Stocktake, Transfer } from './goods.model.ts';

const money = vndText('nonNegative');
const units = z.number().int().min(1).max(1_000_000_000).describe('units, a whole number above zero');
const unitsOrZero = z.number().int().min(0).max(1_000_000_000).describe('units, zero or more');
const product = z.string().min(1).max(40).describe('the product’s code');

export const officeParams = z.object({ office: z.string().min(1).max(64).describe('the office’s id') });
export const orderParams = officeParams.extend({ order: z.string().min(1).max(40) });
export const transferParams = officeParams.extend({ transfer: z.string().min(1).max(40) });
export const stocktakeParams = officeParams.extend({ stocktake: z.string().min(1).max(40) });

export const orderBody = z.object({
  supplier: z.string().min(1).max(40).describe('the supplier’s code'),
  lines: z
    .array(z.object({ product, quantity: units, unit_cost: money.describe('cost per unit before VAT, VND') }))
    .min(1)
    .max(500),
});
export const receiptBody = z.object({
  delivery_note: z.string().min(1).max(60).describe('the number on the supplier’s delivery note'),
  lines: z
    .array(z.object({ product, quantity: units }))
    .min(1)
    .max(500),
});
export const closeBody = z.object({ reason: z.string().min(1).max(500) });
export const transferBody = z.object({
  to_office: z.string().min(1).max(64).describe('the receiving office’s id'),
  note: z.string().max(500).nullable().optional(),
  lines: z
    .array(z.object({ product, quantity: units }))
    .min(1)
    .max(500),
});
export const transferReceiptBody = z.object({
  lines: z
    .array(z.object({ product, received: unitsOrZero.describe('units counted on arrival') }))
    .min(1)
    .max(500),
});
export const writeOffBody = z.object({
  reason: z.enum(WRITE_OFF_REASONS),
  note: z.string().min(1).max(500).describe('what happened'),
  lines: z
    .array(z.object({ product, quantity: units }))
    .min(1)
    .max(500),
});
export const countBody = z.object({
  reason: z.string().min(1).max(500).describe('why the shelf is counted'),
  lines: z
    .array(z.object({ product, counted: unitsOrZero }))
    .min(1)
    .max(500),
});
export const rejectBody = z.object({ note: z.string().min(1).max(500) });

const qv = z.object({ quantity: z.number().int(), value: money });
export const stockLineSchema = z.object({
  product: z.string(),
  name_vi: z.string(),
  name_en: z.string(),
  unit: z.string(),
  shelf: qv,
  transit: qv.describe('sent to another office, not yet received there'),
  picked: qv.describe('set aside for orders'),
  quantity: z.number().int(),
  value: money,
});
export const moveSchema = z.object({
  id: z.string(),
  kind: z.string(),
  office_id: z.string(),
  ref: z.string(),
  reason: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
  lines: z.array(
    z.object({
      product: z.string(),
      from_office: z.string(),
      from_place: z.string(),
      to_office: z.string(),
      to_place: z.string(),
      quantity: z.number().int(),
      value: money,
    }),
  ),
});
export const orderSchema = z.object({
  id: z.string(),
  office_id: z.string(),
  supplier_code: z.string(),
  state: z.enum(['open', 'received', 'closed']),
  note: z.string().nullable().describe('the delivery note of the last receipt'),
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  lines: z.array(
    z.object({
      product: z.string(),
      quantity: z.number().int(),
      unit_cost: money,
      received: z.number().int(),
    }),
  ),
  receipts: z.array(moveSchema),
});
export const transferSchema = z.object({
  id: z.string(),
  from_office: z.string(),
  to_office: z.string(),
  state: z.enum(['sent', 'received']),
  sent_by: z.string(),
  sent_at: z.string(),
  received_by: z.string().nullable(),
  received_at: z.string().nullable(),
  note: z.string().nullable(),
  lines: z.array(
    z.object({
      product: z.string(),
      sent: z.number().int(),
      value: money,
      received: z.number().int().nullable(),
    }),
  ),
});
export const stocktakeSchema = z.object({
  id: z.string(),
  office_id: z.string(),
  state: z.enum(['counted', 'approved', 'rejected']),
  reason: z.string(),
  counted_by: z.string(),
  counted_at: z.string(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  lines: z.array(
    z.object({
      product: z.string(),
      expected: z.number().int().describe('on the shelf by the ledger when counted'),
      counted: z.number().int(),
      difference: z.number().int().describe('counted less expected: what approval posts'),
      on_shelf: z.number().int().describe('on the shelf now'),
      value: money.describe('the value the difference posts at (posted, once approved)'),
    }),
  ),
});
export const writeOffSchema = z.object({ id: z.string(), move: moveSchema });

const n = (v: bigint) => Number(v);
const s = (v: bigint) => v.toString();
export const moveJson = (m: Move) => ({
  ...m,
  lines: m.lines.map((l) => ({ ...l, quantity: n(l.quantity), value: s(l.value) })),
});
export const stockLineJson = (l: OfficeStockLine) => ({
  ...l,
  shelf: { quantity: n(l.shelf.quantity), value: s(l.shelf.value) },
  transit: { quantity: n(l.transit.quantity), value: s(l.transit.value) },
  picked: { quantity: n(l.picked.quantity), value: s(l.picked.value) },
  quantity: n(l.quantity),
  value: s(l.value),
});
export const orderJson = (o: PurchaseOrder) => ({
  ...o,
  lines: o.lines.map((l) => ({
    product: l.product,
    quantity: n(l.quantity),
    unit_cost: s(l.unit_cost),
    received: n(l.received),
  })),
  receipts: o.receipts.map(moveJson),
});
export const transferJson = (t: Transfer) => ({
  ...t,
  lines: t.lines.map((l) => ({
    product: l.product,
    sent: n(l.sent),
    value: s(l.value),
    received: l.received === null ? null : n(l.received),
  })),
});
export const stocktakeJson = (x: Stocktake) => ({
  ...x,
  lines: x.lines.map((l) => ({
    product: l.product,
    expected: n(l.expected),
    counted: n(l.counted),
    difference: n(l.difference),
    on_shelf: n(l.on_shelf),
    value: s(l.value),
  })),
});
