// The agency officer's inbox: the dossiers the post brought to their agency, filtered by state and by a
// deadline near or past, each with its deadline in working days; a dossier opens its detail and the form to
// record what the agency did.
import { useEffect, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { query } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Page } from '../ui/parts.tsx';
import {
  AGENCY_MOVES,
  DOSSIER_STATES,
  listDossiers,
  procedureNames,
  type DeadlineFilter,
  type DossierPage,
  type DossierRow,
} from './dossiers.ts';
import { DossierTable } from './parts.tsx';

/** The inbox's filters, kept in the address so that the list can be bookmarked and comes back on Back. */
function useFilters(): [{ state: string; deadline: DeadlineFilter }, (f: Partial<Filters>) => void] {
  const search = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const state = search.get('state') ?? '';
  const d = search.get('deadline');
  const deadline: DeadlineFilter = d === 'near' || d === 'past' ? d : '';
  const current = { state: (DOSSIER_STATES as readonly string[]).includes(state) ? state : '', deadline };
  return [current, (f) => navigate(`/agency${query({ ...current, ...f })}`, { replace: true })];
}
type Filters = { state: string; deadline: DeadlineFilter };

/** What the agency has to act on first: dossiers it may record a move on, the earliest deadline first. */
function byUrgency(a: DossierRow, b: DossierRow): number {
  const waiting = (d: DossierRow) => ((AGENCY_MOVES[d.state] ?? []).length > 0 ? 0 : 1);
  return (
    waiting(a) - waiting(b) ||
    (a.deadline_day ?? '9999').localeCompare(b.deadline_day ?? '9999') ||
    a.id.localeCompare(b.id)
  );
}

export function AgencyPage() {
  const { t } = useT();
  const [filters, setFilters] = useFilters();
  const [page, setPage] = useState<DossierPage | undefined>(undefined);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let alive = true;
    setError(null);
    listDossiers('/v1/services/agency/dossiers', filters)
      .then((p) => alive && setPage(p))
      .catch((err: unknown) => alive && setError(err));
    return () => {
      alive = false;
    };
  }, [filters.state, filters.deadline]);

  // The procedures' names, once the list names the agency (an officer acts for one).
  const agency = page?.items[0]?.agency_code;
  useEffect(() => {
    if (agency === undefined) return;
    procedureNames({ agency })
      .then(setNames)
      .catch(() => undefined); // the codes stand in for the names
  }, [agency]);

  return (
    <Page title={t('agency.title')}>
      <p className="lead">{t('agency.lead')}</p>
      <form
        className="row dossier-filters"
        aria-label={t('agency.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor="agency-state">{t('agency.state')}</label>
          <select
            id="agency-state"
            data-testid="filter-state"
            value={filters.state}
            onChange={(e) => setFilters({ state: e.target.value })}
          >
            <option value="">{t('agency.allStates')}</option>
            {DOSSIER_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`agency.states.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="agency-deadline">{t('agency.deadline')}</label>
          <select
            id="agency-deadline"
            data-testid="filter-deadline"
            value={filters.deadline}
            onChange={(e) => setFilters({ deadline: e.target.value as DeadlineFilter })}
          >
            <option value="">{t('agency.anyDeadline')}</option>
            <option value="near">{t('agency.near')}</option>
            <option value="past">{t('agency.past')}</option>
          </select>
        </div>
      </form>
      <ErrorBox error={error} testId="agency-error" />
      <div data-testid="agency-list">
        {page === undefined ? (
          error === null && <p className="loading">{t('common.loading')}</p>
        ) : page.items.length === 0 ? (
          <p data-testid="agency-list-none">{t('agency.none')}</p>
        ) : (
          <>
            <p className="muted" data-testid="agency-count">
              {t('agency.count', { count: page.total })}
            </p>
            <DossierTable
              items={[...page.items].sort(byUrgency)}
              procedures={names}
              href={(d) => `/agency/${encodeURIComponent(d.id)}`}
            />
          </>
        )}
      </div>
    </Page>
  );
}
