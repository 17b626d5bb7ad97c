import type { JournalTables } from '../../journal/index.ts';

/** Every table of the security cell, as the database returns them (integers as bigint). */
export interface SecurityTables extends JournalTables {
  /** The incident mode of each guarded cell; a cell without a row is `normal`. */
  cell_mode: {
    cell: string;
    mode: string;
    reason: string;
    changed_at: string;
    changed_by: string;
    request_id: string | null;
    alert_id: string | null;
    updated_seq: bigint;
  };
  /** What one privileged person asked for and another must approve: a return to service, a restore, keys. */
  incident_request: {
    id: string;
    kind: string;
    cell: string | null;
    mode: string | null;
    /** A restore's target: `latest`, `seq N` or `time ISO`. */
    target: string | null;
    reason: string;
    requested_by: string;
    requested_at: string;
    expires_at: string;
    status: string;
    decided_by: string | null;
    decided_at: string | null;
    decision_reason: string | null;
    updated_seq: bigint;
  };
  /** Detection's findings, each with its evidence. */
  security_alert: {
    id: string;
    signal: string;
    cell: string | null;
    severity: string;
    message: string;
    /** JSON: what the detector saw (files and their hashes, seqs, counts). */
    evidence: string;
    /** Repeats of the same finding (same signal, cell and key) while it is open raise no new alert. */
    dedupe_key: string;
    raised_at: string;
    acknowledged_by: string | null;
    acknowledged_at: string | null;
    acknowledge_note: string | null;
    raised_seq: bigint;
  };
  /** The chain of custody: one row per captured manifest, each naming the one before it. */
  evidence: {
    id: string;
    cell: string | null;
    reason: string;
    /** SHA-256 of the manifest's canonical JSON. */
    sha256: string;
    prev_sha256: string;
    files: bigint;
    /** Ed25519 over the manifest's hash, by the post's checkpoint key. */
    signature: string;
    key_id: string;
    captured_at: string;
    captured_by: string;
    captured_seq: bigint;
  };
}
