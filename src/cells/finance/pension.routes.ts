// The pension routes of the finance cell: periods and the agency's lists, funding, payouts at counters,
// points and homes, stop-payments, the close and its reconciliation. Money is VND as decimal strings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { TargetOf } from '../../http/auth.ts';
import { eventProofSchema } from '../../http/checkpoints.routes.ts';
import { errorResponses } from '../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../http/idempotency.ts';
import { pageQuery } from '../../http/pagination.ts';
import { FinanceError } from './finance-error.ts';
import type { Finance } from './index.ts';
import {
  LINE_STATES,
  receiptPdf,
  reconciliationCsv,
  reconciliationPdf,
  reconciliationXlsx,
  STOP_REASONS,
  type ImportJob,
  type PensionLine,
  type PensionList,
  type Receipt,
  type Reconciliation,
  type Round,
} from './pensions/index.ts';
import { idParams, money, officeParams, s, type FinanceRouteDeps } from './routes.shared.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** How long a list submission waits by default for its import before answering 202 with a job to poll. */
const IMPORT_WAIT_S = 5;

const listJson = (l: PensionList) => ({ ...l, total: l.total.toString() });
const lineJson = (l: PensionLine) => ({ ...l, amount: l.amount.toString() });
const jobJson = (j: ImportJob) => ({ ...j, list: j.list === null ? null : listJson(j.list) });
const roundJson = (r: Round) => ({
  ...r,
  advance: r.advance.toString(),
  paid: r.paid.toString(),
  returned: s(r.returned),
});
const reconciliationJson = (r: Reconciliation) => ({
  ...r,
  envelope: { ...r.envelope, total: r.envelope.total.toString() },
  rows: r.rows.map((x) => ({ ...x, amount: x.amount.toString() })),
  by_state: r.by_state.map((x) => ({ ...x, amount: x.amount.toString() })),
  lines_total: r.lines_total.toString(),
  paid_in_receipts: r.paid_in_receipts.toString(),
});

/** Routes of the pension payments. */
export function pensionRoutes(finance: Finance, core: FinanceRouteDeps): FastifyPluginAsyncZod {
  const { pensions, payouts, tills } = finance;
  /** A receipt as the API returns it: with its proof, except a bank transfer's (its event is the whole run). */
  const receiptJson = async (r: Receipt) => ({
    ...r,
    amount: r.amount.toString(),
    seq: r.seq.toString(),
    proof: r.place === 'bank' ? null : await core.prove(r.seq),
  });
  return async (app) => {
    const ptags = ['pensions'];
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
    const lineSchema = z
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
    const province: TargetOf = (req) => ({
      officeId: null,
      provinceCode: (req.body as { province_code: string }).province_code,
    });
    const periodProvince: TargetOf = async (req) => ({
      officeId: null,
      provinceCode: (await pensions.getPeriod((req.params as { id: string }).id)).province_code,
    });
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
            total: z.string().regex(/^[1-9]\d{0,18}$/, 'must be a whole number of đồng'),
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
    const atTill: TargetOf = async (req) =>
      core.officeTarget((await tills.get((req.params as { id: string }).id)).office_id);
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
        await core.backedUp?.(r.seq);
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
        await core.backedUp?.(r.seq);
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
