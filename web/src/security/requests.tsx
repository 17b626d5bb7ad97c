// Two-person requests (/security/requests): who asked, who may approve (any other security officer, never the
// asker), status and expiry; an officer who did not ask decides with a fresh code from the authenticator app.
// A restore request shows its restore as it runs and, at the end, its report.
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { moment } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Notice } from '../ui/parts.tsx';
import { useMe, useSession } from '../ui/session.tsx';
import { Console } from './console.tsx';
import { securityApi, usePoll, type IncidentRequest } from './data.ts';
import { Live, Who } from './parts.tsx';
import { RestorePanel } from './restore.tsx';

/** What a request asks for, in a few words. */
export function requestText(r: IncidentRequest, t: TFunction): string {
  const cell = r.cell === null ? '' : t(`cells.${r.cell}`, { defaultValue: r.cell });
  if (r.kind === 'restore') return t('security.requests.restoreOf', { cell, target: r.target ?? '' });
  if (r.kind === 'set_mode')
    return t('security.requests.setModeOf', { cell, mode: t(`modes.${r.mode ?? 'normal'}`) });
  return t('security.requests.keysOf', { target: r.target ?? '' });
}

function Decide({ request, done }: { request: IncidentRequest; done: () => void }) {
  const { t } = useT();
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [decided, setDecided] = useState(false);
  const decide = (approve: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    securityApi
      .decide(request.id, approve, reason.trim(), code.trim())
      .then(() => {
        setDecided(true);
        done();
      }, setError)
      .finally(() => setBusy(false));
  };
  if (decided) return <Notice>{t('security.requests.decidedNow')}</Notice>;
  return (
    <form className="sec-decide" onSubmit={decide(true)} data-testid="decide">
      <Field
        label={t('security.requests.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Field
        label={t('security.requests.code')}
        hint={t('security.requests.codeHint')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('security.requests.approve')}
        </button>
        <button type="button" disabled={busy} onClick={() => decide(false)()}>
          {t('security.requests.refuse')}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

function RequestCard({ r, reload }: { r: IncidentRequest; reload: () => void }) {
  const { t } = useT();
  const me = useMe();
  const { can } = useSession();
  const mine = r.requested_by === me.staff.id;
  return (
    <li
      className={`sec-request status-${r.status}`}
      data-testid="sec-request"
      data-id={r.id}
      data-status={r.status}
    >
      <h3>
        {t(`security.kinds.${r.kind}`)}: {requestText(r, t)}{' '}
        <span className="sec-status">{t(`security.statuses.${r.status}`)}</span>
      </h3>
      <dl className="facts">
        <dt>{t('security.requests.asked')}</dt>
        <dd>
          <Who id={r.requested_by} /> · {moment(r.requested_at)} — {r.reason}
        </dd>
        <dt>{t(r.decided_by === null ? 'security.requests.approver' : 'security.requests.decider')}</dt>
        <dd>
          {r.decided_by === null ? (
            <>
              {t('security.requests.anyOther', { who: '' })}
              <Who id={r.requested_by} />
              {r.status === 'pending' && ` · ${t('security.requests.expires', { at: moment(r.expires_at) })}`}
            </>
          ) : (
            <>
              <Who id={r.decided_by} />
              {` · ${moment(r.decided_at ?? r.requested_at)}: ${r.decision_reason ?? ''}`}
            </>
          )}
        </dd>
      </dl>
      {r.status === 'pending' &&
        can('incident.approve') &&
        (mine ? (
          <p className="caution" data-testid="yours">
            {t('security.requests.yours')}
          </p>
        ) : (
          <Decide request={r} done={reload} />
        ))}
      {r.kind === 'restore' && (r.status === 'approved' || r.status === 'done') && (
        <RestorePanel request={r} />
      )}
    </li>
  );
}

export function RequestsPage() {
  const { t } = useT();
  const { data, error, reload } = usePoll(async () => ({
    page: await securityApi.requests(),
    at: new Date(),
  }));
  const items = data?.page.items ?? [];
  return (
    <Console>
      <section aria-labelledby="sec-requests">
        <h2 id="sec-requests">{t('security.requests.caption')}</h2>
        <Live at={data?.at ?? null} />
        <ErrorBox error={error} />
        {data !== undefined && items.length === 0 && <p>{t('security.requests.none')}</p>}
        <ol className="sec-requests">
          {items.map((r) => (
            <RequestCard key={r.id} r={r} reload={() => void reload()} />
          ))}
        </ol>
      </section>
    </Console>
  );
}
