// The security console's reads and writes, through the one API client: the shapes the API answers with, and a
// poll that keeps a read fresh every few seconds while its screen is open.
import { useCallback, useEffect, useRef, useState } from 'react';
import { get, post, query } from '../ui/api.ts';

export type Mode = 'normal' | 'read-only' | 'isolated';

export interface CellMode {
  cell: string;
  mode: Mode;
  reason: string | null;
  changed_at: string | null;
  changed_by: string | null;
  request_id: string | null;
  alert_id: string | null;
}

export interface CellStatus {
  cell: string;
  mode: Mode;
  head_seq: string | null;
  vault: {
    acked_seq: string | null;
    lag_events: string;
    lag_seconds: number;
    last_snapshot_seq: number | null;
    witnessed_size: number | null;
    witnessed_root: string | null;
    last_error: string | null;
    paused: boolean;
  } | null;
}

export interface Status {
  vault: string | null;
  cells: CellStatus[];
}

export interface Checkpoint {
  cell: string;
  size: number;
  root: string;
  at: string;
  key_id: string;
  signature: string;
}

export interface Alert {
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

export type RequestKind = 'set_mode' | 'restore' | 'keys';
export type RequestStatus = 'pending' | 'approved' | 'refused' | 'done' | 'expired';

export interface IncidentRequest {
  id: string;
  kind: RequestKind;
  cell: string | null;
  mode: string | null;
  target: string | null;
  reason: string;
  requested_by: string;
  requested_at: string;
  expires_at: string;
  status: RequestStatus;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface Evidence {
  id: string;
  cell: string | null;
  reason: string;
  sha256: string;
  prev_sha256: string;
  files: number;
  signature: string;
  key_id: string;
  captured_at: string;
  captured_by: string;
}

export interface RestorePhase {
  phase: string;
  cell: string | null;
  at: string;
  detail: string;
}

export interface RestoreProgress {
  request_id: string;
  state: 'not_started' | 'running' | 'done' | 'failed';
  name: string | null;
  cells: string[];
  target: string | null;
  started_at: string | null;
  updated_at: string | null;
  phases: RestorePhase[];
  error: { code: string; message: string; message_vi: string } | null;
  report: RestoreReport | null;
  report_text: string | null;
}

/** restore-report.json: the fields the console shows. */
export interface RestoreReport {
  target: string;
  started_at: string;
  finished_at: string;
  rto_seconds: number;
  vault_log_entries: number;
  cells: Array<{
    cell: string;
    snapshot_seq: number;
    segments: number;
    events_replayed: number;
    head_seq: string;
    last_event_at: string | null;
    vault_seq: number;
    events_not_restored: number;
    digest?: string;
    verify: { ok: boolean; checkpoints: number };
    witnessed: { size: number; root: string; witness_key_id: string; witnessed_at: string } | null;
    summary?: Record<string, Record<string, string>>;
  }>;
}

interface Page<T> {
  items: T[];
  total: number;
}

/** The cells a security officer can shut or open: every cell but security itself. */
export const GUARDED = ['core', 'finance', 'delivery', 'services', 'retail'] as const;

export const securityApi = {
  modes: () => get<{ items: CellMode[] }>('/v1/incidents/cells').then((r) => r.items),
  status: () => get<Status>('/v1/status'),
  latestCheckpoint: (cell: string) => get<Checkpoint>(`/v1/checkpoints/${cell}/latest`).catch(() => null),
  /** A cell's checkpoints, newest first. */
  checkpoints: (cell: string) =>
    get<{ items: Checkpoint[] }>(
      `/v1/checkpoints/${cell}${query({ before: Number.MAX_SAFE_INTEGER, limit: 200 })}`,
    ).then((r) => r.items),
  checkpoint: (cell: string, size: number) => get<Checkpoint>(`/v1/checkpoints/${cell}/${size}`),
  consistency: (cell: string, from: number, to: number) =>
    get<{ cell: string; from: number; to: number; proof: string[] }>(
      `/v1/checkpoints/${cell}/${to}/consistency${query({ from })}`,
    ),
  alerts: () => get<Page<Alert>>(`/v1/alerts${query({ limit: 50 })}`),
  acknowledge: (id: string, note: string) => post<Alert>(`/v1/alerts/${id}/acknowledge`, { note }),
  restrict: (cell: string, mode: Mode, reason: string) =>
    post<CellMode>(`/v1/incidents/cells/${cell}/restrict`, { mode, reason }),
  requests: () => get<Page<IncidentRequest>>(`/v1/incidents/requests${query({ limit: 50 })}`),
  request: (body: Record<string, unknown>, key: string) =>
    post<IncidentRequest>('/v1/incidents/requests', body, key),
  decide: (id: string, approve: boolean, reason: string, code: string) =>
    post<IncidentRequest>(`/v1/incidents/requests/${id}/decision`, { approve, reason, code }),
  restore: (id: string) => get<RestoreProgress>(`/v1/incidents/requests/${id}/restore`),
  apply: (id: string, from: string) =>
    post<{ head_seq: string; kept: string }>(`/v1/incidents/requests/${id}/apply`, { from }),
  evidence: () => get<Page<Evidence>>(`/v1/incidents/evidence${query({ limit: 50 })}`),
  capture: (cell: string | null, reason: string) =>
    post<Evidence>('/v1/incidents/evidence', { cell, reason }),
  staff: (id: string) => get<{ id: string; username: string; full_name: string }>(`/v1/staff/${id}`),
};

/** How often the console reads again: an incident is watched live. */
export const POLL_MS = 3_000;

/** A read kept fresh every POLL_MS while mounted; `reload` reads again at once (after a write). */
export function usePoll<T>(read: () => Promise<T>, deps: readonly unknown[] = []) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const readRef = useRef(read);
  readRef.current = read;
  const reload = useCallback(async () => {
    try {
      setData(await readRef.current());
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    let alive = true;
    const tick = () => {
      if (alive) void reload();
    };
    tick();
    const timer = setInterval(tick, POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, deps);
  return { data, error, reload };
}

const names = new Map<string, Promise<string>>();

/** A member of staff's name and username ("Trần Văn A (an.ninh)"), or the id when it cannot be read. */
export function useStaffName(id: string | null): string | null {
  const [name, setName] = useState<string | null>(id);
  useEffect(() => {
    if (id === null || id.startsWith('system')) return;
    let p = names.get(id);
    if (p === undefined) {
      p = securityApi.staff(id).then(
        (s) => `${s.full_name} (${s.username})`,
        () => id,
      );
      names.set(id, p);
    }
    let alive = true;
    void p.then((n) => alive && setName(n));
    return () => {
      alive = false;
    };
  }, [id]);
  return name;
}
