export {
  createReports,
  dayBounds,
  tillReportCsv,
  trialBalanceCsv,
  type CashPosition,
  type Reports,
  type TillReport,
  type TrialBalance,
  type TrialBalanceLine,
} from './report.service.ts';
