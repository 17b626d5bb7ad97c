// What the till and approvals screens share: the API's till shapes, finding a clerk's session, a write that
// keeps its idempotency key while the same submission is retried, a page that refreshes while it waits, and
// a refusal shown with what to do about it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { get, newKey, post, query, type ApiError } from '../ui/api.ts';
import { todayVn } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox } from '../ui/parts.tsx';

export type TillStatus = 'opening' | 'open' | 'closing' | 'closed';

export interface TillSession {
  id: string;
  office_id: string;
  clerk_id: string;
  day: string;
  status: TillStatus;
  float_amount: string;
  float_denominations: Record<string, number>;
  opened_at: string;
  counted_amount: string | null;
  counted_denominations: Record<string, number> | null;
  expected_amount: string | null;
  variance: string | null;
  variance_reason: string | null;
  closed_by: string | null;
  closed_at: string | null;
  cash: string;
}

export interface TillMovement {
  id: string;
  session_id: string;
  direction: 'to_till' | 'to_vault';
  amount: string;
  denominations: Record<string, number>;
  maker_id: string;
  status: 'pending' | 'confirmed' | 'rejected';
  checker_id: string | null;
  reason: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface TillTaking {
  kind: 'vault' | 'pension' | 'fee' | 'cod' | 'sale' | 'other';
  count: number;
  cash_in: string;
  cash_out: string;
}

/** GET /v1/finance/tills/{id}: the session, its cash moves and its cash by kind. */
export interface TillView {
  session: TillSession;
  movements: TillMovement[];
  takings: TillTaking[];
}

const UNCLOSED: readonly TillStatus[] = ['opening', 'open', 'closing'];

/** An office's sessions that are not closed (any day: a till left open yesterday still needs closing). */
export async function unclosedSessions(office: string): Promise<TillSession[]> {
  const lists = await Promise.all(
    UNCLOSED.map((status) =>
      get<{ items: TillSession[] }>(`/v1/finance/offices/${office}/tills${query({ status })}`),
    ),
  );
  return lists.flatMap((l) => l.items);
}

/** The clerk's session to show: the one not yet closed, else the last one closed today, else none. */
export async function ownSession(office: string, clerk: string): Promise<TillView | null> {
  let mine = (await unclosedSessions(office)).find((s) => s.clerk_id === clerk);
  if (mine === undefined) {
    const today = await get<{ items: TillSession[] }>(
      `/v1/finance/offices/${office}/tills${query({ day: todayVn(), status: 'closed' })}`,
    );
    mine = today.items
      .filter((s) => s.clerk_id === clerk)
      .sort((a, b) => (b.closed_at ?? '').localeCompare(a.closed_at ?? ''))[0];
  }
  return mine === undefined ? null : get<TillView>(`/v1/finance/tills/${mine.id}`);
}

/**
 * One kind of write from a form: the same body sent again (after no answer, or a press of the button again)
 * carries the same idempotency key, so it is never recorded twice; a new body, or one answered, a new key.
 */
export function useWrite() {
  const last = useRef<{ body: string; path: string; key: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = useCallback(async <T,>(path: string, body: unknown): Promise<T | undefined> => {
    const text = JSON.stringify(body);
    if (last.current === null || last.current.body !== text || last.current.path !== path)
      last.current = { body: text, path, key: newKey() };
    setBusy(true);
    setError(null);
    try {
      const answer = await post<T>(path, body, last.current.key);
      last.current = null;
      return answer;
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { send, busy, error, setError };
}

/**
 * Loads now and then again after `every(data)` ms while the page is open (often while it waits on someone),
 * keeping the last good answer on screen; `at` is when it last answered, `refresh` loads at once.
 */
export function usePolled<T>(load: () => Promise<T>, every: (data: T | undefined) => number) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [at, setAt] = useState<Date | null>(null);
  const calls = useRef({ load, every });
  useEffect(() => {
    calls.current = { load, every };
  });
  const refresh = useCallback(async (): Promise<T | undefined> => {
    try {
      const next = await calls.current.load();
      setData(next);
      setError(null);
      setAt(new Date());
      return next;
    } catch (err) {
      setError(err);
      return undefined;
    }
  }, []);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const next = await refresh();
      if (alive) timer = setTimeout(() => void tick(), calls.current.every(next));
    };
    void tick();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [refresh]);
  return { data, error, at, refresh: async () => void (await refresh()) };
}

/** The API's refusal and, for the refusals these screens know, what the person should do next. */
export function Refusal({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useT();
  if (error === null || error === undefined) return null;
  const code = (error as Partial<ApiError>).code;
  const help = code === undefined ? '' : t(`counter.till.help.${code}`, { defaultValue: '' });
  return (
    <div className="refusal">
      <ErrorBox error={error} {...(testId === undefined ? {} : { testId })} />
      {help !== '' && (
        <p className="refusal-help" data-testid={`${testId ?? 'error'}-help`}>
          {help}
        </p>
      )}
    </div>
  );
}
