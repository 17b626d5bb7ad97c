// The detection loop's one step: run every check, journal each finding as an alert (once while it is open),
// and isolate a cell at once on a finding that leaves no doubt.
import type { AlertView, Incidents } from '../../cells/security/index.ts';
import type { Detector, Finding } from './detection.types.ts';

export { CANARY_FILES, canaryKeyOf, canaryRows, canariesPlanted } from './canaries.ts';
export { entropy } from './database.ts';
export { createDetector, DEFAULT_THRESHOLDS } from './detector.ts';
export type {
  DetectionCell,
  DetectionThresholds,
  Detector,
  DetectorDeps,
  Finding,
} from './detection.types.ts';

/** Who detection acts as in the security journal. */
export const DETECTION_ACTOR = 'system:detection';

export interface DetectionStep {
  findings: Finding[];
  /** The alerts raised this step (not the repeats of open ones). */
  raised: AlertView[];
  /** The cells isolated this step. */
  isolated: string[];
  /** Checks that could not run this step (logged; the others' findings still acted on). */
  errors: Array<{ check: string; error: unknown }>;
}

export interface DetectionLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Runs the detector once and acts on what it found. */
export async function detectOnce(
  detector: Detector,
  incidents: Pick<Incidents, 'raise' | 'restrict' | 'modeOf'>,
  guarded: readonly string[],
  log?: DetectionLog,
): Promise<DetectionStep> {
  const { findings, errors } = await detector.tick();
  for (const e of errors) log?.error({ err: e.error, check: e.check }, 'a detection check failed');
  const raised: AlertView[] = [];
  const isolated: string[] = [];
  for (const f of findings) {
    const { alert, created } = await incidents.raise({
      signal: f.signal,
      cell: f.cell,
      severity: f.severity,
      message: f.message,
      evidence: f.evidence,
      key: f.key,
    });
    if (created) {
      raised.push(alert);
      const fields = { alert: alert.id, signal: f.signal, cell: f.cell, evidence: f.evidence };
      if (f.severity === 'critical') log?.error(fields, f.message);
      else log?.warn(fields, f.message);
    }
    if (f.isolate && f.cell !== null && guarded.includes(f.cell) && incidents.modeOf(f.cell) !== 'isolated') {
      await incidents.restrict(
        f.cell,
        { mode: 'isolated', reason: `Tự động cách ly (${f.signal}): ${f.message}`.slice(0, 500) },
        DETECTION_ACTOR,
        alert.id,
      );
      isolated.push(f.cell);
      log?.error({ cell: f.cell, alert: alert.id }, `cell ${f.cell} isolated by detection`);
    }
  }
  return { findings, raised, isolated, errors };
}
