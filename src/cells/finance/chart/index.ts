export {
  ACCOUNT_CODES,
  accountId,
  chartAccount,
  chartConsumer,
  checkManualTransfers,
  OFFICE_KINDS,
  TRANSFER_CODES,
  type AccountKind,
} from './chart.ts';
