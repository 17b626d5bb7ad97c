// The dossiers module's routes: intake at a till, completion and supplements at the counter, the agency's
// decisions and inbox, the post collecting a result, the lists managers watch, and the citizen's look-up.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { eventProofSchema } from '../../../http/checkpoints.routes.ts';
import { errorResponses } from '../../../http/errors.ts';
import { idempotencyHeaders, requestKeyOf } from '../../../http/idempotency.ts';
import { pageQuery, pageSchema } from '../../../http/pagination.ts';
import type { EventProof } from '../../../journal/index.ts';
import { authorize, type Permission, type Principal, type Target } from '../../core/index.ts';
import { ServicesError } from '../services-error.ts';
import {
  AGENCY_STATUSES,
  DOSSIER_STATES,
  type Dossier,
  type Dossiers,
  type IntakeInput,
  type PublicDossier,
} from './dossier.model.ts';
import {
  completeBody,
  dossierJson,
  dossierParams,
  dossierSchema,
  intakeBody,
  presented,
  publicSchema,
  stepJson,
  tillParams,
  withSteps,
} from './dossier.schemas.ts';

/** What the dossier routes ask of the other cells. */
export interface DossierRouteDeps {
  officeTarget(officeId: string): Promise<Target>;
  /** The clerk's own open till session (finance), or its refusal. */
  ownOpenTill(sessionId: string, clerk: string): Promise<{ id: string; office_id: string }>;
  /** The office that serves an agency (where its dossiers are delivered and its results collected). */
  agencyOffice(agency: string): Promise<string>;
  /** The agency an agency officer acts for. */
  officerAgency(staffId: string): Promise<string | undefined>;
  /** Lets the legs reach the delivery cell and the services and finance cells catch up. */
  sync(): Promise<unknown>;
  /** The proof a receipt carries for an event of the services cell. */
  prove(seq: bigint): Promise<EventProof>;
  /** An item's public tracking (the delivery cell's), for the citizen's look-up. */
  track(item: string): Promise<PublicDossierTracking>;
}

export interface PublicDossierTracking {
  id: string;
  status: string;
  events: Array<{ code: string; description_vi: string; description: string; at: string }>;
}

const listQuery = pageQuery.extend({
  state: z.enum(DOSSIER_STATES).optional(),
  deadline: z.enum(['near', 'past']).optional().describe('near: due within two working days; past: overdue'),
});

