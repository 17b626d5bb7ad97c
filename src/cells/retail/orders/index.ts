export {
  ORDER_BOX,
  ORDER_PAYMENTS,
  ORDER_STATES,
  PACKING_GRAMS,
  UNIT_GRAMS,
  type Order,
  type OrderCarrier,
  type OrderInput,
  type OrderLinks,
  type OrderOffice,
  type Orders,
  type OrderState,
} from './order.model.ts';
export { orderEvents } from './order.events.ts';
export { createOrderDesk as createOrders } from './order.service.ts';
export { carryOrders, orderKey, ordersFollower } from './order.transport.ts';
export { orderRoutes, type OrderRouteDeps } from './order.routes.ts';
