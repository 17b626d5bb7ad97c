export { codEvents, codHandedIn, codRecorded, codRemitted } from './cod.events.ts';
export {
  codInvariants,
  createCod,
  deliveryConsumer,
  type Cod,
  type CodCollection,
  type CodDeps,
  type CodStatement,
  type Remittance,
} from './cod.service.ts';
export { codRoutes } from './cod.routes.ts';
