export { createParcelOverviews, type ParcelOverview, type ParcelOverviews } from './overview.service.ts';
export { overviewRoutes } from './overview.routes.ts';
