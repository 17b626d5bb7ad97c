// What the agency's and the managers' dossier screens share: a dossier's state in words, its deadline in
// working days left or overdue, and the list of dossiers with both.
import { Link } from 'wouter';
import { day } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { standing, type DossierRow } from './dossiers.ts';
import './agency.css';

export function StateName({ state }: { state: string }) {
  const { t } = useT();
  return (
    <span className={`dossier-state dossier-state-${state}`} data-testid="dossier-state" data-state={state}>
      {t(`agency.states.${state}`, { defaultValue: state })}
    </span>
  );
}

/** The deadline as the officer acts on it: working days left, due today, or overdue (in red). */
export function Deadline({ dossier }: { dossier: Pick<DossierRow, 'state' | 'deadline_day'> }) {
  const { t } = useT();
  const s = standing(dossier);
  const due = dossier.deadline_day === null ? '' : t('agency.due', { day: day(dossier.deadline_day) });
  if (s.kind === 'none')
    return (
      <span className="deadline" data-testid="deadline" data-kind="none">
        {due === '' ? t('agency.noDeadline') : due}
      </span>
    );
  const text =
    s.kind === 'today'
      ? t('agency.today')
      : s.kind === 'left'
        ? t('agency.left', { count: s.days })
        : t('agency.overdue', { count: s.days });
  return (
    <span className={`deadline deadline-${s.kind}`} data-testid="deadline" data-kind={s.kind}>
      <strong>{text}</strong> <small>({due})</small>
    </span>
  );
}

/** Dossiers as a table on a counter screen and as cards on a phone (the CSS chooses), each opening at `href`. */
export function DossierTable({
  items,
  href,
  procedures,
  showAgency,
}: {
  items: readonly DossierRow[];
  href: (d: DossierRow) => string | null;
  procedures: ReadonlyMap<string, string>;
  showAgency?: boolean;
}) {
  const { t } = useT();
  return (
    <table className="table dossier-table" data-testid="dossiers">
      <thead>
        <tr>
          <th>{t('agency.code')}</th>
          <th>{t('agency.procedure')}</th>
          <th>{t('agency.citizen')}</th>
          <th>{t('agency.state')}</th>
          <th>{t('agency.deadline')}</th>
          <th>{t('agency.appointment')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => {
          const to = href(d);
          return (
            <tr key={d.id} data-testid="dossier-row" data-dossier={d.id} data-state={d.state}>
              <td data-label={t('agency.code')}>
                {to === null ? <strong>{d.id}</strong> : <Link href={to}>{d.id}</Link>}
              </td>
              <td data-label={t('agency.procedure')}>
                {procedures.get(d.procedure_code) ?? d.procedure_code}
                {showAgency === true && <small className="muted"> · {d.agency_code}</small>}
              </td>
              <td data-label={t('agency.citizen')}>{d.citizen.name}</td>
              <td data-label={t('agency.state')}>
                <StateName state={d.state} />
              </td>
              <td data-label={t('agency.deadline')}>
                <Deadline dossier={d} />
              </td>
              <td data-label={t('agency.appointment')}>
                {d.appointment_day === null ? '—' : day(d.appointment_day)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
