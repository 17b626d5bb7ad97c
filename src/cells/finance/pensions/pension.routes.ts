// The pension routes of the finance cell: periods and the agency's lists, their lines and import jobs, and
// the reconciliation of a period. Money is VND as decimal strings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { pageQuery } from '../../../http/pagination.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import { FinanceError } from '../finance-error.ts';
import { idParams, money, officeParams, type FinanceRouteDeps } from '../shared.routes.ts';
import { LINE_STATES } from './line-states.ts';
import type { Payouts } from './payout.service.ts';
import type { Directory, ImportJob, PensionLine, PensionList, Pensions } from './pension.service.ts';
import {
  reconciliationCsv,
  reconciliationPdf,
  reconciliationXlsx,
  type Reconciliation,
} from './reconciliation.ts';

/** What the pension routes ask of the core cell besides the finance routes' own. */
export interface PensionRouteDeps extends FinanceRouteDeps {
  /** The geography and office network a pension list is checked against. */
  directory(): Promise<Directory>;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** How long a list submission waits by default for its import before answering 202 with a job to poll. */
const IMPORT_WAIT_S = 5;

const listJson = (l: PensionList) => ({ ...l, total: l.total.toString() });
export const lineJson = (l: PensionLine) => ({ ...l, amount: l.amount.toString() });
const jobJson = (j: ImportJob) => ({ ...j, list: j.list === null ? null : listJson(j.list) });
const reconciliationJson = (r: Reconciliation) => ({
  ...r,
  envelope: { ...r.envelope, total: r.envelope.total.toString() },
  rows: r.rows.map((x) => ({ ...x, amount: x.amount.toString() })),
  by_state: r.by_state.map((x) => ({ ...x, amount: x.amount.toString() })),
  lines_total: r.lines_total.toString(),
  paid_in_receipts: r.paid_in_receipts.toString(),
});

const periodSchema = z
  .object({
    id: z.string(),
    province_code: z.string(),
    months: z.array(z.string()),
    status: z.enum(['open', 'closed']),
    opened_at: z.string(),
    closed_at: z.string().nullable(),
    bank_from: z.string(),
    points_from: z.string(),
    counters_from: z.string(),
    close_on: z.string(),
    province_office_id: z.string().nullable(),
  })
  .meta({ id: 'PensionPeriod' });
const listSchema = z
  .object({
    sha256: z.string(),
    period_id: z.string(),
    file_name: z.string(),
    bytes: z.number().int(),
    line_count: z.number().int(),
    total: money,
    accepted_at: z.string(),
  })
  .meta({ id: 'PensionList' });
export const lineSchema = z
  .object({
    id: z.string(),
    period_id: z.string(),
    list_sha256: z.string(),
    row: z.number().int(),
    cccd: z.string(),
    full_name: z.string(),
    birth_year: z.number().int(),
    benefit: z.string(),
    amount: money,
    commune_code: z.string(),
    office_postcode: z.string(),
    channel: z.string(),
    proxy_name: z.string().nullable(),
    proxy_cccd: z.string().nullable(),
    proxy_until: z.string().nullable(),
    status: z.enum(LINE_STATES),
    round_id: z.string().nullable(),
    receipt_id: z.string().nullable(),
    paid_place: z.string().nullable(),
    stop_reason: z.string().nullable(),
    stop_reference: z.string().nullable(),
    return_reason: z.string().nullable(),
  })
  .meta({ id: 'PensionLine' });
const jobSchema = z
  .object({
    id: z.string(),
    period_id: z.string(),
    file_name: z.string(),
    declared_count: z.number().int(),
    state: z.enum(['running', 'accepted', 'refused']),
    phase: z.enum(['receiving', 'checking', 'building', 'done']),
    rows: z.number().int(),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    list: listSchema.nullable(),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        message_vi: z.string(),
        details: z.record(z.string(), z.unknown()),
      })
      .nullable(),
  })
  .meta({ id: 'PensionImportJob' });

/** Where a period's route acts: the province of the period named by `:id`. */
export function atPeriodProvince(pensions: Pick<Pensions, 'getPeriod'>): TargetOf {
  return async (req) => ({
    officeId: null,
    provinceCode: (await pensions.getPeriod((req.params as { id: string }).id)).province_code,
  });
}

