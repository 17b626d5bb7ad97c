export type { Agency, AgencyLevel, DocumentForm, Procedure, RequiredDocument } from './catalogue.model.ts';
export { findAgency, findOfficerAgency, findProcedure } from './catalogue.repository.ts';
export { catalogueEvents } from './catalogue.events.ts';
export { CATALOGUE_COLUMNS } from './catalogue.file.ts';
export {
  createCatalogue,
  type Catalogue,
  type CatalogueDeps,
  type CatalogueFile,
  type ImportResult,
  type ImportScope,
  type OfficerAccount,
  type OfficerAssignment,
  type ProcedureListing,
} from './catalogue.service.ts';
export { catalogueRoutes, procedureJson, type CatalogueRouteDeps } from './catalogue.routes.ts';
export { DEMO_CATALOGUE_FILE, loadDemoCatalogue } from './catalogue.demo.ts';
