// The pension payout routes of the finance cell: funding a list, the bank run, stop-payments and the close
// of a period; payouts at counters, points and homes with their receipts. Money is VND as decimal strings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventProofSchema } from '../../../http/checkpoints.routes.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import type { TargetOf } from '../../../http/auth.ts';
import { idParams, money, officeParams, oncePerRequest, s } from '../shared.routes.ts';
import { atTillOf, type Tills } from '../tills/index.ts';
import { STOP_REASONS } from './line-states.ts';
import type { Payouts, Receipt, Round } from './payout.service.ts';
import type { Pensions } from './pension.service.ts';
import { atPeriodProvince, lineJson, lineSchema, type PensionRouteDeps } from './pension.routes.ts';
import { receiptPdf } from './receipt.pdf.ts';

const roundJson = (r: Round) => ({
  ...r,
  advance: r.advance.toString(),
  paid: r.paid.toString(),
  returned: s(r.returned),
});

/** Routes of the pension payouts: a period's money, and each line paid with its receipt. */
export function payoutRoutes(
  {
    pensions,
    payouts,
    tills,
  }: { pensions: Pick<Pensions, 'getPeriod'>; payouts: Payouts; tills: Pick<Tills, 'get'> },
  core: PensionRouteDeps,
): FastifyPluginAsyncZod {
  /** A receipt as the API returns it: with its proof, except a bank transfer's (its event is the whole run). */
  const receiptJson = async (r: Receipt) => ({
    ...r,
    amount: r.amount.toString(),
    seq: r.seq.toString(),
    proof: r.place === 'bank' ? null : await core.prove(r.seq),
  });
  return async (app) => {
    const ptags = ['pensions'];
    const periodProvince = atPeriodProvince(pensions);
    const fundingSchema = z
      .object({
        period_id: z.string(),
        sha256: z.string(),
        reference: z.string(),
        province_office_id: z.string(),
        total: money,
        allocations: z.array(
          z.object({
            postcode: z.string(),
            office_id: z.string(),
            line_count: z.number().int(),
            amount: money,
          }),
        ),
      })
      .meta({ id: 'PensionFunding' });
    app.post(
      '/v1/finance/pension-periods/:id/lists/:sha256/funding',
      {
        schema: {
          tags: ptags,
          summary:
            "Record the agency's money for a list: it enters the provincial post and is passed to each office that pays the list's lines",
          params: z.object({ id: z.string().max(200), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
          body: z.object({ reference: z.string().max(100).describe("the agency's transfer reference") }),
          response: { 201: fundingSchema, ...errorResponses },
        },
        config: { access: { permission: 'pension.manage', target: periodProvince } },
      },
      async (req, reply) => {
        const f = await payouts.fund(
          { period_id: req.params.id, sha256: req.params.sha256, reference: req.body.reference },
          await core.directory(),
          req.principal!.id,
        );
        return reply.status(201).send({
          ...f,
          total: f.total.toString(),
          allocations: f.allocations.map((a) => ({ ...a, amount: a.amount.toString() })),
        });
      },
    );
    app.post(
      '/v1/finance/pension-periods/:id/bank-run',
      {
        schema: {
          tags: ptags,
          summary: 'Pay every funded bank-account line of the period (from the bank day)',
          params: idParams,
          response: { 200: z.object({ line_count: z.number().int(), amount: money }), ...errorResponses },
        },
        config: { access: { permission: 'pension.manage', target: periodProvince } },
      },
      async (req) => {
        const r = await payouts.payBankTransfers(req.params.id, req.principal!.id);
        return { line_count: r.line_count, amount: r.amount.toString() };
      },
    );
    app.post(
      '/v1/finance/pension-periods/:id/stops',
      {
        schema: {
          tags: ptags,
          summary:
            "The agency stops a person's payments (death, emigration, suspension): unpaid lines are suspended, paid ones open a recovery case",
          params: idParams,
          body: z.object({
            cccd: z.string().regex(/^\d{12}$/, 'must be the 12-digit CCCD'),
            benefit: z.enum(['LH', 'TC', 'BTXH']).optional(),
            reason: z.enum(STOP_REASONS),
            reference: z.string().max(100),
            effective_date: z.string(),
          }),
          response: {
            200: z.object({
              lines: z.array(z.object({ line_id: z.string(), outcome: z.enum(['suspended', 'recovery']) })),
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'pension.list.submit', target: periodProvince } },
      },
      async (req) => ({
        lines: await payouts.stop({ period_id: req.params.id, ...req.body }, req.principal!.id),
      }),
    );
    app.post(
      '/v1/finance/pension-periods/:id/close',
      {
        schema: {
          tags: ptags,
          summary:
            'Close the period after its last day: every unpaid line and its money goes back to the agency',
          params: idParams,
          response: {
            200: z.object({ returned_count: z.number().int(), returned_amount: money }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'pension.manage', target: periodProvince } },
      },
      async (req) => {
        const r = await payouts.closePeriod(req.params.id, req.principal!.id);
        return { returned_count: r.returned_count, returned_amount: r.returned_amount.toString() };
      },
    );

    const receiptSchema = z
      .object({
        id: z.string(),
        line_id: z.string(),
        period_id: z.string(),
        months: z.array(z.string()),
        full_name: z.string(),
        cccd: z.string(),
        benefit: z.string(),
        amount: money,
        amount_words: z.string(),
        place: z.enum(['bank', 'point', 'counter', 'home']),
        office_id: z.string(),
        session_id: z.string().nullable(),
        clerk_id: z.string().nullable(),
        recipient: z.enum(['self', 'proxy']),
        recipient_name: z.string(),
        recipient_cccd: z.string().nullable(),
        evidence: z.string().nullable(),
        transfer_id: z.string(),
        paid_at: z.string(),
        seq: z.string(),
        proof: eventProofSchema
          .nullable()
          .describe(
            'the payout event, its audit path and the signed checkpoint: check it offline with postcore verify-receipt (null for a bank transfer, whose event is the whole run)',
          ),
      })
      .meta({ id: 'PensionReceipt' });
    const identity = {
      recipient: z.enum(['self', 'proxy']).describe("'proxy' when the registered proxy takes the money"),
      cccd: z.string().regex(/^\d{12}$/, 'must be the 12-digit CCCD presented'),
    };
    // The access check and the payout both need the till's office: looked up once per request.
    const atTill = oncePerRequest(atTillOf(tills, core));
    app.post(
      '/v1/finance/tills/:id/pension-payouts',
      {
        schema: {
          tags: ptags,
          summary:
            'Pay a pension line in cash from your open till (counter or commune point): the money moves, the line is paid, the receipt is made, in one step',
          description:
            'Asking again for the same line from the same till with the same CCCD (or under the same Idempotency-Key) returns the first receipt; from anywhere else it is 409 `line_already_paid`.',
          headers: idempotencyHeaders,
          params: idParams,
          body: z.object({ line_id: z.string().max(200), place: z.enum(['counter', 'point']), ...identity }),
          response: { 201: receiptSchema, ...errorResponses },
        },
        config: { access: { permission: 'pension.pay', target: atTill } },
      },
      async (req, reply) => {
        const target = await atTill(req);
        const r = await payouts.pay(
          { ...req.body, session_id: req.params.id, office_province: target.provinceCode },
          req.principal!.id,
          requestKeyOf(req),
        );
        return reply.status(201).send(await receiptJson(r));
      },
    );
    const atReceipt: TargetOf = async (req) =>
      core.officeTarget((await payouts.receipt((req.params as { id: string }).id)).office_id);
    app.get(
      '/v1/finance/pension-receipts/:id',
      {
        schema: {
          tags: ptags,
          summary: 'A payout receipt',
          params: idParams,
          response: { 200: receiptSchema, ...errorResponses },
        },
        config: { access: { permission: 'pension.pay', target: atReceipt } },
      },
      async (req) => receiptJson(await payouts.receipt(req.params.id)),
    );
    app.get(
      '/v1/finance/pension-receipts/:id.pdf',
      {
        schema: {
          tags: ptags,
          summary:
            'The receipt to print: amount in figures and in Vietnamese words, a QR code of its id and one of its proof',
          params: idParams,
          produces: ['application/pdf'],
        },
        config: { access: { permission: 'pension.pay', target: atReceipt } },
      },
      async (req, reply) => {
        const r = await payouts.receipt(req.params.id);
        const pdf = await receiptPdf(
          r,
          {
            office: await core.officeName(r.office_id),
            clerk: r.clerk_id === null ? 'Chuyển khoản ngân hàng' : await core.staffName(r.clerk_id),
          },
          r.place === 'bank' ? null : await core.prove(r.seq),
        );
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="bien-nhan-${r.id}.pdf"`)
          .send(pdf);
      },
    );

    const roundSchema = z
      .object({
        id: z.string(),
        period_id: z.string(),
        office_id: z.string(),
        postman_id: z.string(),
        postman_name: z.string(),
        day: z.string(),
        status: z.enum(['open', 'closed']),
        line_count: z.number().int(),
        advance: money,
        paid: money,
        paid_count: z.number().int(),
        returned: money.nullable(),
        opened_by: z.string(),
        opened_at: z.string(),
        closed_by: z.string().nullable(),
        closed_at: z.string().nullable(),
      })
      .meta({ id: 'PensionRound' });
    const atRound: TargetOf = async (req) =>
      core.officeTarget((await payouts.round((req.params as { id: string }).id)).office_id);
    app.post(
      '/v1/finance/offices/:office/pension-rounds',
      {
        schema: {
          tags: ptags,
          summary:
            "Give a postman a home round: lines of people aged 80+ or registered for home payment, and their cash from the office's vault",
          description:
            'The postman named must be active and hold `pension.pay` at this office, so that he can pay the cash out: otherwise 422 `assignee_not_eligible` with `details.field` `postman_id`.',
          headers: idempotencyHeaders,
          params: officeParams,
          body: z.object({
            period_id: z.string().max(200),
            postman_id: z.string().max(100),
            line_ids: z.array(z.string().max(200)).min(1).max(500),
          }),
          response: { 201: roundSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'pension.manage',
            target: (req) => core.officeTarget((req.params as { office: string }).office),
          },
        },
      },
      async (req, reply) => {
        // The cash goes to the postman named: he must be able to pay it out there, not merely exist.
        const postman = await core.assignee(
          req.body.postman_id,
          'pension.pay',
          req.params.office,
          'postman_id',
        );
        const r = await payouts.openRound(
          { ...req.body, office_id: req.params.office, postman_name: postman.full_name },
          req.principal!.id,
          requestKeyOf(req),
        );
        return reply.status(201).send(roundJson(r));
      },
    );
    app.get(
      '/v1/finance/offices/:office/pension-rounds',
      {
        schema: {
          tags: ptags,
          summary: "An office's home rounds: those still open by default, for a manager to take back",
          description:
            'How the office manager finds the postmen whose unpaid pension cash he must take back: `status` `open` (the default), `closed` or `all`. Each with its advance, what was paid and its count of lines.',
          params: officeParams,
          querystring: z.object({ status: z.enum(['open', 'closed', 'all']).default('open') }),
          response: { 200: z.object({ items: z.array(roundSchema) }), ...errorResponses },
        },
        config: {
          access: {
            permission: 'pension.manage',
            target: (req) => core.officeTarget((req.params as { office: string }).office),
          },
        },
      },
      async (req) => {
        const { status } = req.query;
        const rs = await payouts.rounds({
          officeId: req.params.office,
          ...(status === 'all' ? {} : { status }),
        });
        return { items: rs.map(roundJson) };
      },
    );
    app.get(
      '/v1/finance/pension-rounds/mine',
      {
        schema: {
          tags: ptags,
          summary: 'Your own home rounds at your office: those still open, and those opened on the day named',
          description:
            'How a postman finds the pensions he carries: his open home rounds, and with `day` (YYYY-MM-DD) also those opened that day, closed ones included. Each with its lines.',
          querystring: z.object({
            day: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
              .optional(),
          }),
          response: {
            200: z.object({ items: z.array(roundSchema.extend({ lines: z.array(lineSchema) })) }),
            ...errorResponses,
          },
        },
        config: {
          access: { permission: 'pension.pay', target: (req) => core.officeTarget(req.principal!.officeId) },
        },
      },
      async (req) => {
        const me = req.principal!;
        // The open rounds first: they are what he works on; the day's closed ones after them.
        const rounds = (await payouts.rounds({ officeId: me.officeId }))
          .filter((r) => r.postman_id === me.id && (r.status === 'open' || r.day === req.query.day))
          .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'));
        return {
          items: await Promise.all(
            rounds.map(async (r) => ({
              ...roundJson(r),
              lines: (await payouts.roundLines(r.id)).map(lineJson),
            })),
          ),
        };
      },
    );
    app.get(
      '/v1/finance/pension-rounds/:id',
      {
        schema: {
          tags: ptags,
          summary: 'A home round with its lines',
          params: idParams,
          response: { 200: roundSchema.extend({ lines: z.array(lineSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'pension.pay', target: atRound } },
      },
      async (req) => ({
        ...roundJson(await payouts.round(req.params.id)),
        lines: (await payouts.roundLines(req.params.id)).map(lineJson),
      }),
    );
    app.post(
      '/v1/finance/pension-rounds/:id/payouts',
      {
        schema: {
          tags: ptags,
          summary: "Pay a line of your round at the person's home, with their signature or photo reference",
          headers: idempotencyHeaders,
          params: idParams,
          body: z.object({
            line_id: z.string().max(200),
            ...identity,
            evidence: z.string().max(200).describe('signature:REF or photo:REF'),
          }),
          response: { 201: receiptSchema, ...errorResponses },
        },
        config: { access: { permission: 'pension.pay', target: atRound } },
      },
      async (req, reply) => {
        const r = await payouts.payAtHome(
          { ...req.body, round_id: req.params.id },
          req.principal!.id,
          requestKeyOf(req),
        );
        return reply.status(201).send(await receiptJson(r));
      },
    );
    app.post(
      '/v1/finance/pension-rounds/:id/close',
      {
        schema: {
          tags: ptags,
          summary:
            "Take back a postman's unpaid cash (counted by someone else); his unpaid lines wait at the office again",
          headers: idempotencyHeaders,
          params: idParams,
          body: z.object({ returned: money }),
          response: { 200: roundSchema, ...errorResponses },
        },
        config: { access: { permission: 'pension.manage', target: atRound } },
      },
      async (req) =>
        roundJson(await payouts.closeRound(req.params.id, req.body, req.principal!.id, requestKeyOf(req))),
    );
  };
}
