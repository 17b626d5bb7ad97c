export {
  ACCOUNT_CODES,
  accountId,
  chartAccount,
  chartConsumer,
  checkManualTransfers,
  ensureAccount,
  ensureOfficeAccount,
  OFFICE_KINDS,
  SYSTEM_TRANSFER_IDS,
  systemIdInvariants,
  TRANSFER_CODES,
  type AccountKind,
} from './chart.ts';
