// The incident service's shapes: what it takes (checked with Zod at this edge) and what it shows, its
// interface, and the readers its three services share.
import { z } from 'zod';
import type { Kysely } from '../../storage/index.ts';
import type { Journal } from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { SecurityError } from './security-error.ts';
import {
  INCIDENT_MODES,
  KEY_NAMES,
  type evidenceCaptured,
  type IncidentMode,
  type RequestKind,
  type Severity,
  type Signal,
} from './security.events.ts';
import type { SecurityTables } from './security-tables.ts';
import type * as repo from './security.repository.ts';

/** How long a request waits for its approval. */
export const REQUEST_HOURS = 4;

/** Why, as a person gives it: at least 3 characters. */
export const reason = z.string().trim().min(3, 'must say why, in at least 3 characters').max(500);
export const cellName = z.string().min(1).max(31);
/** `latest`, `seq 1234` or an ISO time: where a restore should stop. */
const RESTORE_TARGET =
  /^(latest|seq [1-9]\d{0,17}|time \d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))$/;

export const restrictInput = z.strictObject({
  mode: z.enum(['read-only', 'isolated']),
  reason,
});
export type RestrictInput = z.infer<typeof restrictInput>;

export const requestInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('set_mode'), cell: cellName, mode: z.enum(INCIDENT_MODES), reason }),
  z.strictObject({
    kind: z.literal('restore'),
    cell: cellName,
    target: z.string().regex(RESTORE_TARGET, 'must be "latest", "seq N" or "time <ISO time>"'),
    reason,
  }),
  z.strictObject({ kind: z.literal('keys'), key: z.enum(KEY_NAMES), reason }),
]);
export type RequestInput = z.infer<typeof requestInput>;

export const decisionInput = z.strictObject({ approve: z.boolean(), reason });
export type DecisionInput = z.infer<typeof decisionInput>;

export interface AlertInput {
  signal: Signal;
  cell: string | null;
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
  /** What makes this finding the same as an open one (a file's name, a seq); '' for one per signal and cell. */
  key?: string;
}

export interface CellModeView {
  cell: string;
  mode: IncidentMode;
  reason: string | null;
  changed_at: string | null;
  changed_by: string | null;
  request_id: string | null;
  alert_id: string | null;
}

export type RequestStatus = 'pending' | 'approved' | 'refused' | 'done' | 'expired';

/** A request as the API shows it. `expired`: pending past its time; `done`: carried out. */
export type RequestView = Omit<repo.RequestRow, 'updated_seq' | 'kind' | 'status'> & {
  kind: RequestKind;
  status: RequestStatus;
};

export interface AlertView {
  id: string;
  signal: string;
  cell: string | null;
  severity: string;
  message: string;
  evidence: Record<string, unknown>;
  raised_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  acknowledge_note: string | null;
}

/** A link of the chain of custody as the API shows it. */
export type EvidenceView = Omit<repo.EvidenceRow, 'files' | 'captured_seq'> & { files: number };

/** The hash a first manifest names as the one before it. */
export const EVIDENCE_GENESIS = '0'.repeat(64);

/** What a captured manifest's record holds: the payload of `security.evidence.captured`. */
export type EvidenceInput = z.output<(typeof evidenceCaptured)['schema']>;

export interface IncidentsDeps {
  db: Kysely<SecurityTables>;
  journal: Journal<SecurityTables>;
  clock: Clock;
  /** The cells whose modes this service keeps (every cell but security itself). */
  cells: readonly string[];
  /** Checks a fresh second-factor code of a member of staff (core's sign-in); throws when it is not good. */
  confirmSecondFactor(staffId: string, code: string | undefined, purpose: string): Promise<void>;
}