/** Routes of the pension periods: lists, lines, import jobs, the reconciliation. */
export function pensionRoutes(
  { pensions, payouts }: { pensions: Pensions; payouts: Pick<Payouts, 'reconciliation'> },
  core: PensionRouteDeps,
): FastifyPluginAsyncZod {
  return async (app) => {
    const ptags = ['pensions'];
    const province: TargetOf = (req) => ({
      officeId: null,
      provinceCode: (req.body as { province_code: string }).province_code,
    });
    const periodProvince = atPeriodProvince(pensions);
    const atOffice: TargetOf = (req) => core.officeTarget((req.params as { office: string }).office);
    // A list arrives as the raw CSV body, streamed to its attachment: never held in memory whole.
    app.addContentTypeParser(['text/csv', XLSX_TYPE], (_req, payload, done) => done(null, payload));
    app.post(
      '/v1/finance/pension-periods',
      {
        schema: {
          tags: ptags,
          summary: 'Open a payment period for a province: one month, or up to three paid together',
          body: z.object({
            province_code: z.string().regex(/^\d{2}$/),
            months: z.array(z.string()).min(1).max(3),
            schedule: z
              .object({
                bank_from: z.string(),
                points_from: z.string(),
                counters_from: z.string(),
                close_on: z.string(),
              })
              .partial()
              .optional()
              .describe('YYYY-MM-DD; by default the 2nd, 5th, 10th and 25th of the first month'),
          }),
          response: { 201: periodSchema, ...errorResponses },
        },
        config: { access: { permission: 'pension.list.submit', target: province } },
      },
      async (req, reply) => reply.status(201).send(await pensions.openPeriod(req.body, req.principal!.id)),
    );
    app.get(
      '/v1/finance/pension-periods/:id',
      {
        schema: {
          tags: ptags,
          summary: 'One payment period with its lists',
          params: idParams,
          response: { 200: periodSchema.extend({ lists: z.array(listSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'pension.list.submit', target: periodProvince } },
      },
      async (req) => ({
        ...(await pensions.getPeriod(req.params.id)),
        lists: (await pensions.lists(req.params.id)).map((l) => ({ ...l, total: l.total.toString() })),
      }),
    );
    app.post(
      '/v1/finance/pension-periods/:id/lists',
      {
        schema: {
          tags: ptags,
          summary:
            'Submit the agency’s list as CSV or XLSX; refused whole, with every bad row named, unless it is all good and matches its envelope',
          description:
            'The envelope is in the query: `count` lines adding up to `total` đồng. The body is the CSV (UTF-8, header row ' +
            '`cccd,ho_ten,nam_sinh,loai,so_tien,ma_xa,ma_buu_cuc,kenh,nguoi_nhan_thay,cccd_nguoi_nhan_thay,uy_quyen_den`). ' +
            'An XLSX file (Content-Type: ' +
            XLSX_TYPE +
            ') has the same columns on its first sheet. ' +
            'The same file twice is the same list. A refusal is 422 `pension_list_rejected` with `details.problems` (row, field, message, message_vi). ' +
            'A list still being built after a few seconds is answered 202 with a job to poll at `Location`.',
          params: idParams,
          querystring: z.object({
            file_name: z.string().max(200).default('list.csv'),
            count: z.coerce.number().int().min(1),
            total: vndText('positive'),
            wait: z.coerce
              .number()
              .int()
              .min(0)
              .max(30)
              .default(IMPORT_WAIT_S)
              .describe('seconds to wait for the import before answering 202 with a job'),
          }),
          response: { 201: listSchema, 202: jobSchema, ...errorResponses },
        },
        config: { access: { permission: 'pension.list.submit', target: periodProvince } },
      },
      async (req, reply) => {
        if (!(req.body instanceof Readable))
          throw new FinanceError(
            'invalid_list_file',
            'Send the list as the body with Content-Type: text/csv, or the XLSX file with its spreadsheet type',
            'Hãy gửi danh sách dạng CSV (text/csv) hoặc tệp Excel (.xlsx)',
            { field: 'body' },
          );
        const { job, error } = await pensions.startImport(
          {
            period_id: req.params.id,
            file_name: req.query.file_name,
            declared_count: req.query.count,
            declared_total: req.query.total,
            source: req.body,
          },
          await core.directory(),
          req.principal!.id,
          req.query.wait * 1000,
        );
        // Done while the client waited: the list, or the refusal as any error is answered.
        if (job.state === 'refused') throw error;
        if (job.list !== null) return reply.status(201).send(listJson(job.list));
        return reply.status(202).header('location', `/v1/finance/pension-jobs/${job.id}`).send(jobJson(job));
      },
    );
    app.get(
      '/v1/finance/offices/:office/pension-periods',
      {
        schema: {
          tags: ptags,
          summary:
            "The open payment periods a clerk pays at this office (its province's), and whether counters pay them today",
          description:
            'A counter finds what it pays here: each open period of the office’s province, with `counters_open` true when today ' +
            '(Vietnam’s day, also returned) is between `counters_from` and `close_on`.',
          params: officeParams,
          response: {
            200: z.object({
              today: z.string(),
              items: z.array(periodSchema.extend({ counters_open: z.boolean() })),
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'pension.pay', target: atOffice } },
      },
      async (req) => {
        const { provinceCode } = await core.officeTarget(req.params.office);
        const today = vietnamDay(core.now());
        const open = provinceCode === null ? [] : await pensions.periods(provinceCode);
        return {
          today,
          items: open
            .filter((p) => p.status === 'open')
            .map((p) => ({ ...p, counters_open: p.counters_from <= today && today <= p.close_on })),
        };
      },
    );
    app.get(
      '/v1/finance/pension-periods/:id/lines',
      {
        schema: {
          tags: ptags,
          summary:
            'The lines an office pays in a period; find a person by CCCD or by name (accents optional)',
          params: idParams,
          querystring: pageQuery.extend({
            office: z.string().regex(/^\d{5}$/, 'must be the office’s 5-digit postcode'),
            cccd: z
              .string()
              .regex(/^\d{12}$/)
              .optional(),
            name: z.string().max(100).optional(),
            status: z.string().max(20).optional(),
          }),
          response: {
            200: z.object({ items: z.array(lineSchema), total: z.number().int() }),
            ...errorResponses,
          },
        },
        config: {
          access: {
            permission: 'pension.pay',
            target: (req) => core.postcodeTarget((req.query as { office: string }).office),
          },
        },
      },
      async (req) => {
        const q = req.query;
        const r = await pensions.lines({
          period_id: req.params.id,
          postcode: q.office,
          ...(q.cccd === undefined ? {} : { cccd: q.cccd }),
          ...(q.name === undefined ? {} : { name: q.name }),
          ...(q.status === undefined ? {} : { status: q.status }),
          limit: q.limit,
          offset: q.offset,
        });
        return { items: r.items.map(lineJson), total: r.total };
      },
    );

    app.get(
      '/v1/finance/pension-jobs/:id',
      {
        schema: {
          tags: ptags,
          summary: 'How far a list import has gone: its phase and rows, then the list or every problem',
          params: idParams,
          response: { 200: jobSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'pension.list.submit',
            target: async (req) => ({
              officeId: null,
              provinceCode: (
                await pensions.getPeriod(pensions.job((req.params as { id: string }).id).period_id)
              ).province_code,
            }),
          },
        },
      },
      async (req) => jobJson(pensions.job(req.params.id)),
    );

    const reconciliationSchema = z
      .object({
        period_id: z.string(),
        province_code: z.string(),
        months: z.array(z.string()),
        status: z.enum(['open', 'closed']),
        envelope: z.object({ lists: z.number().int(), count: z.number().int(), total: money }),
        rows: z.array(
          z.object({
            office_postcode: z.string(),
            channel: z.string(),
            state: z.string(),
            reason: z.string(),
            count: z.number().int(),
            amount: money,
          }),
        ),
        by_state: z.array(z.object({ state: z.string(), count: z.number().int(), amount: money })),
        lines_count: z.number().int(),
        lines_total: money,
        paid_in_receipts: money,
        balanced: z.boolean(),
        problems: z.array(z.string()),
      })
      .meta({ id: 'PensionReconciliation' });
    const reconciliationAccess = {
      access: { permission: 'pension.reconciliation.read' as const, target: periodProvince },
    };
    app.get(
      '/v1/finance/pension-periods/:id/reconciliation',
      {
        schema: {
          tags: ptags,
          summary:
            'Counts and sums per office, channel and state (with return reasons) that must balance to the envelope',
          params: idParams,
          response: { 200: reconciliationSchema, ...errorResponses },
        },
        config: reconciliationAccess,
      },
      async (req) => reconciliationJson(await payouts.reconciliation(req.params.id)),
    );
    for (const [ext, type, render] of [
      ['csv', 'text/csv; charset=utf-8', reconciliationCsv],
      ['xlsx', XLSX_TYPE, reconciliationXlsx],
      ['pdf', 'application/pdf', reconciliationPdf],
    ] as const)
      app.get(
        `/v1/finance/pension-periods/:id/reconciliation.${ext}`,
        {
          schema: {
            tags: ptags,
            summary: `The reconciliation as ${ext.toUpperCase()}`,
            params: idParams,
            produces: [type.split(';')[0]!],
          },
          config: reconciliationAccess,
        },
        async (req, reply) => {
          const r = await payouts.reconciliation(req.params.id);
          const body = await render(r, core.now());
          return reply
            .header('content-type', type)
            .header('content-disposition', `attachment; filename="doi-soat-${r.period_id}.${ext}"`)
            .send(body);
        },
      );
  };
}
