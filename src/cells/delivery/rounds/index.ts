export {
  codCollected,
  itemAttempted,
  itemDelivered,
  roundClosed,
  roundEvents,
  roundOpened,
} from './round.events.ts';
export { type DeliverInput, type Round, type Rounds, type RoundsDeps } from './round.model.ts';
export { createRounds } from './round.service.ts';
export { roundRoutes } from './round.routes.ts';
