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
export {
  createItems,
  HIGH_VALUE,
  itemRowsInOrder,
  LOOSE_CODES,
  maskName,
  maskPhone,
  readItemList,
  toItem,
  type AcceptedItem,
  type AcceptInput,
  type Item,
  type ItemEvent,
  type Items,
  type ItemsDeps,
  type PublicTracking,
  type ScanInput,
} from './item.service.ts';
export * from './tracking.ts';
export { acceptanceReceiptPdf, labelPdf, type LabelNames } from './label.pdf.ts';
