// The delivery cell's routes: prices, acceptance at the counter and by shippers (JSON or CSV), labels and
// receipts, scans, bags and dispatches, rounds and deliveries, counter pick-up, and public tracking.
import { parse } from 'csv-parse/sync';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../http/auth.ts';
import { eventProofSchema } from '../../http/checkpoints.routes.ts';
import { errorResponses } from '../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../http/idempotency.ts';
import type { EventProof } from '../../journal/index.ts';
import { pageQuery, pageSchema } from '../../http/pagination.ts';
import type { Target } from '../core/index.ts';
import { DeliveryError } from './delivery-error.ts';
import {
  acceptanceReceiptPdf,
  labelPdf,
  LOOSE_CODES,
  REASONS,
  SERVICE_NAMES,
  STATUSES,
  TARIFF,
  type AcceptedItem,
  type AcceptInput,
  type Delivery,
  type Item,
  type LabelNames,
  type Round,
} from './index.ts';

/** What the delivery routes ask of the other cells. */
export interface DeliveryRouteDeps {
  officeTarget(officeId: string): Promise<Target>;
  /** The clerk's own open till session (finance), or its refusal. */
  ownOpenTill(sessionId: string, clerk: string): Promise<{ id: string; office_id: string }>;
  /** The member of staff's home office (a shipper's). */
  staffOffice(staffId: string): Promise<string>;
  staffName(staffId: string): Promise<string>;
  officeLabel(officeId: string): Promise<{ name: string; postcode: string }>;
  /** "Phường Ba Đình, Thành phố Hà Nội" for a commune code. */
  place(commune: string): Promise<string>;
  /** Lets the finance cell catch up with the delivery journal, so a fee is in the till when the clerk looks. */
  sync(): Promise<unknown>;
  /** The proof a receipt carries for a delivery event: the event, its audit path, a signed checkpoint. */
  prove(seq: bigint): Promise<EventProof>;
}

/** A shipper's file of items (text/csv or JSON): checked against Content-Length before it is read. */
const SHIPMENTS_BODY_LIMIT = 20 * 1024 * 1024;
const money = z.string().regex(/^\d+$/).describe('VND, whole đồng, as a decimal string');
const amountIn = z
  .union([z.string().max(20), z.number()])
  .optional()
  .describe('VND, whole đồng');
const party = z.object({
  name: z.string().max(200),
  phone: z.string().max(30),
  address: z.string().max(400),
  commune: z.string().max(10).describe('the 5-digit commune code'),
});
const acceptBody = z
  .object({
    service: z
      .string()
      .max(20)
      .describe(`one of ${SERVICE_NAMES.join(', ')}`),
    sender: party,
    recipient: party,
    weight_g: z.number(),
    length_cm: z.number(),
    width_cm: z.number(),
    height_cm: z.number(),
    insured_value: amountIn,
    cod_amount: amountIn,
    key: z
      .string()
      .max(100)
      .optional()
      .describe(
        'a shipper’s idempotency key for the item: 1 to 64 letters, digits, `.`, `_` or `-`, the first a letter or digit; never `:`, which marks the keys the platform makes',
      ),
  })
  .meta({ id: 'AcceptItem' });
const partyOut = z.object({ name: z.string(), phone: z.string(), address: z.string(), commune: z.string() });
const itemSchema = z
  .object({
    id: z.string().describe('UPU S10 id'),
    service: z.enum(SERVICE_NAMES),
    status: z.enum(STATUSES),
    shipper_id: z.string().nullable(),
    shipper_key: z.string().nullable(),
    origin_office_id: z.string(),
    delivery_office_id: z.string(),
    location_office_id: z.string().nullable(),
    target_office_id: z.string(),
    returning: z.boolean(),
    attempts: z.number().int(),
    sender: partyOut,
    recipient: partyOut.extend({ province: z.string() }),
    weight_g: z.number().int(),
    dimensions_cm: z.array(z.number().int()),
    charged_g: z.number().int(),
    zone: z.string(),
    postage: money,
    insurance_fee: money,
    cod_fee: money,
    fee: money,
    insured_value: money,
    cod_amount: money,
    paid_by: z.enum(['cash', 'account']),
    till_session_id: z.string().nullable(),
    needs_code: z.boolean(),
    bag_id: z.string().nullable(),
    round_id: z.string().nullable(),
    accepted_at: z.string(),
    accepted_by: z.string(),
    delivered_at: z.string().nullable(),
    delivered_to: z.string().nullable(),
  })
  .meta({ id: 'Item' });
