// The transport module's routes: bags closed, dispatched and received at offices, and read back.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import { idParams, officeParams, type DeliveryRouteDeps, type RouteTargets } from '../shared.routes.ts';
import type { Transport } from './bag.service.ts';

const bagSchema = z
  .object({
    id: z.string(),
    origin_office_id: z.string(),
    dest_office_id: z.string(),
    status: z.enum(['closed', 'dispatched', 'received']),
    item_count: z.number().int(),
    weight_g: z.number().int(),
    closed_at: z.string(),
    closed_by: z.string(),
    dispatch_id: z.string().nullable(),
    received_at: z.string().nullable(),
    items: z.array(z.string()),
  })
  .meta({ id: 'Bag' });
const dispatchSchema = z
  .object({
    id: z.string(),
    origin_office_id: z.string(),
    dest_office_id: z.string(),
    status: z.enum(['departed', 'arrived']),
    bag_count: z.number().int(),
    item_count: z.number().int(),
    departed_at: z.string(),
    arrived_at: z.string().nullable(),
    bags: z.array(z.string()),
  })
  .meta({ id: 'Dispatch' });

/** Routes of bags and dispatches. */
export function bagRoutes(
  transport: Transport,
  core: DeliveryRouteDeps,
  at: RouteTargets,
): FastifyPluginAsyncZod {
  const atBag: TargetOf = async (req) => {
    const b = await transport.getBag((req.params as { id: string }).id);
    return core.officeTarget(b.origin_office_id);
  };
  return async (app) => {
    const tags = ['delivery'];
    app.post(
      '/v1/delivery/offices/:office/bags',
      {
        schema: {
          tags,
          summary: 'Close items lying here into a bag for the next office on their way',
          headers: idempotencyHeaders,
          params: officeParams,
          body: z.object({
            destination: z.string().max(64),
            items: z.array(z.string().max(40)).min(1).max(1000),
          }),
          response: { 201: bagSchema, ...errorResponses },
        },
        config: { access: { permission: 'parcel.accept', target: at.office } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await transport.closeBag(
              { office: req.params.office, ...req.body },
              req.principal!.id,
              requestKeyOf(req),
            ),
          ),
    );
    app.post(
      '/v1/delivery/offices/:office/dispatches',
      {
        schema: {
          tags,
          summary: 'Send closed bags to the next office: every item inside departs',
          headers: idempotencyHeaders,
          params: officeParams,
          body: z.object({
            destination: z.string().max(64),
            bags: z.array(z.string().max(40)).min(1).max(200),
          }),
          response: { 201: dispatchSchema, ...errorResponses },
        },
        config: { access: { permission: 'parcel.accept', target: at.office } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await transport.dispatch(
              { office: req.params.office, ...req.body },
              req.principal!.id,
              requestKeyOf(req),
            ),
          ),
    );
    app.post(
      '/v1/delivery/offices/:office/bags/:bag/receive',
      {
        schema: {
          tags,
          summary:
            'Scan a bag in where it arrived: every item inside arrives; elsewhere it is refused (wrong_office)',
          params: officeParams.extend({ bag: z.string().max(40) }),
          response: { 200: z.object({ bag: bagSchema, duplicate: z.boolean() }), ...errorResponses },
        },
        config: { access: { permission: 'parcel.accept', target: at.office } },
      },
      async (req) => {
        const r = await transport.receiveBag(req.params.bag, req.params.office, req.principal!.id);
        return { bag: r.bag, duplicate: r.duplicate };
      },
    );
    app.get(
      '/v1/delivery/bags/:id',
      {
        schema: {
          tags,
          summary: 'A bag and its items',
          params: idParams,
          response: { 200: bagSchema, ...errorResponses },
        },
        config: { access: { permission: 'office.read', target: atBag } },
      },
      async (req) => await transport.getBag(req.params.id),
    );
    app.get(
      '/v1/delivery/dispatches/:id',
      {
        schema: {
          tags,
          summary: 'A dispatch and its bags',
          params: idParams,
          response: { 200: dispatchSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'office.read',
            target: async (req) =>
              core.officeTarget(
                (await transport.getDispatch((req.params as { id: string }).id)).origin_office_id,
              ),
          },
        },
      },
      async (req) => await transport.getDispatch(req.params.id),
    );
  };
}
