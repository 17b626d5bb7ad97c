// The home of a role without a screen of its own yet: who they are, where, what they may do, and the cells'
// modes. Managers' dashboards and the security console follow on this foundation.
import { useEffect, useState } from 'react';
import { get } from './api.ts';
import { useT } from './i18n.ts';
import { ErrorBox, Page } from './parts.tsx';
import { useMe } from './session.tsx';

interface Office {
  id: string;
  postcode: string;
  name: string;
}

export function Home() {
  const { t } = useT();
  const me = useMe();
  const [office, setOffice] = useState<Office | null>(null);
  const [modes, setModes] = useState<Array<{ cell: string; mode: string }>>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<Office>(`/v1/offices/${me.staff.office_id}`).then(setOffice, setError);
    get<{ items: Array<{ cell: string; mode: string }> }>('/v1/incidents/cells').then(
      (r) => setModes(r.items),
      () => undefined,
    );
  }, [me.staff.office_id]);
  return (
    <Page title={t('home.title', { name: me.staff.full_name })}>
      <ErrorBox error={error} />
      <dl className="facts" data-testid="home-facts">
        <dt>{t('home.office')}</dt>
        <dd>{office === null ? '…' : `${office.postcode} — ${office.name}`}</dd>
        <dt>{t('home.roles')}</dt>
        <dd>{me.roles.map((r) => t(`roles.${r.role}`, { defaultValue: r.name_vi })).join(', ')}</dd>
        <dt>{t('home.permissions')}</dt>
        <dd>
          <ul className="permissions">
            {me.permissions.map((p) => (
              <li key={p.permission}>
                {t(`permissions.${p.permission.replaceAll('.', '_')}`, { defaultValue: p.permission })}{' '}
                <small>({t(`scopes.${p.scope}`)})</small>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      {modes.length > 0 && (
        <table className="table" data-testid="cell-modes">
          <caption>{t('home.cells')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('home.cell')}</th>
              <th scope="col">{t('home.mode')}</th>
            </tr>
          </thead>
          <tbody>
            {modes.map((m) => (
              <tr key={m.cell}>
                <td>{t(`cells.${m.cell}`, { defaultValue: m.cell })}</td>
                <td>{t(`modes.${m.mode}`, { defaultValue: m.mode })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