const acceptedSchema = itemSchema
  .extend({
    delivery_code: z
      .string()
      .nullable()
      .describe('high-value items: the one-time code the recipient must give the postman; shown this once'),
  })
  .meta({ id: 'AcceptedItem' });
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
const bagSchema = z
  .object({
    id: z.string(),
    origin_office_id: z.string(),
    dest_office_id: z.string(),
    status: z.enum(['closed', 'dispatched', 'received']),
    item_count: z.number().int(),
    weight_g: z.number().int(),
    closed_at: z.string(),
    closed_by: z.string(),
    dispatch_id: z.string().nullable(),
    received_at: z.string().nullable(),
    items: z.array(z.string()),
  })
  .meta({ id: 'Bag' });
const dispatchSchema = z
  .object({
    id: z.string(),
    origin_office_id: z.string(),
    dest_office_id: z.string(),
    status: z.enum(['departed', 'arrived']),
    bag_count: z.number().int(),
    item_count: z.number().int(),
    departed_at: z.string(),
    arrived_at: z.string().nullable(),
    bags: z.array(z.string()),
  })
  .meta({ id: 'Dispatch' });
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
const deliverBody = z.object({
  item: z.string().max(40),
  recipient_name: z.string().max(200),
  signature: z.string().max(200).nullable().optional().describe('signature:<id> of the captured signature'),
  photo: z.string().max(200).nullable().optional().describe('photo:<sha256> of the doorstep photo'),
  code: z.string().max(10).nullable().optional().describe('the recipient’s one-time code (high-value items)'),
  cod_collected: amountIn.nullable(),
});

const str = (v: bigint) => v.toString();
const itemJson = (i: Item) => ({
  ...i,
  postage: str(i.postage),
  insurance_fee: str(i.insurance_fee),
  cod_fee: str(i.cod_fee),
  fee: str(i.fee),
  insured_value: str(i.insured_value),
  cod_amount: str(i.cod_amount),
});
const acceptedJson = (i: AcceptedItem) => ({ ...itemJson(i), delivery_code: i.delivery_code });
const roundJson = (r: Round) => ({
  ...r,
  cod_expected: str(r.cod_expected),
  cod_collected: str(r.cod_collected),
  cod_counted: r.cod_counted === null ? null : str(r.cod_counted),
  items: r.items.map((i) => ({ ...i, cod_collected: str(i.cod_collected) })),
});

/** The CSV columns a shipper uploads, one item per row. */
export const SHIPMENT_COLUMNS = [
  'key',
  'service',
  'sender_name',
  'sender_phone',
  'sender_address',
  'sender_commune',
  'recipient_name',
  'recipient_phone',
  'recipient_address',
  'recipient_commune',
  'weight_g',
  'length_cm',
  'width_cm',
  'height_cm',
  'insured_value',
  'cod_amount',
] as const;

/** Reads a shipper's CSV into items; a wrong header is refused naming the missing or unknown columns. */
export function readShipmentCsv(text: string): AcceptInput[] {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: false,
    });
  } catch (err) {
    throw new DeliveryError(
      'invalid_item',
      `The CSV cannot be read: ${(err as Error).message}`,
      'Không đọc được tệp CSV: hãy lưu lại dạng CSV UTF-8, phân cách bằng dấu phẩy',
      { field: 'file' },
    );
  }
  const [header, ...data] = rows;
  const names = (header ?? []).map((h) => h.trim());
  const missing = SHIPMENT_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((c) => !(SHIPMENT_COLUMNS as readonly string[]).includes(c));
  if (missing.length > 0 || unknown.length > 0)
    throw new DeliveryError(
      'invalid_item',
      `Row 1 (header): ${missing.length > 0 ? `missing ${missing.join(', ')}` : ''}${missing.length > 0 && unknown.length > 0 ? '; ' : ''}${unknown.length > 0 ? `unknown ${unknown.join(', ')}` : ''}: the header is ${SHIPMENT_COLUMNS.join(',')}`,
      `Dòng 1 (tiêu đề) sai cột: cần đúng các cột ${SHIPMENT_COLUMNS.join(', ')}`,
      { row: 1, field: 'header', missing, unknown },
    );
  if (data.length === 0)
    throw new DeliveryError(
      'invalid_item',
      'The CSV has a header but no items',
      'Tệp CSV không có bưu gửi nào',
      { field: 'file' },
    );
  const at = (cells: string[], c: (typeof SHIPMENT_COLUMNS)[number]) =>
    (cells[names.indexOf(c)] ?? '').trim();
  const int = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN);
  return data.map((cells) => ({
    key: at(cells, 'key') === '' ? undefined : at(cells, 'key'),
    service: at(cells, 'service'),
    sender: {
      name: at(cells, 'sender_name'),
      phone: at(cells, 'sender_phone'),
      address: at(cells, 'sender_address'),
      commune: at(cells, 'sender_commune').padStart(5, '0'),
    },
    recipient: {
      name: at(cells, 'recipient_name'),
      phone: at(cells, 'recipient_phone'),
      address: at(cells, 'recipient_address'),
      commune: at(cells, 'recipient_commune').padStart(5, '0'),
    },
    weight_g: int(at(cells, 'weight_g')),
    length_cm: int(at(cells, 'length_cm')),
    width_cm: int(at(cells, 'width_cm')),
    height_cm: int(at(cells, 'height_cm')),
    insured_value: at(cells, 'insured_value'),
    cod_amount: at(cells, 'cod_amount'),
  }));
}

