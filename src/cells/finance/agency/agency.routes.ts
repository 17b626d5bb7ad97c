// The routes of administrative agencies' fees in the finance cell: remittances to an agency and its statement
// for a period. The fees themselves arrive from the services journal, never by hand.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NATIONAL, type TargetOf } from '../../../http/auth.ts';
import { eventProofSchema } from '../../../http/checkpoints.routes.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import type { Target } from '../../core/index.ts';
import { money, type FinanceRouteDeps } from '../shared.routes.ts';
import type { Agencies, AgencyCollection, AgencyRemittance } from './agency.service.ts';

const remittanceSchema = z
  .object({
    id: z.string(),
    agency_code: z.string(),
    through: z.string(),
    office_id: z.string().nullable().describe('the one office it was limited to, or null'),
    dossier_count: z.number().int(),
    total: money,
    created_at: z.string(),
    created_by: z.string(),
    seq: z.string().describe('the journal event that made it'),
  })
  .meta({ id: 'AgencyRemittance' });
const collectionSchema = z
  .object({
    dossier_id: z.string(),
    office_id: z.string(),
    agency_code: z.string(),
    agency_name: z.string(),
    amount: money,
    transfer_id: z.string(),
    clerk_id: z.string(),
    till_session_id: z.string(),
    collected_at: z.string(),
    remittance_id: z.string().nullable(),
  })
  .meta({ id: 'AgencyCollection' });
const remittanceJson = (r: AgencyRemittance) => ({ ...r, total: r.total.toString(), seq: r.seq.toString() });
const collectionJson = (c: AgencyCollection) => ({ ...c, amount: c.amount.toString() });

const params = z.object({
  agency: z.string().min(1).max(64).describe('the agency’s code in the services catalogue'),
});
const office = z
  .string()
  .max(64)
  .optional()
  .describe('only what this office took for the agency (access is checked there)');

/** Where a request about an agency acts, and the offices it may then touch. */
interface AgencyScope {
  target: Target;
  /** undefined: the office the request named; else every office keeping an account for the agency. */
  offices?: readonly string[];
}

/** Routes of administrative agencies' fees. */
export function agencyRoutes(agencies: Agencies, core: FinanceRouteDeps): FastifyPluginAsyncZod {
  // A request that names an office acts there. One that does not acts wherever the agency's fees were taken:
  // that office when it is one, its province when they all lie in one, else the whole post (the auditor).
  const scopes = new WeakMap<object, Promise<AgencyScope>>();
  const scopeOf = (req: FastifyRequest, from: 'body' | 'query'): Promise<AgencyScope> => {
    let s = scopes.get(req);
    if (s === undefined) {
      s = (async () => {
        const named = (from === 'body' ? req.body : req.query) as { office?: string };
        if (named.office !== undefined) return { target: await core.officeTarget(named.office) };
        const { agency } = req.params as { agency: string };
        const offices = await agencies.offices(agency);
        const targets = await Promise.all(offices.map((o) => core.officeTarget(o)));
        const provinces = new Set(targets.map((t) => t.provinceCode));
        const [only] = targets;
        const [province] = provinces;
        const target =
          targets.length === 1 && only !== undefined
            ? only
            : provinces.size === 1 && province !== undefined && province !== null
              ? { officeId: null, provinceCode: province }
              : NATIONAL;
        return { target, offices };
      })();
      scopes.set(req, s);
    }
    return s;
  };
  const at =
    (from: 'body' | 'query'): TargetOf =>
    async (req) =>
      (await scopeOf(req, from)).target;
  return async (app) => {
    const tags = ['agencies'];
    app.post(
      '/v1/finance/agencies/:agency/remittances',
      {
        schema: {
          tags,
          summary:
            'Remit to an administrative agency the fees and charges taken for it up to a day, in one batch',
          description:
            'Pays what offices took at dossier intake for the agency and have not paid on, from its account at each ' +
            'office to the office’s settlement with head office. Without `office`, every office that took its ' +
            'fees, which must all lie within the caller’s reach. A retry under the same Idempotency-Key answers ' +
            'the first remittance; nothing is paid twice.',
          headers: idempotencyHeaders,
          params,
          body: z.object({
            through: z
              .string()
              .max(10)
              .describe('the last day (Vietnam time) whose collections are paid, YYYY-MM-DD'),
            office,
          }),
          response: {
            201: remittanceSchema.extend({
              dossiers: z.array(z.string()),
              proof: eventProofSchema.describe(
                'the remittance event, its audit path and the signed checkpoint: the agency checks it offline with postcore verify-receipt',
              ),
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'ledger.transfer', target: at('body') } },
      },
      async (req, reply) => {
        const { through, office: one } = req.body;
        const scope = await scopeOf(req, 'body');
        const r = await agencies.remit(
          {
            agency: req.params.agency,
            through,
            ...(one === undefined ? {} : { office: one }),
            ...(scope.offices === undefined ? {} : { offices: scope.offices }),
          },
          req.principal!.id,
          requestKeyOf(req),
        );
        return reply
          .status(201)
          .send({ ...remittanceJson(r), dossiers: r.dossiers, proof: await core.prove(r.seq) });
      },
    );
    app.get(
      '/v1/finance/agencies/:agency/statement',
      {
        schema: {
          tags,
          summary:
            'An administrative agency’s fees over a period: each collection, the remittances, what is owed',
          description:
            'With `office`, only what that office took and the remittances that paid it. Without, every office ' +
            'that took the agency’s fees, which must all lie within the caller’s reach.',
          params,
          querystring: z.object({ from: z.string().max(10), to: z.string().max(10), office }),
          response: {
            200: z.object({
              agency: z.string(),
              agency_name: z.string().nullable(),
              from: z.string(),
              to: z.string(),
              collections: z.array(collectionSchema),
              remittances: z.array(remittanceSchema),
              collected: money,
              remitted: money,
              outstanding: money,
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'report.read', target: at('query') } },
      },
      async (req) => {
        const { from, to, office: one } = req.query;
        const scope = await scopeOf(req, 'query');
        const s = await agencies.statement(req.params.agency, from, to, one ?? scope.offices);
        return {
          ...s,
          collections: s.collections.map(collectionJson),
          remittances: s.remittances.map(remittanceJson),
          collected: s.collected.toString(),
          remitted: s.remitted.toString(),
          outstanding: s.outstanding.toString(),
        };
      },
    );
  };
}
