// The items module's acceptance routes: prices, an item taken in at the counter, a shipper's batch.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventProofSchema } from '../../../http/checkpoints.routes.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import { TARIFF } from '../network/index.ts';
import { money, str, type DeliveryRouteDeps, type RouteTargets } from '../shared.routes.ts';
import type { AcceptInput, Items } from './item.model.ts';
import { acceptBody, acceptedJson, acceptedSchema } from './item.schemas.ts';
import { readShipmentCsv, SHIPMENT_COLUMNS } from './shipment.csv.ts';

/** A shipper's file of items (text/csv or JSON): checked against Content-Length before it is read. */
export const SHIPMENTS_BODY_LIMIT = 20 * 1024 * 1024;

/** Routes that price and take in items. */
export function acceptanceRoutes(
  items: Items,
  core: DeliveryRouteDeps,
  at: RouteTargets,
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['delivery'];
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
        config: { access: { permission: 'parcel.accept', target: at.till } },
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
        config: { access: { permission: 'shipment.submit', target: at.ownOffice } },
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
  };
}
