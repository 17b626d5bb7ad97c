// Incident modes per cell, two-person requests and detection's alerts: the security cell's service.
// Shutting a cell (read-only, isolated) takes one security officer, or detection on a high-confidence signal;
// opening it again, a restore and a change of keys take a request by one privileged person and the approval
// of another, each confirming with a fresh second-factor code. Every step is a journaled event.
import type { Kysely } from '../../storage/index.ts';
import { z } from 'zod';
import type { Journal } from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { SecurityError } from './security-error.ts';
import {
  alertAcknowledged,
  alertRaised,
  evidenceCaptured,
  INCIDENT_MODES,
  KEY_NAMES,
  keysChanged,
  modeChanged,
  requestDecided,
  requestMade,
  restoreApplied,
  SEVERITIES,
  SIGNALS,
  type IncidentMode,
  type RequestKind,
  type Severity,
  type Signal,
} from './security.events.ts';
import type { SecurityTables } from './security-tables.ts';
import * as repo from './security.repository.ts';

/** How long a request waits for its approval. */
export const REQUEST_HOURS = 4;

const RANK: Record<IncidentMode, number> = { normal: 0, 'read-only': 1, isolated: 2 };
const MODE_VI: Record<IncidentMode, string> = {
  normal: 'bình thường',
  'read-only': 'chỉ đọc',
  isolated: 'cách ly',
};

const reason = z.string().trim().min(3, 'must say why, in at least 3 characters').max(500);
const cellName = z.string().min(1).max(31);
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

/** Refuses a request that is not an approved change of `key`. */
function checkKeysRequest(req: RequestView, key: (typeof KEY_NAMES)[number]): void {
  if (req.kind !== 'keys' || req.target !== key)
    throw new SecurityError(
      'keys_not_approved',
      `Request ${req.id} is not a change of the ${key} key (it is ${req.kind}${req.target === null ? '' : ` of ${req.target}`}): ask for one with {"kind":"keys","key":"${key}"}`,
      'Yêu cầu này không phải yêu cầu thay khóa đó',
      { id: req.id, key },
    );
  if (req.status !== 'approved')
    throw new SecurityError(
      'keys_not_approved',
      `Request ${req.id} is ${req.status}: a change of keys needs a request approved by a second person`,
      'Thay khóa cần yêu cầu đã được người thứ hai phê duyệt',
      { id: req.id, status: req.status },
    );
}

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

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw invalid(r.error, what);
  return r.data;
}

const toEvidence = (r: repo.EvidenceRow): EvidenceView => {
  const { captured_seq: _seq, files, ...rest } = r;
  return { ...rest, files: Number(files) };
};

