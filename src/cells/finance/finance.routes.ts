// The finance cell's API, assembled from its modules' routes. Money is VND in whole đồng, as decimal
// strings; every route declares the permission it needs at an office.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { agencyRoutes } from './agency/index.ts';
import { checkManualTransfers } from './chart/index.ts';
import { codRoutes } from './cod/index.ts';
import type { Finance } from './finance.types.ts';
import { ledgerRoutes } from './ledger/index.ts';
import { overviewRoutes, type OverviewRouteDeps } from './overview/index.ts';
import { payoutRoutes, pensionRoutes, type PensionRouteDeps } from './pensions/index.ts';
import { reportRoutes } from './reports/index.ts';
import { tillRoutes } from './tills/index.ts';

/** Routes of the finance cell: the ledger's, the tills', the pensions', cash on delivery's, agencies' fees' and the reports'. */
export function financeRoutes(
  finance: Finance,
  core: PensionRouteDeps & OverviewRouteDeps,
): FastifyPluginAsyncZod {
  const { ledger, tills, reports, overviews, pensions, payouts, cod, agencies } = finance;
  return async (app) => {
    await ledgerRoutes(
      {
        ledger,
        checkManualTransfers: (officeId, transfers) => checkManualTransfers(ledger, officeId, transfers),
      },
      core,
    )(app, {});
    await tillRoutes(tills, core)(app, {});
    await pensionRoutes({ pensions, payouts }, core)(app, {});
    await payoutRoutes({ pensions, payouts, tills }, core)(app, {});
    await codRoutes(cod, core)(app, {});
    await agencyRoutes(agencies, core)(app, {});
    await reportRoutes({ reports, tills }, core)(app, {});
    await overviewRoutes(overviews, core)(app, {});
  };
}
