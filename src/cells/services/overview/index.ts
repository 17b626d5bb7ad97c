export { createDossierOverviews, type DossierOverview, type DossierOverviews } from './overview.service.ts';
export { overviewRoutes, type OverviewRouteDeps } from './overview.routes.ts';
