// The drills on screen: the drill's record (written by `postcore drill ransomware`, read here), and the drills
// a server shows and starts.
export {
  DRILL_PHASES,
  DRILL_RECORD,
  DRILL_REPORT,
  nightTime,
  phaseOf,
  secondsBetween,
  type DrillPhase,
  type DrillRecordLine,
  type PaidSoFar,
} from './record.ts';
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
