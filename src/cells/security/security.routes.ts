import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NATIONAL } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';
import { pageQuery, pageSchema } from '../../http/pagination.ts';
import {
  decisionInput,
  requestInput,
  restrictInput,
  type EvidenceView,
  type Incidents,
} from './incident.model.ts';
import { INCIDENT_MODES, REQUEST_KINDS, SIGNALS } from './security.events.ts';

const tags = ['incidents'];
const national = () => NATIONAL;
/** A fresh 6-digit code from the officer's authenticator app (TOTP), separate from the sign-in's. */
const code = z.string().max(10).optional().describe("a fresh code from the officer's authenticator app");

const modeSchema = z
  .object({
    cell: z.string(),
    mode: z.enum(INCIDENT_MODES),
    reason: z.string().nullable(),
    changed_at: z.string().nullable(),
    changed_by: z.string().nullable(),
    request_id: z.string().nullable(),
    alert_id: z.string().nullable(),
  })
  .meta({ id: 'CellMode' });

const requestSchema = z
  .object({
    id: z.string(),
    kind: z.enum(REQUEST_KINDS),
    cell: z.string().nullable(),
    mode: z.string().nullable(),
    target: z.string().nullable().describe("a restore's target, or the key to change"),
    reason: z.string(),
    requested_by: z.string(),
    requested_at: z.string(),
    expires_at: z.string(),
    status: z.enum(['pending', 'approved', 'refused', 'done', 'expired']),
    decided_by: z.string().nullable(),
    decided_at: z.string().nullable(),
    decision_reason: z.string().nullable(),
  })
  .meta({ id: 'IncidentRequest' });

const alertSchema = z
  .object({
    id: z.string(),
    signal: z.string(),
    cell: z.string().nullable(),
    severity: z.string(),
    message: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    raised_at: z.string(),
    acknowledged_by: z.string().nullable(),
    acknowledged_at: z.string().nullable(),
    acknowledge_note: z.string().nullable(),
  })
  .meta({ id: 'SecurityAlert' });

const evidenceSchema = z
  .object({
    id: z.string(),
    cell: z.string().nullable(),
    reason: z.string(),
    sha256: z.string().describe("the manifest's SHA-256"),
    prev_sha256: z.string().describe('the SHA-256 of the manifest before it: the chain of custody'),
    files: z.number().int(),
    signature: z.string().describe("Ed25519 over the manifest's hash, by the post's checkpoint key"),
    key_id: z.string(),
    captured_at: z.string(),
    captured_by: z.string(),
  })
  .meta({ id: 'Evidence' });

/** Captures a signed evidence manifest (the platform's files, alerts, checkpoints, processes, log). */
export type CaptureEvidence = (
  what: { cell: string | null; reason: string },
  actor: string,
) => Promise<EvidenceView & { path: string }>;

const appliedSchema = z
  .object({
    request_id: z.string(),
    cell: z.string(),
    head_seq: z.string().describe("the restored cell's newest event"),
    kept: z.string().describe('where the replaced database was kept, as evidence'),
    report_sha256: z.string(),
    consumers_ahead: z
      .array(z.object({ consumer: z.string(), position: z.string(), head_seq: z.string() }))
      .describe('cells that had consumed events beyond the restored head: reconcile their effects'),
  })
  .meta({ id: 'AppliedRestore' });

const restoreProgressSchema = z
  .object({
    request_id: z.string(),
    state: z
      .enum(['not_started', 'running', 'done', 'failed'])
      .describe('not_started until `postcore restore --request ID` writes its first phase'),
    name: z.string().nullable().describe('the directory under restores/ the copy goes to: what apply takes'),
    cells: z.array(z.string()),
    target: z.string().nullable(),
    started_at: z.string().nullable(),
    updated_at: z.string().nullable(),
    phases: z
      .array(
        z.object({
          phase: z.string().describe('vault_log, files, snapshot, segments, verified (per cell), placed'),
          cell: z.string().nullable(),
          at: z.string(),
          detail: z.string(),
        }),
      )
      .describe('in the order they ended'),
    error: z.object({ code: z.string(), message: z.string(), message_vi: z.string() }).nullable(),
    report: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('restore-report.json once done: RTO, RPO per cell, events, balances, digests'),
    report_text: z.string().nullable().describe('the same report as a few lines a person reads'),
  })
  .meta({ id: 'RestoreProgress' });

export interface SecurityRouteDeps {
  capture: CaptureEvidence;
  /** Puts the copy restored under restores/<name> in place of the request's cell. */
  applyRestore(requestId: string, name: string, actor: string): Promise<z.infer<typeof appliedSchema>>;
  /** What the restore of a request has recorded so far (its phases, then its report). */
  restoreProgress(requestId: string): Promise<z.infer<typeof restoreProgressSchema>>;
}

