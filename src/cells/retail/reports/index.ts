export {
  createReports,
  type ReportColumn,
  type ReportScope,
  type Reports,
  type ReportTable,
} from './report.service.ts';
export { reportCsv, reportPdf, reportXlsx } from './report.files.ts';
export { reportRoutes, type ReportRouteDeps } from './report.routes.ts';
