export {
  AGENCY_MOVES,
  AGENCY_STATUSES,
  AT_AGENCY,
  DOSSIER_SERVICES,
  DOSSIER_STATES,
  type AgencyStatus,
  type Dossier,
  type DossierCarrier,
  type DossierPlaces,
  type DossierQuery,
  type Dossiers,
  type DossiersDeps,
  type DossierService,
  type DossierState,
  type IntakeInput,
  type PublicDossier,
  type Step,
} from './dossier.model.ts';
export { dossierEvents } from './dossier.events.ts';
export { createDossiers } from './dossier.service.ts';
export { feesFor } from './intake.checks.ts';
export { carryLegs, itemsFollower, legKey, sendNotices, type NoticeSender } from './transport.service.ts';
export { dossierInvariants } from './dossier.invariants.ts';
export { dossierRoutes, type DossierRouteDeps, type PublicDossierTracking } from './dossier.routes.ts';
