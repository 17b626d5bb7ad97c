// The stock module's routes, all under the office they act at: its stock and moves, purchase orders and their
// receipts, transfers (sent from it, received at it), write-offs and stocktakes. Access is decided on that
// office (the path's), and every object named under it must be that office's: another office's order, transfer
// or stocktake answers as one that is not there, so a caller reaches nothing through an office he may act at.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import { pageQuery, pageSchema } from '../../../http/pagination.ts';
import type { Target } from '../../core/index.ts';
import { orderNotFound, stocktakeNotFound, transferNotFound } from './goods.checks.ts';
import type { Stock, StockActor } from './goods.model.ts';
import {
  closeBody,
  countBody,
  moveJson,
  moveSchema,
  officeParams,
  orderBody,
  orderJson,
  orderParams,
  orderSchema,
  receiptBody,
  rejectBody,
  stockLineJson,
  stockLineSchema,
  stocktakeJson,
  stocktakeParams,
  stocktakeSchema,
  transferBody,
  transferJson,
  transferParams,
  transferReceiptBody,
  transferSchema,
  writeOffBody,
  writeOffSchema,
} from './goods.schemas.ts';

export interface StockRouteDeps {
  /** An office as an access target (refusing an unknown one). */
  officeTarget(id: string): Promise<{ officeId: string | null; provinceCode: string | null }>;
}

const BIG = (n: number) => BigInt(n);

