// The office's dossiers, newest first, filtered by state or by the agency's deadline (near or past); each
// row opens the dossier, and a button starts the intake of a new one.
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { get, query } from '../ui/api.ts';
import { day } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { DOSSIER_STATES, procedureOf, type Dossier } from './dossier-data.ts';
import './dossier.css';

const PAGE = 25;

/** The names of the procedures a page of dossiers names, as they arrive. */
export function useProcedureNames(codes: readonly string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...new Set(codes)].sort().join(' ');
  useEffect(() => {
    let live = true;
    for (const code of key === '' ? [] : key.split(' '))
      procedureOf(code).then(
        (p) => live && setNames((n) => ({ ...n, [code]: p.name })),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

export function DossierListPage() {
  const { t } = useT();
  const me = useMe();
  const [, navigate] = useLocation();
  const [state, setState] = useState('');
  const [deadline, setDeadline] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ items: Dossier[]; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const names = useProcedureNames(page?.items.map((d) => d.procedure_code) ?? []);

  useEffect(() => {
    const ctl = new AbortController();
    get<{ items: Dossier[]; total: number }>(
      `/v1/services/offices/${encodeURIComponent(me.staff.office_id)}/dossiers${query({ state, deadline, limit: PAGE, offset })}`,
      ctl.signal,
    ).then(
      (r) => {
        setPage(r);
        setError(null);
      },
      (err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      },
    );
    return () => ctl.abort();
  }, [me.staff.office_id, state, deadline, offset]);

  const open = (id: string) => navigate(`/counter/dossiers/${encodeURIComponent(id)}`);
  return (
    <Page
      title={t('counter.dossier.list.title')}
      aside={
        <Link href="/counter/dossiers/new" className="button primary" data-testid="new-dossier">
          {t('counter.dossier.list.new')}
        </Link>
      }
    >
      <div className="row dossier-filters">
        <div className="field">
          <label htmlFor="dossier-state">{t('counter.dossier.list.state')}</label>
          <select
            id="dossier-state"
            data-testid="filter-state"
            value={state}
            onChange={(e) => {
              setState(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">{t('counter.dossier.list.allStates')}</option>
            {DOSSIER_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`counter.dossier.states.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dossier-deadline">{t('counter.dossier.list.deadline')}</label>
          <select
            id="dossier-deadline"
            data-testid="filter-deadline"
            value={deadline}
            onChange={(e) => {
              setDeadline(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">{t('counter.dossier.list.anyDeadline')}</option>
            <option value="near">{t('counter.dossier.list.near')}</option>
            <option value="past">{t('counter.dossier.list.past')}</option>
          </select>
        </div>
        {page !== null && (
          <p className="muted" data-testid="dossier-count">
            {t('counter.dossier.list.count', { n: page.total })}
          </p>
        )}
      </div>
      <ErrorBox error={error} testId="dossiers-error" />
      {page === null && error === null && <p className="loading">{t('common.loading')}</p>}
      {page !== null && page.items.length === 0 && (
        <p className="muted" data-testid="dossiers-empty">
          {t('counter.dossier.list.empty')}
        </p>
      )}
      {page !== null && page.items.length > 0 && (
        <table className="table dossiers" data-testid="dossiers">
          <thead>
            <tr>
              <th>{t('counter.dossier.list.code')}</th>
              <th>{t('counter.dossier.list.procedure')}</th>
              <th>{t('counter.dossier.list.citizen')}</th>
              <th>{t('counter.dossier.list.state')}</th>
              <th>{t('counter.dossier.list.taken')}</th>
              <th>{t('counter.dossier.list.due')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((d) => (
              <tr key={d.id} data-testid="dossier-row" data-state={d.state} onClick={() => open(d.id)}>
                <td>
                  <Link href={`/counter/dossiers/${encodeURIComponent(d.id)}`} data-testid="dossier-link">
                    {d.id}
                  </Link>
                </td>
                <td>{names[d.procedure_code] ?? d.procedure_code}</td>
                <td>{d.citizen.name}</td>
                <td>
                  <span className={`state state-${d.state}`}>{t(`counter.dossier.states.${d.state}`)}</span>
                </td>
                <td>{day(d.created_at)}</td>
                <td>
                  {d.appointment_day !== null
                    ? day(d.appointment_day)
                    : d.deadline_day !== null
                      ? day(d.deadline_day)
                      : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page !== null && page.total > PAGE && (
        <div className="actions">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('counter.dossier.list.prev')}
          </button>
          <button
            type="button"
            disabled={offset + PAGE >= page.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            {t('counter.dossier.list.next')}
          </button>
        </div>
      )}
    </Page>
  );
}
