// The sales module's routes: a basket priced (and its VietQR), a sale and a return at the clerk's own open till,
// and the reads of an office's sales with their receipts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { eventProofSchema } from '../../../http/checkpoints.routes.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import type { EventProof } from '../../../journal/index.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { vndInWords } from '../../../platform/money.ts';
import { vietQr, type VietQrPayee } from '../../../platform/vietqr.ts';
import type { Target } from '../../core/index.ts';
import type { Sale, Sales } from './sale.model.ts';
import { salePdf } from './sale.pdf.ts';
import {
  officeParams,
  quoteBody,
  quoteJson,
  quoteSchema,
  returnBody,
  saleBody,
  saleJson,
  saleParams,
  saleSchema,
  tillParams,
} from './sale.schemas.ts';
import { saleNotFound } from './sale.service.ts';

/** What the sales routes ask of the other cells. */
export interface SaleRouteDeps {
  officeTarget(officeId: string): Promise<Target>;
  /** The clerk's own open till session (finance), or its refusal. */
  ownOpenTill(sessionId: string, clerk: string): Promise<{ id: string; office_id: string }>;
  /** An office's name, postcode and province (core). */
  officeInfo(officeId: string): Promise<{ name: string; postcode: string; province_code: string | null }>;
  staffName(id: string): Promise<string>;
  /** The post's account VietQR transfers are paid into. */
  payee: VietQrPayee;
  /** Lets the finance cell catch up with the retail journal. */
  sync(): Promise<unknown>;
  /** The proof a receipt carries for an event of the retail cell. */
  prove(seq: bigint): Promise<EventProof>;
  now(): Date;
}

const words = (s: Sale) => vndInWords(s.total);

