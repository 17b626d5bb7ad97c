// The retail reports' API: sales, stock and slow or out-of-stock goods, for one office or a whole province, as
// JSON, CSV, XLSX or PDF (`format`). Read with report.read where the caller may read: the office, or the province.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { RetailError } from '../retail-error.ts';
import { reportCsv, reportPdf, reportXlsx } from './report.files.ts';
import type { GoodsOverview } from './overview.ts';
import type { Reports, ReportScope, ReportTable } from './report.service.ts';

/** What the report routes ask of the core cell. */
export interface ReportRouteDeps {
  officeTarget(officeId: string): Promise<{ officeId: string | null; provinceCode: string | null }>;
  /** An office's postcode and name. */
  officeLabel(officeId: string): Promise<{ postcode: string; name: string }>;
  /** The province's name and its open post offices; province_not_found for none. */
  provinceOffices(
    province: string,
  ): Promise<{ name: string; offices: Array<{ id: string; postcode: string; name: string }> }>;
  now(): Date;
  staffName(staffId: string): Promise<string>;
}

const FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
const format = z.enum(FORMATS).default('json').describe('json (default), csv (UTF-8 with BOM), xlsx or pdf');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-08');
const officeParams = z.object({ office: z.string().max(64) });
const provinceParams = z.object({ province: z.string().regex(/^\d{2}$/, 'must be a 2-digit province code') });
const cell = z.union([z.string(), z.number(), z.null()]);
const tableSchema = z
  .object({
    report: z.string(),
    title_vi: z.string(),
    title_en: z.string(),
    scope: z.string(),
    columns: z.array(
      z.object({ key: z.string(), vi: z.string(), en: z.string(), kind: z.enum(['text', 'int', 'vnd']) }),
    ),
    rows: z.array(z.record(z.string(), cell)).describe('integers and amounts in đồng as decimal strings'),
    totals: z.record(z.string(), z.string()),
  })
  .meta({ id: 'RetailReport' });

const tableJson = (t: ReportTable) => ({
  ...t,
  columns: t.columns.map(({ key, vi, en, kind }) => ({ key, vi, en, kind })),
  rows: t.rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v])),
  ),
  totals: Object.fromEntries(Object.entries(t.totals).map(([k, v]) => [k, v.toString()])),
});

const REPORTS = {
  sales: 'Sales per day, office and product between two days (at most 92), net of returns, with VAT and cost',
  stock:
    'The stock held now per office and product: on the shelf, in transit, picked for orders, in units and value',
  slow: 'Goods out of stock (an empty shelf) or slow (nothing sold for `days` days, 30 unless told)',
} as const;
type ReportName = keyof typeof REPORTS;

const query = z.object({
  format,
  from: day.optional().describe('sales: the first day (Vietnam time)'),
  to: day.optional().describe('sales: the last day (Vietnam time)'),
  days: z.coerce.number().int().min(1).max(365).optional().describe('slow: days without a sale (30)'),
});

