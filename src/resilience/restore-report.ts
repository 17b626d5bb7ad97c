// What a restore reports: the JSON it leaves beside the restored cells (restore-report.json), and the same as a
// few lines a person reads (restore-report.txt).
import type { CellVerifyReport } from '../journal/index.ts';

/** The phases of a restore, in order; `snapshot`, `segments` and `verified` come once per cell. */
export const RESTORE_PHASES = ['vault_log', 'files', 'snapshot', 'segments', 'verified', 'placed'] as const;
export type RestorePhaseName = (typeof RESTORE_PHASES)[number];

export interface CellRestoreReport {
  cell: string;
  snapshot_seq: number;
  segments: number;
  /** Events applied from segments after the snapshot. */
  events_replayed: number;
  head_seq: string;
  /** The last restored event's time: the recovery point. */
  last_event_at: string | null;
  /** The newest event the vault held for the cell, and how many of those were not restored (0 for a full restore). */
  vault_seq: number;
  events_not_restored: number;
  digest: string | undefined;
  verify: CellVerifyReport;
  witnessed: { size: number; root: string; witness_key_id: string; witnessed_at: string } | null;
  summary?: Record<string, unknown>;
}

export interface RestoreReport {
  format: 'postcore-restore/1';
  ok: true;
  vault: string;
  target: string;
  into: string;
  /** The PostgreSQL schemas' prefix of the restored cells (`<prefix><cell>`); null on SQLite. */
  schema_prefix: string | null;
  started_at: string;
  finished_at: string;
  /** Seconds from start to everything verified and in place: the recovery time. */
  rto_seconds: number;
  vault_log_entries: number;
  files: string[];
  cells: CellRestoreReport[];
}

/** The report as a few lines a person reads. */
export function restoreReportText(r: RestoreReport): string {
  const lines = [
    `postcore restore from ${r.vault} (target: ${r.target}) into ${r.into}`,
    `started ${r.started_at}, finished ${r.finished_at}: ${r.rto_seconds} s (RTO)`,
    `vault log: ${r.vault_log_entries} entries, chain intact; files: ${r.files.length}`,
  ];
  for (const c of r.cells) {
    lines.push(
      `${c.cell}: head seq ${c.head_seq} at ${c.last_event_at ?? '(empty)'} (RPO); snapshot seq ${c.snapshot_seq} + ${c.events_replayed} events from ${c.segments} segments; vault held ${c.vault_seq}, not restored ${c.events_not_restored}`,
      `  verify ok: ${c.verify.checkpoints} checkpoints, tables ${c.digest ?? '-'}`,
      c.witnessed === null
        ? '  no countersigned checkpoint within the restored events yet'
        : `  matches checkpoint ${c.cell}@${c.witnessed.size} root ${c.witnessed.root.slice(0, 16)}… countersigned by the vault's witness ${c.witnessed.witness_key_id} at ${c.witnessed.witnessed_at}`,
    );
    const ledger = c.summary?.['ledger'] as Record<string, string> | undefined;
    if (ledger !== undefined) {
      const p = c.summary?.['pensions'] as Record<string, string>;
      const cod = c.summary?.['cod'] as Record<string, string>;
      lines.push(
        `  ledger: ${ledger['accounts']} accounts, posted debits ${ledger['debits_posted']} = credits ${ledger['credits_posted']} đ`,
        `  pensions: ${p['paid']} paid, ${p['paid_amount']} đ; COD: ${cod['collected']} collected, ${cod['collected_amount']} đ, remitted net ${cod['remitted_net']} đ`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
