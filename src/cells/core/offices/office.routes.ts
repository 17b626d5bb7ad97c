import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NATIONAL, type TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { pageQuery, pageSchema } from '../../../http/pagination.ts';
import type { OfficeTargets } from '../access/index.ts';
import { OFFICE_TYPES } from './office.events.ts';
import type { OfficeNode, Offices } from './office.service.ts';

export const officeSchema = z
  .object({
    id: z.string(),
    type: z.enum(OFFICE_TYPES),
    name: z.string(),
    postcode: z.string().describe('5 digits, never reused'),
    province_code: z.string().nullable(),
    commune_code: z.string().nullable(),
    address: z.string(),
    phone: z.string().nullable(),
    opening_hours: z.string(),
    parent_id: z.string().nullable(),
    status: z.enum(['open', 'closed']),
    opened_at: z.string(),
    closed_at: z.string().nullable(),
    close_reason: z.string().nullable(),
  })
  .meta({ id: 'Office' });

const officeNode: z.ZodType<OfficeNode> = officeSchema
  .extend({
    child_count: z.number().int(),
    get children() {
      return z.array(officeNode);
    },
  })
  .meta({ id: 'OfficeNode' });

const idParams = z.object({ id: z.string().max(64) });
const tags = ['offices'];
const DIRECTORY = 'the post office directory (names, addresses, hours) is public, as on the post’s website';

/** Routes of the office registry: the public directory, and opening, moving and closing offices. */
export function officeRoutes(offices: Offices, principals: OfficeTargets): FastifyPluginAsyncZod {
  const officeParam: TargetOf = (req) => principals.office((req.params as { id: string }).id);
  return async (app) => {
    app.get(
      '/v1/offices',
      {
        schema: {
          tags,
          summary: 'Offices by postcode, filtered by type, province, commune, postcode, parent or status',
          querystring: pageQuery.extend({
            type: z.enum(OFFICE_TYPES).optional(),
            province: z
              .string()
              .regex(/^\d{2}$/, 'must be a 2-digit province code such as 01')
              .optional(),
            commune: z
              .string()
              .regex(/^\d{5}$/, 'must be a 5-digit commune code such as 00004')
              .optional(),
            postcode: z
              .string()
              .regex(/^\d{5}$/, 'must be a 5-digit postcode such as 01100')
              .optional()
              .describe('the office holding this postcode'),
            parent: z.string().max(64).optional(),
            status: z.enum(['open', 'closed']).optional(),
          }),
          response: { 200: pageSchema(officeSchema), ...errorResponses },
        },
        config: { access: { public: true, reason: DIRECTORY } },
      },
      async (req) => offices.list(req.query),
    );

    app.get(
      '/v1/offices/tree',
      {
        schema: {
          tags,
          summary: 'The hierarchy under an office (the corporation by default), 1 to 3 levels down',
          querystring: z.object({
            root: z.string().max(64).optional(),
            depth: z.coerce.number().int().min(1).max(3).default(1),
          }),
          response: { 200: officeNode, ...errorResponses },
        },
        config: { access: { public: true, reason: DIRECTORY } },
      },
      async (req) => offices.tree(req.query.root, req.query.depth),
    );

    app.get(
      '/v1/offices/:id',
      {
        schema: {
          tags,
          summary: 'One office',
          params: idParams,
          response: { 200: officeSchema, ...errorResponses },
        },
        config: { access: { public: true, reason: DIRECTORY } },
      },
      async (req) => offices.get(req.params.id),
    );

    app.post(
      '/v1/offices',
      {
        schema: {
          tags,
          summary:
            'Open an office (a provincial manager under an office of the province; the corporation for the rest)',
          body: z.object({
            type: z.string().max(32),
            name: z.string().max(300),
            postcode: z.string().max(16),
            commune_code: z.string().max(16),
            address: z.string().max(500),
            phone: z.string().max(32).nullable().optional(),
            opening_hours: z.string().max(300),
            parent_id: z.string().max(64).nullable().optional(),
          }),
          response: { 201: officeSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'office.manage',
            // Under an office of a province: that province's reach. Under the corporation (a provincial
            // post, a national sorting centre) or at the top: the whole post's.
            target: async (req) => {
              const parentId = (req.body as { parent_id?: string | null }).parent_id;
              if (parentId === undefined || parentId === null) return NATIONAL;
              const parent = await offices.get(parentId);
              return parent.type === 'corporation' ? NATIONAL : principals.office(parentId);
            },
          },
        },
      },
      async (req, reply) => reply.status(201).send(await offices.open(req.body, req.principal!.id)),
    );

    app.post(
      '/v1/offices/:id/move',
      {
        schema: {
          tags,
          summary: 'Move an office to another commune and address of its province (its postcode stays)',
          params: idParams,
          body: z.object({ commune_code: z.string().max(16), address: z.string().max(500) }),
          response: { 200: officeSchema, ...errorResponses },
        },
        config: { access: { permission: 'office.manage', target: officeParam } },
      },
      async (req) => offices.move(req.params.id, req.body, req.principal!.id),
    );

    app.post(
      '/v1/offices/:id/close',
      {
        schema: {
          tags,
          summary: 'Close an office with no open offices under it',
          params: idParams,
          body: z.object({ reason: z.string().max(500) }),
          response: { 200: officeSchema, ...errorResponses },
        },
        config: { access: { permission: 'office.manage', target: officeParam } },
      },
      async (req) => offices.close(req.params.id, req.body.reason, req.principal!.id),
    );
  };
}
