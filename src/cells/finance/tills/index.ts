export { DENOMINATIONS, parseCashCount, type CashCount } from './cash.ts';
export { tillEvents } from './till.events.ts';
export { checkOwnOpenTill, findOwnOpenTill } from './till.checks.ts';
export { createTills, vietnamDay } from './till.service.ts';
export {
  VARIANCE_APPROVAL_THRESHOLD,
  type CountInput,
  type TillMovement,
  type Tills,
  type TillSession,
} from './till.types.ts';
export {
  atTillOf,
  movementJson,
  movementSchema,
  sessionJson,
  sessionSchema,
  tillRoutes,
} from './till.routes.ts';
