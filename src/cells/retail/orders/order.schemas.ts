// The orders module's HTTP shapes: what placing an order accepts, and what an order, its tracking and the goods
// an office may send return.
import { z } from 'zod';
import { vndText } from '../../../platform/vnd-schema.ts';
import { ORDER_PAYMENTS, ORDER_STATES, type Order } from './order.model.ts';

const money = vndText('nonNegative');

export const placeBody = z
  .object({
    office: z.string().max(64).describe('the office whose stock the goods come from (yours or another)'),
    customer: z.object({
      name: z.string().max(200),
      phone: z.string().max(30).describe('a Vietnamese mobile number: the postman calls it'),
      address: z.string().max(400),
      commune: z.string().max(10).describe('the 5-digit commune code'),
    }),
    lines: z
      .array(z.object({ product: z.string().max(60), quantity: z.number() }))
      .max(60)
      .describe('each product once, with its quantity'),
    payment: z
      .string()
      .max(10)
      .describe(`one of ${ORDER_PAYMENTS.join(', ')}`),
    till: z
      .string()
      .max(64)
      .nullable()
      .optional()
      .describe('your own open till session: required for prepaid (the money goes into it)'),
  })
  .meta({ id: 'OrderPlacement' });

export const cancelBody = z.object({
  till: z
    .string()
    .max(64)
    .nullable()
    .optional()
    .describe('your own open till session: required for a prepaid order (its deposit is given back from it)'),
});

export const refundBody = z.object({
  till: z.string().min(1).max(64).describe('your own open till session: the deposit is given back from it'),
});

export const orderParams = z.object({ order: z.string().max(40) });
export const officeParams = z.object({ office: z.string().max(64) });

export const orderSchema = z
  .object({
    id: z.string(),
    office_id: z.string(),
    province_code: z.string(),
    ordered_at_office: z.string().nullable(),
    ordered_by: z.string(),
    customer: z.object({ name: z.string(), phone: z.string(), address: z.string(), commune: z.string() }),
    payment: z.enum(ORDER_PAYMENTS),
    till_session_id: z.string().nullable(),
    state: z.enum(ORDER_STATES),
    total: money.describe('the goods, VAT included'),
    vat: money,
    shipping_fee: money.describe('the delivery cell’s tariff for the parcel'),
    amount_due: money.describe('goods and carriage: what the postman collects for a cod order'),
    cost: money,
    item_id: z.string().nullable().describe('the S10 item carrying it, once handed over'),
    created_at: z.string(),
    updated_at: z.string(),
    lines: z.array(
      z.object({
        line_no: z.number(),
        product: z.string(),
        name_vi: z.string(),
        name_en: z.string(),
        unit: z.string(),
        quantity: z.string(),
        unit_price: money,
        price_kind: z.enum(['list', 'promotion']),
        vat_rate: z.number(),
        amount: money,
        vat: money,
      }),
    ),
  })
  .meta({ id: 'Order' });

export const trackingSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    events: z.array(
      z.object({ code: z.string(), description_vi: z.string(), description: z.string(), at: z.string() }),
    ),
  })
  .nullable();

export const goodsSchema = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      name_vi: z.string(),
      name_en: z.string(),
      unit: z.string(),
      category: z.string(),
      price: money.nullable(),
      on_shelf: z.string(),
    }),
  ),
});

export function orderJson(o: Order): z.input<typeof orderSchema> {
  return {
    ...o,
    total: o.total.toString(),
    vat: o.vat.toString(),
    shipping_fee: o.shipping_fee.toString(),
    amount_due: o.amount_due.toString(),
    cost: o.cost.toString(),
    lines: o.lines.map((l) => ({
      ...l,
      quantity: l.quantity.toString(),
      unit_price: l.unit_price.toString(),
      amount: l.amount.toString(),
      vat: l.vat.toString(),
    })),
  };
}
