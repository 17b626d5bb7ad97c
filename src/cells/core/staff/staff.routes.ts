import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NATIONAL, type TargetOf } from '../../../http/auth.ts';
import { allowRoles, knownRoles, ROLES } from '../access/index.ts';
import { errorResponses } from '../../../http/errors.ts';
import { pageQuery, pageSchema } from '../../../http/pagination.ts';
import type { OfficeTargets } from '../access/index.ts';
import type { StaffService } from './staff.service.ts';

export const staffSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    full_name: z.string(),
    cccd: z.string().nullable().describe('12 digits; none for partner users'),
    phone: z.string().describe('E.164, +84…'),
    office_id: z.string(),
    roles: z.array(z.enum(ROLES)),
    status: z.enum(['active', 'disabled']),
    created_at: z.string(),
    disabled_at: z.string().nullable(),
    disabled_reason: z.string().nullable(),
  })
  .meta({ id: 'Staff' });

const idParams = z.object({ id: z.string().max(64) });
const tags = ['staff'];

/** Routes of the staff registry: list, detail, add, change roles, disable. */
export function staffRoutes(staff: StaffService, principals: OfficeTargets): FastifyPluginAsyncZod {
  // The office of the account named in the path: where staff.read and staff.manage must reach.
  const accountOffice: TargetOf = async (req) =>
    principals.office((await staff.get((req.params as { id: string }).id)).office_id);
  return async (app) => {
    app.get(
      '/v1/staff',
      {
        schema: {
          tags,
          summary: 'Staff and partner users, by username; filter by office or province',
          querystring: pageQuery.extend({
            office: z.string().max(64).optional(),
            province: z
              .string()
              .regex(/^\d{2}$/)
              .optional(),
            status: z.enum(['active', 'disabled']).optional(),
          }),
          response: { 200: pageSchema(staffSchema), ...errorResponses },
        },
        config: {
          access: {
            permission: 'staff.read',
            target: async (req) => {
              const q = req.query as { office?: string; province?: string };
              if (q.office !== undefined) return principals.office(q.office);
              if (q.province !== undefined) return { officeId: null, provinceCode: q.province };
              return NATIONAL;
            },
          },
        },
      },
      async (req) => staff.list(req.query),
    );

    app.get(
      '/v1/staff/:id',
      {
        schema: {
          tags,
          summary: 'One member of staff',
          params: idParams,
          response: { 200: staffSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'staff.read',
            target: accountOffice,
          },
        },
      },
      async (req) => staff.get(req.params.id),
    );

    app.post(
      '/v1/staff',
      {
        schema: {
          tags,
          summary: 'Add a member of staff or a partner user (journaled; only the password hash is kept)',
          body: z.object({
            username: z.string().max(64),
            full_name: z.string().max(200),
            cccd: z.string().max(32).nullable().optional(),
            phone: z.string().max(32),
            office_id: z.string().max(64),
            roles: z.array(z.string().max(64)).max(ROLES.length),
            password: z.string().max(200),
          }),
          response: { 201: staffSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'staff.manage',
            target: (req) => principals.office((req.body as { office_id: string }).office_id),
          },
        },
      },
      async (req, reply) => {
        allowRoles(req.principal!, knownRoles(req.body.roles));
        return reply.status(201).send(await staff.add(req.body, req.principal!.id));
      },
    );

    app.put(
      '/v1/staff/:id/roles',
      {
        schema: {
          tags,
          summary: 'Replace the roles of an account',
          params: idParams,
          body: z.object({ roles: z.array(z.string().max(64)).max(ROLES.length) }),
          response: { 200: staffSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'staff.manage',
            target: accountOffice,
          },
        },
      },
      async (req) => {
        const current = await staff.get(req.params.id);
        // Both what the account holds and what it is to hold must be within the caller's reach.
        allowRoles(req.principal!, [...current.roles, ...knownRoles(req.body.roles)]);
        return staff.changeRoles(req.params.id, req.body.roles, req.principal!.id);
      },
    );

    app.post(
      '/v1/staff/:id/disable',
      {
        schema: {
          tags,
          summary: 'Disable an account: it can no longer sign in and its tokens stop working',
          params: idParams,
          body: z.object({ reason: z.string().max(500) }),
          response: { 200: staffSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'staff.manage',
            target: accountOffice,
          },
        },
      },
      async (req) => {
        allowRoles(req.principal!, (await staff.get(req.params.id)).roles);
        return staff.disable(req.params.id, req.body.reason, req.principal!.id);
      },
    );
  };
}
