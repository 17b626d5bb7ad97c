// The drills as the API gives them (/v1/drills), and watching one: its timeline polled every second while it
// runs, the report at the end.
import { useCallback, useEffect, useState } from 'react';
import { get, post } from '../ui/api.ts';

export type DrillStatus = 'running' | 'passed' | 'failed' | 'stopped';
export const PHASES = [
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
export type Phase = (typeof PHASES)[number];
/** The night's phases a watcher follows, from the attack to delivery back in service. */
export const NIGHT: readonly Phase[] = PHASES.slice(1, 9);

export interface Drill {
  id: string;
  scale: 'demo';
  status: DrillStatus;
  started_at: string;
  started_by: string | null;
  finished_at: string | null;
  last_step: string | null;
  phase: Phase | null;
}

interface Paid {
  count: number;
  amount: string;
}

/** The parts of the drill's report (postcore-drill/1) this screen shows; the download is the whole. */
export interface DrillReportShown {
  ok: boolean;
  failures: string[];
  seconds: { detection: number | null; isolation: number | null; recovery: number | null };
  events_lost: { total: number };
  money: { balanced: boolean } | null;
  verify: Array<{ cell: string; ok: boolean }>;
}

export interface DrillDetail extends Drill {
  timeline: Array<{ step: string; at: string; phase: Phase; offset_s: number | null; night: string | null }>;
  paid: { total: Paid; during_outage: Paid | null };
  report: (DrillReportShown & Record<string, unknown>) | null;
}

export const listDrills = () => get<{ items: Drill[] }>('/v1/drills');
export const getDrill = (id: string) => get<DrillDetail>(`/v1/drills/${encodeURIComponent(id)}`);
/** Starts a demo drill, or answers the one running. */
export const startDrill = (key: string) => post<DrillDetail>('/v1/drills', { scale: 'demo' }, key);

/** The drills, and the one watched: refreshed every second while it runs. */
export function useDrills() {
  const [drills, setDrills] = useState<Drill[] | undefined>(undefined);
  const [watched, setWatched] = useState<string | null>(null);
  const [detail, setDetail] = useState<DrillDetail | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  const refreshList = useCallback(async () => {
    const page = await listDrills();
    setDrills(page.items);
    // The running drill first, else the newest.
    setWatched((w) => w ?? page.items.find((d) => d.status === 'running')?.id ?? page.items[0]?.id ?? null);
  }, []);

  useEffect(() => {
    refreshList().catch(setError);
  }, [refreshList]);

  useEffect(() => {
    if (watched === null) return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      try {
        const d = await getDrill(watched);
        if (!alive) return;
        setDetail(d);
        setError(null);
        if (d.status === 'running') timer = setTimeout(() => void look(), 1000);
        else await refreshList();
      } catch (err) {
        if (!alive) return;
        setError(err);
        timer = setTimeout(() => void look(), 2000);
      }
    };
    void look();
    return () => {
      alive = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [watched, refreshList]);

  return {
    drills,
    detail: detail !== undefined && detail.id === watched ? detail : undefined,
    error,
    watch: setWatched,
    /** A drill started (or the running one answered): watched at once. */
    started: (d: DrillDetail) => {
      setDetail(d);
      setWatched(d.id);
      refreshList().catch(setError);
    },
  };
}
