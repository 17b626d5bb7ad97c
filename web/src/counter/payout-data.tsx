// What the payout screen reads from the API: the clerk's office (its postcode names its pension lines), her
// open till, the periods her province pays, the lines and receipts; and how a search text is understood.
import { useCallback, useEffect, useState } from 'react';
import { get, query } from '../ui/api.ts';
import { useMe } from '../ui/session.tsx';

export interface Period {
  id: string;
  province_code: string;
  months: string[];
  counters_from: string;
  close_on: string;
  counters_open: boolean;
}

export interface Line {
  id: string;
  period_id: string;
  row: number;
  cccd: string;
  full_name: string;
  birth_year: number;
  benefit: string;
  amount: string;
  office_postcode: string;
  channel: string;
  proxy_name: string | null;
  proxy_cccd: string | null;
  proxy_until: string | null;
  status: string;
  receipt_id: string | null;
  paid_place: string | null;
}

export interface Till {
  id: string;
  clerk_id: string;
  status: 'opening' | 'open' | 'closing' | 'closed';
  cash: string;
}

export interface Receipt {
  id: string;
  line_id: string;
  period_id: string;
  months: string[];
  full_name: string;
  cccd: string;
  benefit: string;
  amount: string;
  amount_words: string;
  place: 'bank' | 'point' | 'counter' | 'home';
  office_id: string;
  recipient: 'self' | 'proxy';
  recipient_name: string;
  recipient_cccd: string | null;
  paid_at: string;
}

export interface Office {
  id: string;
  name: string;
  postcode: string;
}

/** What every step needs: where the clerk is, her till, and what her province pays today. */
export interface Counter {
  office: Office;
  /** Her open till, or null; `opening` when it still waits for the second person's confirmation. */
  till: Till | null;
  opening: boolean;
  periods: Period[];
  today: string;
  reloadTill: () => Promise<void>;
}

/** Loads the counter's context once, and the till again after each payout (its cash fell). */
export function useCounter(): { counter: Counter | null; error: unknown } {
  const me = useMe();
  const officeId = me.staff.office_id;
  const clerkId = me.staff.id;
  const [state, setState] = useState<Omit<Counter, 'reloadTill'> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const loadTill = useCallback(async () => {
    const { items } = await get<{ items: Till[] }>(
      `/v1/finance/offices/${encodeURIComponent(officeId)}/tills`,
    );
    const mine = items.filter((x) => x.clerk_id === clerkId);
    return {
      till: mine.find((x) => x.status === 'open') ?? null,
      opening: mine.some((x) => x.status === 'opening'),
    };
  }, [officeId, clerkId]);
  useEffect(() => {
    let alive = true;
    Promise.all([
      get<Office>(`/v1/offices/${encodeURIComponent(officeId)}`),
      loadTill(),
      get<{ today: string; items: Period[] }>(
        `/v1/finance/offices/${encodeURIComponent(officeId)}/pension-periods`,
      ),
    ]).then(
      ([office, t, p]) => alive && setState({ office, ...t, periods: p.items, today: p.today }),
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [officeId, loadTill]);
  const reloadTill = useCallback(async () => {
    const t = await loadTill();
    setState((s) => (s === null ? s : { ...s, ...t }));
  }, [loadTill]);
  return { counter: state === null ? null : { ...state, reloadTill }, error };
}

/** What a search text is: a CCCD, a list line's id (it holds the CCCD), a name, or not yet enough. */
export type SearchText =
  | { kind: 'cccd'; cccd: string }
  | { kind: 'line'; cccd: string; id: string }
  | { kind: 'name'; name: string }
  | { kind: 'bad'; reason: 'cccdDigits' | 'tooShort' };

export function readSearch(text: string): SearchText {
  const q = text.trim();
  const line = /^pl_.+_(\d{12})_(LH|TC|BTXH)$/.exec(q);
  if (line !== null) return { kind: 'line', cccd: line[1]!, id: q };
  const digits = q.replace(/[\s.-]/g, '');
  if (/^\d+$/.test(digits))
    return digits.length === 12 ? { kind: 'cccd', cccd: digits } : { kind: 'bad', reason: 'cccdDigits' };
  return q.length >= 2 ? { kind: 'name', name: q } : { kind: 'bad', reason: 'tooShort' };
}

/** The lines of the clerk's office that match, in every period her province has open. */
export async function findLines(counter: Counter, s: SearchText, signal?: AbortSignal): Promise<Line[]> {
  if (s.kind === 'bad') return [];
  const pages = await Promise.all(
    counter.periods.map((p) =>
      get<{ items: Line[] }>(
        `/v1/finance/pension-periods/${encodeURIComponent(p.id)}/lines${query({
          office: counter.office.postcode,
          cccd: s.kind === 'name' ? undefined : s.cccd,
          name: s.kind === 'name' ? s.name : undefined,
          limit: 20,
        })}`,
        signal,
      ),
    ),
  );
  const lines = pages.flatMap((p) => p.items);
  return s.kind === 'line' ? lines.filter((l) => l.id === s.id) : lines;
}

/** The lines a clerk can pay at the counter (the API's PAYABLE states). */
export const PAYABLE = ['at_office', 'at_point'];

/** A YYYY-MM month as mm/yyyy. */
export const monthText = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;

export const receiptPdf = (id: string) => `/v1/finance/pension-receipts/${encodeURIComponent(id)}.pdf`;
