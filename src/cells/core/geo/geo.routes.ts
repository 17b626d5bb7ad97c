import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../../http/errors.ts';
import { pageQuery, pageSchema } from '../../../http/pagination.ts';
import { searchTokens } from '../../../platform/text.ts';
import type { Geo } from './geo.service.ts';

const provinceCode = z
  .string()
  .regex(/^\d{2}$/, 'must be a 2-digit province code such as 01 (see GET /v1/geo/provinces)');

// Checked here so that the error names querystring.q, rather than failing deeper in the service.
const searchQuery = z
  .string()
  .max(100)
  .superRefine((q, ctx) => {
    let tokens: string[];
    try {
      tokens = searchTokens(q);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be text without control characters or broken Unicode' });
      return;
    }
    if (tokens.length === 0)
      ctx.addIssue({ code: 'custom', message: 'must contain at least one letter or digit' });
  });

const province = z
  .object({
    code: z.string().describe('NSO code, 2 digits'),
    name: z.string(),
    type: z.string().describe('tỉnh or thành phố trung ương'),
    phone_code: z.string().nullable().describe('landline area code, e.g. 024'),
    commune_count: z.number().int(),
  })
  .meta({ id: 'Province' });

const commune = z
  .object({
    code: z.string().describe('NSO code, 5 digits'),
    name: z.string(),
    type: z.string().describe('xã, phường or đặc khu'),
    province_code: z.string(),
    province_name: z.string(),
  })
  .meta({ id: 'Commune' });

const tags = ['geography'];
const access = { public: true, reason: 'the administrative divisions are public reference data' } as const;

/** Routes of the geography module: provinces and communes since 1 July 2025. */
export function geoRoutes(geo: Geo): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/geo/provinces',
      {
        schema: {
          tags,
          summary: 'The 34 provinces and centrally governed cities',
          response: {
            200: z.object({ items: z.array(province), total: z.number().int() }),
            ...errorResponses,
          },
        },
        config: { access },
      },
      async () => {
        const items = await geo.listProvinces();
        return { items, total: items.length };
      },
    );

    app.get(
      '/v1/geo/provinces/:code/communes',
      {
        schema: {
          tags,
          summary: 'Communes of one province, in code order, paginated',
          params: z.object({ code: provinceCode }),
          querystring: pageQuery,
          response: { 200: pageSchema(commune), ...errorResponses },
        },
        config: { access },
      },
      async (req) => geo.listCommunes(req.params.code, req.query),
    );

    app.get(
      '/v1/geo/communes',
      {
        schema: {
          tags,
          summary: 'Search communes by name, accent-insensitive ("hoa binh" finds "Hòa Bình")',
          querystring: pageQuery.extend({
            q: searchQuery.optional().describe('words of the name, with or without accents'),
            province: provinceCode.optional().describe('restrict to one province'),
          }),
          response: { 200: pageSchema(commune), ...errorResponses },
        },
        config: { access },
      },
      async (req) => geo.searchCommunes(req.query),
    );
  };
}