const counts = {
  out_of_stock: z.number().int(),
  transfers_coming: z.number().int(),
  stocktakes_waiting: z.number().int(),
};
const overviewSchema = z
  .object({
    offices: z.array(z.object({ office_id: z.string(), postcode: z.string(), name: z.string(), ...counts })),
    totals: z.object(counts),
    stocktakes: z.array(
      z.object({
        id: z.string(),
        office_id: z.string(),
        counted_by: z.string(),
        counted_by_name: z.string(),
        counted_at: z.string(),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: 'GoodsOverview' });

/** Routes of the retail reports. */
export function reportRoutes(reports: Reports, deps: ReportRouteDeps): FastifyPluginAsyncZod {
  const atOffice: TargetOf = (req) => deps.officeTarget((req.params as { office: string }).office);
  const atProvince: TargetOf = (req) => ({
    officeId: null,
    provinceCode: (req.params as { province: string }).province,
  });
  const labelOf = (offices: ReadonlyArray<{ id: string; postcode: string; name: string }>) => {
    const labels = new Map(offices.map((o) => [o.id, `${o.postcode} ${o.name}`]));
    return (id: string) => labels.get(id) ?? id;
  };
  const build = (name: ReportName, scope: ReportScope, q: z.infer<typeof query>): Promise<ReportTable> => {
    if (name === 'sales') {
      if (q.from === undefined || q.to === undefined)
        throw new RetailError(
          'invalid_retail_input',
          'from and to are required for the sales report (YYYY-MM-DD, Vietnam time)',
          'Hãy chọn ngày bắt đầu và ngày kết thúc của báo cáo doanh số',
          { field: q.from === undefined ? 'from' : 'to' },
        );
      return reports.sales(scope, q.from, q.to);
    }
    return name === 'stock' ? reports.stock(scope) : reports.slow(scope, q.days ?? 30);
  };
  return async (app) => {
    const tags = ['retail reports'];
    /** JSON is answered; a file is sent with its type and name (the handler then answers nothing more). */
    const send = async (reply: FastifyReply, t: ReportTable, f: (typeof FORMATS)[number], file: string) => {
      if (f === 'json') return tableJson(t);
      void reply.header('content-disposition', `attachment; filename="${file}.${f}"`);
      if (f === 'csv') await reply.type('text/csv; charset=utf-8').send(reportCsv(t));
      else if (f === 'xlsx')
        await reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await reportXlsx(t));
      else await reply.type('application/pdf').send(await reportPdf(t, deps.now()));
      return undefined;
    };
    for (const name of Object.keys(REPORTS) as ReportName[]) {
      app.get(
        `/v1/retail/offices/:office/reports/${name}`,
        {
          schema: {
            tags,
            summary: `${REPORTS[name]}, at one office`,
            params: officeParams,
            querystring: query,
            produces: ['application/json', 'text/csv', 'application/pdf'],
            response: { 200: tableSchema, ...errorResponses },
          },
          config: { access: { permission: 'report.read', target: atOffice } },
        },
        async (req, reply) => {
          const office = req.params.office;
          const l = await deps.officeLabel(office);
          const scope: ReportScope = {
            offices: [office],
            label: `${l.name} (${l.postcode})`,
            officeLabel: labelOf([{ id: office, ...l }]),
          };
          return send(reply, await build(name, scope, req.query), req.query.format, `${name}-${l.postcode}`);
        },
      );
      app.get(
        `/v1/retail/provinces/:province/reports/${name}`,
        {
          schema: {
            tags,
            summary: `${REPORTS[name]}, at every post office of a province`,
            params: provinceParams,
            querystring: query,
            produces: ['application/json', 'text/csv', 'application/pdf'],
            response: { 200: tableSchema, ...errorResponses },
          },
          config: { access: { permission: 'report.read', target: atProvince } },
        },
        async (req, reply) => {
          const p = await deps.provinceOffices(req.params.province);
          const scope: ReportScope = {
            offices: p.offices.map((o) => o.id),
            label: `${p.name} (${p.offices.length} bưu cục)`,
            officeLabel: labelOf(p.offices),
          };
          return send(
            reply,
            await build(name, scope, req.query),
            req.query.format,
            `${name}-${req.params.province}`,
          );
        },
      );
    }
    const overviewJson = async (o: GoodsOverview) => ({
      ...o,
      stocktakes: await Promise.all(
        o.stocktakes.map(async (s) => ({
          ...s,
          counted_by_name: await deps.staffName(s.counted_by).catch(() => s.counted_by),
        })),
      ),
    });
    app.get(
      '/v1/retail/offices/:office/overview',
      {
        schema: {
          tags,
          summary:
            'An office’s goods now, for its manager: empty shelves, transfers coming, stocktakes to decide',
          params: officeParams,
          response: { 200: overviewSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req) =>
        overviewJson(
          await reports.overview([{ id: req.params.office, ...(await deps.officeLabel(req.params.office)) }]),
        ),
    );
    app.get(
      '/v1/retail/provinces/:province/overview',
      {
        schema: {
          tags,
          summary:
            'A province’s goods now per office, for its manager: empty shelves, transfers coming, stocktakes to decide',
          params: provinceParams,
          response: { 200: overviewSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atProvince } },
      },
      async (req) =>
        overviewJson(await reports.overview((await deps.provinceOffices(req.params.province)).offices)),
    );
  };
}
