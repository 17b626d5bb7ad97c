// Wiring: config -> storage -> journal -> cells -> http. The one place that knows every part; its parts are in
// src/app/: the cells by name, opening the platform, restore and verify over it, what `serve` runs beside
// the server, and the HTTP server itself.
export {
  CELL_NAMES,
  cellDefinitions,
  GUARDED_CELLS,
  parseCells,
  SYSTEM_ACTOR,
  type CellName,
} from './app/cells.ts';
export { loggedNotices, placeNames } from './app/cross-cell.ts';
export { buildApp, VERSION, type AppOptions } from './app/http.ts';
export { openPlatform } from './app/open-platform.ts';
export {
  RESTORES_DIR,
  type AppliedRestore,
  type OpenCell,
  type Platform,
  type PlatformOptions,
  type VerifyOptions,
} from './app/platform.ts';
export {
  captureEvidenceOnIncident,
  createPlatformDetector,
  createPlatformShipper,
  shippedCells,
} from './app/serve.ts';
