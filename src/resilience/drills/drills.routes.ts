// The drill on screen: the security console starts a demo-scale ransomware drill on a drill data dir of its own
// (one at a time) and watches its timeline fill in; the auditor reads the drills and their reports.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NATIONAL } from '../../http/auth.ts';
import { errorResponses } from '../../http/errors.ts';
import type { DrillDetail, Drills } from './drills.service.ts';
import { DRILL_PHASES } from './record.ts';

const tags = ['drills'];
const national = () => NATIONAL;
const paid = z.object({ count: z.number().int(), amount: z.string().describe('VND') });

const drillSchema = z
  .object({
    id: z.string(),
    scale: z.enum(['demo']),
    status: z.enum(['running', 'passed', 'failed', 'stopped']),
    started_at: z.string(),
    started_by: z.string().nullable().describe('null: started on the command line'),
    finished_at: z.string().nullable(),
    last_step: z.string().nullable(),
    phase: z.enum(DRILL_PHASES).nullable(),
  })
  .meta({ id: 'Drill' });

const detailSchema = drillSchema
  .extend({
    timeline: z.array(
      z.object({
        step: z.string(),
        at: z.string(),
        phase: z.enum(DRILL_PHASES),
        offset_s: z.number().nullable().describe('seconds since the attack; null before it came'),
        night: z.string().nullable().describe('the time on the night, the attack at 03:10:00'),
      }),
    ),
    paid: z.object({ total: paid, during_outage: paid.nullable() }),
    report: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe("the drill's report (postcore-drill/1) once written"),
  })
  .meta({ id: 'DrillDetail' });

const idParams = z.object({ id: z.string().max(64) });

/** The report goes out as the drill wrote it (its own format, postcore-drill/1). */
const wire = (d: DrillDetail) => ({ ...d, report: d.report as unknown as Record<string, unknown> | null });

/** Routes of the drills: start one from the console, list them, watch one. */
export function drillsRoutes(drills: Drills): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onClose', () => drills.close());

    app.post(
      '/v1/drills',
      {
        schema: {
          tags,
          summary:
            'Start a demo-scale ransomware drill on a fresh drill data dir (never the live data); while one runs, that one is answered',
          body: z.object({ scale: z.enum(['demo']).describe('the console starts demo-scale drills only') }),
          response: { 200: detailSchema, 202: detailSchema, ...errorResponses },
        },
        config: { access: { permission: 'incident.isolate', target: national } },
      },
      async (req, reply) => {
        const { drill, started } = drills.start(req.principal!.id);
        return reply.status(started ? 202 : 200).send(wire(drill));
      },
    );

    app.get(
      '/v1/drills',
      {
        schema: {
          tags,
          summary:
            'The drills started from the console, newest first (on a drill’s own platform: that drill)',
          response: { 200: z.object({ items: z.array(drillSchema) }), ...errorResponses },
        },
        config: { access: { permission: 'audit.read', target: national } },
      },
      async () => ({ items: drills.list() }),
    );

    app.get(
      '/v1/drills/:id',
      {
        schema: {
          tags,
          summary: "A drill's timeline as it fills in, the pensions paid meanwhile, and its report once done",
          params: idParams,
          response: { 200: detailSchema, ...errorResponses },
        },
        config: { access: { permission: 'audit.read', target: national } },
      },
      async (req) => wire(drills.get(req.params.id)),
    );
  };
}
