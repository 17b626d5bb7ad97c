// The finance cell's API: accounts and transfers, cash tills, reports. Money is VND in whole đồng, as
// decimal strings; every route declares the permission it needs at an office.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../core/index.ts';
import type { TargetOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../http/idempotency.ts';
import { pageQuery } from '../../http/pagination.ts';
import { checkManualTransfers } from './chart/index.ts';
import { codRoutes } from './cod.routes.ts';
import { pensionRoutes } from './pension.routes.ts';
import { dayQuery, idParams, money, officeParams, s, type FinanceRouteDeps } from './routes.shared.ts';
import type { Finance } from './index.ts';
import {
  TRANSFER_FLAGS,
  TRANSFER_RESULTS,
  type Account,
  type Transfer,
  type TransferResult,
} from './ledger/index.ts';
import {
  cashPositionCsv,
  cashPositionPdf,
  tillReportCsv,
  tillReportPdf,
  trialBalanceCsv,
  trialBalancePdf,
  type TrialBalance,
} from './reports/index.ts';
import { DENOMINATIONS, type TillMovement, type TillSession } from './tills/index.ts';

const accountSchema = z
  .object({
    id: z.string(),
    code: z.number().int(),
    office_id: z.string().nullable(),
    holder_id: z.string().nullable(),
    name: z.string(),
    flags: z.array(z.string()),
    debits_pending: money,
    debits_posted: money,
    credits_pending: money,
    credits_posted: money,
    status: z.enum(['open', 'closed']),
    opened_at: z.string(),
    closed_at: z.string().nullable(),
  })
  .meta({ id: 'LedgerAccount' });
const accountJson = (a: Account) => ({
  ...a,
  debits_pending: s(a.debits_pending)!,
  debits_posted: s(a.debits_posted)!,
  credits_pending: s(a.credits_pending)!,
  credits_posted: s(a.credits_posted)!,
});

const transferSchema = z
  .object({
    id: z.string(),
    debit_account_id: z.string(),
    credit_account_id: z.string(),
    amount: money,
    pending_id: z.string().nullable(),
    flags: z.array(z.string()),
    code: z.number().int(),
    ref: z.string().nullable(),
    timeout: z.number().int(),
    state: z.enum(['posted', 'pending', 'voided', 'expired']),
    expires_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'LedgerTransfer' });
const transferJson = (t: Transfer) => ({ ...t, amount: s(t.amount)! });

const resultSchema = z
  .object({
    index: z.number().int(),
    id: z.string(),
    result: z.enum(Object.keys(TRANSFER_RESULTS) as [keyof typeof TRANSFER_RESULTS]),
    message: z.string(),
    message_vi: z.string(),
  })
  .meta({ id: 'TransferResult' });

const denominations = z
  .record(z.string(), z.number())
  .describe(`note value -> count; values ${DENOMINATIONS.join(', ')}`);
const count = { amount: money, denominations };

const sessionSchema = z
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
const sessionJson = (x: TillSession) => ({
  ...x,
  float_amount: s(x.float_amount)!,
  counted_amount: s(x.counted_amount),
  expected_amount: s(x.expected_amount),
  variance: s(x.variance),
  cash: s(x.cash)!,
});
const movementSchema = z
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
const movementJson = (m: TillMovement) => ({ ...m, amount: s(m.amount)! });

const trialBalanceSchema = z
  .object({
    office_id: z.string(),
    day: z.string(),
    lines: z.array(
      z.object({
        account_id: z.string(),
        code: z.number().int(),
        name: z.string(),
        opening: money,
        debits: money,
        credits: money,
        closing: money,
        debit_balance: money,
        credit_balance: money,
      }),
    ),
    total_debits: money,
    total_credits: money,
    total_debit_balance: money,
    total_credit_balance: money,
    balanced: z.boolean(),
    unbalanced_by: z.array(
      z.object({
        transfer_id: z.string(),
        debit_account_id: z.string(),
        credit_account_id: z.string(),
        amount: money,
      }),
    ),
  })
  .meta({ id: 'TrialBalance' });
const trialBalanceJson = (tb: TrialBalance) => ({
  ...tb,
  lines: tb.lines.map((l) => ({
    ...l,
    opening: s(l.opening)!,
    debits: s(l.debits)!,
    credits: s(l.credits)!,
    closing: s(l.closing)!,
    debit_balance: s(l.debit_balance)!,
    credit_balance: s(l.credit_balance)!,
  })),
  total_debits: s(tb.total_debits)!,
  total_credits: s(tb.total_credits)!,
  total_debit_balance: s(tb.total_debit_balance)!,
  total_credit_balance: s(tb.total_credit_balance)!,
  unbalanced_by: tb.unbalanced_by.map((u) => ({ ...u, amount: s(u.amount)! })),
});

/** Routes of the finance cell. */
export function financeRoutes(finance: Finance, core: FinanceRouteDeps): FastifyPluginAsyncZod {
  const officeTarget = (id: string) => core.officeTarget(id);
  const { ledger, tills, reports } = finance;
  const atOffice: TargetOf = (req) => officeTarget((req.params as { office: string }).office);
  const atAccount: TargetOf = async (req) => {
    const a = await ledger.getAccount((req.params as { id: string }).id);
    return a.office_id === null ? { officeId: null, provinceCode: null } : officeTarget(a.office_id);
  };
  const atSession: TargetOf = async (req) =>
    officeTarget((await tills.get((req.params as { id: string }).id)).office_id);
  return async (app) => {
    const tags = ['finance'];
    app.get(
      '/v1/finance/offices/:office/accounts',
      {
        schema: {
          tags,
          summary: 'An office’s accounts with their balances',
          params: officeParams,
          response: { 200: z.object({ items: z.array(accountSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req) => ({ items: (await ledger.accountsOf({ officeId: req.params.office })).map(accountJson) }),
    );
    app.get(
      '/v1/finance/accounts/:id',
      {
        schema: {
          tags,
          summary: 'One account',
          params: idParams,
          response: { 200: accountSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atAccount } },
      },
      async (req) => accountJson(await ledger.getAccount(req.params.id)),
    );
    app.get(
      '/v1/finance/accounts/:id/history',
      {
        schema: {
          tags,
          summary: 'An account’s balances after each transfer that touched it, newest first',
          params: idParams,
          querystring: pageQuery,
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  seq: money,
                  transfer_id: z.string(),
                  debits_pending: money,
                  debits_posted: money,
                  credits_pending: money,
                  credits_posted: money,
                  at: z.string(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'report.read', target: atAccount } },
      },
      async (req) => {
        const { items } = await ledger.history(req.params.id, req.query);
        return {
          items: items.map((h) => ({
            seq: String(h.seq),
            transfer_id: h.transfer_id,
            debits_pending: String(h.debits_pending),
            debits_posted: String(h.debits_posted),
            credits_pending: String(h.credits_pending),
            credits_posted: String(h.credits_posted),
            at: h.at,
          })),
        };
      },
    );
    app.get(
      '/v1/finance/transfers/:id',
      {
        schema: {
          tags,
          summary: 'One transfer',
          params: idParams,
          response: { 200: transferSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'report.read',
            target: async (req) => {
              const t = await ledger.getTransfer((req.params as { id: string }).id);
              const a = await ledger.getAccount(t.debit_account_id);
              return a.office_id === null
                ? { officeId: null, provinceCode: null }
                : officeTarget(a.office_id);
            },
          },
        },
      },
      async (req) => transferJson(await ledger.getTransfer(req.params.id)),
    );
    app.post(
      '/v1/finance/offices/:office/transfers',
      {
        schema: {
          tags,
          summary:
            'Create transfers between an office’s accounts (ids are idempotency keys; `linked` chains are all or nothing)',
          description:
            'One result per transfer: `created` or `exists` (the same id with the same body) succeed; anything else names why that transfer, and only it (or its linked chain), changed nothing. 200 when every transfer succeeded, 422 otherwise. Each of an account’s totals (debits and credits, posted and pending, and posted with pending) stops at 10^18 đồng: a transfer past it is refused as `overflows_…`. A transfer made here may not take an account’s debits or credits (posted with pending) past 10^17 đồng, `overflows_manual_debits` or `overflows_manual_credits`: the rest is kept for the platform’s own transfers (fees, COD, tills).',
          params: officeParams,
          body: z.object({
            transfers: z
              .array(
                z.object({
                  id: z
                    .string()
                    .max(100)
                    .describe(
                      'your idempotency key: 1 to 100 letters, digits, ".", "_" or "-", beginning with a letter or digit. Ids with ":" are the platform’s own and refused (400 invalid_transfer, details.field transfers[i].id)',
                    ),
                  debit_account_id: z.string().max(200).optional(),
                  credit_account_id: z.string().max(200).optional(),
                  amount: money.optional(),
                  pending_id: z
                    .string()
                    .max(100)
                    .nullable()
                    .optional()
                    .describe('the id of your own pending transfer to post or void: the same rule as id'),
                  timeout: z.number().int().optional(),
                  flags: z.array(z.enum(TRANSFER_FLAGS)).optional(),
                  code: z.number().int(),
                  ref: z.string().max(200).nullable().optional(),
                }),
              )
              .min(1)
              .max(8190),
          }),
          response: {
            200: z.object({ results: z.array(resultSchema) }),
            422: z.object({ results: z.array(resultSchema) }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'ledger.transfer', target: atOffice } },
      },
      async (req, reply) => {
        const office = req.params.office;
        // Only this office's accounts, never a till's (those need their checker), nothing of the tills' own.
        await checkManualTransfers(ledger, office, req.body.transfers);
        const results: TransferResult[] = await ledger.createTransfers(
          req.body.transfers,
          req.principal!.id,
          office,
          { manual: true },
        );
        const ok = results.every((r) => r.result === 'created' || r.result === 'exists');
        return reply.status(ok ? 200 : 422).send({ results });
      },
    );

    // --- tills --------------------------------------------------------------------------------------------
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
    app.get(
      '/v1/finance/tills/:id',
      {
        schema: {
          tags: ttags,
          summary: 'A till session with its cash moves',
          params: idParams,
          response: {
            200: z.object({ session: sessionSchema, movements: z.array(movementSchema) }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'till.operate', target: atSession } },
      },
      async (req) => {
        const r = await reports.tillReport(req.params.id);
        return { session: sessionJson(r.session), movements: r.movements.map(movementJson) };
      },
    );
    app.get(
      '/v1/finance/tills/:id/moves.csv',
      {
        schema: {
          tags: ttags,
          summary: 'A till session’s cash moves as CSV (UTF-8 with BOM)',
          params: idParams,
          produces: ['text/csv'],
          response: { 200: z.string(), ...errorResponses },
        },
        config: { access: { permission: 'till.operate', target: atSession } },
      },
      async (req, reply) => {
        const r = await reports.tillReport(req.params.id);
        void reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${r.session.id}.csv"`);
        return tillReportCsv(r);
      },
    );
    app.get(
      '/v1/finance/tills/:id/report.pdf',
      {
        schema: {
          tags: ttags,
          summary: 'A till session’s report as PDF: float, moves with maker and checker, cash-up, variance',
          params: idParams,
          produces: ['application/pdf'],
          response: { 200: z.any(), ...errorResponses },
        },
        config: { access: { permission: 'till.operate', target: atSession } },
      },
      async (req, reply) => {
        const r = await reports.tillReport(req.params.id);
        const ids = new Set([
          r.session.clerk_id,
          r.session.closed_by,
          ...r.movements.flatMap((m) => [m.maker_id, m.checker_id]),
        ]);
        const people = new Map<string, string>();
        for (const id of ids) if (id !== null) people.set(id, await core.staffName(id).catch(() => id));
        const pdf = await tillReportPdf(
          r,
          { office: await core.officeName(r.session.office_id), people },
          core.now(),
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${r.session.id}.pdf"`)
          .send(pdf);
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

    // --- reports ------------------------------------------------------------------------------------------
    await pensionRoutes(finance, core)(app, {});
    await codRoutes(finance, core)(app, {});

    const rtags = ['finance reports'];
    app.get(
      '/v1/finance/offices/:office/trial-balance',
      {
        schema: {
          tags: rtags,
          summary: 'Trial balance of an office for a day (Vietnam time): balanced, or where not',
          params: officeParams,
          querystring: dayQuery,
          response: { 200: trialBalanceSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req) => trialBalanceJson(await reports.trialBalance(req.params.office, req.query.day)),
    );
    app.get(
      '/v1/finance/offices/:office/trial-balance.csv',
      {
        schema: {
          tags: rtags,
          summary: 'The same trial balance as CSV (UTF-8 with BOM, Vietnamese headers)',
          params: officeParams,
          querystring: dayQuery,
          produces: ['text/csv'],
          response: { 200: z.string(), ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req, reply) => {
        const tb = await reports.trialBalance(req.params.office, req.query.day);
        void reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="trial-balance-${req.params.office}-${tb.day}.csv"`,
          );
        return trialBalanceCsv(tb);
      },
    );
    app.get(
      '/v1/finance/offices/:office/trial-balance.pdf',
      {
        schema: {
          tags: rtags,
          summary: 'The same trial balance as an A4 PDF',
          params: officeParams,
          querystring: dayQuery,
          produces: ['application/pdf'],
          response: { 200: z.any(), ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req, reply) => {
        const tb = await reports.trialBalance(req.params.office, req.query.day);
        const pdf = await trialBalancePdf(tb, await core.officeName(req.params.office), core.now());
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `inline; filename="trial-balance-${req.params.office}-${tb.day}.pdf"`,
          )
          .send(pdf);
      },
    );
    app.get(
      '/v1/finance/offices/:office/cash-position.csv',
      {
        schema: {
          tags: rtags,
          summary: 'The cash position as CSV (UTF-8 with BOM)',
          params: officeParams,
          produces: ['text/csv'],
          response: { 200: z.string(), ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req, reply) => {
        void reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="cash-position-${req.params.office}.csv"`);
        return cashPositionCsv(await reports.cashPosition(req.params.office));
      },
    );
    app.get(
      '/v1/finance/offices/:office/cash-position.pdf',
      {
        schema: {
          tags: rtags,
          summary: 'The cash position as an A4 PDF',
          params: officeParams,
          produces: ['application/pdf'],
          response: { 200: z.any(), ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req, reply) => {
        const pdf = await cashPositionPdf(
          await reports.cashPosition(req.params.office),
          await core.officeName(req.params.office),
          core.now(),
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="cash-position-${req.params.office}.pdf"`)
          .send(pdf);
      },
    );
    app.get(
      '/v1/finance/offices/:office/cash-position',
      {
        schema: {
          tags: rtags,
          summary: 'Cash an office holds now: vault, each till, with postmen',
          params: officeParams,
          response: {
            200: z.object({
              office_id: z.string(),
              at: z.string(),
              vault: money,
              tills: z.array(
                z.object({
                  account_id: z.string(),
                  holder_id: z.string().nullable(),
                  name: z.string(),
                  cash: money,
                  held_for_moves: money,
                }),
              ),
              in_transit: money,
              total: money,
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req) => {
        const c = await reports.cashPosition(req.params.office);
        return {
          ...c,
          vault: s(c.vault)!,
          in_transit: s(c.in_transit)!,
          total: s(c.total)!,
          tills: c.tills.map((t) => ({ ...t, cash: s(t.cash)!, held_for_moves: s(t.held_for_moves)! })),
        };
      },
    );
  };
}
