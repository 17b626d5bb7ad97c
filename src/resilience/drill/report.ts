// The drill's reckoning as it is handed back: the report's shape (JSON with --json), the timeline on the
// night's clock, and the same report as text for a person.
import { appendFileSync } from 'node:fs';
import { formatVnd } from '../../platform/money.ts';
import {
  nightTime,
  phaseOf,
  secondsBetween,
  type DrillPhase,
  type DrillRecordLine,
  type PaidSoFar,
} from '../drills/index.ts';
import type { DRILL_SCALES } from './seed.ts';

export { secondsBetween };

export type DrillScale = keyof typeof DRILL_SCALES;

export interface DrillStep {
  step: string;
  at: string;
  phase: DrillPhase;
  /** Seconds since the attack (negative before it). */
  offset_s: number;
  /** The time on the night of the story, the attack being at 03:10:00. */
  night: string;
}

interface OpCount {
  count: number;
  amount: string;
}

export interface DrillReport {
  format: 'postcore-drill/1';
  drill: 'ransomware';
  scale: DrillScale;
  ok: boolean;
  failures: string[];
  data_dir: string;
  /** The vault, the offline keys, the processes' logs: outside the data dir, as on other hosts. */
  workspace: string;
  seed: {
    lines: number;
    total: string;
    counters: number;
    parcels: number;
    cod_total: string;
    seconds: number;
  };
  timeline: DrillStep[];
  seconds: {
    detection: number | null;
    isolation: number | null;
    restore: number | null;
    recovery: number | null;
  };
  alerts: Array<{ signal: string; severity: string; raised_at: string; message: string }>;
  /** Alerts ordinary traffic raised before the attack: must be none. */
  alerts_before_attack: number;
  evidence: { id: string; sha256: string; files: number; captured_at: string } | null;
  restore: {
    head_seq: string;
    vault_seq: number;
    events_not_restored: number;
    verified: boolean;
    seconds: number;
    consumers_ahead: number;
  } | null;
  traffic: {
    payouts: { acknowledged: OpCount; during_incident: OpCount; unconfirmed: number; failed: number };
    delivery: {
      acknowledged: number;
      during_incident_refused: number;
      failed_before_isolation: number;
      /** Of those without an answer, the acceptances a clerk sent again with their keys once delivery reopened. */
      settled_on_retry: number;
      unconfirmed: number;
      after_reopening: number;
      /** Every answer that was not a success, by status and code. */
      not_answered_2xx: Record<string, number>;
    };
  };
  /** Answered writes whose effect is missing after recovery, and events the vault held but the restore lacks. */
  events_lost: { payouts: number; scans: number; acceptances: number; not_restored: number; total: number };
  money: {
    balanced: boolean;
    ledger_invariants: string[];
    tills: Array<{ till: string; postcode: string; expected: string; ledger: string }>;
    pensions: {
      /** What the drill's clerks were told they paid. */
      paid_expected: string;
      /** The lines the ledger shows paid, their amounts summed. */
      paid_lines: string;
      /** The paid lines in the post's own reconciliation of the month, and its receipts. */
      paid_reconciled: string;
      paid_in_receipts: string;
      list_total: string;
      lines_total: string;
      reconciliation_balanced: boolean;
    };
    cod: { expected: string; recorded: string };
  } | null;
  verify: Array<{ cell: string; ok: boolean; events: string }>;
}

/** The drill's own record as it goes: the steps of its timeline (each also a progress line), its failures. */
export interface DrillLog {
  steps: Array<{ step: string; at: number }>;
  failures: string[];
  /** Marks a step on the timeline (now, or when it happened); its instant. */
  mark: (step: string, at?: number) => number;
  /** What the clerks have been told they paid so far (set once the traffic runs). */
  paid: () => PaidSoFar;
  /** A progress line that is not a step of the timeline. */
  note: (line: string) => void;
}

/** A fresh record, its progress lines handed to `say` and, with `record`, appended to that file as JSON lines. */
export function createDrillLog(say: (line: string) => void, record?: string): DrillLog {
  const steps: DrillLog['steps'] = [];
  let attacked = false;
  const log: DrillLog = {
    steps,
    failures: [],
    paid: () => ({ count: 0, amount: '0' }),
    note: say,
    mark(step, at = Date.now()) {
      steps.push({ step, at });
      say(`${new Date(at).toISOString()}  ${step}`);
      const phase = phaseOf(step, attacked);
      attacked ||= phase === 'attack';
      if (record !== undefined) {
        const line: DrillRecordLine = { step, at: new Date(at).toISOString(), phase, paid: log.paid() };
        appendFileSync(record, `${JSON.stringify(line)}\n`);
      }
      return at;
    },
  };
  return log;
}

