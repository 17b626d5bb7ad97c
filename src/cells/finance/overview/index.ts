export {
  createOverviews,
  phaseOn,
  type FinanceOverview,
  type Overviews,
  type OverviewScope,
} from './overview.service.ts';
export { overviewRoutes, type OverviewRouteDeps } from './overview.routes.ts';