/** Routes of the sales module. */
export function saleRoutes(sales: Sales, deps: SaleRouteDeps): FastifyPluginAsyncZod {
  const tags = ['retail'];
  const till: TargetOf = async (req) => {
    const t = await deps.ownOpenTill((req.params as { id: string }).id, req.principal!.id);
    return deps.officeTarget(t.office_id);
  };
  const office: TargetOf = (req) => deps.officeTarget((req.params as { office: string }).office);
  const at = async (tillId: string, clerk: string) => {
    const t = await deps.ownOpenTill(tillId, clerk);
    const o = await deps.officeInfo(t.office_id);
    return {
      office_id: t.office_id,
      postcode: o.postcode,
      // An office above the provinces (the corporation) has no prices: its sales are refused as unpriced.
      province_code: o.province_code ?? '',
      clerk_id: clerk,
      till_session_id: t.id,
    };
  };
  /** A sale of this office, or not found (another office's sale is not named). */
  const saleAt = async (officeId: string, id: string) => {
    const s = await sales.get(id);
    if (s.office_id !== officeId) throw saleNotFound(id);
    return s;
  };
  const withProof = async (s: Sale) => ({ ...saleJson(s, words(s)), proof: await deps.prove(s.seq) });

  return async (app) => {
    app.post(
      '/v1/retail/tills/:id/quote',
      {
        schema: {
          tags,
          summary:
            'Price a basket at your till (nothing is written): lines, VAT per rate, total and its VietQR',
          description:
            'Prices come from the catalogue of your office’s province on today’s Vietnam day (a promotion wins); a basket never carries a price. With a `reference` (the Idempotency-Key the sale will be recorded under) the answer carries the EMVCo VietQR for the exact total, paid into the post’s account.',
          params: tillParams,
          body: quoteBody,
          response: { 200: quoteSchema, ...errorResponses },
        },
        config: { access: { permission: 'retail.sell', target: till } },
      },
      async (req) => {
        const where = await at(req.params.id, req.principal!.id);
        const q = await sales.quote({ lines: req.body.lines }, where);
        const qr = req.body.reference === undefined ? null : vietQr(deps.payee, q.total, req.body.reference);
        return quoteJson(q, vndInWords(q.total), qr);
      },
    );
    app.post(
      '/v1/retail/tills/:id/sales',
      {
        schema: {
          tags,
          summary:
            'Record a sale at your open till: the goods leave the shelf, cash into your till or VietQR',
          description:
            'Lines by barcode (EAN-13) or product code with whole quantities, priced from the catalogue. Cash: `tendered` at least the total, the change is computed. VietQR: once the transfer has arrived, `transfer_confirmed: true`. One `retail.sale.recorded` event and the stock move shelf → customer in one transaction; a retry under the same Idempotency-Key answers the first sale.',
          headers: idempotencyHeaders,
          params: tillParams,
          body: saleBody,
          response: { 201: saleSchema.extend({ proof: eventProofSchema }), ...errorResponses },
        },
        config: { access: { permission: 'retail.sell', target: till } },
      },
      async (req, reply) => {
        const where = await at(req.params.id, req.principal!.id);
        const s = await sales.sell(req.body, where, requestKeyOf(req));
        await deps.sync();
        return reply.status(201).send(await withProof(s));
      },
    );
    app.post(
      '/v1/retail/tills/:id/returns',
      {
        schema: {
          tags,
          summary: 'Take goods back against a sale of your office: refunded in cash from your open till',
          description:
            'Lines of the receipt and how many of each (never more than sold less already returned), and the reason. The goods go back on the shelf at the cost they left at; one `retail.sale.returned` event and the move in one transaction; idempotent.',
          headers: idempotencyHeaders,
          params: tillParams,
          body: returnBody,
          response: {
            201: saleSchema.extend({ return_id: z.string(), proof: eventProofSchema }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'retail.sell', target: till } },
      },
      async (req, reply) => {
        const t = await deps.ownOpenTill(req.params.id, req.principal!.id);
        const r = await sales.return(
          req.body,
          { office_id: t.office_id, clerk_id: req.principal!.id, till_session_id: t.id },
          requestKeyOf(req),
        );
        await deps.sync();
        return reply.status(201).send({ ...(await withProof(r.sale)), return_id: r.return_id });
      },
    );
    app.get(
      '/v1/retail/tills/:id/sales',
      {
        schema: {
          tags,
          summary: 'The sales of your open till today, newest first',
          params: tillParams,
          response: { 200: z.object({ items: z.array(saleSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'retail.sell', target: till } },
      },
      async (req) => {
        const t = await deps.ownOpenTill(req.params.id, req.principal!.id);
        const list = await sales.list({ office: t.office_id, day: vietnamDay(deps.now()), till: t.id });
        return { items: list.map((s) => saleJson(s, words(s))) };
      },
    );
    app.get(
      '/v1/retail/offices/:office/sales',
      {
        schema: {
          tags,
          summary: 'An office’s sales of a Vietnam day (today unless told), newest first, at most 500',
          params: officeParams,
          querystring: z.object({
            day: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/)
              .optional(),
          }),
          response: { 200: z.object({ items: z.array(saleSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'retail.read', target: office } },
      },
      async (req) => {
        const day = req.query.day ?? vietnamDay(deps.now());
        const list = await sales.list({ office: req.params.office, day });
        return { items: list.map((s) => saleJson(s, words(s))) };
      },
    );
    app.get(
      '/v1/retail/offices/:office/sales/:sale',
      {
        schema: {
          tags,
          summary: 'A sale of the office by its receipt number, with its returns and its proof',
          params: saleParams,
          response: { 200: saleSchema.extend({ proof: eventProofSchema }), ...errorResponses },
        },
        config: { access: { permission: 'retail.read', target: office } },
      },
      async (req) => withProof(await saleAt(req.params.office, req.params.sale)),
    );
    app.get(
      '/v1/retail/offices/:office/sales/:sale/receipt.pdf',
      {
        schema: {
          tags,
          summary:
            'The sale’s receipt to print: lines, VAT per rate, total in words, cash and change, its proof',
          params: saleParams,
          produces: ['application/pdf'],
        },
        config: { access: { permission: 'retail.read', target: office } },
      },
      async (req, reply) => {
        const s = await saleAt(req.params.office, req.params.sale);
        const pdf = await salePdf(
          s,
          { office: (await deps.officeInfo(s.office_id)).name, clerk: await deps.staffName(s.clerk_id) },
          await deps.prove(s.seq),
        );
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="hoa-don-${s.id}.pdf"`)
          .send(pdf);
      },
    );
    app.get(
      '/v1/retail/offices/:office/goods',
      {
        schema: {
          tags,
          summary:
            'Goods for the counter by name, code or barcode: today’s price in the office’s province and the shelf',
          params: officeParams,
          querystring: z.object({ q: z.string().min(1).max(60) }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  code: z.string(),
                  barcode: z.string(),
                  name_vi: z.string(),
                  name_en: z.string(),
                  unit: z.string(),
                  vat_rate: z.number().int(),
                  price: z.string().nullable(),
                  on_shelf: z.number().int(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'retail.sell', target: office } },
      },
      async (req) => {
        const o = await deps.officeInfo(req.params.office);
        const rows = await sales.goods({
          office: req.params.office,
          province: o.province_code ?? '',
          search: req.query.q,
        });
        return {
          items: rows.map((r) => ({
            ...r,
            price: r.price === null ? null : r.price.toString(),
            on_shelf: Number(r.on_shelf),
          })),
        };
      },
    );
  };
}