/** Routes of the stock module. */
export function stockRoutes(stock: Stock, deps: StockRouteDeps): FastifyPluginAsyncZod {
  const tags = ['retail'];
  const target = (id: string): Promise<Target> => deps.officeTarget(id);
  const office: TargetOf = (req) => target((req.params as { office: string }).office);
  // Head office's and a province's staff without an office of their own are refused as out of reach.
  const nowhere = { officeId: null, provinceCode: null } as Target;
  const ownOffice: TargetOf = (req) =>
    req.principal!.officeId === null ? nowhere : target(req.principal!.officeId);
  const at = (req: { principal?: { id: string } | null; params: unknown }): StockActor => ({
    staff: req.principal!.id,
    office: (req.params as { office: string }).office,
  });
  const page = (q: { limit: number; offset: number }) => ({ limit: q.limit, offset: q.offset });
  const sell = (t: TargetOf) => ({ access: { permission: 'retail.sell' as const, target: t } });
  const read = (t: TargetOf) => ({ access: { permission: 'retail.read' as const, target: t } });
  const manage = { access: { permission: 'retail.stock' as const, target: office } };

  return async (app) => {
    app.get(
      '/v1/retail/offices/:office/stock',
      {
        schema: {
          tags,
          summary: 'An office’s goods per product: on the shelf, in transit and picked, in units and at cost',
          params: officeParams,
          response: {
            200: z.object({ items: z.array(stockLineSchema), value: z.string() }),
            ...errorResponses,
          },
        },
        config: read(office),
      },
      async (req) => {
        const lines = await stock.officeStock(req.params.office);
        return {
          items: lines.map(stockLineJson),
          value: lines.reduce((a, l) => a + l.value, 0n).toString(),
        };
      },
    );
    app.get(
      '/v1/retail/products/:product/stock',
      {
        schema: {
          tags,
          summary: 'The offices of your province with a product on their shelf (to place an order from them)',
          params: z.object({ product: z.string().min(1).max(40) }),
          response: {
            200: z.object({
              items: z.array(z.object({ office_id: z.string(), quantity: z.number().int() })),
            }),
            ...errorResponses,
          },
        },
        config: read(ownOffice),
      },
      async (req) => {
        const mine = (await target(req.principal!.officeId ?? '')).provinceCode;
        const items: Array<{ office_id: string; quantity: number }> = [];
        for (const s of await stock.onShelves(req.params.product))
          if ((await deps.officeTarget(s.office_id)).provinceCode === mine)
            items.push({ office_id: s.office_id, quantity: Number(s.quantity) });
        return { items };
      },
    );
    app.get(
      '/v1/retail/offices/:office/moves',
      {
        schema: {
          tags,
          summary: 'Goods moved in or out of an office (of one product if asked), newest first',
          params: officeParams,
          querystring: pageQuery.extend({ product: z.string().min(1).max(40).optional() }),
          response: { 200: pageSchema(moveSchema), ...errorResponses },
        },
        config: read(office),
      },
      async (req) => {
        const p = await stock.moves({
          office: req.params.office,
          ...(req.query.product === undefined ? {} : { product: req.query.product }),
          ...page(req.query),
        });
        return { ...p, items: p.items.map(moveJson) };
      },
    );

    // Purchase orders.
    app.post(
      '/v1/retail/offices/:office/purchase-orders',
      {
        schema: {
          tags,
          summary: 'Order goods for the office from a supplier: products, quantities, unit costs before VAT',
          headers: idempotencyHeaders,
          params: officeParams,
          body: orderBody,
          response: { 201: orderSchema, ...errorResponses },
        },
        config: manage,
      },
      async (req, reply) => {
        const o = await stock.order(
          {
            office: req.params.office,
            supplier: req.body.supplier,
            lines: req.body.lines.map((l) => ({
              product: l.product,
              quantity: BIG(l.quantity),
              unit_cost: BigInt(l.unit_cost),
            })),
          },
          at(req),
          requestKeyOf(req),
        );
        return reply.status(201).send(orderJson(o));
      },
    );
    app.get(
      '/v1/retail/offices/:office/purchase-orders',
      {
        schema: {
          tags,
          summary: 'The office’s purchase orders, newest first',
          params: officeParams,
          querystring: pageQuery.extend({ state: z.enum(['open', 'received', 'closed']).optional() }),
          response: { 200: pageSchema(orderSchema), ...errorResponses },
        },
        config: read(office),
      },
      async (req) => {
        const p = await stock.purchaseOrders({
          office: req.params.office,
          ...(req.query.state === undefined ? {} : { state: req.query.state }),
          ...page(req.query),
        });
        return { ...p, items: p.items.map(orderJson) };
      },
    );
    app.get(
      '/v1/retail/offices/:office/purchase-orders/:order',
      {
        schema: {
          tags,
          summary: 'A purchase order with its lines and receipts',
          params: orderParams,
          response: { 200: orderSchema, ...errorResponses },
        },
        config: read(office),
      },
      async (req) => {
        const o = await stock.purchaseOrder(req.params.order);
        if (o.office_id !== req.params.office) throw orderNotFound(req.params.order);
        return orderJson(o);
      },
    );
    app.post(
      '/v1/retail/offices/:office/purchase-orders/:order/receipts',
      {
        schema: {
          tags,
          summary: 'Receive goods against a purchase order: the supplier’s delivery note and what arrived',
          description:
            'One move from the supplier onto the shelf, valued at the order’s unit costs. A line beyond what is still to come is refused (received_beyond_order), naming it. The order is received once every line is in.',
          headers: idempotencyHeaders,
          params: orderParams,
          body: receiptBody,
          response: { 200: orderSchema, ...errorResponses },
        },
        config: manage,
      },
      async (req) =>
        orderJson(
          await stock.receive(
            req.params.order,
            {
              delivery_note: req.body.delivery_note,
              lines: req.body.lines.map((l) => ({ product: l.product, quantity: BIG(l.quantity) })),
            },
            at(req),
            requestKeyOf(req),
          ),
        ),
    );
    app.post(
      '/v1/retail/offices/:office/purchase-orders/:order/closure',
      {
        schema: {
          tags,
          summary: 'Close a purchase order short: nothing more is received against it',
          headers: idempotencyHeaders,
          params: orderParams,
          body: closeBody,
          response: { 200: orderSchema, ...errorResponses },
        },
        config: manage,
      },
      async (req) =>
        orderJson(await stock.closeOrder(req.params.order, req.body.reason, at(req), requestKeyOf(req))),
    );

    // Transfers.
    app.post(
      '/v1/retail/offices/:office/transfers',
      {
        schema: {
          tags,
          summary:
            'Send goods from this office to another: off the shelf into transit, at their average cost',
          headers: idempotencyHeaders,
          params: officeParams,
          body: transferBody,
          response: { 201: transferSchema, ...errorResponses },
        },
        config: manage,
      },
      async (req, reply) => {
        await deps.officeTarget(req.body.to_office);
        const t = await stock.send(
          {
            from_office: req.params.office,
            to_office: req.body.to_office,
            note: req.body.note ?? null,
            lines: req.body.lines.map((l) => ({ product: l.product, quantity: BIG(l.quantity) })),
          },
          at(req),
          requestKeyOf(req),
        );
        return reply.status(201).send(transferJson(t));
      },
    );
    app.get(
      '/v1/retail/offices/:office/transfers',
      {
        schema: {
          tags,
          summary: 'Transfers coming to the office (in: to receive) or sent from it (out), newest first',
          params: officeParams,
          querystring: pageQuery.extend({
            direction: z.enum(['in', 'out']).default('in'),
            state: z.enum(['sent', 'received']).optional(),
          }),
          response: { 200: pageSchema(transferSchema), ...errorResponses },
        },
        config: read(office),
      },
      async (req) => {
        const p = await stock.transfers({
          office: req.params.office,
          direction: req.query.direction,
          ...(req.query.state === undefined ? {} : { state: req.query.state }),
          ...page(req.query),
        });
        return { ...p, items: p.items.map(transferJson) };
      },
    );
    app.get(
      '/v1/retail/offices/:office/transfers/:transfer',
      {
        schema: {
          tags,
          summary: 'A transfer sent from or to the office',
          params: transferParams,
          response: { 200: transferSchema, ...errorResponses },
        },
        config: read(office),
      },
      async (req) => {
        const t = await stock.transfer(req.params.transfer);
        if (t.from_office !== req.params.office && t.to_office !== req.params.office)
          throw transferNotFound(req.params.transfer);
        return transferJson(t);
      },
    );
    app.post(
      '/v1/retail/offices/:office/transfers/:transfer/receipt',
      {
        schema: {
          tags,
          summary: 'Receive a transfer at this office with the quantities counted on arrival',
          description:
            'What arrived goes onto this office’s shelf; any shortfall is recorded on the line and lost in transit at the sender. Refused at the sending office (wrong_office), a second time (retail_out_of_order), or above what was sent.',
          headers: idempotencyHeaders,
          params: transferParams,
          body: transferReceiptBody,
          response: { 200: transferSchema, ...errorResponses },
        },
        config: sell(office),
      },
      async (req) =>
        transferJson(
          await stock.receiveTransfer(
            req.params.transfer,
            req.body.lines.map((l) => ({ product: l.product, received: BIG(l.received) })),
            at(req),
            requestKeyOf(req),
          ),
        ),
    );

    // Write-offs and stocktakes.
    app.post(
      '/v1/retail/offices/:office/write-offs',
      {
        schema: {
          tags,
          summary: 'Write goods off the shelf: damaged, expired, lost or other, with a note',
          headers: idempotencyHeaders,
          params: officeParams,
          body: writeOffBody,
          response: { 201: writeOffSchema, ...errorResponses },
        },
        config: manage,
      },
      async (req, reply) => {
        const w = await stock.writeOff(
          {
            office: req.params.office,
            reason: req.body.reason,
            note: req.body.note,
            lines: req.body.lines.map((l) => ({ product: l.product, quantity: BIG(l.quantity) })),
          },
          at(req),
          requestKeyOf(req),
        );
        return reply.status(201).send({ id: w.id, move: moveJson(w.move) });
      },
    );
    app.post(
      '/v1/retail/offices/:office/stocktakes',
      {
        schema: {
          tags,
          summary: 'Record a count of the office’s shelf: it posts nothing until the manager approves it',
          headers: idempotencyHeaders,
          params: officeParams,
          body: countBody,
          response: { 201: stocktakeSchema, ...errorResponses },
        },
        config: sell(office),
      },
      async (req, reply) => {
        const s = await stock.count(
          {
            office: req.params.office,
            reason: req.body.reason,
            lines: req.body.lines.map((l) => ({ product: l.product, counted: BIG(l.counted) })),
          },
          at(req),
          requestKeyOf(req),
        );
        return reply.status(201).send(stocktakeJson(s));
      },
    );
    app.get(
      '/v1/retail/offices/:office/stocktakes',
      {
        schema: {
          tags,
          summary: 'The office’s stocktakes, newest first',
          params: officeParams,
          querystring: pageQuery.extend({ state: z.enum(['counted', 'approved', 'rejected']).optional() }),
          response: { 200: pageSchema(stocktakeSchema), ...errorResponses },
        },
        config: read(office),
      },
      async (req) => {
        const p = await stock.stocktakes({
          office: req.params.office,
          ...(req.query.state === undefined ? {} : { state: req.query.state }),
          ...page(req.query),
        });
        return { ...p, items: p.items.map(stocktakeJson) };
      },
    );
    app.get(
      '/v1/retail/offices/:office/stocktakes/:stocktake',
      {
        schema: {
          tags,
          summary: 'A stocktake: each line’s expected, counted and difference, with the value it posts at',
          params: stocktakeParams,
          response: { 200: stocktakeSchema, ...errorResponses },
        },
        config: read(office),
      },
      async (req) => {
        const s = await stock.stocktake(req.params.stocktake);
        if (s.office_id !== req.params.office) throw stocktakeNotFound(req.params.stocktake);
        return stocktakeJson(s);
      },
    );
    app.post(
      '/v1/retail/offices/:office/stocktakes/:stocktake/approval',
      {
        schema: {
          tags,
          summary:
            'Approve a stocktake: its differences post against the shelf (by another than who counted)',
          description:
            'A shortfall leaves the shelf at its moving average cost; a surplus comes in at the product’s last receipt cost at the office. A shortfall larger than the shelf now holds is refused (insufficient_stock): reject the count and count again.',
          headers: idempotencyHeaders,
          params: stocktakeParams,
          response: { 200: stocktakeSchema, ...errorResponses },
        },
        config: manage,
      },
      async (req) => stocktakeJson(await stock.approve(req.params.stocktake, at(req), requestKeyOf(req))),
    );
    app.post(
      '/v1/retail/offices/:office/stocktakes/:stocktake/rejection',
      {
        schema: {
          tags,
          summary: 'Reject a stocktake: nothing posts, the shelf is counted again',
          headers: idempotencyHeaders,
          params: stocktakeParams,
          body: rejectBody,
          response: { 200: stocktakeSchema, ...errorResponses },
        },
        config: manage,
      },
      async (req) =>
        stocktakeJson(await stock.reject(req.params.stocktake, req.body.note, at(req), requestKeyOf(req))),
    );
  };
}
