// The province's agencies with how many of their dossiers are near or past the deadline: only those within
// the manager's reach (the API refuses an agency served by another office to an office's manager), the one
// with the most first; choosing one lists its dossiers below.
import { useEffect, useState } from 'react';
import { listDossiers } from '../agency/dossiers.ts';
import { useT } from '../ui/i18n.ts';

export interface Agency {
  code: string;
  name: string;
}

interface Count {
  agency: Agency;
  total: number;
}

export const agencyPath = (code: string) => `/v1/services/agencies/${encodeURIComponent(code)}/dossiers`;

export function AgencyCounts({
  agencies,
  deadline,
  selected,
  onSelect,
}: {
  agencies: readonly Agency[];
  deadline: 'near' | 'past';
  selected: string;
  onSelect: (code: string) => void;
}) {
  const { t } = useT();
  const [counts, setCounts] = useState<Count[] | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    setCounts(undefined);
    void Promise.allSettled(
      agencies.map((a) => listDossiers(agencyPath(a.code), { deadline, limit: 1 })),
    ).then((answers) => {
      if (!alive) return;
      const reach: Count[] = [];
      answers.forEach((r, i) => {
        if (r.status === 'fulfilled') reach.push({ agency: agencies[i]!, total: r.value.total });
      });
      reach.sort((a, b) => b.total - a.total || a.agency.name.localeCompare(b.agency.name, 'vi'));
      setCounts(reach);
    });
    return () => {
      alive = false;
    };
  }, [agencies, deadline]);

  // The first agency within reach is shown until the manager picks another.
  useEffect(() => {
    if (counts === undefined) return;
    if (!counts.some((c) => c.agency.code === selected)) onSelect(counts[0]?.agency.code ?? '');
  }, [counts, selected, onSelect]);

  if (counts === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (counts.length === 0) return <p data-testid="agencies-none">{t('oversight.dossiers.noAgencies')}</p>;
  return (
    <table className="table agency-counts" data-testid="agency-counts">
      <thead>
        <tr>
          <th>{t('oversight.dossiers.agency')}</th>
          <th className="num">{t('oversight.dossiers.dossiers')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {counts.map((c) => (
          <tr
            key={c.agency.code}
            data-testid="agency-count"
            data-agency={c.agency.code}
            aria-current={c.agency.code === selected ? 'true' : undefined}
          >
            <td>
              {c.agency.name} <small className="muted">({c.agency.code})</small>
            </td>
            <td className="num" data-testid="agency-total">
              {c.total}
            </td>
            <td>
              <button
                type="button"
                onClick={() => onSelect(c.agency.code)}
                disabled={c.agency.code === selected}
                aria-label={t('oversight.dossiers.show', { agency: c.agency.name })}
              >
                {t('oversight.dossiers.showShort')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