/** The steps marked as the drill went, on the night's clock (the attack at 03:10:00). */
export function timelineOf(steps: ReadonlyArray<{ step: string; at: number }>, attack: number): DrillStep[] {
  return steps.map((s) => ({
    step: s.step,
    at: new Date(s.at).toISOString(),
    phase: phaseOf(s.step, s.at >= attack),
    offset_s: secondsBetween(attack, s.at),
    night: nightTime(s.at - attack),
  }));
}

/** The report for a person: the timeline, what was paid, what was lost, the money. */
export function drillReportText(r: DrillReport): string {
  const out: string[] = [];
  out.push(`Ransomware drill (${r.scale}): ${r.ok ? 'PASSED' : 'FAILED'}`);
  out.push(`  data dir ${r.data_dir}; vault, offline keys and logs in ${r.workspace}`);
  out.push(
    `  seeded ${r.seed.lines} pension lines (${formatVnd(BigInt(r.seed.total))}), ${r.seed.counters} counters, ${r.seed.parcels} COD parcels in ${r.seed.seconds} s`,
  );
  out.push('');
  out.push('Timeline (the attack at 03:10:00):');
  for (const s of r.timeline)
    out.push(
      `  ${s.offset_s >= 0 ? s.night : '        '}  ${s.offset_s >= 0 ? `+${s.offset_s.toFixed(1)} s`.padStart(10) : `${s.offset_s.toFixed(1)} s`.padStart(10)}  ${s.step}`,
    );
  out.push('');
  const sec = (x: number | null) => (x === null ? '—' : `${x} s`);
  out.push(
    `Detection ${sec(r.seconds.detection)} · isolation ${sec(r.seconds.isolation)} · restore and verify ${sec(r.seconds.restore)} · back in service ${sec(r.seconds.recovery)} after the attack`,
  );
  const p = r.traffic.payouts;
  out.push(
    `Pensions paid: ${p.acknowledged.count} (${formatVnd(BigInt(p.acknowledged.amount))}); during the incident ${p.during_incident.count} (${formatVnd(BigInt(p.during_incident.amount))}); failed ${p.failed}; unconfirmed by the vault ${p.unconfirmed}`,
  );
  const d = r.traffic.delivery;
  out.push(
    `Parcel writes answered: ${d.acknowledged}; refused while isolated ${d.during_incident_refused}; failed between the attack and isolation ${d.failed_before_isolation} (settled by a retry with the same key ${d.settled_on_retry}); after reopening ${d.after_reopening}`,
  );
  out.push(
    `Events lost: ${r.events_lost.total} (payouts ${r.events_lost.payouts}, scans ${r.events_lost.scans}, acceptances ${r.events_lost.acceptances}, not restored from the vault ${r.events_lost.not_restored})`,
  );
  if (r.money !== null) {
    out.push(`Money: ${r.money.balanced ? 'balanced to the đồng' : 'DOES NOT BALANCE'}`);
    for (const t of r.money.tills)
      out.push(
        `  till at ${t.postcode}: ledger ${formatVnd(BigInt(t.ledger))}, expected ${formatVnd(BigInt(t.expected))}`,
      );
    out.push(
      `  pensions paid: ${formatVnd(BigInt(r.money.pensions.paid_lines))} in paid lines, ${formatVnd(BigInt(r.money.pensions.paid_expected))} in payouts made, ${formatVnd(BigInt(r.money.pensions.paid_in_receipts))} in receipts; the month's reconciliation ${r.money.pensions.reconciliation_balanced ? 'balances' : 'DOES NOT BALANCE'} (${formatVnd(BigInt(r.money.pensions.lines_total))} of ${formatVnd(BigInt(r.money.pensions.list_total))} declared)`,
    );
    out.push(
      `  cash on delivery: recorded ${formatVnd(BigInt(r.money.cod.recorded))}, accepted ${formatVnd(BigInt(r.money.cod.expected))}`,
    );
  }
  out.push(`Verify: ${r.verify.map((v) => `${v.cell} ${v.ok ? 'ok' : 'FAILED'}`).join(', ')}`);
  for (const f of r.failures) out.push(`FAILED: ${f}`);
  return `${out.join('\n')}\n`;
}
