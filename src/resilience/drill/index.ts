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
export {
  createDrills,
  OWN_DRILL,
  type DrillDetail,
  type Drills,
  type DrillsDeps,
  type DrillStatus,
  type DrillView,
} from './drills.service.ts';
export { drillsRoutes } from './drills.routes.ts';
export { DRILL_PHASES, type DrillPhase } from './report.ts';
