// The orders module's events, each with its schema and projection. The money fields the finance cell reads
// (`retail.order.placed` prepaid, `retail.order.delivered`, `retail.order.refunded`) keep the names of the cell's
// money contract (docs/cells/retail.md): amounts are decimal strings of VND; `total` is the goods (VAT included),
// `shipping_fee` the carriage on top of it.
import { z } from 'zod';
import { defineEvent, type JournalEvent } from '../../../journal/index.ts';
import type { Kysely } from '../../../storage/index.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import type { RetailTables } from '../retail-tables.ts';
import { ORDER_PAYMENTS, type OrderState } from './order.model.ts';
import * as repo from './order.repository.ts';

type Db = Kysely<RetailTables>;
const amount = vndText('nonNegative');
const orderId = z.string().regex(/^DH\d{12}$/);
const office = z.string().min(1).max(64);
const seq = z.string().regex(/^\d{1,19}$/);

const setState = (
  db: Db,
  e: JournalEvent,
  id: string,
  state: OrderState,
  extra: { item_id?: string; cost?: bigint } = {},
) => repo.updateOrder(db, id, { state, ...extra, updated_at: e.at, updated_seq: e.seq });

export const orderPlacedSchema = z.strictObject({
  id: orderId,
  /** The stock office: it picks and sends the goods, and books their revenue. */
  office,
  province: z.string().regex(/^\d{2}$/),
  ordered_at_office: office.nullable(),
  clerk: z.string().min(1).max(64),
  /** The till the deposit went into (prepaid); null for cod. */
  till_session_id: z.string().nullable(),
  payment: z.enum(ORDER_PAYMENTS),
  total: amount,
  vat: amount,
  shipping_fee: amount,
  /** The Vietnam day whose prices it took. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  customer: z.strictObject({
    name: z.string().min(1).max(100),
    phone: z.string().regex(/^\+84\d{9}$/),
    address: z.string().min(1).max(200),
    commune: z.string().regex(/^\d{5}$/),
  }),
  lines: z
    .array(
      z.strictObject({
        product: z.string().min(1).max(40),
        quantity: z.string().regex(/^[1-9]\d{0,5}$/),
        unit_price: amount,
        price_kind: z.enum(['list', 'promotion']),
        vat_rate: z.number().int().min(0).max(10),
        amount,
        vat: amount,
      }),
    )
    .min(1)
    .max(50),
});

/** An order placed for a customer; prepaid, its total and carriage paid into the clerk's till as a deposit. */
export const orderPlaced = defineEvent<RetailTables, typeof orderPlacedSchema>({
  type: 'retail.order.placed',
  schema: orderPlacedSchema,
  async apply(db, e) {
    const p = e.payload;
    // DH + the office's postcode + its serial: the office's serials only go up.
    await repo.saveSerial(db, p.id.slice(0, 7), BigInt(p.id.slice(7)));
    await repo.insertOrder(
      db,
      {
        id: p.id,
        office_id: p.office,
        province_code: p.province,
        ordered_at_office: p.ordered_at_office,
        ordered_by: p.clerk,
        customer_name: p.customer.name,
        customer_phone: p.customer.phone,
        customer_address: p.customer.address,
        customer_commune: p.customer.commune,
        payment: p.payment,
        till_session_id: p.till_session_id,
        state: 'placed',
        total: BigInt(p.total),
        vat: BigInt(p.vat),
        shipping_fee: BigInt(p.shipping_fee),
        cost: 0n,
        item_id: null,
        created_at: e.at,
        updated_at: e.at,
        updated_seq: e.seq,
      },
      p.lines.map((l, i) => ({
        order_id: p.id,
        line_no: BigInt(i + 1),
        product_code: l.product,
        quantity: BigInt(l.quantity),
        unit_price: BigInt(l.unit_price),
        price_kind: l.price_kind,
        vat_rate: BigInt(l.vat_rate),
        amount: BigInt(l.amount),
        vat: BigInt(l.vat),
      })),
    );
  },
});

const orderRef = z.strictObject({ id: orderId, office });

/** The goods set aside at the stock office (their move shelf → picked journaled with it). */
export const orderPicked = defineEvent<RetailTables, typeof orderRef>({
  type: 'retail.order.picked',
  schema: orderRef,
  apply: (db, e) => setState(db, e, e.payload.id, 'picked'),
});

const cancelledSchema = orderRef.extend({ unpicked: z.boolean() });

/** An order cancelled before it was handed over: picked goods back on the shelf (moved with it). */
export const orderCancelled = defineEvent<RetailTables, typeof cancelledSchema>({
  type: 'retail.order.cancelled',
  schema: cancelledSchema,
  apply: (db, e) => setState(db, e, e.payload.id, 'cancelled'),
});

const refundedSchema = z.strictObject({
  id: orderId,
  /** Where the cash was given back. */
  office,
  clerk: z.string().min(1).max(64),
  till_session_id: z.string().min(1),
  amount,
});

/**
 * A prepaid order's deposit given back in cash from a clerk's till: with its cancellation (whose state it keeps),
 * or after its parcel came back (returned → refunded). The money is the finance cell's to post.
 */
export const orderRefunded = defineEvent<RetailTables, typeof refundedSchema>({
  type: 'retail.order.refunded',
  schema: refundedSchema,
  async apply(db, e) {
    const o = await repo.findOrder(db, e.payload.id);
    if (o?.state === 'returned') await setState(db, e, e.payload.id, 'refunded');
  },
});

const handedOverSchema = orderRef.extend({
  item: z.string().regex(/^[A-Z]{2}\d{9}[A-Z]{2}$/),
  /** The value at cost of the goods that left (the order_shipped move's). */
  cost: amount,
  source_seq: seq,
});

/** The parcel taken in by the delivery cell: the goods left with it (picked → customer, moved with it). */
export const orderHandedOver = defineEvent<RetailTables, typeof handedOverSchema>({
  type: 'retail.order.handed_over',
  schema: handedOverSchema,
  apply: (db, e) =>
    setState(db, e, e.payload.id, 'handed_over', { item_id: e.payload.item, cost: BigInt(e.payload.cost) }),
});

const deliveredSchema = z.strictObject({
  id: orderId,
  office,
  item: z.string(),
  payment: z.enum(ORDER_PAYMENTS),
  total: amount,
  vat: amount,
  shipping_fee: amount,
  /** Where the parcel was delivered: for cod, the office whose postman (or counter) collected the money. */
  delivered_office: office,
  source_seq: seq,
});

/** The parcel delivered to the customer: the sale is made (cod: paid to the postman). */
export const orderDelivered = defineEvent<RetailTables, typeof deliveredSchema>({
  type: 'retail.order.delivered',
  schema: deliveredSchema,
  apply: (db, e) => setState(db, e, e.payload.id, 'delivered'),
});

const returnedSchema = orderRef.extend({ item: z.string(), source_seq: seq });

/** The parcel came back to the stock office: the goods back on its shelf at the cost they left at (moved with it). */
export const orderReturned = defineEvent<RetailTables, typeof returnedSchema>({
  type: 'retail.order.returned',
  schema: returnedSchema,
  apply: (db, e) => setState(db, e, e.payload.id, 'returned'),
});

export const orderEvents = [
  orderPlaced,
  orderPicked,
  orderCancelled,
  orderRefunded,
  orderHandedOver,
  orderDelivered,
  orderReturned,
];
