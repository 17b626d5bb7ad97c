export {
  checkDrillPlace,
  drillReportText,
  reportPath,
  runRansomwareDrill,
  type DrillOptions,
  type DrillReport,
  type DrillScale,
  type DrillStep,
} from './ransomware.ts';
export { DRILL_SCALES, type DrillSize } from './seed.ts';
export { freePort, startPostcore, stopProcess, waitForHttp } from './processes.ts';
