// The orders module's routes: an order placed at a clerk's office (prepaid into their own till), picked and
// cancelled by staff of the office whose stock it is, read with its parcel's tracking, and the lists an office
// works from. Access is decided on the object: the till's office or the caller's, the order's stock office.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import { pageQuery, pageSchema } from '../../../http/pagination.ts';
import { authorize, type Principal, type Target } from '../../core/index.ts';
import { RetailError } from '../retail-error.ts';
import { ORDER_STATES, type Order, type Orders } from './order.model.ts';
import {
  cancelBody,
  goodsSchema,
  officeParams,
  orderJson,
  orderParams,
  orderSchema,
  placeBody,
  refundBody,
  trackingSchema,
} from './order.schemas.ts';

/** What the order routes ask of the other cells. */
export interface OrderRouteDeps {
  officeTarget(officeId: string): Promise<Target>;
  /** The clerk's own open till session (finance), or its refusal. */
  ownOpenTill(sessionId: string, clerk: string): Promise<{ id: string; office_id: string }>;
  /** Lets the parcels reach the delivery cell and the retail cell catch up. */
  sync(): Promise<unknown>;
  /** An item's public tracking (the delivery cell's). */
  track(item: string): Promise<NonNullable<z.input<typeof trackingSchema>>>;
}