/** Routes of the delivery cell. */
export function deliveryRoutes(delivery: Delivery, core: DeliveryRouteDeps): FastifyPluginAsyncZod {
  const { items, transport, rounds } = delivery;
  const atOffice: TargetOf = (req) => core.officeTarget((req.params as { office: string }).office);
  const atItem: TargetOf = async (req) => {
    const i = await items.get((req.params as { id: string }).id);
    return core.officeTarget(i.location_office_id ?? i.origin_office_id);
  };
  const atTill: TargetOf = async (req) => {
    const t = await core.ownOpenTill((req.params as { id: string }).id, req.principal!.id);
    return core.officeTarget(t.office_id);
  };
  const atRound: TargetOf = async (req) =>
    core.officeTarget((await rounds.get((req.params as { id: string }).id)).office_id);
  const atBag: TargetOf = async (req) => {
    const b = await transport.getBag((req.params as { id: string }).id);
    return core.officeTarget(b.origin_office_id);
  };
  const atOwnOffice: TargetOf = async (req) => core.officeTarget(req.principal!.officeId);
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
    app.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: SHIPMENTS_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    app.get(
      '/v1/delivery/tariffs',
      {
        schema: {
          tags,
          summary:
            'The price list: per service, weight band (grams) and zone (local, neighbouring, national)',
          response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async () =>
        JSON.parse(
          JSON.stringify(TARIFF, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
        ) as Record<string, unknown>,
    );
    app.post(
      '/v1/delivery/quotes',
      {
        schema: {
          tags,
          summary: 'Price an item without accepting it: zone, real, volumetric and charged weight, each fee',
          description: 'A look-up that writes nothing: answered while the delivery cell is read-only too.',
          body: acceptBody,
          response: {
            200: z.object({
              service: z.string(),
              zone: z.string(),
              weight_g: z.number(),
              volumetric_g: z.number(),
              charged_g: z.number(),
              postage: money,
              insurance_fee: money,
              cod_fee: money,
              fee: money,
              delivery_office_id: z.string(),
            }),
            ...errorResponses,
          },
        },
        config: { access: { signedIn: true }, lookUp: true },
      },
      async (req) => {
        const q = await items.quote(req.body);
        return {
          ...q,
          postage: str(q.postage),
          insurance_fee: str(q.insurance_fee),
          cod_fee: str(q.cod_fee),
          fee: str(q.fee),
        };
      },
    );
    app.post(
      '/v1/delivery/tills/:id/items',
      {
        schema: {
          tags,
          summary: 'Accept an item at the counter: an S10 id, the fee paid into your open till',
          description:
            'A retry under the same Idempotency-Key answers the item the first request made (with the same delivery code) and takes no second fee.',
          headers: idempotencyHeaders,
          params: z.object({ id: z.string().max(100) }),
          body: acceptBody,
          response: {
            201: acceptedSchema.extend({
              proof: eventProofSchema.describe(
                'the acceptance event, its audit path and the signed checkpoint: the sender checks it offline with postcore verify-receipt',
              ),
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'parcel.accept', target: atTill } },
      },
      async (req, reply) => {
        const till = await core.ownOpenTill(req.params.id, req.principal!.id);
        const item = await items.accept(
          req.body,
          { office_id: till.office_id, clerk_id: req.principal!.id, till_session_id: till.id },
          req.principal!.id,
          requestKeyOf(req),
        );
        await core.sync();
        return reply
          .status(201)
          .send({ ...acceptedJson(item), proof: await core.prove(await items.acceptedSeq(item.id)) });
      },
    );
    app.post(
      '/v1/delivery/shipments',
      {
        // The CSV parser's limit, declared on the route too so that a refusal can say what it is.
        bodyLimit: SHIPMENTS_BODY_LIMIT,
        schema: {
          tags,
          summary: 'A shipper announces items in bulk (JSON or text/csv): ids, fees billed to its account',
          description: `Each item may carry a \`key\`: sending the same key again returns the item it made (with \`delivery_code\` null). A row without one takes a key made from the request's Idempotency-Key and its row (\`req:…:<row>\`, in the platform's namespace, which no shipper's key can enter), so the same batch sent again makes nothing new and answers the items the first one made, and a different batch under the key is refused even when all its items existed already. One bad row refuses the whole batch and names the row and field. CSV columns: ${SHIPMENT_COLUMNS.join(',')}; rows are numbered as lines of the file.`,
          headers: idempotencyHeaders,
          body: z.union([z.object({ items: z.array(acceptBody).min(1).max(5000) }), z.string()]),
          response: {
            201: z.object({ created: z.number().int(), items: z.array(acceptedSchema) }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'shipment.submit', target: atOwnOffice } },
      },
      async (req, reply) => {
        const csv = typeof req.body === 'string';
        const inputs = csv
          ? readShipmentCsv(req.body as string)
          : (req.body as { items: AcceptInput[] }).items;
        const r = await items.announce(
          inputs,
          { id: req.principal!.id, office_id: await core.staffOffice(req.principal!.id) },
          req.principal!.id,
          { firstRow: csv ? 2 : 1, request: requestKeyOf(req) },
        );
        await core.sync();
        return reply.status(201).send({ created: r.created, items: r.items.map(acceptedJson) });
      },
    );
    const idParams = z.object({ id: z.string().max(40) });
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
                ? { permission: 'shipment.read', target: atOwnOffice }
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
        config: { access: { permission: 'shipment.read', target: atOwnOffice } },
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
        config: { access: { permission: 'shipment.read', target: atOwnOffice } },
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
          params: z.object({ office: z.string().max(64) }),
          querystring: pageQuery.extend({ status: z.enum(STATUSES).optional() }),
          response: { 200: pageSchema(itemSchema), ...errorResponses },
        },
        config: { access: { permission: 'office.read', target: atOffice } },
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
    const officeParams = z.object({ office: z.string().max(64) });
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
        config: { access: { permission: 'parcel.accept', target: atOffice } },
      },
      async (req) =>
        items.scan(
          req.body.scans.map((x) => ({ ...x, office: req.params.office })),
          req.principal!.id,
        ),
    );
    app.post(
      '/v1/delivery/offices/:office/bags',
      {
        schema: {
          tags,
          summary: 'Close items lying here into a bag for the next office on their way',
          headers: idempotencyHeaders,
          params: officeParams,
          body: z.object({
            destination: z.string().max(64),
            items: z.array(z.string().max(40)).min(1).max(1000),
          }),
          response: { 201: bagSchema, ...errorResponses },
        },
        config: { access: { permission: 'parcel.accept', target: atOffice } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await transport.closeBag(
              { office: req.params.office, ...req.body },
              req.principal!.id,
              requestKeyOf(req),
            ),
          ),
    );
    app.post(
      '/v1/delivery/offices/:office/dispatches',
      {
        schema: {
          tags,
          summary: 'Send closed bags to the next office: every item inside departs',
          headers: idempotencyHeaders,
          params: officeParams,
          body: z.object({
            destination: z.string().max(64),
            bags: z.array(z.string().max(40)).min(1).max(200),
          }),
          response: { 201: dispatchSchema, ...errorResponses },
        },
        config: { access: { permission: 'parcel.accept', target: atOffice } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await transport.dispatch(
              { office: req.params.office, ...req.body },
              req.principal!.id,
              requestKeyOf(req),
            ),
          ),
    );
    app.post(
      '/v1/delivery/offices/:office/bags/:bag/receive',
      {
        schema: {
          tags,
          summary:
            'Scan a bag in where it arrived: every item inside arrives; elsewhere it is refused (wrong_office)',
          params: officeParams.extend({ bag: z.string().max(40) }),
          response: { 200: z.object({ bag: bagSchema, duplicate: z.boolean() }), ...errorResponses },
        },
        config: { access: { permission: 'parcel.accept', target: atOffice } },
      },
      async (req) => {
        const r = await transport.receiveBag(req.params.bag, req.params.office, req.principal!.id);
        return { bag: r.bag, duplicate: r.duplicate };
      },
    );
    app.get(
      '/v1/delivery/bags/:id',
      {
        schema: {
          tags,
          summary: 'A bag and its items',
          params: idParams,
          response: { 200: bagSchema, ...errorResponses },
        },
        config: { access: { permission: 'office.read', target: atBag } },
      },
      async (req) => await transport.getBag(req.params.id),
    );
    app.get(
      '/v1/delivery/dispatches/:id',
      {
        schema: {
          tags,
          summary: 'A dispatch and its bags',
          params: idParams,
          response: { 200: dispatchSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'office.read',
            target: async (req) =>
              core.officeTarget(
                (await transport.getDispatch((req.params as { id: string }).id)).origin_office_id,
              ),
          },
        },
      },
      async (req) => await transport.getDispatch(req.params.id),
    );
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
        config: { access: { permission: 'parcel.deliver', target: atOffice } },
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
        config: { access: { permission: 'parcel.accept', target: atTill } },
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
