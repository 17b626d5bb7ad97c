export { BENEFITS, CHANNELS, LIST_COLUMNS, type ListLine, type RowProblem } from './pension.csv.ts';
export { syntheticList, syntheticListFile, type SyntheticListOptions } from './pension.demo.ts';
export { pensionEvents } from './pension.events.ts';
export {
  createPensions,
  MAX_LIST_BYTES,
  type Directory,
  type ImportInput,
  type ImportJob,
  type ImportPhase,
  type PensionLine,
  type PensionList,
  type Pensions,
  type Period,
} from './pension.service.ts';
export {
  LINE_STATES,
  RETURN_REASONS,
  STOP_REASONS,
  type LineState,
  type StopReason,
} from './payout.events.ts';
export {
  createPayouts,
  HOME_AGE,
  pensionInvariants,
  type Funding,
  type Identity,
  type Payouts,
  type Receipt,
  type Round,
} from './payout.service.ts';
export { maskCccd, receiptPdf } from './receipt.pdf.ts';
export { payoutRoutes } from './payout.routes.ts';
export { pensionRoutes, type PensionRouteDeps } from './pension.routes.ts';
export {
  reconciliationCsv,
  reconciliationPdf,
  reconciliationXlsx,
  type Reconciliation,
  type ReconciliationRow,
} from './reconciliation.ts';
