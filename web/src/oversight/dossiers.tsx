// The managers' watch on the agencies' deadlines (/oversight/dossiers): the dossiers near or past their
// deadline that an office took in, and those of each agency of the province. An office manager sees their
// office; a provincial manager picks among the province's offices; a national reader picks the province.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import { AgencyCounts, agencyPath, type Agency } from './agencies.tsx';
import { DossierFacts, DossierHistory } from '../agency/dossier-view.tsx';
import { useDossier } from '../agency/dossier.tsx';
import { listDossiers, procedureNames, type DossierPage } from '../agency/dossiers.ts';
import { DossierTable } from '../agency/parts.tsx';
import { get, query } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';

interface Office {
  id: string;
  name: string;
  postcode: string;
}
type Deadline = 'near' | 'past';

/** A list of dossiers near or past their deadline at `path` (none while path is null). */
function useDeadlineList(path: string | null, deadline: Deadline) {
  const [page, setPage] = useState<DossierPage | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (path === null) return;
    let alive = true;
    setPage(undefined);
    setError(null);
    listDossiers(path, { deadline })
      .then((p) => alive && setPage(p))
      .catch((err: unknown) => alive && setError(err));
    return () => {
      alive = false;
    };
  }, [path, deadline]);
  return { page, error };
}

function Listing({
  path,
  deadline,
  names,
  testId,
}: {
  path: string | null;
  deadline: Deadline;
  names: ReadonlyMap<string, string>;
  testId: string;
}) {
  const { t } = useT();
  const { page, error } = useDeadlineList(path, deadline);
  return (
    <div data-testid={testId}>
      <ErrorBox error={error} testId={`${testId}-error`} />
      {page === undefined ? (
        error === null && path !== null && <p className="loading">{t('common.loading')}</p>
      ) : page.items.length === 0 ? (
        <p data-testid={`${testId}-none`}>{t('oversight.dossiers.none')}</p>
      ) : (
        <>
          <p className="muted" data-testid={`${testId}-count`}>
            {t('oversight.dossiers.count', { count: page.total })}
          </p>
          <DossierTable
            items={page.items}
            procedures={names}
            showAgency
            href={(d) => `/oversight/dossiers/${encodeURIComponent(d.id)}`}
          />
        </>
      )}
    </div>
  );
}

export function OversightDossiersPage() {
  const { t } = useT();
  const me = useMe();
  const scope = me.permissions.find((p) => p.permission === 'report.read')?.scope ?? 'office';
  const [deadline, setDeadline] = useState<Deadline>('near');
  const [province, setProvince] = useState(me.office_province ?? '01');
  const [offices, setOffices] = useState<Office[]>([]);
  const [office, setOffice] = useState(scope === 'office' ? me.staff.office_id : '');
  const [agencies, setAgencies] = useState<Agency[] | undefined>(undefined);
  const [agency, setAgency] = useState('');
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!/^\d{2}$/.test(province)) return;
    let alive = true;
    setError(null);
    const offices =
      scope === 'office'
        ? Promise.resolve([])
        : get<{ items: Office[] }>(
            `/v1/offices${query({ type: 'post_office', province, status: 'open', limit: 500 })}`,
          ).then((r) => r.items);
    Promise.all([offices, get<{ items: Agency[] }>(`/v1/services/agencies${query({ province })}`)])
      .then(([o, a]) => {
        if (!alive) return;
        setOffices(o);
        if (scope !== 'office') setOffice(o[0]?.id ?? '');
        setAgencies(a.items);
      })
      .catch((err: unknown) => alive && setError(err));
    procedureNames({ province })
      .then((n) => alive && setNames(n))
      .catch(() => undefined); // the codes stand in for the names
    return () => {
      alive = false;
    };
  }, [province, scope]);

  return (
    <Page title={t('oversight.dossiers.title')}>
      <p className="lead">{t('oversight.dossiers.lead')}</p>
      <form className="row dossier-filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="oversight-deadline">{t('oversight.dossiers.deadline')}</label>
          <select
            id="oversight-deadline"
            data-testid="oversight-deadline"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value === 'past' ? 'past' : 'near')}
          >
            <option value="near">{t('oversight.dossiers.near')}</option>
            <option value="past">{t('oversight.dossiers.past')}</option>
          </select>
        </div>
        {scope === 'all' && (
          <div className="field">
            <label htmlFor="oversight-province">{t('oversight.dossiers.province')}</label>
            <input
              id="oversight-province"
              inputMode="numeric"
              maxLength={2}
              value={province}
              onChange={(e) => setProvince(e.target.value.replace(/\D/g, ''))}
            />
          </div>
        )}
      </form>
      <ErrorBox error={error} testId="oversight-error" />

      <section className="oversight-section" aria-labelledby="by-office">
        <h2 id="by-office">{t('oversight.dossiers.byOffice')}</h2>
        {scope !== 'office' && (
          <div className="field dossier-filters">
            <label htmlFor="oversight-office">{t('oversight.dossiers.office')}</label>
            <select
              id="oversight-office"
              data-testid="oversight-office"
              value={office}
              onChange={(e) => setOffice(e.target.value)}
            >
              {offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.postcode} · {o.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <Listing
          path={office === '' ? null : `/v1/services/offices/${encodeURIComponent(office)}/dossiers`}
          deadline={deadline}
          names={names}
          testId="by-office"
        />
      </section>

      <section className="oversight-section" aria-labelledby="by-agency">
        <h2 id="by-agency">{t('oversight.dossiers.byAgency')}</h2>
        {agencies !== undefined && (
          <AgencyCounts agencies={agencies} deadline={deadline} selected={agency} onSelect={setAgency} />
        )}
        <Listing
          path={agency === '' ? null : agencyPath(agency)}
          deadline={deadline}
          names={names}
          testId="by-agency"
        />
      </section>
    </Page>
  );
}

/** One dossier as a manager reads it (/oversight/dossiers/:dossier): its facts and history, nothing to record. */
export function OversightDossierPage() {
  const { t } = useT();
  const id = decodeURIComponent(useParams<{ dossier: string }>().dossier);
  const { d, procedure, error } = useDossier(id);
  return (
    <Page
      title={id}
      aside={
        <Link href="/oversight/dossiers" data-testid="back">
          ← {t('oversight.dossiers.title')}
        </Link>
      }
    >
      <ErrorBox error={error} testId="dossier-error" />
      {d === undefined ? (
        error === null && <p className="loading">{t('common.loading')}</p>
      ) : (
        <div className="dossier-grid">
          <DossierFacts d={d} procedure={procedure} />
          <DossierHistory d={d} />
        </div>
      )}
    </Page>
  );
}
