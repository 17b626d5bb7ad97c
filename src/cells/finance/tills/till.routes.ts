// The tills' API: a clerk's till opened with a counted float, cash moved between the vault and the till by
// two people, the cash-up and the close. Money is VND in whole đồng, as decimal strings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import { authorize } from '../../core/index.ts';
import { idParams, money, officeParams, s, type FinanceRouteDeps } from '../shared.routes.ts';
import { DENOMINATIONS } from './cash.ts';
import type { TillMovement, Tills, TillSession } from './till.types.ts';

const denominations = z
  .record(z.string(), z.number())
  .describe(`note value -> count; values ${DENOMINATIONS.join(', ')}`);
const count = { amount: money, denominations };

export const sessionSchema = z
  .object({
    id: z.string(),
    office_id: z.string(),
    clerk_id: z.string(),
    day: z.string(),
    status: z.enum(['opening', 'open', 'closing', 'closed']),
    float_amount: money,
    float_denominations: denominations,
    opened_at: z.string(),
    counted_amount: money.nullable(),
    counted_denominations: denominations.nullable(),
    expected_amount: money.nullable(),
    variance: money.nullable(),
    variance_reason: z.string().nullable(),
    closed_by: z.string().nullable(),
    closed_at: z.string().nullable(),
    cash: money,
  })
  .meta({ id: 'TillSession' });
export const sessionJson = (x: TillSession) => ({
  ...x,
  float_amount: s(x.float_amount)!,
  counted_amount: s(x.counted_amount),
  expected_amount: s(x.expected_amount),
  variance: s(x.variance),
  cash: s(x.cash)!,
});
export const movementSchema = z
  .object({
    id: z.string(),
    session_id: z.string(),
    direction: z.enum(['to_till', 'to_vault']),
    amount: money,
    denominations,
    maker_id: z.string(),
    transfer_id: z.string(),
    status: z.enum(['pending', 'confirmed', 'rejected']),
    checker_id: z.string().nullable(),
    reason: z.string().nullable(),
    created_at: z.string(),
    decided_at: z.string().nullable(),
  })
  .meta({ id: 'TillMovement' });
export const movementJson = (m: TillMovement) => ({ ...m, amount: s(m.amount)! });

/** Where a till session's route acts: the office of the till named by `:id`. */
export function atTillOf(tills: Pick<Tills, 'get'>, core: Pick<FinanceRouteDeps, 'officeTarget'>): TargetOf {
  return async (req) => core.officeTarget((await tills.get((req.params as { id: string }).id)).office_id);
}

