// The ransomware drill on screen (/security/drill): a security officer starts a demo drill on a post of its own,
// everyone with the audit view watches its timeline fill in (each step's time since the attack, the phases of the
// night, the pensions paid while delivery was cut off), and at the end reads the report and downloads it.
import { useRef, useState } from 'react';
import { newKey } from '../ui/api.ts';
import { moment } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Money, Notice, Page } from '../ui/parts.tsx';
import { useSession } from '../ui/session.tsx';
import { NIGHT, PHASES, startDrill, useDrills, type Drill, type DrillDetail } from './drill-data.ts';
import './drill.css';

function useSeconds() {
  const { t, lang } = useT();
  const f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  return (s: number | null, signed = false) =>
    s === null ? '—' : t('drill.seconds', { s: `${signed && s >= 0 ? '+' : ''}${f.format(s)}` });
}

/** The night's phases, each done, current or to come. */
function Phases({ d }: { d: DrillDetail }) {
  const { t } = useT();
  const reached = new Set(d.timeline.map((s) => s.phase));
  const last = PHASES.indexOf(d.phase ?? 'setup');
  return (
    <ol className="drill-phases" data-testid="drill-phases">
      {NIGHT.map((p) => {
        const done = reached.has(p) || PHASES.indexOf(p) < last;
        return (
          <li key={p} className={done ? 'done' : 'waiting'} data-phase={p} data-done={done}>
            <span className="name">{t(`drill.phases.${p}`)}</span>
            <small>{done ? t('drill.phaseDone') : t('drill.phaseWaiting')}</small>
          </li>
        );
      })}
    </ol>
  );
}

