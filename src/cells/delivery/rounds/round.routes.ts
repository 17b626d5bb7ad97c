// The rounds module's routes: a postman's round opened, its deliveries and attempts, its close with the
// COD cash counted, and an item held for pick-up handed over at the counter.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import { itemJson, itemSchema, REASONS } from '../items/index.ts';
import {
  amountIn,
  money,
  officeParams,
  str,
  type DeliveryRouteDeps,
  type RouteTargets,
} from '../shared.routes.ts';
import type { Round, Rounds } from './round.model.ts';

const roundSchema = z
  .object({
    id: z.string(),
    office_id: z.string(),
    postman_id: z.string(),
    day: z.string(),
    status: z.enum(['open', 'closed']),
    item_count: z.number().int(),
    cod_expected: money,
    cod_collected: money,
    cod_counted: money.nullable(),
    opened_at: z.string(),
    opened_by: z.string(),
    closed_at: z.string().nullable(),
    closed_by: z.string().nullable(),
    items: z.array(
      z.object({
        item: z.string(),
        outcome: z.enum(['pending', 'delivered', 'failed']),
        cod_collected: money,
      }),
    ),
  })
  .meta({ id: 'DeliveryRound' });
const deliverBody = z.object({
  item: z.string().max(40),
  recipient_name: z.string().max(200),
  signature: z.string().max(200).nullable().optional().describe('signature:<id> of the captured signature'),
  photo: z.string().max(200).nullable().optional().describe('photo:<sha256> of the doorstep photo'),
  code: z.string().max(10).nullable().optional().describe('the recipient’s one-time code (high-value items)'),
  cod_collected: amountIn.nullable(),
  receiver_cccd: z
    .string()
    .max(20)
    .nullable()
    .optional()
    .describe(
      'the CCCD (12 digits) of the person taking a restricted item (`restricted` true): the citizen or their authorised representative',
    ),
});

const roundJson = (r: Round) => ({
  ...r,
  cod_expected: str(r.cod_expected),
  cod_collected: str(r.cod_collected),
  cod_counted: r.cod_counted === null ? null : str(r.cod_counted),
  items: r.items.map((i) => ({ ...i, cod_collected: str(i.cod_collected) })),
});