/** Routes of incident modes, two-person requests and alerts. They stay up whatever mode the other cells are in. */
export function securityRoutes(incidents: Incidents, deps: SecurityRouteDeps): FastifyPluginAsyncZod {
  const { capture } = deps;
  return async (app) => {
    app.get(
      '/v1/incidents/cells',
      {
        schema: {
          tags,
          summary: "Every cell's incident mode (normal, read-only, isolated) and why",
          response: { 200: z.object({ items: z.array(modeSchema) }), ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async () => ({ items: await incidents.modes() }),
    );

    app.post(
      '/v1/incidents/cells/:cell/restrict',
      {
        schema: {
          tags,
          summary:
            'Shut a cell (read-only or isolated) at once: one security officer; the other cells keep serving',
          params: z.object({ cell: z.string().max(31) }),
          body: restrictInput,
          response: { 200: modeSchema, ...errorResponses },
        },
        config: { access: { permission: 'incident.isolate', target: national } },
      },
      async (req) => incidents.restrict(req.params.cell, req.body, req.principal!.id),
    );

    app.post(
      '/v1/incidents/requests',
      {
        schema: {
          tags,
          summary:
            'Ask for a return toward service, a restore or a change of keys; another person must approve',
          body: z.object({ code }).and(requestInput),
          response: { 201: requestSchema, ...errorResponses },
        },
        config: { access: { permission: 'incident.request', target: national } },
      },
      async (req, reply) => {
        const { code: c, ...input } = req.body;
        return reply.status(201).send(await incidents.request(input, req.principal!.id, c));
      },
    );

    app.get(
      '/v1/incidents/requests',
      {
        schema: {
          tags,
          summary: 'Requests, newest first',
          querystring: pageQuery.extend({
            status: z.enum(['pending', 'approved', 'refused', 'done']).optional(),
          }),
          response: { 200: pageSchema(requestSchema), ...errorResponses },
        },
        config: { access: { permission: 'audit.read', target: national } },
      },
      async (req) => ({
        ...(await incidents.requests(req.query)),
        limit: req.query.limit,
        offset: req.query.offset,
      }),
    );

    app.get(
      '/v1/incidents/requests/:id',
      {
        schema: {
          tags,
          summary: 'One request and its decision',
          params: z.object({ id: z.string().max(64) }),
          response: { 200: requestSchema, ...errorResponses },
        },
        config: { access: { permission: 'audit.read', target: national } },
      },
      async (req) => incidents.getRequest(req.params.id),
    );

    app.post(
      '/v1/incidents/requests/:id/decision',
      {
        schema: {
          tags,
          summary:
            "Approve or refuse another person's request (an approved return to service applies at once)",
          params: z.object({ id: z.string().max(64) }),
          body: decisionInput.extend({ code }),
          response: { 200: requestSchema, ...errorResponses },
        },
        config: { access: { permission: 'incident.approve', target: national } },
      },
      async (req) => {
        const { code: c, ...input } = req.body;
        return incidents.decide(req.params.id, input, req.principal!.id, c);
      },
    );

    app.post(
      '/v1/incidents/evidence',
      {
        schema: {
          tags,
          summary:
            'Capture evidence now: every file of the data dir hashed, alerts, checkpoints, processes, the log',
          body: z.strictObject({
            cell: z.string().max(31).nullable().default(null),
            reason: z.string().trim().min(3).max(500),
          }),
          response: { 201: evidenceSchema, ...errorResponses },
        },
        config: { access: { permission: 'incident.isolate', target: national } },
      },
      async (req, reply) => {
        // The manifest's path on the server stays there: the record names it by id and hash.
        const { path: _path, ...record } = await capture(req.body, req.principal!.id);
        return reply.status(201).send(record);
      },
    );

    app.get(
      '/v1/incidents/evidence',
      {
        schema: {
          tags,
          summary: 'The chain of custody, newest first',
          querystring: pageQuery,
          response: { 200: pageSchema(evidenceSchema), ...errorResponses },
        },
        config: { access: { permission: 'audit.read', target: national } },
      },
      async (req) => ({
        ...(await incidents.evidence(req.query)),
        limit: req.query.limit,
        offset: req.query.offset,
      }),
    );

    app.get(
      '/v1/incidents/requests/:id/restore',
      {
        schema: {
          tags,
          summary:
            "A restore request's progress: the phases `postcore restore --request ID` recorded, then its report",
          params: z.object({ id: z.string().max(64) }),
          response: { 200: restoreProgressSchema, ...errorResponses },
        },
        config: { access: { permission: 'audit.read', target: national } },
      },
      async (req) => deps.restoreProgress(req.params.id),
    );

    app.post(
      '/v1/incidents/requests/:id/apply',
      {
        schema: {
          tags,
          summary:
            'Carry out an approved restore: the copy `postcore restore` left in <data dir>/restores/<from> replaces the isolated cell',
          params: z.object({ id: z.string().max(64) }),
          body: z.strictObject({ from: z.string().max(80).describe('the directory name under restores/') }),
          response: { 200: appliedSchema, ...errorResponses },
        },
        config: { access: { permission: 'incident.request', target: national } },
      },
      async (req) => deps.applyRestore(req.params.id, req.body.from, req.principal!.id),
    );

    app.get(
      '/v1/alerts',
      {
        schema: {
          tags,
          summary: "Detection's alerts, newest first, each with its evidence",
          querystring: pageQuery.extend({
            signal: z.enum(SIGNALS).optional(),
            cell: z.string().max(31).optional(),
            open: z.enum(['true', 'false']).optional().describe('true: not acknowledged yet'),
          }),
          response: { 200: pageSchema(alertSchema), ...errorResponses },
        },
        config: { access: { permission: 'audit.read', target: national } },
      },
      async (req) => {
        const { open, ...q } = req.query;
        const page = await incidents.alerts({
          ...q,
          ...(open === undefined ? {} : { open: open === 'true' }),
        });
        return { ...page, limit: q.limit, offset: q.offset };
      },
    );

    app.post(
      '/v1/alerts/:id/acknowledge',
      {
        schema: {
          tags,
          summary: 'Acknowledge an alert: seen, and what was done',
          params: z.object({ id: z.string().max(64) }),
          body: z.strictObject({ note: z.string().max(500) }),
          response: { 200: alertSchema, ...errorResponses },
        },
        config: { access: { permission: 'incident.request', target: national } },
      },
      async (req) => incidents.acknowledge(req.params.id, req.body.note, req.principal!.id),
    );
  };
}
