export { DENOMINATIONS, parseCashCount, type CashCount } from './cash.ts';
export { tillEvents } from './till.events.ts';
export {
  checkOwnOpenTill,
  createTills,
  findOwnOpenTill,
  VARIANCE_APPROVAL_THRESHOLD,
  vietnamDay,
  type CountInput,
  type TillMovement,
  type Tills,
  type TillSession,
} from './till.service.ts';
export {
  atTillOf,
  movementJson,
  movementSchema,
  sessionJson,
  sessionSchema,
  tillRoutes,
} from './till.routes.ts';