/** Routes of delivery rounds and counter pick-ups. */
export function roundRoutes(
  rounds: Rounds,
  core: DeliveryRouteDeps,
  at: RouteTargets,
): FastifyPluginAsyncZod {
  const atRound: TargetOf = async (req) =>
    core.officeTarget((await rounds.get((req.params as { id: string }).id)).office_id);
  return async (app) => {
    const tags = ['delivery'];
    const roundParams = z.object({ id: z.string().max(60) });
    app.post(
      '/v1/delivery/offices/:office/rounds',
      {
        schema: {
          tags,
          summary: 'Open your delivery round for today: each item goes out for delivery (EDG)',
          headers: idempotencyHeaders,
          params: officeParams,
          body: z.object({ items: z.array(z.string().max(40)).min(1).max(500) }),
          response: { 201: roundSchema, ...errorResponses },
        },
        config: { access: { permission: 'parcel.deliver', target: at.office } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            roundJson(
              await rounds.open(
                { office: req.params.office, postman: req.principal!.id, items: req.body.items },
                req.principal!.id,
                requestKeyOf(req),
              ),
            ),
          ),
    );
    app.get(
      '/v1/delivery/rounds/mine',
      {
        schema: {
          tags,
          summary: 'Your own delivery rounds at your office: those still open, and those of the day named',
          description:
            'How a postman finds his round on his phone: his open rounds (whatever day they were opened), and with `day` (YYYY-MM-DD, Vietnam time) also his rounds of that day, closed ones included.',
          querystring: z.object({
            day: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
              .optional(),
          }),
          response: { 200: z.object({ items: z.array(roundSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'parcel.deliver', target: at.ownOffice } },
      },
      async (req) => {
        const me = req.principal!;
        const mine = (q: { status?: string; day?: string }) =>
          rounds.list({ office: me.officeId, ...q }).then((rs) => rs.filter((r) => r.postman_id === me.id));
        const open = await mine({ status: 'open' });
        const ofDay = req.query.day === undefined ? [] : await mine({ day: req.query.day });
        // The open rounds first: they are what he works on; the day's closed ones after them.
        const seen = new Set(open.map((r) => r.id));
        return { items: [...open, ...ofDay.filter((r) => !seen.has(r.id))].map(roundJson) };
      },
    );
    app.get(
      '/v1/delivery/offices/:office/rounds',
      {
        schema: {
          tags,
          summary: "An office's delivery rounds: those still open by default, for a manager to take back",
          description:
            'How the office manager finds the rounds whose COD cash he must count in: `status` `open` (the default), `closed` or `all`, and with `day` (YYYY-MM-DD, Vietnam time) only the rounds of that day. Oldest first, at most 500.',
          params: officeParams,
          querystring: z.object({
            status: z.enum(['open', 'closed', 'all']).default('open'),
            day: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
              .optional(),
          }),
          response: { 200: z.object({ items: z.array(roundSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'till.approve', target: at.office } },
      },
      async (req) => {
        const { status, day } = req.query;
        const rs = await rounds.list({
          office: req.params.office,
          ...(status === 'all' ? {} : { status }),
          ...(day === undefined ? {} : { day }),
        });
        return { items: rs.map(roundJson) };
      },
    );
    app.get(
      '/v1/delivery/rounds/:id',
      {
        schema: {
          tags,
          summary: 'A delivery round',
          params: roundParams,
          response: { 200: roundSchema, ...errorResponses },
        },
        config: { access: { permission: 'office.read', target: atRound } },
      },
      async (req) => roundJson(await rounds.get(req.params.id)),
    );
    app.post(
      '/v1/delivery/rounds/:id/deliveries',
      {
        schema: {
          tags,
          summary:
            'Deliver an item of your round with its proof; the COD you took must be its amount exactly',
          headers: idempotencyHeaders,
          params: roundParams,
          body: deliverBody,
          response: { 200: itemSchema, ...errorResponses },
        },
        config: { access: { permission: 'parcel.deliver', target: atRound } },
      },
      async (req) => {
        const item = await rounds.deliver(req.params.id, req.body, req.principal!.id, requestKeyOf(req));
        await core.sync();
        return itemJson(item);
      },
    );
    app.post(
      '/v1/delivery/rounds/:id/attempts',
      {
        schema: {
          tags,
          summary:
            'An unsuccessful delivery: reason and action (A again, B hold for pick-up, C return to sender)',
          headers: idempotencyHeaders,
          params: roundParams,
          body: z.object({
            item: z.string().max(40),
            reason: z
              .string()
              .max(2)
              .describe(
                Object.entries(REASONS)
                  .map(([k, v]) => `${k} ${v.en}`)
                  .join('; '),
              ),
            action: z.string().max(1),
          }),
          response: { 200: itemSchema, ...errorResponses },
        },
        config: { access: { permission: 'parcel.deliver', target: atRound } },
      },
      async (req) =>
        itemJson(await rounds.attempt(req.params.id, req.body, req.principal!.id, requestKeyOf(req))),
    );
    app.post(
      '/v1/delivery/rounds/:id/close',
      {
        schema: {
          tags,
          summary: 'Close a round: a manager counts the postman’s COD cash, which must be exact',
          headers: idempotencyHeaders,
          params: roundParams,
          body: z.object({ counted: amountIn.unwrap() }),
          response: { 200: roundSchema, ...errorResponses },
        },
        config: { access: { permission: 'till.approve', target: atRound } },
      },
      async (req) => {
        const r = await rounds.close(req.params.id, req.body.counted, req.principal!.id, requestKeyOf(req));
        await core.sync();
        return roundJson(r);
      },
    );
    app.post(
      '/v1/delivery/tills/:id/pickups',
      {
        schema: {
          tags,
          summary: 'Hand over an item held for pick-up at your counter; its COD goes into your till',
          headers: idempotencyHeaders,
          params: z.object({ id: z.string().max(100) }),
          body: deliverBody,
          response: { 200: itemSchema, ...errorResponses },
        },
        config: { access: { permission: 'parcel.accept', target: at.till } },
      },
      async (req) => {
        const till = await core.ownOpenTill(req.params.id, req.principal!.id);
        const item = await rounds.collect(
          till.office_id,
          req.body,
          { id: req.principal!.id, till_session_id: till.id },
          requestKeyOf(req),
        );
        await core.sync();
        return itemJson(item);
      },
    );
  };
}
