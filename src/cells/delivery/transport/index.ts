export { bagRoutes } from './bag.routes.ts';
export { bagClosed, bagReceived, dispatchDeparted, transportEvents } from './bag.events.ts';
export {
  createTransport,
  type Bag,
  type Dispatch,
  type Transport,
  type TransportDeps,
} from './bag.service.ts';
