export {
  itemAccepted,
  itemEvents,
  scansRecorded,
  recordScan,
  recordScans,
  stateOf,
  type ScanRefs,
} from './item.events.ts';
export {
  allItemEvents,
  findItem as findItemRow,
  findItemStates,
  lastSerial,
  setSerial,
  type ItemRow,
} from './item.repository.ts';
export { acceptanceRoutes, SHIPMENTS_BODY_LIMIT } from './acceptance.routes.ts';
export { HIGH_VALUE } from './acceptance.service.ts';
export {
  itemRowsInOrder,
  readItemList,
  toItem,
  type AcceptedItem,
  type AcceptInput,
  type Item,
  type ItemEvent,
  type ItemRef,
  type Items,
  type ItemsDeps,
  type PrepaidInput,
  type PublicTracking,
  type Receiver,
  type ScanInput,
} from './item.model.ts';
export { itemRoutes } from './item.routes.ts';
export { itemJson, itemSchema } from './item.schemas.ts';
export { createItems } from './item.service.ts';
export { LOOSE_CODES } from './scan.service.ts';
export { readShipmentCsv, SHIPMENT_COLUMNS } from './shipment.csv.ts';
export {
  ACTIONS,
  CODES,
  EVENT_CODES,
  legalSequence,
  MAX_ATTEMPTS,
  REASONS,
  STATUSES,
  transition,
  type Action,
  type EventCode,
  type ItemState,
  type Outcome,
  type Reason,
  type Scan,
  type Status,
} from './tracking.ts';
export { acceptanceReceiptPdf, labelPdf, type LabelNames } from './label.pdf.ts';
