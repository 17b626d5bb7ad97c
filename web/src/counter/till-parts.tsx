// What the till and approvals screens share: the API's till shapes, finding a clerk's session, a write that
// keeps its idempotency key while the same submission is retried, a page that refreshes while it waits, and
// a refusal shown with what to do about it.
import { get, query, type ApiError } from '../ui/api.ts';
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

export { usePolled, useWrite } from '../ui/hooks.ts';

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
