// Detection's alerts as they arrive, newest first, each with the evidence it was raised on; an officer
// acknowledges one with what was done. The auditor reads them only.
import { useState, type FormEvent } from 'react';
import { moment } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox } from '../ui/parts.tsx';
import { useSession } from '../ui/session.tsx';
import { securityApi, usePoll, type Alert } from './data.ts';
import { Live, Who } from './parts.tsx';

function Acknowledge({ alert, done }: { alert: Alert; done: () => void }) {
  const { t } = useT();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (note.trim().length < 3) return setInvalid(true);
    setInvalid(false);
    setBusy(true);
    securityApi
      .acknowledge(alert.id, note.trim())
      .then(done, setError)
      .finally(() => setBusy(false));
  };
  return (
    <form className="sec-inline" onSubmit={submit}>
      <label>
        {t('security.alerts.note')}{' '}
        <input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
          aria-invalid={invalid}
        />
      </label>
      <button type="submit" disabled={busy}>
        {t('security.alerts.acknowledge')}
      </button>
      {invalid && (
        <small className="field-error" role="alert">
          {t('security.alerts.noteNeeded')}
        </small>
      )}
      <ErrorBox error={error} />
    </form>
  );
}

export function AlertList() {
  const { t } = useT();
  const { can } = useSession();
  const { data, error, reload } = usePoll(async () => ({ page: await securityApi.alerts(), at: new Date() }));
  const items = data?.page.items ?? [];
  return (
    <section aria-labelledby="sec-alerts" data-testid="sec-alerts">
      <h2 id="sec-alerts">{t('security.alerts.caption')}</h2>
      <Live at={data?.at ?? null} />
      <ErrorBox error={error} />
      {data !== undefined && items.length === 0 && <p>{t('security.alerts.none')}</p>}
      <ol className="sec-alerts">
        {items.map((a) => (
          <li
            key={a.id}
            className={`sec-alert sev-${a.severity}${a.acknowledged_at === null ? ' open' : ''}`}
            data-testid="sec-alert"
            data-id={a.id}
          >
            <p>
              <strong>{t(`security.severities.${a.severity}`, { defaultValue: a.severity })}</strong> ·{' '}
              {a.cell === null ? '' : `${t(`cells.${a.cell}`, { defaultValue: a.cell })} · `}
              <code>{a.signal}</code> · {moment(a.raised_at)}
            </p>
            <p className="sec-alert-message">{a.message}</p>
            <details>
              <summary>{t('security.alerts.evidence')}</summary>
              <pre>{JSON.stringify(a.evidence, null, 2)}</pre>
            </details>
            {a.acknowledged_at === null ? (
              <>
                <p className="sec-open">{t('security.alerts.open')}</p>
                {can('incident.request') && <Acknowledge alert={a} done={() => void reload()} />}
              </>
            ) : (
              <p className="sec-seen">
                {t('security.alerts.acknowledged', {
                  at: moment(a.acknowledged_at),
                  note: a.acknowledge_note ?? '',
                })}{' '}
                <Who id={a.acknowledged_by} />
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
