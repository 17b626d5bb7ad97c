// Incident modes per cell, two-person requests and detection's alerts: the security cell's service.
// Shutting a cell (read-only, isolated) takes one security officer, or detection on a high-confidence signal;
// opening it again, a restore and a change of keys take a request by one privileged person and the approval
// of another, each confirming with a fresh second-factor code. Every step is a journaled event.
import { found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { createAlerts } from './alert.service.ts';
import { createEvidence } from './evidence.service.ts';
import {
  decisionInput,
  parse,
  REQUEST_HOURS,
  requestInput,
  restrictInput,
  type CellModeView,
  type Incidents,
  type IncidentsDeps,
  type RequestStatus,
  type RequestView,
} from './incident.model.ts';
import { SecurityError } from './security-error.ts';
import {
  keysChanged,
  modeChanged,
  requestDecided,
  requestMade,
  restoreApplied,
  type IncidentMode,
  type KEY_NAMES,
  type RequestKind,
} from './security.events.ts';
import * as repo from './security.repository.ts';

const RANK: Record<IncidentMode, number> = { normal: 0, 'read-only': 1, isolated: 2 };
const MODE_VI: Record<IncidentMode, string> = {
  normal: 'bình thường',
  'read-only': 'chỉ đọc',
  isolated: 'cách ly',
};

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
    ...createAlerts(deps),
    ...createEvidence(deps),
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
      const r = found(
        await repo.findRequest(db, id),
        () => new SecurityError('request_not_found', `No request ${id}`, 'Không tìm thấy yêu cầu', { id }),
      );
      return toRequest(r);
    },
    async requests(f) {
      const page = await repo.listRequests(db, f);
      return { items: page.items.map(toRequest), total: page.total };
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
        const row = found(
          await repo.findRequest(trx, input.request_id),
          () =>
            new SecurityError(
              'request_not_found',
              `No request ${input.request_id}`,
              'Không tìm thấy yêu cầu',
              {
                id: input.request_id,
              },
            ),
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
    onModeChange(listener) {
      listeners.push(listener);
    },
  };
  return self;
}