function Timeline({ d }: { d: DrillDetail }) {
  const { t } = useT();
  const seconds = useSeconds();
  return (
    <section className="drill-section">
      <h2>{t('drill.timeline')}</h2>
      <table className="table drill-timeline" data-testid="drill-timeline">
        <thead>
          <tr>
            <th>{t('drill.night')}</th>
            <th className="num">{t('drill.sinceAttack')}</th>
            <th>{t('drill.phase')}</th>
            <th>{t('drill.step')}</th>
          </tr>
        </thead>
        <tbody>
          {d.timeline.map((s, i) => (
            <tr key={i} data-testid="drill-step" data-phase={s.phase} className={`phase-${s.phase}`}>
              <td className="num">{s.night ?? ''}</td>
              <td className="num">{seconds(s.offset_s, true)}</td>
              <td>{t(`drill.phases.${s.phase}`)}</td>
              <td lang="en">{s.step}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.status === 'running' && <p className="loading">{t('drill.waiting')}</p>}
    </section>
  );
}

function Figures({ d }: { d: DrillDetail }) {
  const { t } = useT();
  const seconds = useSeconds();
  const r = d.report;
  const outage = d.paid.during_outage;
  return (
    <dl className="facts drill-figures">
      <dt>{t('drill.paidOutage')}</dt>
      <dd data-testid="drill-paid-outage">
        {outage === null ? (
          t('drill.notYet')
        ) : (
          <>
            {t('drill.paidCount', { count: outage.count })} · <Money value={outage.amount} />
          </>
        )}
      </dd>
      <dt>{t('drill.paidTotal')}</dt>
      <dd data-testid="drill-paid-total">
        {t('drill.paidCount', { count: d.paid.total.count })} · <Money value={d.paid.total.amount} />
      </dd>
      {r !== null && (
        <>
          <dt>{t('drill.detection')}</dt>
          <dd>{seconds(r.seconds.detection)}</dd>
          <dt>{t('drill.recovery')}</dt>
          <dd data-testid="drill-recovery">{seconds(r.seconds.recovery)}</dd>
          <dt>{t('drill.eventsLost')}</dt>
          <dd data-testid="drill-events-lost">{r.events_lost.total}</dd>
          <dt>{t('drill.money')}</dt>
          <dd data-testid="drill-money" className={r.money?.balanced === true ? 'ok' : 'bad'}>
            {r.money?.balanced === true ? t('drill.balanced') : t('drill.unbalanced')}
          </dd>
          <dt>{t('drill.verify')}</dt>
          <dd>{r.verify.map((v) => `${v.cell} ${v.ok ? '✓' : '✗'}`).join(' · ')}</dd>
        </>
      )}
    </dl>
  );
}

/** The report as a JSON file, made in the browser from what the API gave. */
function Download({ d }: { d: DrillDetail }) {
  const { t } = useT();
  if (d.report === null) return <p className="muted">{t('drill.reportPending')}</p>;
  const save = () => {
    const url = URL.createObjectURL(
      new Blob([`${JSON.stringify(d.report, null, 2)}\n`], { type: 'application/json' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = `drill-${d.id}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button type="button" onClick={save} data-testid="drill-download">
      {t('drill.download')}
    </button>
  );
}

function Watched({ d }: { d: DrillDetail }) {
  const { t } = useT();
  return (
    <section className="drill-watch" data-testid="drill-watch" data-status={d.status}>
      <header className="row drill-head">
        <span className={`drill-status ${d.status}`} data-testid="drill-status">
          {t(`drill.statuses.${d.status}`)}
        </span>
        <span className="muted">
          {t('drill.startedAt')} {moment(d.started_at)}
        </span>
      </header>
      <Phases d={d} />
      <Figures d={d} />
      {d.report !== null && d.report.failures.length > 0 && (
        <div className="error-box" data-testid="drill-failures">
          <strong>{t('drill.failures')}</strong>
          <ul lang="en">
            {d.report.failures.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </div>
      )}
      <Download d={d} />
      <Timeline d={d} />
    </section>
  );
}

function DrillList({
  drills,
  watched,
  watch,
}: {
  drills: Drill[];
  watched: string | undefined;
  watch: (id: string) => void;
}) {
  const { t } = useT();
  if (drills.length <= 1) return null;
  return (
    <section className="drill-section">
      <h2>{t('drill.drills')}</h2>
      <table className="table" data-testid="drill-list">
        <thead>
          <tr>
            <th>{t('drill.startedAt')}</th>
            <th>{t('drill.startedBy')}</th>
            <th>{t('drill.status')}</th>
            <th>{t('drill.lastStep')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {drills.map((d) => (
            <tr key={d.id} className={d.id === watched ? 'watched' : undefined}>
              <td>{moment(d.started_at)}</td>
              <td>{d.started_by ?? t('drill.commandLine')}</td>
              <td>{t(`drill.statuses.${d.status}`)}</td>
              <td>{d.phase === null ? '' : t(`drill.phases.${d.phase}`)}</td>
              <td>
                {d.id !== watched && (
                  <button type="button" className="link" onClick={() => watch(d.id)}>
                    {t('drill.open')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function DrillPage() {
  const { t } = useT();
  const { can } = useSession();
  const { drills, detail, error, watch, started } = useDrills();
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  // One key for this click and its retries: a start that got no answer is not started twice.
  const key = useRef<string | null>(null);
  // On a drill's own platform (its one drill is `current`) no drill is started.
  const own = drills?.some((d) => d.id === 'current') === true;
  const mayStart = can('incident.isolate') && !own;
  const running = drills?.some((d) => d.status === 'running') === true;

  const start = async () => {
    setStarting(true);
    setStartError(null);
    key.current ??= newKey();
    try {
      started(await startDrill(key.current));
      key.current = null;
    } catch (err) {
      setStartError(err);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Page title={t('drill.title')}>
      <p className="lead">{t('drill.lead')}</p>
      {mayStart ? (
        <div className="row drill-start">
          <button
            type="button"
            onClick={() => void start()}
            disabled={starting || running}
            data-testid="drill-start"
          >
            {starting ? t('drill.starting') : t('drill.start')}
          </button>
          <small className="hint">{t('drill.startHint')}</small>
        </div>
      ) : (
        <Notice testId="drill-read-only">{own ? t('drill.ownPlatform') : t('drill.readOnly')}</Notice>
      )}
      <ErrorBox error={startError ?? error} testId="drill-error" />
      {drills === undefined ? (
        <p className="loading">{t('common.loading')}</p>
      ) : drills.length === 0 ? (
        <p className="muted" data-testid="drill-none">
          {t('drill.none')}
        </p>
      ) : (
        detail !== undefined && <Watched d={detail} />
      )}
      {drills !== undefined && <DrillList drills={drills} watched={detail?.id} watch={watch} />}
    </Page>
  );
}
