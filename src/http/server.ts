import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newId } from '../platform/ids.ts';
import {
  accessHook,
  declareAccess,
  initPrincipal,
  SESSION_COOKIE,
  signInBeforeBody,
  type Authenticate,
  type Authorizer,
} from './auth.ts';
import { errorHandler, errorResponses, handleNotFound, HttpError, type ErrorStatus } from './errors.ts';
import { refuseNul } from './nul-guard.ts';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface ServerDeps {
  logger: FastifyBaseLogger;
  version: string;
  /** One check per cell database; /ready answers 503 if any fails. */
  readiness: readonly ReadinessCheck[];
  routes: readonly FastifyPluginAsyncZod[];
  /** Who is behind a session cookie or a bearer token (the core cell). */
  authenticate: Authenticate;
  /** Whether they may (the core cell's authorize): every route's declared permission, allow(), allowRoles(). */
  authorizer: Authorizer;
  /** Every error code's HTTP status (ERROR_STATUS); a code it lacks is answered 500. */
  errorStatus: ErrorStatus;
  /**
   * The id of the office with this 5-digit postcode, so that an `{office}` in a path may name the office either
   * way (`ofc_…` or `10000`); unknown postcodes are the resolver's refusal (404).
   */
  officeByPostcode?: (postcode: string) => Promise<string>;
}

const POSTCODE = /^\d{5}$/;

const publicRoutes = new WeakMap<object, string[]>();

/** `METHOD /path` of every route the server documents (not hidden, not HEAD), for checking the OpenAPI. */
export function documentedRoutes(app: object): readonly string[] {
  return publicRoutes.get(app) ?? [];
}

/** Builds the HTTP server: validation, OpenAPI, error mapping, health and every cell's routes. */
export async function buildServer(deps: ServerDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    // Ids are ours, never the client's, so a log line cannot be forged through a header.
    genReqId: () => newId('req'),
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
  }).withTypeProvider<ZodTypeProvider>();
  const routes: string[] = [];
  publicRoutes.set(app, routes);
  app.addHook('onRoute', (r) => {
    declareAccess(r);
    const hidden = r.schema?.hide === true;
    for (const m of [r.method].flat()) {
      if (!hidden && m !== 'HEAD') routes.push(`${m} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(deps.errorStatus));
  app.setNotFoundHandler(handleNotFound);
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  app.decorateRequest('principal', null);
  app.addHook('onRequest', initPrincipal);
  app.addHook('preValidation', refuseNul);
  app.addHook('preParsing', signInBeforeBody(deps.authenticate));
  const { officeByPostcode } = deps;
  if (officeByPostcode !== undefined)
    // Before the access check, whose target is the office the path names.
    app.addHook('preHandler', async (req) => {
      const params = req.params as Record<string, unknown> | undefined;
      const office = params?.['office'];
      if (typeof office === 'string' && POSTCODE.test(office))
        params!['office'] = await officeByPostcode(office);
    });
  app.addHook('preHandler', accessHook(deps.authenticate, deps.authorizer));
  await app.register(cookie);
  // Off by default; routes that need it (sign-in) set config.rateLimit. Keyed by the client's address.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new HttpError(
        'rate_limited',
        `Too many requests from this address: at most ${context.max} per ${context.after}; try again later`,
        `Quá nhiều yêu cầu từ địa chỉ này; hãy thử lại sau ${context.after}`,
      ),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'postcore',
        version: deps.version,
        description:
          'The core IT platform of a national post. Errors are {code, message, message_vi, request_id}; ' +
          'money is VND as integer strings. Staff sign in at POST /v1/auth/sign-in (a session cookie); ' +
          'partners and scripts send an API token as "Authorization: Bearer pct_…". Every write that moves ' +
          'money or creates something requires an Idempotency-Key header (a new UUID per request, the same ' +
          'one on a retry): the retry is answered with the first result and takes no second effect.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) },
      },
    },
    async () => ({ status: 'ok' as const, version: deps.version }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: every cell database answers',
        response: {
          200: z.object({ status: z.literal('ready'), cells: z.record(z.string(), z.string()) }),
          503: z.object({ status: z.literal('not_ready'), cells: z.record(z.string(), z.string()) }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const results = await Promise.all(
        deps.readiness.map(async (r) => {
          try {
            await r.check();
            return [r.name, 'ok'] as const;
          } catch (err) {
            // The detail goes to the log only: /ready answers anyone, and driver errors name hosts and files.
            req.log.warn({ err, cell: r.name }, 'readiness check failed');
            return [r.name, 'unavailable'] as const;
          }
        }),
      );
      const cells = Object.fromEntries(results);
      if (results.every(([, s]) => s === 'ok')) return { status: 'ready' as const, cells };
      return reply.status(503).send({ status: 'not_ready' as const, cells });
    },
  );

  for (const routes of deps.routes) await app.register(routes);
  return app;
}

export type Server = Awaited<ReturnType<typeof buildServer>>;