/** Routes of the tills: sessions, cash moves with their checker, cash-up and close. */
export function tillRoutes(tills: Tills, core: FinanceRouteDeps): FastifyPluginAsyncZod {
  const officeTarget = (id: string) => core.officeTarget(id);
  const atOffice: TargetOf = (req) => officeTarget((req.params as { office: string }).office);
  const atSession = atTillOf(tills, core);
  return async (app) => {
    const ttags = ['tills'];
    app.get(
      '/v1/finance/offices/:office/tills',
      {
        schema: {
          tags: ttags,
          summary: 'An office’s till sessions, by day and status',
          params: officeParams,
          querystring: z.object({
            day: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/)
              .optional(),
            status: z.enum(['opening', 'open', 'closing', 'closed']).optional(),
          }),
          response: { 200: z.object({ items: z.array(sessionSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'till.operate', target: atOffice } },
      },
      async (req) => ({
        items: (
          await tills.list({
            officeId: req.params.office,
            ...(req.query.day === undefined ? {} : { day: req.query.day }),
            ...(req.query.status === undefined ? {} : { status: req.query.status }),
          })
        ).map(sessionJson),
      }),
    );
    app.post(
      '/v1/finance/offices/:office/tills',
      {
        schema: {
          tags: ttags,
          summary:
            'Open your till with a counted float; it opens when a second person confirms the move from the vault',
          headers: idempotencyHeaders,
          params: officeParams,
          body: z.object(count),
          response: {
            201: z.object({ session: sessionSchema, movement: movementSchema }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'till.operate', target: atOffice } },
      },
      async (req, reply) => {
        const p = req.principal!;
        const r = await tills.open(
          {
            office_id: req.params.office,
            clerk_id: p.id,
            clerk_name: await core.staffName(p.id),
            ...req.body,
          },
          p.id,
          requestKeyOf(req),
        );
        return reply
          .status(201)
          .send({ session: sessionJson(r.session), movement: movementJson(r.movement) });
      },
    );
    app.post(
      '/v1/finance/tills/:id/moves',
      {
        schema: {
          tags: ttags,
          summary: 'Ask to move cash between the vault and your till; it moves when a second person confirms',
          headers: idempotencyHeaders,
          params: idParams,
          body: z.object({ direction: z.enum(['to_till', 'to_vault']), ...count }),
          response: { 201: movementSchema, ...errorResponses },
        },
        config: { access: { permission: 'till.operate', target: atSession } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            movementJson(
              await tills.requestMove(req.params.id, req.body, req.principal!.id, requestKeyOf(req)),
            ),
          ),
    );
    app.post(
      '/v1/finance/moves/:id/decision',
      {
        schema: {
          tags: ttags,
          summary: 'Confirm or reject a cash move (not the person who asked for it)',
          headers: idempotencyHeaders,
          params: idParams,
          body: z.object({ confirm: z.boolean(), reason: z.string().max(500).nullable().optional() }),
          response: { 200: movementSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'till.operate',
            target: async (req) => {
              const id = (req.params as { id: string }).id;
              const session = await tills.sessionOfMovement(id);
              return officeTarget(session.office_id);
            },
          },
        },
      },
      async (req) =>
        movementJson(await tills.decideMove(req.params.id, req.body, req.principal!.id, requestKeyOf(req))),
    );
    app.post(
      '/v1/finance/tills/:id/cash-up',
      {
        schema: {
          tags: ttags,
          summary: 'Count up your till by denominations; any variance needs a reason',
          headers: idempotencyHeaders,
          params: idParams,
          body: z.object({ ...count, reason: z.string().max(500).nullable().optional() }),
          response: { 200: sessionSchema, ...errorResponses },
        },
        config: { access: { permission: 'till.operate', target: atSession } },
      },
      async (req) =>
        sessionJson(await tills.requestClose(req.params.id, req.body, req.principal!.id, requestKeyOf(req))),
    );
    app.post(
      '/v1/finance/tills/:id/close',
      {
        schema: {
          tags: ttags,
          summary:
            'Take a counted-up till back into the vault (a second person; the office manager above the variance threshold)',
          headers: idempotencyHeaders,
          params: idParams,
          response: { 200: sessionSchema, ...errorResponses },
        },
        config: { access: { permission: 'till.operate', target: atSession } },
      },
      async (req) => {
        const target = await atSession(req);
        const manager = authorize(req.principal!, 'till.approve', target).allowed;
        return sessionJson(
          await tills.confirmClose(req.params.id, { id: req.principal!.id, manager }, requestKeyOf(req)),
        );
      },
    );
    app.post(
      '/v1/finance/tills/:id/variance-approval',
      {
        schema: {
          tags: ttags,
          summary:
            'A manager approves a counted-up till’s variance and takes it back into the vault (the office’s or the province’s manager; not the clerk)',
          headers: idempotencyHeaders,
          params: idParams,
          response: { 200: sessionSchema, ...errorResponses },
        },
        config: { access: { permission: 'till.approve', target: atSession } },
      },
      async (req) =>
        sessionJson(
          await tills.confirmClose(
            req.params.id,
            { id: req.principal!.id, manager: true },
            requestKeyOf(req),
          ),
        ),
    );
  };
}