const toAlert = (r: repo.AlertRow): AlertView => ({
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

/** Creates the incident service of the security cell. */
export function createIncidents(deps: IncidentsDeps): Incidents {
  const { db, journal, clock } = deps;
  const cache = new Map<string, IncidentMode>(deps.cells.map((c) => [c, 'normal']));
  const listeners: Array<(cell: string, mode: IncidentMode) => void> = [];

  const guarded = (cell: string): void => {
    if (!deps.cells.includes(cell))
      throw new SecurityError(
        'unknown_cell',
        `No cell named ${JSON.stringify(cell)} has an incident mode: use one of ${deps.cells.join(', ')}`,
        `Không có phân hệ ${cell}`,
        { cell },
      );
  };
  const toRequest = (r: repo.RequestRow): RequestView => {
    const { updated_seq: _seq, ...rest } = r;
    const expired = r.status === 'pending' && Date.parse(r.expires_at) <= clock.now().getTime();
    return {
      ...rest,
      kind: r.kind as RequestKind,
      status: expired ? 'expired' : (r.status as RequestStatus),
    };
  };
  const viewOf = async (cell: string): Promise<CellModeView> => {
    const row = (await repo.listModes(db)).find((m) => m.cell === cell);
    return {
      cell,
      mode: (row?.mode as IncidentMode | undefined) ?? 'normal',
      reason: row?.reason ?? null,
      changed_at: row?.changed_at ?? null,
      changed_by: row?.changed_by ?? null,
      request_id: row?.request_id ?? null,
      alert_id: row?.alert_id ?? null,
    };
  };
  const changed = (cell: string, mode: IncidentMode) => {
    cache.set(cell, mode);
    for (const l of listeners) l(cell, mode);
  };

  const self: Incidents = {
    async load() {
      for (const m of await repo.listModes(db)) cache.set(m.cell, m.mode as IncidentMode);
    },
    modeOf: (cell) => cache.get(cell) ?? 'normal',
    modes: () => Promise.all(deps.cells.map(viewOf)),

    async restrict(cell, input, actor, alertId) {
      guarded(cell);
      const r = parse(restrictInput, input, 'mode change');
      const current = self.modeOf(cell);
      if (current === r.mode)
        throw new SecurityError(
          'mode_unchanged',
          `Cell ${cell} is ${current} already`,
          `Phân hệ ${cell} đang ở chế độ ${MODE_VI[current]} rồi`,
          { cell, mode: current },
        );
      if (RANK[r.mode] < RANK[current])
        throw new SecurityError(
          'approval_required',
          `Cell ${cell} is ${current}: opening it to ${r.mode} needs a request (POST /v1/incidents/requests) approved by a second person`,
          `Mở lại phân hệ ${cell} cần một người đề nghị và một người khác phê duyệt`,
          { cell, mode: current },
        );
      await journal.transaction((trx) =>
        journal.append(trx, modeChanged, {
          stream: `mode:${cell}`,
          actor,
          payload: {
            cell,
            mode: r.mode,
            previous: current,
            reason: r.reason,
            request_id: null,
            alert_id: alertId ?? null,
          },
        }),
      );
      changed(cell, r.mode);
      return viewOf(cell);
    },

    async request(input, actor, code) {
      const r = parse(requestInput, input, 'incident request');
      let mode: IncidentMode | null = null;
      let cell: string | null = null;
      let target: string | null = null;
      if (r.kind === 'set_mode' || r.kind === 'restore') {
        guarded(r.cell);
        cell = r.cell;
      }
      if (r.kind === 'set_mode') {
        const current = self.modeOf(r.cell);
        if (RANK[r.mode] >= RANK[current])
          throw new SecurityError(
            RANK[r.mode] === RANK[current] ? 'mode_unchanged' : 'invalid_incident',
            RANK[r.mode] === RANK[current]
              ? `Cell ${r.cell} is ${current} already`
              : `Cell ${r.cell} is ${current}: shutting it to ${r.mode} needs no approval; use POST /v1/incidents/cells/${r.cell}/restrict`,
            `Phân hệ ${r.cell} đang ở chế độ ${MODE_VI[current]}; yêu cầu phê duyệt chỉ dùng để mở lại`,
            { cell: r.cell, mode: current, field: 'mode' },
          );
        mode = r.mode;
      }
      if (r.kind === 'restore') target = r.target;
      if (r.kind === 'keys') target = r.key;
      const id = newId('inr');
      await deps.confirmSecondFactor(actor, code, `request ${r.kind} ${id}`);
      const expires = new Date(clock.now().getTime() + REQUEST_HOURS * 3_600_000).toISOString();
      await journal.transaction((trx) =>
        journal.append(trx, requestMade, {
          stream: `request:${id}`,
          actor,
          payload: { id, kind: r.kind, cell, mode, target, reason: r.reason, expires_at: expires },
        }),
      );
      return self.getRequest(id);
    },

    async decide(id, input, actor, code) {
      const d = parse(decisionInput, input, 'decision');
      const req = await self.getRequest(id);
      if (req.status === 'expired')
        throw new SecurityError(
          'request_expired',
          `Request ${id} expired at ${req.expires_at} without a decision: file it again`,
          'Yêu cầu đã hết hạn phê duyệt; hãy lập yêu cầu mới',
          { id },
        );
      if (req.status !== 'pending')
        throw new SecurityError(
          'request_not_pending',
          `Request ${id} is ${req.status} already`,
          'Yêu cầu này đã được xử lý',
          { id, status: req.status },
        );
      if (req.requested_by === actor)
        throw new SecurityError(
          'approver_is_requester',
          `Request ${id} was made by you: a different person must decide it`,
          'Người đề nghị không được tự phê duyệt; cần một cán bộ khác',
          { id },
        );
      await deps.confirmSecondFactor(actor, code, `${d.approve ? 'approve' : 'refuse'} request ${id}`);
      const cell = req.cell;
      const mode = req.mode as IncidentMode | null;
      const previous = cell === null ? 'normal' : self.modeOf(cell);
      const applies =
        d.approve && req.kind === 'set_mode' && cell !== null && mode !== null && mode !== previous;
      await journal.transaction(async (trx) => {
        await journal.append(trx, requestDecided, {
          stream: `request:${id}`,
          actor,
          payload: { id, approved: d.approve, reason: d.reason },
        });
        if (applies)
          await journal.append(trx, modeChanged, {
            stream: `mode:${cell}`,
            actor,
            payload: { cell, mode, previous, reason: req.reason, request_id: id, alert_id: null },
          });
      });
      if (applies) changed(cell, mode);
      return self.getRequest(id);
    },

    async getRequest(id) {
      const r = await repo.findRequest(db, id);
      if (r === undefined)
        throw new SecurityError('request_not_found', `No request ${id}`, 'Không tìm thấy yêu cầu', { id });
      return toRequest(r);
    },
    async requests(f) {
      const page = await repo.listRequests(db, f);
      return { items: page.items.map(toRequest), total: page.total };
    },

    async raise(input) {
      const a = parse(
        z.strictObject({
          signal: z.enum(SIGNALS),
          cell: cellName.nullable(),
          severity: z.enum(SEVERITIES),
          message: z.string().min(1).max(1000),
          evidence: z.record(z.string(), z.unknown()),
          key: z.string().max(150).optional(),
        }),
        input,
        'alert',
      );
      const dedupe = `${a.cell ?? '-'}:${a.key ?? ''}`;
      const open = await repo.findOpenAlert(db, a.signal, dedupe);
      if (open !== undefined) return { alert: toAlert(open), created: false };
      const id = newId('alr');
      await journal.transaction((trx) =>
        journal.append(trx, alertRaised, {
          stream: `alert:${a.signal}`,
          actor: 'system:detection',
          payload: {
            id,
            signal: a.signal,
            cell: a.cell,
            severity: a.severity,
            message: a.message,
            evidence: a.evidence,
            dedupe_key: dedupe,
          },
        }),
      );
      return { alert: toAlert((await repo.findAlert(db, id))!), created: true };
    },
    async alerts(f) {
      const page = await repo.listAlerts(db, f);
      return { items: page.items.map(toAlert), total: page.total };
    },
    async acknowledge(id, note, actor) {
      const n = parse(reason, note, 'acknowledgement');
      const a = await repo.findAlert(db, id);
      if (a === undefined)
        throw new SecurityError('alert_not_found', `No alert ${id}`, 'Không tìm thấy cảnh báo', { id });
      if (a.acknowledged_at === null)
        await journal.transaction((trx) =>
          journal.append(trx, alertAcknowledged, {
            stream: `alert:${a.signal}`,
            actor,
            payload: { id, note: n },
          }),
        );
      return toAlert((await repo.findAlert(db, id))!);
    },
    async restorable(id, cell) {
      const req = await self.getRequest(id);
      const refuse = (code: 'restore_not_approved' | 'request_expired', why: string, vi: string) =>
        new SecurityError(code, `Request ${id} cannot be carried out: ${why}`, vi, {
          id,
          status: req.status,
        });
      if (req.kind !== 'restore' || (cell !== undefined && req.cell !== cell))
        throw refuse(
          'restore_not_approved',
          `it is not a restore of cell ${cell ?? req.cell}`,
          'Yêu cầu này không phải yêu cầu khôi phục phân hệ đó',
        );
      if (req.status !== 'approved')
        throw refuse(
          'restore_not_approved',
          `it is ${req.status}; a restore needs a request approved by a second person`,
          'Khôi phục cần yêu cầu đã được người thứ hai phê duyệt',
        );
      if (self.modeOf(req.cell!) !== 'isolated')
        throw new SecurityError(
          'restore_not_approved',
          `Cell ${req.cell} is ${self.modeOf(req.cell!)}: isolate it before its database is replaced`,
          'Phải cách ly phân hệ trước khi thay cơ sở dữ liệu',
          { id, cell: req.cell },
        );
      return req;
    },
    async restoreApplied(input, actor) {
      await self.restorable(input.request_id, input.cell);
      await journal.transaction((trx) =>
        journal.append(trx, restoreApplied, { stream: `request:${input.request_id}`, actor, payload: input }),
      );
      return self.getRequest(input.request_id);
    },
    async keysChangeable(id, key) {
      const req = await self.getRequest(id);
      checkKeysRequest(req, key);
      return req;
    },
    async keysChanged(input, actor) {
      await journal.transaction(async (trx) => {
        // Under the journal's lock: two operators with one approval cannot both change a key.
        await journal.lock(trx);
        const row = await repo.findRequest(trx, input.request_id);
        if (row === undefined)
          throw new SecurityError(
            'request_not_found',
            `No request ${input.request_id}`,
            'Không tìm thấy yêu cầu',
            {
              id: input.request_id,
            },
          );
        checkKeysRequest(toRequest(row), input.key);
        await journal.append(trx, keysChanged, {
          stream: `request:${input.request_id}`,
          actor,
          payload: input,
        });
      });
      return self.getRequest(input.request_id);
    },
    async lastEvidenceHash() {
      return (await repo.lastEvidence(db))?.sha256 ?? EVIDENCE_GENESIS;
    },
    async recordEvidence(input, actor) {
      await journal.transaction(async (trx) => {
        // Under the journal's lock: two captures at once cannot both extend the same link.
        await journal.lock(trx);
        const last = (await repo.lastEvidence(trx))?.sha256 ?? EVIDENCE_GENESIS;
        if (input.prev_sha256 !== last)
          throw new SecurityError(
            'invalid_incident',
            `Evidence ${input.id} names ${input.prev_sha256} as the manifest before it, but the chain of custody ends at ${last}: capture it again`,
            'Biên bản chứng cứ không nối tiếp chuỗi lưu giữ; hãy thu thập lại',
            { field: 'prev_sha256' },
          );
        await journal.append(trx, evidenceCaptured, {
          stream: `evidence:${input.id}`,
          actor,
          payload: input,
        });
      });
      return self.getEvidence(input.id);
    },
    async evidence(f) {
      const page = await repo.listEvidence(db, f);
      return { items: page.items.map(toEvidence), total: page.total };
    },
    async getEvidence(id) {
      const r = await repo.findEvidence(db, id);
      if (r === undefined)
        throw new SecurityError(
          'evidence_not_found',
          `No evidence ${id}`,
          'Không tìm thấy biên bản chứng cứ',
          {
            id,
          },
        );
      return toEvidence(r);
    },
    onModeChange(listener) {
      listeners.push(listener);
    },
  };
  return self;
}
