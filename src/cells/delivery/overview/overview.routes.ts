// The managers' overview of the parcels: one office (its manager) or a whole province (the provincial
// manager), with report.read where the caller may read.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { dayText } from '../../../platform/day-schema.ts';
import { officeParams, type DeliveryRouteDeps, type RouteTargets } from '../shared.routes.ts';
import { COUNTS, type ParcelOverviews } from './overview.service.ts';

const provinceParams = z.object({ province: z.string().regex(/^\d{2}$/, 'must be a 2-digit province code') });
const query = z.object({
  day: dayText().optional().describe('the Vietnam day (today unless told)'),
});
const counts = Object.fromEntries(COUNTS.map((k) => [k, z.number().int()])) as Record<
  (typeof COUNTS)[number],
  z.ZodNumber
>;
const overviewSchema = z
  .object({
    day: z.string(),
    offices: z.array(z.object({ office_id: z.string(), postcode: z.string(), name: z.string(), ...counts })),
    totals: z.object(counts),
  })
  .meta({ id: 'ParcelOverview' });

/** Routes of the managers' parcel overview. */
export function overviewRoutes(
  overviews: ParcelOverviews,
  core: DeliveryRouteDeps,
  at: RouteTargets,
): FastifyPluginAsyncZod {
  const atProvince: TargetOf = (req) => ({
    officeId: null,
    provinceCode: (req.params as { province: string }).province,
  });
  const today = () => vietnamDay(core.now());
  return async (app) => {
    const tags = ['overview'];
    app.get(
      '/v1/delivery/offices/:office/overview',
      {
        schema: {
          tags,
          summary:
            'An office’s parcels today for its manager: accepted, departed, arrived, out for delivery, delivered, failed and held, and what lies there or is coming now',
          params: officeParams,
          querystring: query,
          response: { 200: overviewSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: at.office } },
      },
      async (req) => {
        const label = await core.officeLabel(req.params.office);
        return overviews.overview([{ id: req.params.office, ...label }], req.query.day ?? today());
      },
    );
    app.get(
      '/v1/delivery/provinces/:province/overview',
      {
        schema: {
          tags,
          summary: 'A province’s parcels today per office, for its manager (the same counts as an office’s)',
          params: provinceParams,
          querystring: query,
          response: { 200: overviewSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atProvince } },
      },
      async (req) => {
        const { offices } = await core.provinceOffices(req.params.province);
        return overviews.overview(offices, req.query.day ?? today());
      },
    );
  };
}
