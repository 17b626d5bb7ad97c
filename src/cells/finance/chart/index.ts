export {
  ACCOUNT_CODES,
  accountId,
  chartAccount,
  chartConsumer,
  OFFICE_KINDS,
  type AccountKind,
} from './chart.ts';
