export { agencyEvents, agencyFeeRecorded, agencyRemitted } from './agency.events.ts';
export {
  agencyInvariants,
  createAgencies,
  servicesConsumer,
  type Agencies,
  type AgenciesDeps,
  type AgencyCollection,
  type AgencyRemitInput,
  type AgencyRemittance,
  type AgencyStatement,
} from './agency.service.ts';
export { agencyRoutes } from './agency.routes.ts';
