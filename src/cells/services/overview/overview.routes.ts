// The managers' overview of the dossiers: one office (its manager) or a whole province (the provincial
// manager), with report.read where the caller may read.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import type { Target } from '../../core/index.ts';
import type { DossierOverviews } from './overview.service.ts';

/** What the overview asks of the core cell. */
export interface OverviewRouteDeps {
  officeTarget(officeId: string): Promise<Target>;
  /** An office's postcode and name. */
  officeLabel(officeId: string): Promise<{ postcode: string; name: string }>;
  /** The province's name and its open post offices; province_not_found for none. */
  provinceOffices(
    province: string,
  ): Promise<{ name: string; offices: Array<{ id: string; postcode: string; name: string }> }>;
}

const officeParams = z.object({ office: z.string().max(64) });
const provinceParams = z.object({ province: z.string().regex(/^\d{2}$/, 'must be a 2-digit province code') });
const row = { at_agency: z.number().int(), near: z.number().int(), past: z.number().int() };
const overviewSchema = z
  .object({
    day: z.string(),
    near_to: z.string().describe('the last day counted as near: two working days on'),
    offices: z.array(z.object({ office_id: z.string(), postcode: z.string(), name: z.string(), ...row })),
    totals: z.object(row),
  })
  .meta({ id: 'DossierOverview' });

/** Routes of the managers' dossier overview. */
export function overviewRoutes(overviews: DossierOverviews, deps: OverviewRouteDeps): FastifyPluginAsyncZod {
  const atOffice: TargetOf = (req) => deps.officeTarget((req.params as { office: string }).office);
  const atProvince: TargetOf = (req) => ({
    officeId: null,
    provinceCode: (req.params as { province: string }).province,
  });
  return async (app) => {
    const tags = ['overview'];
    app.get(
      '/v1/services/offices/:office/overview',
      {
        schema: {
          tags,
          summary: 'An office’s dossiers at an agency today: how many, due within two working days, overdue',
          params: officeParams,
          response: { 200: overviewSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atOffice } },
      },
      async (req) =>
        overviews.overview([{ id: req.params.office, ...(await deps.officeLabel(req.params.office)) }]),
    );
    app.get(
      '/v1/services/provinces/:province/overview',
      {
        schema: {
          tags,
          summary: 'A province’s dossiers at an agency today per office: how many, due soon, overdue',
          params: provinceParams,
          response: { 200: overviewSchema, ...errorResponses },
        },
        config: { access: { permission: 'report.read', target: atProvince } },
      },
      async (req) => overviews.overview((await deps.provinceOffices(req.params.province)).offices),
    );
  };
}
