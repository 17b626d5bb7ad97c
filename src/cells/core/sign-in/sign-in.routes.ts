import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../../http/auth.ts';
import { allowRoles } from '../access/index.ts';
import { errorResponses } from '../../../http/errors.ts';
import {
  PERMISSIONS,
  ROLE_GRANTS,
  ROLES,
  type Permission,
  type OfficeTargets,
  type Scope,
} from '../access/index.ts';
import { CoreError } from '../core-error.ts';
import { staffSchema, type StaffService } from '../staff/index.ts';
import type { SignIn } from './sign-in.service.ts';

/** Sign-in attempts per client address per minute, before any password is checked. */
export const SIGN_IN_PER_MINUTE = 10;

const tags = ['sign-in'];
const scopeOrder: Scope[] = ['office', 'province', 'all'];

/** Each permission a set of roles grants, with the widest scope any of them gives it. */
function permissionsOf(roles: readonly (typeof ROLES)[number][]): { permission: Permission; scope: Scope }[] {
  return PERMISSIONS.flatMap((permission) => {
    const scopes = roles
      .filter((r) => ROLE_GRANTS[r].permissions.includes(permission))
      .map((r) => ROLE_GRANTS[r].scope);
    if (scopes.length === 0) return [];
    return [{ permission, scope: scopeOrder[Math.max(...scopes.map((s) => scopeOrder.indexOf(s)))]! }];
  });
}

/** Routes of sign-in: sign in and out with a session cookie, who am I, and second-factor enrolment. */
export function signInRoutes(
  signIn: SignIn,
  staff: Pick<StaffService, 'get'>,
  principals: OfficeTargets,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/v1/auth/sign-in',
      {
        schema: {
          tags,
          summary:
            'Sign in with username and password (and a TOTP code for privileged roles); sets the session cookie',
          body: z.object({
            username: z.string().max(64),
            password: z.string().max(200),
            code: z.string().max(16).optional().describe('6 digits from the authenticator app'),
          }),
          response: {
            200: z.object({ staff: staffSchema, expires_at: z.string() }),
            ...errorResponses,
          },
        },
        config: {
          access: { public: true, reason: 'this is where a session starts' },
          rateLimit: { max: SIGN_IN_PER_MINUTE, timeWindow: '1 minute' },
          servesReadOnly: true,
        },
      },
      async (req, reply) => {
        const r = await signIn.signIn(req.body.username, req.body.password, req.body.code);
        void reply.setCookie(SESSION_COOKIE, r.secret, {
          httpOnly: true,
          secure: true,
          sameSite: 'strict',
          path: '/',
          expires: new Date(r.expiresAt),
        });
        return { staff: r.staff, expires_at: r.expiresAt };
      },
    );

    app.post(
      '/v1/auth/sign-out',
      {
        schema: {
          tags,
          summary: 'End this session and clear its cookie',
          response: { 204: z.null(), ...errorResponses },
        },
        config: { access: { signedIn: true }, servesReadOnly: true },
      },
      async (req, reply) => {
        const secret = req.cookies[SESSION_COOKIE];
        if (secret !== undefined && req.principal!.token === undefined)
          await signIn.signOut(secret, req.principal!.id);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/v1/auth/password',
      {
        schema: {
          tags,
          summary: 'Change your own password; every session of the account ends, so sign in again',
          body: z.object({ current_password: z.string().max(200), new_password: z.string().max(200) }),
          response: { 204: z.null(), ...errorResponses },
        },
        config: {
          access: { signedIn: true },
          rateLimit: { max: SIGN_IN_PER_MINUTE, timeWindow: '1 minute' },
        },
      },
      async (req, reply) => {
        const p = req.principal!;
        if (p.token !== undefined)
          throw new CoreError(
            'token_out_of_scope',
            'A password is changed in a signed-in session, not with an API token',
            'Hãy đăng nhập để đổi mật khẩu; không dùng mã truy cập (token)',
            { permission: 'password' },
          );
        await signIn.changePassword(p.id, req.body.current_password, req.body.new_password);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/v1/me',
      {
        schema: {
          tags,
          summary: 'Who is signed in: account, office, roles and what each permission reaches',
          response: {
            200: z.object({
              staff: staffSchema,
              office_province: z.string(),
              roles: z.array(
                z.object({ role: z.enum(ROLES), name_vi: z.string(), scope: z.enum(scopeOrder) }),
              ),
              permissions: z.array(z.object({ permission: z.enum(PERMISSIONS), scope: z.enum(scopeOrder) })),
              token: z
                .object({ permissions: z.array(z.enum(PERMISSIONS)), office_id: z.string().nullable() })
                .nullable()
                .describe('when calling with an API token: what it narrows you to'),
              second_factor: z.boolean(),
            }),
            ...errorResponses,
          },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => {
        const p = req.principal!;
        return {
          staff: await staff.get(p.id),
          office_province: p.provinceCode,
          roles: p.roles.map((role) => ({
            role,
            name_vi: ROLE_GRANTS[role].nameVi,
            scope: ROLE_GRANTS[role].scope,
          })),
          permissions: permissionsOf(p.roles).filter(
            (x) => p.token === undefined || p.token.permissions.includes(x.permission),
          ),
          token:
            p.token === undefined
              ? null
              : { permissions: [...p.token.permissions], office_id: p.token.officeId },
          second_factor: await signIn.hasSecondFactor(p.id),
        };
      },
    );

    app.post(
      '/v1/staff/:id/second-factor',
      {
        schema: {
          tags,
          summary: 'Enrol (or replace) an account’s TOTP second factor; the seed is in this answer only',
          params: z.object({ id: z.string().max(64) }),
          response: {
            201: z.object({
              secret: z.string().describe('base32 seed, for typing into an authenticator app'),
              uri: z.string().describe('otpauth:// URI, for a QR code'),
            }),
            ...errorResponses,
          },
        },
        config: {
          access: {
            permission: 'second_factor.enrol',
            target: async (req) =>
              principals.office((await staff.get((req.params as { id: string }).id)).office_id),
          },
        },
      },
      async (req, reply) => {
        allowRoles(req.principal!, (await staff.get(req.params.id)).roles);
        return reply.status(201).send(await signIn.enrolSecondFactor(req.params.id, req.principal!.id));
      },
    );
  };
}
