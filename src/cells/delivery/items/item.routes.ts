// The items module's other routes: an item and its events for staff, its label and receipt, a shipper's
// own items, the items lying at an office, loose scans, and public tracking.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { pageQuery, pageSchema } from '../../../http/pagination.ts';
import { DeliveryError } from '../delivery-error.ts';
import { idParams, officeParams, type DeliveryRouteDeps, type RouteTargets } from '../shared.routes.ts';
import type { Item, Items } from './item.model.ts';
import { itemJson, itemSchema } from './item.schemas.ts';
import { acceptanceReceiptPdf, labelPdf, type LabelNames } from './label.pdf.ts';
import { LOOSE_CODES } from './scan.service.ts';
import { STATUSES } from './tracking.ts';

const eventSchema = z
  .object({
    n: z.number().int(),
    code: z.string(),
    description: z.string(),
    description_vi: z.string(),
    at: z.string(),
    office_id: z.string(),
    actor: z.string(),
    reason: z.string().nullable(),
    action: z.string().nullable(),
    bag_id: z.string().nullable(),
    dispatch_id: z.string().nullable(),
    round_id: z.string().nullable(),
  })
  .meta({ id: 'ItemEvent' });
const trackingSchema = z
  .object({
    id: z.string(),
    service: z.string(),
    status: z.string(),
    destination_province: z.string().describe('the province’s name'),
    recipient: z.string().describe('initials only'),
    recipient_phone: z.string().describe('last three digits only'),
    events: z.array(
      z.object({
        code: z.string(),
        description_vi: z.string(),
        description: z.string(),
        at: z.string(),
        office: z.string(),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'PublicTracking' });

/** Routes that read items, print their documents and record their scans. */
export function itemRoutes(items: Items, core: DeliveryRouteDeps, at: RouteTargets): FastifyPluginAsyncZod {
  const atItem: TargetOf = async (req) => {
    const i = await items.get((req.params as { id: string }).id);
    return core.officeTarget(i.location_office_id ?? i.origin_office_id);
  };
  const names = async (i: Item): Promise<LabelNames> => {
    const places = new Map<string, string>();
    for (const c of [i.sender.commune, i.recipient.commune]) places.set(c, await core.place(c));
    return {
      origin: await core.officeLabel(i.origin_office_id),
      delivery: await core.officeLabel(i.delivery_office_id),
      place: (c) => places.get(c) ?? c,
    };
  };
  return async (app) => {
    const tags = ['delivery'];
    app.get(
      '/v1/delivery/items/:id',
      {
        schema: {
          tags,
          summary: 'An item, for staff',
          params: idParams,
          response: { 200: itemSchema, ...errorResponses },
        },
        config: { access: { permission: 'office.read', target: atItem } },
      },
      async (req) => itemJson(await items.get(req.params.id)),
    );
    app.get(
      '/v1/delivery/items/:id/events',
      {
        schema: {
          tags,
          summary: 'An item’s tracking events (UPU EMSEVT codes), for staff',
          params: idParams,
          response: { 200: z.object({ items: z.array(eventSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'office.read', target: atItem } },
      },
      async (req) => ({ items: await items.events(req.params.id) }),
    );
    /** The item a shipper asks for, if it is its own: another shipper's is as good as unknown. */
    const ownItem = async (id: string, shipper: string): Promise<Item> => {
      const item = await items.get(id);
      if (item.shipper_id !== shipper)
        throw new DeliveryError(
          'item_not_found',
          `No item of yours has id ${item.id}`,
          `Không có bưu gửi ${item.id} của bạn`,
          {
            item: item.id,
          },
        );
      return item;
    };
    const document = async (item: Item, suffix: 'label.pdf' | 'receipt.pdf') => {
      const n = await names(item);
      return suffix === 'label.pdf'
        ? labelPdf(item, n)
        : acceptanceReceiptPdf(
            item,
            { ...n, clerk: await core.staffName(item.accepted_by).catch(() => item.accepted_by) },
            null,
            await core.prove(await items.acceptedSeq(item.id)),
          );
    };
    for (const [suffix, summary] of [
      ['label.pdf', 'The A6 label: Code 128 barcode, addresses, weight, COD'],
      ['receipt.pdf', 'The sender’s receipt: the fee line by line and in words'],
    ] as const)
      for (const shipper of [false, true])
        app.get(
          shipper ? `/v1/delivery/shipper/items/:id/${suffix}` : `/v1/delivery/items/:id/${suffix}`,
          {
            schema: {
              tags,
              summary: shipper ? `${summary} (a shipper’s own item)` : summary,
              params: idParams,
              produces: ['application/pdf'],
            },
            config: {
              access: shipper
                ? { permission: 'shipment.read', target: at.ownOffice }
                : { permission: 'office.read', target: atItem },
            },
          },
          async (req, reply) => {
            const item = shipper
              ? await ownItem(req.params.id, req.principal!.id)
              : await items.get(req.params.id);
            return reply
              .header('content-type', 'application/pdf')
              .header(
                'content-disposition',
                `inline; filename="${suffix.replace('.pdf', '')}-${item.id}.pdf"`,
              )
              .send(await document(item, suffix));
          },
        );
    app.get(
      '/v1/delivery/shipper/items',
      {
        schema: {
          tags,
          summary: 'A shipper’s own items, newest ids last (optionally in one status)',
          querystring: pageQuery.extend({ status: z.enum(STATUSES).optional() }),
          response: { 200: pageSchema(itemSchema), ...errorResponses },
        },
        config: { access: { permission: 'shipment.read', target: at.ownOffice } },
      },
      async (req) => {
        const r = await items.list({ shipper: req.principal!.id, ...req.query });
        return { ...r, items: r.items.map(itemJson) };
      },
    );
    app.get(
      '/v1/delivery/shipper/items/:id',
      {
        schema: {
          tags,
          summary: 'One of a shipper’s own items, with its events',
          params: idParams,
          response: { 200: itemSchema.extend({ events: z.array(eventSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'shipment.read', target: at.ownOffice } },
      },
      async (req) => {
        const item = await ownItem(req.params.id, req.principal!.id);
        return { ...itemJson(item), events: await items.events(item.id) };
      },
    );
    app.get(
      '/v1/delivery/offices/:office/items',
      {
        schema: {
          tags,
          summary: 'Items lying at an office (optionally in one status)',
          params: officeParams,
          querystring: pageQuery.extend({ status: z.enum(STATUSES).optional() }),
          response: { 200: pageSchema(itemSchema), ...errorResponses },
        },
        config: { access: { permission: 'office.read', target: at.office } },
      },
      async (req) => {
        const r = await items.list({ office: req.params.office, ...req.query });
        return { ...r, items: r.items.map(itemJson) };
      },
    );
    app.get(
      '/v1/track/:id',
      {
        schema: {
          tags: ['public'],
          summary: 'Public tracking by S10 id: the journey, the recipient masked',
          params: idParams,
          response: { 200: trackingSchema, ...errorResponses },
        },
        config: {
          access: {
            public: true,
            reason: 'anyone holding the id may follow the item; nothing personal is shown',
          },
          rateLimit: { max: 60, timeWindow: '1 minute' },
        },
      },
      async (req) => items.track(req.params.id),
    );
    app.post(
      '/v1/delivery/offices/:office/scans',
      {
        schema: {
          tags,
          summary: `Loose scans at an office (${LOOSE_CODES.join(', ')}): all or nothing; a repeat of an item’s last scan is accepted once`,
          params: officeParams,
          body: z.object({
            scans: z
              .array(
                z.object({
                  item: z.string().max(40),
                  code: z.string().max(3),
                  reason: z.string().max(2).nullable().optional(),
                  action: z.string().max(1).nullable().optional(),
                }),
              )
              .min(1)
              .max(10_000),
          }),
          response: {
            200: z.object({ recorded: z.number().int(), duplicates: z.number().int() }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'parcel.accept', target: at.office } },
      },
      async (req) =>
        items.scan(
          req.body.scans.map((x) => ({ ...x, office: req.params.office })),
          req.principal!.id,
        ),
    );
  };
}
