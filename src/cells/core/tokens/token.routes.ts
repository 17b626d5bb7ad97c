import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, PERMISSIONS, type Principal, type OfficeTargets } from '../access/index.ts';
import { errorResponses } from '../../../http/errors.ts';
import { CoreError } from '../core-error.ts';
import type { StaffService } from '../staff/index.ts';
import { MAX_TOKEN_DAYS, type Tokens } from './token.service.ts';

export const tokenSchema = z
  .object({
    id: z.string(),
    staff_id: z.string(),
    name: z.string(),
    permissions: z.array(z.enum(PERMISSIONS)),
    office_id: z.string().nullable().describe('the one office it may act at; null for the holder’s reach'),
    created_at: z.string(),
    expires_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

const tags = ['tokens'];

/** Routes of API tokens: a holder manages their own; token.manage manages anyone's in its reach. */
export function tokenRoutes(
  tokens: Tokens,
  staff: Pick<StaffService, 'get'>,
  principals: OfficeTargets,
): FastifyPluginAsyncZod {
  // Someone else's tokens need token.manage at the holder's office.
  const mayManage = async (p: Principal, holderId: string) => {
    if (holderId !== p.id)
      allow(p, 'token.manage', await principals.office((await staff.get(holderId)).office_id));
  };
  return async (app) => {
    app.get(
      '/v1/tokens',
      {
        schema: {
          tags,
          summary: 'API tokens of one holder (yourself by default), never their secrets',
          querystring: z.object({ staff: z.string().max(64).optional() }),
          response: { 200: z.object({ items: z.array(tokenSchema) }), ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => {
        const holder = req.query.staff ?? req.principal!.id;
        await mayManage(req.principal!, holder);
        return { items: await tokens.listOf(holder) };
      },
    );

    app.post(
      '/v1/tokens',
      {
        schema: {
          tags,
          summary: 'Issue an API token (for yourself by default); the secret is in this answer only',
          description:
            'Never wider than its holder: every permission must be one the holder has, and `office_id` an office where the holder has each of them (otherwise 422 `token_scope_too_wide` naming the field).',
          body: z.object({
            staff_id: z.string().max(64).optional(),
            name: z.string().max(200),
            permissions: z.array(z.string().max(64)).max(PERMISSIONS.length),
            office_id: z.string().max(64).nullable().optional(),
            days: z.number().int().describe(`1 to ${MAX_TOKEN_DAYS}`),
          }),
          response: {
            201: z.object({ token: z.string().describe('pct_…, shown once'), api_token: tokenSchema }),
            ...errorResponses,
          },
        },
        config: { access: { signedIn: true } },
      },
      async (req, reply) => {
        const p = req.principal!;
        if (p.token !== undefined)
          throw new CoreError(
            'token_out_of_scope',
            'An API token cannot issue tokens: sign in with a password to issue one',
            'Không thể dùng mã truy cập để cấp mã truy cập mới: hãy đăng nhập bằng mật khẩu',
            { permission: 'token.manage' },
          );
        const holder = req.body.staff_id ?? p.id;
        await mayManage(p, holder);
        const { token, apiToken } = await tokens.issue({ ...req.body, staff_id: holder }, p.id);
        return reply.status(201).send({ token, api_token: apiToken });
      },
    );

    app.post(
      '/v1/tokens/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Revoke an API token at once (yours, or any in your reach with token.manage)',
          params: z.object({ id: z.string().max(64) }),
          body: z.object({ reason: z.string().max(500) }),
          response: { 200: tokenSchema, ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => {
        await mayManage(req.principal!, (await tokens.get(req.params.id)).staff_id);
        return tokens.revoke(req.params.id, req.body.reason, req.principal!.id);
      },
    );
  };
}
