// The finance reports' API: a till session's report, an office's trial balance for a day and its cash
// position, as JSON, CSV and PDF. Money is VND in whole đồng, as decimal strings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { dayQuery, idParams, money, officeParams, s, type FinanceRouteDeps } from '../shared.routes.ts';
import {
  atTillOf,
  movementJson,
  movementSchema,
  sessionJson,
  sessionSchema,
  type Tills,
} from '../tills/index.ts';
import {
  cashPositionCsv,
  cashPositionPdf,
  tillReportCsv,
  tillReportPdf,
  trialBalanceCsv,
  trialBalancePdf,
  type Reports,
  type TrialBalance,
} from './report.service.ts';

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

const takingSchema = z
  .object({
    kind: z.enum(['vault', 'pension', 'fee', 'cod', 'sale', 'other']),
    count: z.number().int(),
    cash_in: money,
    cash_out: money,
  })
  .meta({ id: 'TillTaking' });

/** Routes of the reports: a till's, an office's trial balance and cash position. */
export function reportRoutes(
  { reports, tills }: { reports: Reports; tills: Pick<Tills, 'get'> },
  core: FinanceRouteDeps,
): FastifyPluginAsyncZod {
  const atOffice: TargetOf = (req) => core.officeTarget((req.params as { office: string }).office);
  const atSession = atTillOf(tills, core);
  return async (app) => {
    const ttags = ['tills'];
    app.get(
      '/v1/finance/tills/:id',
      {
        schema: {
          tags: ttags,
          summary:
            'A till session with its cash moves and its cash by kind (vault, pension, fee, cod, sale, other)',
          params: idParams,
          response: {
            200: z.object({
              session: sessionSchema,
              movements: z.array(movementSchema),
              takings: z.array(takingSchema),
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'till.operate', target: atSession } },
      },
      async (req) => {
        const r = await reports.tillReport(req.params.id);
        return {
          session: sessionJson(r.session),
          movements: r.movements.map(movementJson),
          takings: r.takings.map((t) => ({ ...t, cash_in: s(t.cash_in)!, cash_out: s(t.cash_out)! })),
        };
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
