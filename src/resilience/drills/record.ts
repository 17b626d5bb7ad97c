// The drill's record as it goes, the one format between the drill that writes it and the servers that show it:
// a line per step of the timeline (timeline.jsonl in the drill's workspace), then the report (report.json).

/** The night's phases, in the order they come: what a step on the timeline belongs to. */
export const DRILL_PHASES = [
  'setup',
  'attack',
  'detection',
  'isolation',
  'evidence',
  'restore_approval',
  'restore',
  'verification',
  'return_to_service',
  'proof',
] as const;
export type DrillPhase = (typeof DRILL_PHASES)[number];

/** The phase of a step, by the words the drill marks it with (before the attack: setup; after it: proof). */
export function phaseOf(step: string, attacked: boolean): DrillPhase {
  const starts = (w: string) => step.startsWith(w);
  if (starts('attack')) return 'attack';
  if (starts('detected')) return 'detection';
  if (starts('delivery isolated')) return 'isolation';
  if (starts('evidence')) return 'evidence';
  if (starts('restore requested') || starts('restore approved')) return 'restore_approval';
  if (starts('restore started') || starts('restored copy in place')) return 'restore';
  if (starts('restored copy verified')) return 'verification';
  if (starts('return to service') || starts('delivery back in service')) return 'return_to_service';
  return attacked ? 'proof' : 'setup';
}

/** Pensions the drill's clerks were told they paid, so far. */
export interface PaidSoFar {
  count: number;
  amount: string;
}

/**
 * One line of the drill's record (`timeline.jsonl` in its workspace), appended as each step happens, so that a
 * server can show the timeline filling in: the step, its instant, its phase and the pensions paid by then.
 */
export interface DrillRecordLine {
  step: string;
  at: string;
  phase: DrillPhase;
  paid: PaidSoFar;
}

/** The record's file and the report's, in the drill's workspace. */
export const DRILL_RECORD = 'timeline.jsonl';
export const DRILL_REPORT = 'report.json';

/** The seconds between two instants, to a tenth. */
export const secondsBetween = (from: number, to: number) => Math.round((to - from) / 100) / 10;

/** 03:10:00 plus an offset. */
export function nightTime(offsetMs: number): string {
  const t = new Date(Date.UTC(2024, 5, 30, 3, 10, 0) + offsetMs);
  return t.toISOString().slice(11, 19);
}
