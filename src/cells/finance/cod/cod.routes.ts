// The cash-on-delivery routes of the finance cell: remittances to shippers and senders, and a payee's
// statement for a period. COD itself arrives from the delivery journal, never by hand.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { eventProofSchema } from '../../../http/checkpoints.routes.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import { CoreError } from '../../core/index.ts';
import { money, type FinanceRouteDeps } from '../shared.routes.ts';
import type { Cod, CodCollection, Remittance } from './cod.service.ts';

const remittanceSchema = z
  .object({
    id: z.string(),
    payee: z.string(),
    through: z.string(),
    item_count: z.number().int(),
    cod_total: money,
    fees: money,
    net: money.describe('what is paid to the payee: COD less fees (negative when the fees were more)'),
    created_at: z.string(),
    created_by: z.string(),
    seq: z.string().describe('the journal event that made it'),
  })
  .meta({ id: 'CodRemittance' });
const collectionSchema = z
  .object({
    item_id: z.string(),
    office_id: z.string(),
    payee: z.string(),
    amount: money,
    place: z.enum(['round', 'counter']),
    holder_id: z.string(),
    round_id: z.string().nullable(),
    collected_at: z.string(),
    handed_in_at: z.string().nullable(),
    remittance_id: z.string().nullable(),
  })
  .meta({ id: 'CodCollection' });
const remittanceJson = (r: Remittance) => ({
  ...r,
  cod_total: r.cod_total.toString(),
  fees: r.fees.toString(),
  net: r.net.toString(),
  seq: r.seq.toString(),
});
const collectionJson = (c: CodCollection) => ({ ...c, amount: c.amount.toString() });

/** A payee is a shipper's account id, or `sender:+84…` for a counter customer. */
const payee = z
  .string()
  .min(1)
  .max(120)
  .describe('the shipper’s account id, or sender:<+84 phone> for a counter customer');

/** Routes of cash on delivery. */
export function codRoutes(cod: Cod, core: FinanceRouteDeps): FastifyPluginAsyncZod {
  // A shipper's COD, wherever it was collected, is its home office's business (the office that signed it
  // up); a counter customer's is the business of each office that holds it, so the office named in the
  // request is checked here and the remittance is limited to it.
  const atPayee =
    (from: 'body' | 'query'): TargetOf =>
    async (req) => {
      const src = (from === 'body' ? req.body : req.query) as { payee: string; office?: string };
      if (src.payee.startsWith('sender:')) {
        if (src.office === undefined)
          throw new CoreError(
            'office_out_of_scope',
            'A counter customer’s COD is remitted at an office: name it in `office`',
            'Cần chọn bưu cục chi trả tiền thu hộ cho người gửi',
          );
        return core.officeTarget(src.office);
      }
      return core.officeTarget(await core.staffOffice(src.payee));
    };
  return async (app) => {
    const tags = ['cod'];
    app.post(
      '/v1/finance/cod-remittances',
      {
        schema: {
          tags,
          summary: 'Remit a payee’s COD handed in up to a day, less the fees billed to it, in one batch',
          description:
            'A retry under the same Idempotency-Key answers the first remittance; nothing is paid twice.',
          headers: idempotencyHeaders,
          body: z.object({
            payee,
            through: z
              .string()
              .max(10)
              .describe('the last day (Vietnam time) whose collections are paid, YYYY-MM-DD'),
            office: z
              .string()
              .max(64)
              .optional()
              .describe(
                'for sender:… payees, the office that holds the COD: only what it holds is remitted, by someone who may move its money',
              ),
          }),
          response: {
            201: remittanceSchema.extend({
              items: z.array(z.string()),
              proof: eventProofSchema.describe(
                'the remittance event, its audit path and the signed checkpoint: the payee checks it offline with postcore verify-receipt',
              ),
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'ledger.transfer', target: atPayee('body') } },
      },
      async (req, reply) => {
        const { payee, through, office } = req.body;
        const r = await cod.remit(
          { payee, through, ...(payee.startsWith('sender:') ? { office: office! } : {}) },
          req.principal!.id,
          requestKeyOf(req),
        );
        return reply
          .status(201)
          .send({ ...remittanceJson(r), items: r.items, proof: await core.prove(r.seq) });
      },
    );
    app.get(
      '/v1/finance/cod-statements',
      {
        schema: {
          tags,
          summary: 'A payee’s COD over a period: each collection, the remittances, what is still owed',
          description:
            'A shipper reads only its own statement, everywhere its COD was collected. For a counter customer ' +
            '(`sender:` payee) the statement holds only what was collected at `office`, where access is checked.',
          querystring: z.object({
            payee,
            from: z.string().max(10),
            to: z.string().max(10),
            office: z
              .string()
              .max(64)
              .optional()
              .describe(
                'for a `sender:` payee: the office whose collections are shown (access is checked there)',
              ),
          }),
          response: {
            200: z.object({
              payee: z.string(),
              from: z.string(),
              to: z.string(),
              collections: z.array(collectionSchema),
              remittances: z.array(remittanceSchema),
              collected: money,
              remitted: money,
              outstanding: money,
              with_postmen: money,
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'shipment.read', target: atPayee('query') } },
      },
      async (req) => {
        // A shipper reads its own statement, not a neighbour's at the same office.
        const p = req.principal!;
        if (p.roles.includes('shipper') && req.query.payee !== p.id)
          throw new CoreError(
            'permission_missing',
            'A shipper reads only its own COD statement',
            'Chủ hàng chỉ xem được đối soát của mình',
          );
        // A counter customer's COD is read at the office access was decided on, not every office's.
        const { payee, from, to, office } = req.query;
        const s = await cod.statement(payee, from, to, payee.startsWith('sender:') ? office! : undefined);
        return {
          ...s,
          collections: s.collections.map(collectionJson),
          remittances: s.remittances.map(remittanceJson),
          collected: s.collected.toString(),
          remitted: s.remitted.toString(),
          outstanding: s.outstanding.toString(),
          with_postmen: s.with_postmen.toString(),
        };
      },
    );
  };
}
