export {
  cashPositionCsv,
  cashPositionPdf,
  createReports,
  dayBounds,
  tillReportCsv,
  tillReportPdf,
  trialBalanceCsv,
  trialBalancePdf,
  type CashPosition,
  type Reports,
  type TillReport,
  type TrialBalance,
  type TrialBalanceLine,
} from './report.service.ts';
export { reportRoutes } from './report.routes.ts';
