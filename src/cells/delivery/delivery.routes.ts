// The delivery cell's routes: each module's own, assembled in one scope that reads a shipper's text/csv.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { acceptanceRoutes, itemRoutes, SHIPMENTS_BODY_LIMIT, type Items } from './items/index.ts';
import { overviewRoutes, type ParcelOverviews } from './overview/index.ts';
import { roundRoutes, type Rounds } from './rounds/index.ts';
import { routeTargets, type DeliveryRouteDeps } from './shared.routes.ts';
import { bagRoutes, type Transport } from './transport/index.ts';

export type { DeliveryRouteDeps } from './shared.routes.ts';

/** Routes of the delivery cell. */
export function deliveryRoutes(
  delivery: { items: Items; transport: Transport; rounds: Rounds; overviews: ParcelOverviews },
  core: DeliveryRouteDeps,
): FastifyPluginAsyncZod {
  const at = routeTargets(core);
  const modules = [
    acceptanceRoutes(delivery.items, core, at),
    itemRoutes(delivery.items, core, at),
    bagRoutes(delivery.transport, core, at),
    roundRoutes(delivery.rounds, core, at),
    overviewRoutes(delivery.overviews, core, at),
  ];
  return async (app) => {
    app.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: SHIPMENTS_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    for (const routes of modules) await app.register(routes);
  };
}
