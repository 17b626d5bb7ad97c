// A cell's routes behind its incident mode: an isolated cell answers nothing, a read-only one only reads.
// The check runs before authentication and validation, so a shut cell does no work for any request.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A write that still runs while its cell is read-only: signing in and out, so officers can act. */
    servesReadOnly?: boolean;
    /**
     * A look-up that takes a body (a POST that changes nothing, such as a quote): served in read-only mode
     * like a GET, and never waits for the vault.
     */
    lookUp?: boolean;
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request would change anything in its cell, as read-only mode sees it. */
export function writes(req: FastifyRequest): boolean {
  const config = req.routeOptions.config;
  return !READS.has(req.method) && config.servesReadOnly !== true && config.lookUp !== true;
}

/**
 * Registers a cell's routes in their own scope with a hook that asks `refusal` first: an error to answer
 * with (the cell is shut) or undefined to serve.
 */
export function guardedRoutes(
  plugins: readonly FastifyPluginAsyncZod[],
  refusal: (req: FastifyRequest) => Error | undefined,
  /**
   * Runs before a successful write is answered: the one place that waits for the vault's acknowledgement of
   * the cell's events (the request says which writes wait, and how long).
   */
  beforeAnswer?: (req: FastifyRequest) => Promise<void>,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', async (req) => {
      const refused = refusal(req);
      if (refused !== undefined) throw refused;
    });
    if (beforeAnswer !== undefined)
      app.addHook('preSerialization', async (req, reply, payload) => {
        if (writes(req) && reply.statusCode < 300) await beforeAnswer(req);
        return payload;
      });
    for (const p of plugins) await app.register(p);
  };
}
