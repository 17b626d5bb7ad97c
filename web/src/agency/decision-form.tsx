// The agency's decision on a dossier: only the moves allowed from its state are offered, a reason where the
// citizen must be told one, a new day to extend. A refusal from the API (the dossier moved on meanwhile,
// another agency's) is shown here, in the reader's language.
import { useState, type FormEvent } from 'react';
import { useWrite } from '../counter/till-parts.tsx';
import { todayVn } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Notice } from '../ui/parts.tsx';
import { AGENCY_MOVES, NEEDS_REASON, type AgencyStatus, type DossierWithSteps } from './dossiers.ts';

export function DecisionForm({
  d,
  onDecided,
  onRefused,
}: {
  d: DossierWithSteps;
  /** The dossier as the API answered the decision. */
  onDecided: (d: DossierWithSteps) => void;
  /** A refusal: the page loads the dossier again, as it now is. */
  onRefused: () => void;
}) {
  const { t } = useT();
  const moves = AGENCY_MOVES[d.state] ?? [];
  const [status, setStatus] = useState<AgencyStatus | ''>('');
  const [reason, setReason] = useState('');
  const [appointment, setAppointment] = useState('');
  const [invalid, setInvalid] = useState<{ reason?: string; day?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const { send, busy, error } = useWrite();
  const chosen = status !== '' && moves.includes(status) ? status : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (chosen === '') return;
    const why = reason.trim();
    const bad: { reason?: string; day?: string } = {};
    if (NEEDS_REASON.includes(chosen) && (why.length < 3 || why.length > 500))
      bad.reason = t('agency.decide.reasonNeeded');
    if (chosen === 'extended' && appointment === '') bad.day = t('agency.decide.dayNeeded');
    setInvalid(bad);
    if (Object.keys(bad).length > 0) return;
    setDone(null);
    const r = await send<DossierWithSteps>(`/v1/services/dossiers/${encodeURIComponent(d.id)}/decisions`, {
      status: chosen,
      reason: why === '' ? null : why,
      appointment_day: appointment === '' ? null : appointment,
    });
    if (r === undefined) {
      onRefused();
      return;
    }
    setDone(
      t('agency.decide.done', {
        status: t(`agency.decide.moves.${chosen}`),
        state: t(`agency.states.${r.state}`),
      }),
    );
    setStatus('');
    setReason('');
    setAppointment('');
    onDecided(r);
  };

  return (
    <section className="card decision" aria-labelledby="decide-title">
      <h2 id="decide-title">{t('agency.decide.title')}</h2>
      {done !== null && <Notice testId="decision-done">{done}</Notice>}
      <ErrorBox error={error} testId="decision-error" />
      {moves.length === 0 ? (
        <p data-testid="decision-none">{t('agency.decide.none')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate data-testid="decision-form">
          <fieldset className="moves">
            <legend>{t('agency.decide.status')}</legend>
            {moves.map((m) => (
              <label key={m} className="move">
                <input
                  type="radio"
                  name="status"
                  value={m}
                  checked={chosen === m}
                  onChange={() => setStatus(m)}
                  data-testid={`move-${m}`}
                />
                {t(`agency.decide.moves.${m}`)}
              </label>
            ))}
          </fieldset>
          {chosen !== '' && chosen !== 'received' && chosen !== 'done' && (
            <div className={`field${invalid.reason === undefined ? '' : ' invalid'}`}>
              <label htmlFor="decision-reason">{t('agency.decide.reason')}</label>
              <textarea
                id="decision-reason"
                rows={3}
                maxLength={500}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={invalid.reason === undefined ? undefined : true}
                aria-describedby="decision-reason-hint"
              />
              <small id="decision-reason-hint" className="hint">
                {t('agency.decide.reasonHint')}
              </small>
              {invalid.reason !== undefined && (
                <small className="field-error" role="alert">
                  {invalid.reason}
                </small>
              )}
            </div>
          )}
          {(chosen === 'extended' || chosen === 'received') && (
            <div className={`field${invalid.day === undefined ? '' : ' invalid'}`}>
              <label htmlFor="decision-day">{t('agency.decide.day')}</label>
              <input
                id="decision-day"
                type="date"
                min={todayVn()}
                value={appointment}
                onChange={(e) => setAppointment(e.target.value)}
                aria-invalid={invalid.day === undefined ? undefined : true}
              />
              {chosen === 'received' && <small className="hint">{t('agency.decide.dayHint')}</small>}
              {invalid.day !== undefined && (
                <small className="field-error" role="alert">
                  {invalid.day}
                </small>
              )}
            </div>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || chosen === ''} data-testid="decide">
              {t('agency.decide.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
