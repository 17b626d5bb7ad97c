export type { Agency, AgencyLevel, DocumentForm, Procedure, RequiredDocument } from './catalogue.model.ts';
export { findAgency, findOfficerAgency, findProcedure } from './catalogue.repository.ts';
