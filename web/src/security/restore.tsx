// A restore as it runs: the phases `postcore restore --request ID` recorded (read every few seconds), then
// its report (RTO, RPO, events, balances, digests) to read and download, and the button that puts the
// verified copy in place of the isolated cell.
import { useState } from 'react';
import { moment, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Notice } from '../ui/parts.tsx';
import { useSession } from '../ui/session.tsx';
import {
  securityApi,
  usePoll,
  type IncidentRequest,
  type RestoreProgress,
  type RestoreReport,
} from './data.ts';

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Report({ report, p }: { report: RestoreReport; p: RestoreProgress }) {
  const { t } = useT();
  return (
    <section className="sec-report" data-testid="restore-report" aria-labelledby={`report-${p.request_id}`}>
      <h4 id={`report-${p.request_id}`}>{t('security.restore.report')}</h4>
      <dl className="facts">
        <dt>{t('security.restore.rto')}</dt>
        <dd data-testid="rto">
          {report.rto_seconds} s ({moment(report.started_at)} → {moment(report.finished_at)})
        </dd>
        {report.cells.map((c) => {
          const ledger = c.summary?.['ledger'];
          const pensions = c.summary?.['pensions'];
          const cod = c.summary?.['cod'];
          return (
            <div key={c.cell} className="sec-report-cell" data-cell={c.cell}>
              <dt>
                {t(`cells.${c.cell}`, { defaultValue: c.cell })} — {t('security.restore.rpo')}
              </dt>
              <dd data-testid="rpo">{c.last_event_at === null ? '—' : moment(c.last_event_at)}</dd>
              <dt>{t('security.restore.events')}</dt>
              <dd>
                {t('security.restore.eventsValue', {
                  snapshot: c.snapshot_seq,
                  replayed: c.events_replayed,
                  segments: c.segments,
                  head: c.head_seq,
                })}
                <br />
                {t('security.restore.notRestored', { vault: c.vault_seq, missing: c.events_not_restored })}
              </dd>
              <dt>{t('security.restore.verified', { checkpoints: c.verify.checkpoints, digest: '' })}</dt>
              <dd>
                <code className="sec-hash">{c.digest ?? '—'}</code>
                <br />
                {c.witnessed === null
                  ? t('security.restore.noWitness')
                  : t('security.restore.witnessed', {
                      size: c.witnessed.size,
                      root: c.witnessed.root.slice(0, 16),
                    })}
              </dd>
              {(ledger !== undefined || pensions !== undefined || cod !== undefined) && (
                <>
                  <dt>{t('security.restore.balances')}</dt>
                  <dd>
                    {ledger !== undefined && (
                      <>
                        {t('security.restore.ledger', {
                          accounts: ledger['accounts'],
                          debits: vnd(ledger['debits_posted'] ?? '0'),
                          credits: vnd(ledger['credits_posted'] ?? '0'),
                        })}
                        <br />
                      </>
                    )}
                    {pensions !== undefined && (
                      <>
                        {t('security.restore.pensions', {
                          paid: pensions['paid'],
                          amount: vnd(pensions['paid_amount'] ?? '0'),
                        })}
                        <br />
                      </>
                    )}
                    {cod !== undefined &&
                      t('security.restore.cod', {
                        collected: cod['collected'],
                        amount: vnd(cod['collected_amount'] ?? '0'),
                      })}
                  </dd>
                </>
              )}
            </div>
          );
        })}
      </dl>
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            download(
              `restore-report-${p.request_id}.json`,
              `${JSON.stringify(report, null, 2)}\n`,
              'application/json',
            )
          }
        >
          {t('security.restore.downloadJson')}
        </button>
        {p.report_text !== null && (
          <button
            type="button"
            onClick={() => download(`restore-report-${p.request_id}.txt`, p.report_text!, 'text/plain')}
          >
            {t('security.restore.downloadText')}
          </button>
        )}
      </div>
    </section>
  );
}

export function RestorePanel({ request }: { request: IncidentRequest }) {
  const { t, lang } = useT();
  const { can } = useSession();
  const { data: p, error } = usePoll(() => securityApi.restore(request.id), [request.id]);
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<string | null>(null);
  const [applyError, setApplyError] = useState<unknown>(null);
  const apply = (name: string) => {
    setApplying(true);
    setApplyError(null);
    securityApi
      .apply(request.id, name)
      .then((r) => setApplied(r.kept), setApplyError)
      .finally(() => setApplying(false));
  };
  return (
    <section className="sec-restore" data-testid="restore" data-state={p?.state} aria-live="polite">
      <h4>{t('security.restore.title')}</h4>
      <ErrorBox error={error} />
      {p?.state === 'not_started' && (
        <p className="sec-cmd">
          {t('security.restore.notStarted', { id: request.id, cell: request.cell ?? '' })}
        </p>
      )}
      {p !== undefined && p.phases.length > 0 && (
        <ol className="sec-phases" data-testid="restore-phases">
          {p.phases.map((ph, i) => (
            <li key={i} data-phase={ph.phase}>
              <span className="sec-tick" aria-hidden="true">
                ✓
              </span>{' '}
              {t(`security.restore.phases.${ph.phase}`, {
                cell: ph.cell === null ? '' : t(`cells.${ph.cell}`, { defaultValue: ph.cell }),
                defaultValue: ph.phase,
              })}{' '}
              <small>
                {moment(ph.at)} · {ph.detail}
              </small>
            </li>
          ))}
          {p.state === 'running' && <li className="sec-running">{t('security.restore.running')}</li>}
        </ol>
      )}
      {p?.state === 'failed' && p.error !== null && (
        <p className="error-box" role="alert" data-code={p.error.code}>
          <strong>{t('security.restore.failed')}</strong>{' '}
          {lang === 'vi' ? p.error.message_vi : p.error.message} ({p.error.code})
        </p>
      )}
      {p?.state === 'done' && <Notice testId="restore-done">{t('security.restore.done')}</Notice>}
      {p?.report != null && <Report report={p.report} p={p} />}
      {request.status === 'done' || applied !== null ? (
        <Notice testId="restore-applied">
          {applied === null
            ? t('security.restore.applied')
            : t('security.restore.appliedNow', { kept: applied })}
        </Notice>
      ) : (
        p?.state === 'done' &&
        p.name !== null &&
        can('incident.request') && (
          <button type="button" className="primary" disabled={applying} onClick={() => apply(p.name!)}>
            {t('security.restore.apply')}
          </button>
        )
      )}
      <ErrorBox error={applyError} />
    </section>
  );
}