/** Routes of the orders module. */
export function orderRoutes(orders: Orders, deps: OrderRouteDeps): FastifyPluginAsyncZod {
  const tags = ['retail'];
  /** The office an order is placed at: the till's (prepaid, or any order with a till named), else the caller's. */
  const placingOffice = async (req: FastifyRequest) => {
    const till = (req.body as { till?: string | null } | undefined)?.till;
    return typeof till === 'string' && till !== ''
      ? (await deps.ownOpenTill(till, req.principal!.id)).office_id
      : req.principal!.officeId;
  };
  const placing: TargetOf = async (req) => deps.officeTarget(await placingOffice(req));
  const stockOffice: TargetOf = async (req) =>
    deps.officeTarget((await orders.get((req.params as { order: string }).order)).office_id);
  const office: TargetOf = (req) => deps.officeTarget((req.params as { office: string }).office);
  /** The office of the caller's own open till named in the body. */
  const tillOffice: TargetOf = async (req) =>
    deps.officeTarget(
      (await deps.ownOpenTill((req.body as { till: string }).till, req.principal!.id)).office_id,
    );
  const ownOffice: TargetOf = (req) => deps.officeTarget(req.principal!.officeId);

  /** Staff of the stock office or of the office it was ordered at (or above them) may read it. */
  async function readable(p: Principal, o: Order): Promise<void> {
    for (const at of [o.office_id, o.ordered_at_office]) {
      if (at === null) continue;
      const target = await deps.officeTarget(at);
      if (authorize(p, 'retail.read', target).allowed) return;
    }
    throw new RetailError(
      'order_not_yours',
      `Order ${o.id} was neither placed at nor is sent from your office`,
      'Đơn hàng này không thuộc bưu cục của bạn',
      { order: o.id },
    );
  }
  const answer = async (id: string) => orderJson(await orders.get(id));

  return async (app) => {
    app.post(
      '/v1/retail/orders',
      {
        schema: {
          tags,
          summary:
            'Place an order for a customer from an office’s stock, paid on delivery (cod) or now (prepaid)',
          description:
            'Prices are those of the stock office’s province today (a promotion wins); the shipping fee is the delivery cell’s parcel tariff from the stock office to the customer’s commune, for a weight counted from the goods. The order is placed at your office: for prepaid, name your own open till, and the goods and the carriage are paid into it now. Nothing is set aside until the stock office picks it. A retry under the same Idempotency-Key answers the first order.',
          headers: idempotencyHeaders,
          body: placeBody,
          response: { 201: orderSchema, ...errorResponses },
        },
        config: { access: { permission: 'retail.sell', target: placing } },
      },
      async (req, reply) => {
        const till = req.body.till ?? null;
        const t = till === null || till === '' ? null : await deps.ownOpenTill(till, req.principal!.id);
        const o = await orders.place(
          req.body,
          {
            office_id: t?.office_id ?? req.principal!.officeId,
            clerk_id: req.principal!.id,
            till_session_id: t?.id ?? null,
          },
          requestKeyOf(req),
        );
        return reply.status(201).send(await answer(o.id));
      },
    );
    app.post(
      '/v1/retail/orders/:order/picking',
      {
        schema: {
          tags,
          summary:
            'Pick an order: its goods set aside from the shelf; the parcel then leaves with the next sync',
          description:
            'Staff of the stock office only. Refused when the shelf no longer holds the goods (insufficient_stock, naming the line).',
          headers: idempotencyHeaders,
          params: orderParams,
          response: { 200: orderSchema, ...errorResponses },
        },
        config: { access: { permission: 'retail.sell', target: stockOffice } },
      },
      async (req) => {
        const o = await orders.pick(req.params.order, req.principal!.id, requestKeyOf(req));
        await deps.sync();
        return answer(o.id);
      },
    );
    app.post(
      '/v1/retail/orders/:order/cancellation',
      {
        schema: {
          tags,
          summary:
            'Cancel an order not yet handed over: picked goods back on the shelf, a prepaid deposit refunded',
          headers: idempotencyHeaders,
          params: orderParams,
          body: cancelBody,
          response: { 200: orderSchema, ...errorResponses },
        },
        config: { access: { permission: 'retail.sell', target: stockOffice } },
      },
      async (req) => {
        const till = req.body.till ?? null;
        const t = till === null || till === '' ? null : await deps.ownOpenTill(till, req.principal!.id);
        const o = await orders.cancel(
          req.params.order,
          { actor: req.principal!.id, till_session_id: t?.id ?? null, office_id: t?.office_id ?? null },
          requestKeyOf(req),
        );
        return answer(o.id);
      },
    );
    app.post(
      '/v1/retail/orders/:order/refund',
      {
        schema: {
          tags,
          summary: 'Give a returned prepaid order’s deposit back in cash from your open till',
          description:
            'Once its parcel came back, a prepaid order’s deposit (goods and carriage) is given back at the office that sent it or the one it was ordered at, from the refunding clerk’s own open till; refused when the till holds less. Once: a second refund is refused, a retry under the same Idempotency-Key answers the first.',
          headers: idempotencyHeaders,
          params: orderParams,
          body: refundBody,
          response: { 200: orderSchema, ...errorResponses },
        },
        config: { access: { permission: 'retail.sell', target: tillOffice } },
      },
      async (req) => {
        const t = await deps.ownOpenTill(req.body.till, req.principal!.id);
        const o = await orders.refund(
          req.params.order,
          { actor: req.principal!.id, till_session_id: t.id, office_id: t.office_id },
          requestKeyOf(req),
        );
        await deps.sync();
        return answer(o.id);
      },
    );
    app.get(
      '/v1/retail/orders/:order',
      {
        schema: {
          tags,
          summary:
            'An order with its lines and its parcel’s tracking: for its stock office and the office it was placed at',
          params: orderParams,
          response: { 200: orderSchema.extend({ tracking: trackingSchema }), ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => {
        const o = await orders.get(req.params.order);
        await readable(req.principal!, o);
        return { ...orderJson(o), tracking: o.item_id === null ? null : await deps.track(o.item_id) };
      },
    );
    app.get(
      '/v1/retail/offices/:office/orders',
      {
        schema: {
          tags,
          summary: 'An office’s orders: from its stock (to pick and send), or placed at its counter',
          params: officeParams,
          querystring: pageQuery.extend({
            role: z.enum(['stock', 'ordered']).default('stock'),
            state: z.enum(ORDER_STATES).optional(),
          }),
          response: { 200: pageSchema(orderSchema), ...errorResponses },
        },
        config: { access: { permission: 'retail.read', target: office } },
      },
      async (req) => {
        const page = await orders.list({
          office: req.params.office,
          role: req.query.role,
          ...(req.query.state === undefined ? {} : { state: req.query.state }),
          limit: req.query.limit,
          offset: req.query.offset,
        });
        return { ...page, items: page.items.map(orderJson) };
      },
    );
    app.get(
      '/v1/retail/offices/:office/orderable-goods',
      {
        schema: {
          tags,
          summary:
            'Goods on an office’s shelf with today’s price there, searched by name or code: what may be ordered from it',
          params: officeParams,
          querystring: z.object({ q: z.string().max(100).default('') }),
          response: { 200: goodsSchema, ...errorResponses },
        },
        config: { access: { permission: 'retail.sell', target: ownOffice } },
      },
      async (req) => {
        const goods = await orders.goods(req.params.office, req.query.q);
        return {
          items: goods.map((g) => ({
            ...g,
            price: g.price === null ? null : g.price.toString(),
            on_shelf: g.on_shelf.toString(),
          })),
        };
      },
    );
  };
}
