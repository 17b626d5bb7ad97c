// The clerk's own open till, which acceptance and pick-up take money into: found among the office's tills
// of today, and when there is none, a notice that says so and leads to the till screen.
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { get } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';

export interface TillSession {
  id: string;
  office_id: string;
  clerk_id: string;
  status: 'opening' | 'open' | 'closing' | 'closed';
  cash: string;
}

export interface OwnTill {
  /** The open till, or null when the clerk has none open. */
  till: TillSession | null;
  /** A till of the clerk's that is not (or no longer) open: why no money can be taken. */
  pending: TillSession | null;
  loading: boolean;
  error: unknown;
  reload: () => Promise<void>;
}

/** The signed-in clerk's till sessions at their office: the open one, or the one still opening or closing. */
export function useOwnTill(): OwnTill {
  const me = useMe();
  const [state, setState] = useState<Omit<OwnTill, 'reload'>>({
    till: null,
    pending: null,
    loading: true,
    error: null,
  });
  const reload = useCallback(async () => {
    try {
      const r = await get<{ items: TillSession[] }>(
        `/v1/finance/offices/${encodeURIComponent(me.staff.office_id)}/tills`,
      );
      const mine = r.items.filter((s) => s.clerk_id === me.staff.id);
      setState({
        till: mine.find((s) => s.status === 'open') ?? null,
        pending: mine.find((s) => s.status === 'opening' || s.status === 'closing') ?? null,
        loading: false,
        error: null,
      });
    } catch (err) {
      setState({ till: null, pending: null, loading: false, error: err });
    }
  }, [me.staff.id, me.staff.office_id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload };
}

/** Why the page cannot take money, and the way to the till screen; nothing when the till is open. */
export function TillNotice({ own }: { own: OwnTill }) {
  const { t } = useT();
  if (own.loading) return <p className="loading">{t('common.loading')}</p>;
  if (own.error !== null) return <ErrorBox error={own.error} testId="till-error" />;
  if (own.till !== null) return null;
  const why =
    own.pending?.status === 'opening'
      ? t('counter.accept.till.opening')
      : own.pending?.status === 'closing'
        ? t('counter.accept.till.closing')
        : t('counter.accept.till.none');
  return (
    <div className="error-box" role="alert" data-testid="no-till">
      {why}{' '}
      <Link href="/counter/till" data-testid="go-till">
        {t('counter.accept.till.go')}
      </Link>
    </div>
  );
}
