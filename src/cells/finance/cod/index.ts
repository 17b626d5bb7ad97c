export { codEvents, codHandedIn, codOwned, codRecorded, codRemitted, codSettled } from './cod.events.ts';
export { isOwnedCod, owedCod, settleOwnedCod } from './cod.owned.ts';
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
