export {
  codCollected,
  itemAttempted,
  itemDelivered,
  roundClosed,
  roundEvents,
  roundOpened,
} from './round.events.ts';
export {
  createRounds,
  type DeliverInput,
  type Round,
  type Rounds,
  type RoundsDeps,
} from './round.service.ts';
export { roundRoutes } from './round.routes.ts';
