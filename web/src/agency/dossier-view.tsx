// One dossier as staff read it: who lodged it and for what, its documents, its deadline and appointment, the
// items carrying it, and its history step by step.
import { day, moment } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import type { DossierWithSteps } from './dossiers.ts';
import { Deadline, StateName } from './parts.tsx';

/** A procedure's name and its documents' names (GET /v1/services/procedures/:code). */
export interface ProcedureInfo {
  name: string;
  documents: Array<{ key: string; name: string }>;
}

export function DossierFacts({
  d,
  procedure,
}: {
  d: DossierWithSteps;
  procedure: ProcedureInfo | undefined;
}) {
  const { t } = useT();
  const docName = (key: string) => procedure?.documents.find((x) => x.key === key)?.name ?? key;
  const rep = d.representative;
  return (
    <div className="card dossier-facts" data-testid="dossier-facts">
      <dl className="facts">
        <dt>{t('agency.state')}</dt>
        <dd>
          <StateName state={d.state} />
        </dd>
        <dt>{t('agency.procedure')}</dt>
        <dd data-testid="dossier-procedure">
          {procedure?.name ?? d.procedure_code} <small className="muted">({d.procedure_code})</small>
        </dd>
        <dt>{t('agency.detail.service')}</dt>
        <dd>{t(`agency.detail.services.${d.service}`)}</dd>
        {d.agency_ref !== null && (
          <>
            <dt>{t('agency.detail.agencyRef')}</dt>
            <dd>{d.agency_ref}</dd>
          </>
        )}
        <dt>{t('agency.citizen')}</dt>
        <dd data-testid="dossier-citizen">
          {d.citizen.name} · {t('agency.detail.phone')} {d.citizen.phone}
          <br />
          <small>
            {t('agency.detail.address')}: {d.citizen.address}
          </small>
        </dd>
        {rep !== null && (
          <>
            <dt>{t('agency.detail.representative')}</dt>
            <dd>
              {rep.name} · {rep.phone}
              <br />
              <small>
                {t('agency.detail.authorisation', {
                  number: rep.authorisation.number,
                  until: day(rep.authorisation.until),
                })}
              </small>
            </dd>
          </>
        )}
        <dt>{t('agency.handedOver')}</dt>
        <dd>{d.handed_over_at === null ? '—' : moment(d.handed_over_at)}</dd>
        <dt>{t('agency.detail.deadlineDay')}</dt>
        <dd>
          <Deadline dossier={d} />
        </dd>
        <dt>{t('agency.appointment')}</dt>
        <dd data-testid="dossier-appointment">{d.appointment_day === null ? '—' : day(d.appointment_day)}</dd>
        {d.decision_note !== null && (
          <>
            <dt>{t('agency.detail.note')}</dt>
            <dd data-testid="dossier-note">{d.decision_note}</dd>
          </>
        )}
        <dt>{t('agency.detail.documents')}</dt>
        <dd>
          {d.documents.length === 0
            ? t('common.none')
            : d.documents.map((x) => (
                <div key={x.key}>
                  {docName(x.key)} ({t(`agency.detail.form.${x.form}`, { defaultValue: x.form })} ×{x.count})
                </div>
              ))}
          {d.missing.length > 0 && (
            <div className="field-error">
              {t('agency.detail.missing')}: {d.missing.map(docName).join(', ')}
            </div>
          )}
        </dd>
        {d.legs.length > 0 && (
          <>
            <dt>{t('agency.detail.legs')}</dt>
            <dd>
              <ul className="plain">
                {d.legs.map((l) => (
                  <li key={l.leg_no}>
                    {t(`agency.detail.legKinds.${l.kind}`)}: {l.item_id ?? '—'} ·{' '}
                    {t(`agency.detail.legStates.${l.state}`)}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}

export function DossierHistory({ d }: { d: DossierWithSteps }) {
  const { t } = useT();
  const steps = [...d.steps].reverse();
  return (
    <section aria-labelledby="dossier-history">
      <h2 id="dossier-history">{t('agency.detail.history')}</h2>
      <table className="table dossier-table" data-testid="dossier-history">
        <thead>
          <tr>
            <th>{t('agency.detail.at')}</th>
            <th>{t('agency.detail.step')}</th>
            <th>{t('agency.detail.stateAfter')}</th>
            <th>{t('agency.detail.stepNote')}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.seq} data-testid="dossier-step" data-step={s.step}>
              <td data-label={t('agency.detail.at')}>{moment(s.at)}</td>
              <td data-label={t('agency.detail.step')}>
                {t(`agency.steps.${s.step}`, { defaultValue: s.step })}
              </td>
              <td data-label={t('agency.detail.stateAfter')}>
                <StateName state={s.state} />
              </td>
              <td data-label={t('agency.detail.stepNote')}>{s.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
