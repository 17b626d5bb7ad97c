// Who is calling, and may they: the one gate every route passes. Routes declare what they need in their
// config (`public`, `signedIn` or a permission with its target); the check itself is handed in to buildServer
// (the core cell's authorize(), wired in src/access.ts), as Hono's bearer-auth is handed its verifyToken.
import type {} from '@fastify/cookie';
import type {
  FastifyRequest,
  onRequestHookHandler,
  preHandlerAsyncHookHandler,
  preParsingAsyncHookHandler,
  RouteOptions,
} from 'fastify';
import { HttpError } from './errors.ts';

/**
 * The application's access model, as types: src/access.ts fills it in by declaration merging (principal,
 * permission, target, role), so routes see the core cell's types while http/ names no cell. Until it is
 * filled in, a principal is anything with an id and the rest is a string.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by declaration merging
export interface AccessModel {}
type Given<K extends string, Otherwise> = AccessModel extends Record<K, infer T> ? T : Otherwise;

/** Who is acting. */
export type Principal = Given<'principal', { readonly id: string }>;
/** What they want to do. */
export type Permission = Given<'permission', string>;
/** A role an account may hold. */
export type Role = Given<'role', string>;
/** Where the action happens: an office (and its province), or nowhere in particular (national). */
export type Target = Given<'target', { officeId: string | null; provinceCode: string | null }>;

/** The application's check, handed to buildServer: undefined when it may, else the refusal to throw (a 403). */
export interface Authorizer {
  /** May the principal act with this permission at the target? */
  authorize(p: Principal, permission: Permission, target: Target): Error | undefined;
  /** May the principal give, take away or act on accounts holding these roles? */
  authorizeRoles(p: Principal, roles: readonly Role[]): Error | undefined;
}

export const SESSION_COOKIE = 'postcore_session';

export interface Credentials {
  bearer?: string;
  session?: string;
}

/** Turns credentials into a principal, or throws session_invalid / token_invalid. */
export type Authenticate = (c: Credentials) => Promise<Principal>;

/** Where a route's action happens, computed from the validated request (params, query, body). */
export type TargetOf = (req: FastifyRequest) => Target | Promise<Target>;

export type Access =
  { public: true; reason: string } | { signedIn: true } | { permission: Permission; target: TargetOf };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** The whole post: an action that happens at no office in particular. */
export const NATIONAL: Target = { officeId: null, provinceCode: null };

function credentialsOf(req: FastifyRequest): Credentials | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m === null)
      throw new HttpError(
        'authentication_required',
        'The Authorization header must be "Bearer <token>"',
        'Tiêu đề Authorization phải có dạng "Bearer <mã truy cập>"',
      );
    return { bearer: m[1]! };
  }
  const session = req.cookies[SESSION_COOKIE];
  return session === undefined || session === '' ? undefined : { session };
}

/** The caller, from a bearer token or the session cookie; 401 when there is neither or it is not live. */
export async function principalOf(req: FastifyRequest, authenticate: Authenticate): Promise<Principal> {
  if (req.principal !== null) return req.principal;
  const credentials = credentialsOf(req);
  if (credentials === undefined)
    throw new HttpError(
      'authentication_required',
      'Sign in (POST /v1/auth/sign-in) or send an API token as "Authorization: Bearer <token>"',
      'Bạn cần đăng nhập để dùng chức năng này',
    );
  req.principal = await authenticate(credentials);
  return req.principal;
}

/** The route's gate, from its declared access; every /v1 route must declare one. */
export function accessHook(authenticate: Authenticate, check: Authorizer): preHandlerAsyncHookHandler {
  return async function gate(req) {
    const access = req.routeOptions.config.access;
    if (access === undefined || 'public' in access) return;
    const p = await principalOf(req, authenticate);
    if (!('permission' in access)) return;
    const refused = check.authorize(p, access.permission, await access.target(req));
    if (refused !== undefined) throw refused;
  };
}

/**
 * Who is calling, checked before the body is read (preParsing): an anonymous upload to a route that needs
 * sign-in is answered 401 without a byte of it in memory. The permission, whose target may come from the
 * body, is still checked by accessHook once it is parsed. It runs after the cell guard's onRequest hook.
 */
export function signInBeforeBody(authenticate: Authenticate): preParsingAsyncHookHandler {
  return async function signedInFirst(req, _reply, payload) {
    const access = req.routeOptions.config.access;
    if (access !== undefined && !('public' in access)) await principalOf(req, authenticate);
    return payload;
  };
}

export const initPrincipal: onRequestHookHandler = (req, _reply, done) => {
  req.principal = null;
  done();
};

/**
 * Refuses, at start-up, a /v1 route that declares no access, and writes each route's access into its
 * OpenAPI entry, so the document says what every route needs.
 */
export function declareAccess(r: RouteOptions): void {
  if (!r.url.startsWith('/v1/')) return;
  const access = r.config?.access;
  if (access === undefined)
    throw new Error(
      `route ${String(r.method)} ${r.url} declares no access (public, signedIn or a permission)`,
    );
  const schema = (r.schema ?? {}) as Record<string, unknown>;
  const note =
    'public' in access
      ? `Public: ${access.reason}.`
      : 'signedIn' in access
        ? 'Needs a signed-in user or an API token.'
        : `Needs permission \`${access.permission}\` at the target office or province.`;
  r.schema = {
    ...schema,
    description: [schema['description'], note].filter((x) => typeof x === 'string').join('\n\n'),
    ...('public' in access ? {} : { security: [{ session: [] }, { bearer: [] }] }),
  };
}