export interface Incidents {
  /** Reads the modes into memory; the platform calls it once at start. */
  load(): Promise<void>;
  /** A cell's mode, from memory: every request of the cell's API asks. */
  modeOf(cell: string): IncidentMode;
  /** Every guarded cell's mode, `normal` ones included. */
  modes(): Promise<CellModeView[]>;
  /** Shuts a cell further (read-only or isolated): one security officer, or detection with its alert. */
  restrict(cell: string, input: RestrictInput, actor: string, alertId?: string): Promise<CellModeView>;
  /** Asks for what needs a second person: a looser mode, a restore, a change of keys. */
  request(input: unknown, actor: string, code: string | undefined): Promise<RequestView>;
  /** Approves or refuses another person's request; an approved mode change takes effect at once. */
  decide(id: string, input: DecisionInput, actor: string, code: string | undefined): Promise<RequestView>;
  getRequest(id: string): Promise<RequestView>;
  requests(f: {
    status?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: RequestView[]; total: number }>;
  /** Journals a detection finding, unless the same finding is open already; `created` says which. */
  raise(input: AlertInput): Promise<{ alert: AlertView; created: boolean }>;
  alerts(f: {
    signal?: string;
    cell?: string;
    open?: boolean;
    limit: number;
    offset: number;
  }): Promise<{ items: AlertView[]; total: number }>;
  acknowledge(id: string, note: string, actor: string): Promise<AlertView>;
  /**
   * Checks that an approved restore request of `cell` may be carried out now (the cell isolated); the request.
   * `applied` journals that it was, closing the request.
   */
  restorable(id: string, cell?: string): Promise<RequestView>;
  restoreApplied(
    input: { request_id: string; cell: string; head_seq: string; report_sha256: string; kept: string },
    actor: string,
  ): Promise<RequestView>;
  /**
   * Checks that an approved `keys` request for `key` may be carried out now; the request. `keysChanged`
   * journals the new key's fingerprint, closing the request: each approval changes a key once.
   */
  keysChangeable(id: string, key: (typeof KEY_NAMES)[number]): Promise<RequestView>;
  keysChanged(
    input: { request_id: string; key: (typeof KEY_NAMES)[number]; fingerprint: string },
    actor: string,
  ): Promise<RequestView>;
  /** The hash of the newest manifest of the chain of custody (EVIDENCE_GENESIS before the first). */
  lastEvidenceHash(): Promise<string>;
  /** Journals a captured manifest; refused when it does not name the newest one as its predecessor. */
  recordEvidence(input: EvidenceInput, actor: string): Promise<EvidenceView>;
  evidence(f: { limit: number; offset: number }): Promise<{ items: EvidenceView[]; total: number }>;
  getEvidence(id: string): Promise<EvidenceView>;
  /** Called after every committed mode change (the platform pauses consumers and shipping of a shut cell). */
  onModeChange(listener: (cell: string, mode: IncidentMode) => void): void;
}

function invalid(error: z.ZodError, what: string): SecurityError {
  const issue = error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  return new SecurityError(
    'invalid_incident',
    `Invalid ${what}: ${field} ${issue.message}`,
    `Yêu cầu không hợp lệ: trường ${field} chưa đúng`,
    { field },
  );
}

/** The input checked against its schema, or invalid_incident naming the field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw invalid(r.error, what);
  return r.data;
}

/** A manifest's record as the API shows it. */
export const toEvidence = (r: repo.EvidenceRow): EvidenceView => {
  const { captured_seq: _seq, files, ...rest } = r;
  return { ...rest, files: Number(files) };
};

/** An alert as the API shows it. */
export const toAlert = (r: repo.AlertRow): AlertView => ({
  id: r.id,
  signal: r.signal,
  cell: r.cell,
  severity: r.severity,
  message: r.message,
  evidence: JSON.parse(r.evidence) as Record<string, unknown>,
  raised_at: r.raised_at,
  acknowledged_by: r.acknowledged_by,
  acknowledged_at: r.acknowledged_at,
  acknowledge_note: r.acknowledge_note,
});