/** Routes of the dossiers module. */
export function dossierRoutes(dossiers: Dossiers, deps: DossierRouteDeps): FastifyPluginAsyncZod {
  const tags = ['services'];
  const till: TargetOf = async (req) => {
    const t = await deps.ownOpenTill((req.params as { id: string }).id, req.principal!.id);
    return deps.officeTarget(t.office_id);
  };
  const office: TargetOf = (req) => deps.officeTarget((req.params as { office: string }).office);
  const agencyOfDossier: TargetOf = async (req) =>
    deps.officeTarget(
      await deps.agencyOffice((await dossiers.get((req.params as { dossier: string }).dossier)).agency_code),
    );
  const ownOffice: TargetOf = (req) => deps.officeTarget(req.principal!.officeId);
  const agencyParam: TargetOf = async (req) =>
    deps.officeTarget(await deps.agencyOffice((req.params as { agency: string }).agency));

  /** Whether any of the permissions reaches the target. */
  const reaches = (p: Principal, permissions: readonly Permission[], target: Target) =>
    permissions.some((x) => authorize(p, x, target).allowed);

  /** Staff of the dossier's office (or above it), or an officer of its agency, may read it. */
  async function readable(p: Principal, d: Dossier): Promise<void> {
    if (reaches(p, ['dossier.handle', 'report.read'], await deps.officeTarget(d.office_id))) return;
    if (reaches(p, ['dossier.agency'], await deps.officeTarget(await deps.agencyOffice(d.agency_code))))
      if ((await deps.officerAgency(p.id)) === d.agency_code) return;
    throw new ServicesError(
      'not_your_agency',
      `Dossier ${d.id} is neither your office's nor your agency's`,
      'Hồ sơ này không thuộc bưu cục hoặc cơ quan của bạn',
      { dossier: d.id },
    );
  }

  const answer = async (d: Dossier) => ({
    ...dossierJson(d),
    steps: (await dossiers.steps(d.id)).map(stepJson),
  });

  return async (app) => {
    app.post(
      '/v1/services/tills/:id/dossiers',
      {
        schema: {
          tags,
          summary:
            'Take a dossier in at the counter: checked against the procedure, then sealed and paid, or left waiting for documents',
          description:
            'With every required document presented, the seal, the fees (exactly the catalogue’s) and both signatures, the dossier is accepted: the agency’s fee and the post’s tariff go into your open till and its papers leave as a registered item. With documents missing it is recorded as incomplete (nothing paid) and waits for the citizen. `service: receive` registers a result to bring back from a dossier lodged with the agency (its `agency_ref`). A retry under the same Idempotency-Key answers the first dossier.',
          headers: idempotencyHeaders,
          params: tillParams,
          body: intakeBody,
          response: {
            201: withSteps.extend({
              proof: eventProofSchema.nullable().describe('the intake event’s proof, for the receipt’s QR'),
            }),
            ...errorResponses,
          },
        },
        config: { access: { permission: 'dossier.handle', target: till } },
      },
      async (req, reply) => {
        const t = await deps.ownOpenTill(req.params.id, req.principal!.id);
        const d = await dossiers.intake(
          req.body as IntakeInput,
          { office_id: t.office_id, clerk_id: req.principal!.id, till_session_id: t.id },
          requestKeyOf(req),
        );
        await deps.sync();
        const now = await dossiers.get(d.id);
        const proof = now.accepted_at === null ? null : await deps.prove(await dossiers.acceptedSeq(d.id));
        return reply.status(201).send({ ...(await answer(now)), proof });
      },
    );
    app.post(
      '/v1/services/tills/:id/dossiers/:dossier/completion',
      {
        schema: {
          tags,
          summary:
            'Complete a dossier that waited for documents: checked again, sealed, signed and paid into your till',
          headers: idempotencyHeaders,
          params: tillParams.extend({ dossier: z.string().max(40) }),
          body: completeBody,
          response: { 200: withSteps.extend({ proof: eventProofSchema }), ...errorResponses },
        },
        config: { access: { permission: 'dossier.handle', target: till } },
      },
      async (req) => {
        const t = await deps.ownOpenTill(req.params.id, req.principal!.id);
        const d = await dossiers.complete(
          req.params.dossier,
          req.body as Parameters<Dossiers['complete']>[1],
          { office_id: t.office_id, clerk_id: req.principal!.id, till_session_id: t.id },
          requestKeyOf(req),
        );
        await deps.sync();
        return {
          ...(await answer(await dossiers.get(d.id))),
          proof: await deps.prove(await dossiers.acceptedSeq(d.id)),
        };
      },
    );
    app.post(
      '/v1/services/offices/:office/dossiers/:dossier/supplements',
      {
        schema: {
          tags,
          summary: 'Take the papers an agency asked for: they leave for the agency as an item of their own',
          headers: idempotencyHeaders,
          params: z.object({ office: z.string().max(64), dossier: z.string().max(40) }),
          body: z.object({ documents: z.array(presented).min(1).max(60) }),
          response: { 200: withSteps, ...errorResponses },
        },
        config: { access: { permission: 'dossier.handle', target: office } },
      },
      async (req) => {
        const d = await dossiers.supplement(
          req.params.dossier,
          req.body as Parameters<Dossiers['supplement']>[1],
          { office_id: req.params.office, clerk_id: req.principal!.id },
          requestKeyOf(req),
        );
        await deps.sync();
        return answer(await dossiers.get(d.id));
      },
    );
    app.post(
      '/v1/services/offices/:office/dossiers/:dossier/result-collection',
      {
        schema: {
          tags,
          summary:
            'Collect a ready result (or a refusal) from the agency: it travels to the citizen as an item only they or their representative may receive',
          headers: idempotencyHeaders,
          params: z.object({ office: z.string().max(64), dossier: z.string().max(40) }),
          response: { 200: withSteps, ...errorResponses },
        },
        config: { access: { permission: 'dossier.handle', target: office } },
      },
      async (req) => {
        const d = await dossiers.collectResult(
          req.params.dossier,
          { office_id: req.params.office, actor: req.principal!.id },
          requestKeyOf(req),
        );
        await deps.sync();
        return answer(await dossiers.get(d.id));
      },
    );
    app.post(
      '/v1/services/dossiers/:dossier/decisions',
      {
        schema: {
          tags,
          summary: `The agency records what it did: ${AGENCY_STATUSES.join(', ')} (agency officers, their own agency's dossiers only)`,
          description:
            'In the order the Circular allows: received once handed over; then needs_supplement, extended (a new appointment day), suspended, refused or done. A reason is required for all but received and done. The citizen is told by text message when the result is ready, refused or a supplement is needed.',
          headers: idempotencyHeaders,
          params: dossierParams,
          body: z.object({
            status: z.string().max(30),
            reason: z.string().max(600).nullable().optional(),
            appointment_day: z.string().max(10).nullable().optional(),
          }),
          response: { 200: withSteps, ...errorResponses },
        },
        config: { access: { permission: 'dossier.agency', target: agencyOfDossier } },
      },
      async (req) => {
        const d = await dossiers.decide(
          req.params.dossier,
          req.body,
          { id: req.principal!.id, agency: await deps.officerAgency(req.principal!.id) },
          requestKeyOf(req),
        );
        await deps.sync();
        return answer(d);
      },
    );
    app.get(
      '/v1/services/dossiers/:dossier',
      {
        schema: {
          tags,
          summary:
            'A dossier with its legs and its history: for its office and those above it, and its agency’s officers',
          params: dossierParams,
          response: { 200: withSteps, ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => {
        const d = await dossiers.get(req.params.dossier);
        await readable(req.principal!, d);
        return answer(d);
      },
    );
    app.get(
      '/v1/services/offices/:office/dossiers',
      {
        schema: {
          tags,
          summary: 'The dossiers an office took in, by state, or near or past the agency’s deadline',
          params: z.object({ office: z.string().max(64) }),
          querystring: listQuery,
          response: { 200: pageSchema(dossierSchema), ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => {
        const target = await deps.officeTarget(req.params.office);
        if (!reaches(req.principal!, ['dossier.handle', 'report.read'], target))
          throw new ServicesError(
            'not_your_agency',
            `Office ${req.params.office} is not yours`,
            'Bưu cục này không thuộc phạm vi của bạn',
            {},
          );
        const r = await dossiers.list({ office: req.params.office, ...req.query });
        return { ...r, items: r.items.map(dossierJson) };
      },
    );
    app.get(
      '/v1/services/agencies/:agency/dossiers',
      {
        schema: {
          tags,
          summary: 'An agency’s dossiers, by state, or near or past its deadline: for managers and auditors',
          params: z.object({ agency: z.string().max(40) }),
          querystring: listQuery,
          response: { 200: pageSchema(dossierSchema), ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: agencyParam } },
      },
      async (req) => {
        const r = await dossiers.list({ agency: req.params.agency, ...req.query });
        return { ...r, items: r.items.map(dossierJson) };
      },
    );
    app.get(
      '/v1/services/agency/dossiers',
      {
        schema: {
          tags,
          summary:
            'The agency officer’s inbox: their agency’s dossiers, by state, or near or past the deadline',
          querystring: listQuery,
          response: { 200: pageSchema(dossierSchema), ...errorResponses },
        },
        config: { access: { permission: 'dossier.agency', target: ownOffice } },
      },
      async (req) => {
        const agency = await deps.officerAgency(req.principal!.id);
        if (agency === undefined)
          throw new ServicesError(
            'not_your_agency',
            'Your account acts for no agency yet: ask the provincial post to assign you to your agency',
            'Tài khoản của bạn chưa được gắn với cơ quan nào: hãy đề nghị Bưu điện tỉnh gắn tài khoản',
            {},
          );
        const r = await dossiers.list({ agency, ...req.query });
        return { ...r, items: r.items.map(dossierJson) };
      },
    );
    app.get(
      '/v1/public/dossiers/:dossier',
      {
        schema: {
          tags: ['public'],
          summary:
            'A citizen tracks a dossier by its code and their phone: its state, appointment and the items carrying it',
          params: dossierParams,
          querystring: z.object({ phone: z.string().max(30) }),
          response: { 200: publicSchema, ...errorResponses },
        },
        config: {
          access: {
            public: true,
            reason: 'the code with the citizen’s phone shows the dossier’s progress; names are initials only',
          },
          rateLimit: { max: 30, timeWindow: '1 minute' },
        },
      },
      async (req) => {
        const d: PublicDossier = await dossiers.lookUp(req.params.dossier, req.query.phone);
        const transport = await Promise.all(d.items.map((i) => deps.track(i)));
        const { items: _, ...rest } = d;
        return {
          ...rest,
          transport: transport.map((t) => ({
            id: t.id,
            status: t.status,
            events: t.events.map((e) => ({
              code: e.code,
              description_vi: e.description_vi,
              description: e.description,
              at: e.at,
            })),
          })),
        };
      },
    );
  };
}
