// The counter clerk's till: open it with a float counted by notes, wait for the second person, move cash to
// and from the vault, see the session's cash by kind, count up with the variance and its reason, and wait for
// the close. The till's state is always at the top; the page refreshes itself while it waits on someone.
import { useState, type FormEvent } from 'react';
import { moment, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { Field, Money, Notice, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { DenominationCounter, noCounts, notesText, readCounts, type Counts } from './denominations.tsx';
import {
  ownSession,
  Refusal,
  usePolled,
  useWrite,
  type TillMovement,
  type TillSession,
  type TillTaking,
  type TillView,
} from './till-parts.tsx';
import './till.css';

export function TillPage() {
  const { t } = useT();
  const me = useMe();
  const { data, error, at, refresh } = usePolled(
    () => ownSession(me.staff.office_id, me.staff.id),
    // Waiting on someone else: refresh often; otherwise now and then (a payout elsewhere changes the cash).
    (v) => (v === undefined || (v !== null && waitsOnSomeone(v)) ? 2_500 : 15_000),
  );
  const view = data ?? null;
  const waiting = view !== null && waitsOnSomeone(view);
  const session = view?.session ?? null;
  return (
    <Page title={t('counter.till.title')}>
      <div className="till-statebar">
        <StateBadge session={session} loaded={data !== undefined} />
      </div>
      <Refusal error={error} testId="till-load-error" />
      {data === undefined ? (
        <p className="loading">{t('common.loading')}</p>
      ) : session === null || session.status === 'closed' ? (
        <>
          {session !== null && view !== null && <ClosedSummary view={view} />}
          <OpenForm office={me.staff.office_id} again={session !== null} onDone={refresh} />
        </>
      ) : (
        <>
          <Facts session={session} />
          {waiting && at !== null && (
            <p className="refreshed" data-testid="till-refreshed">
              {t('counter.till.waiting.refreshed', { time: moment(at) })}
            </p>
          )}
          {session.status === 'opening' && (
            <Notice testId="till-waiting">
              {t('counter.till.waiting.opening', { amount: vnd(session.float_amount) })}
            </Notice>
          )}
          {session.status === 'closing' && (
            <>
              <Notice testId="till-waiting">{t('counter.till.waiting.closing')}</Notice>
              <CashUpSummary session={session} />
            </>
          )}
          {session.status === 'open' && (
            <div className="till-grid">
              <div>
                <Takings takings={view!.takings} />
                <MoveForm session={session} onDone={refresh} />
                <Movements movements={view!.movements} />
              </div>
              <CashUp session={session} onDone={refresh} />
            </div>
          )}
        </>
      )}
    </Page>
  );
}

const waitsOnSomeone = (v: TillView) =>
  v.session.status === 'opening' ||
  v.session.status === 'closing' ||
  v.movements.some((m) => m.status === 'pending');

function StateBadge({ session, loaded }: { session: TillSession | null; loaded: boolean }) {
  const { t } = useT();
  if (!loaded) return null;
  const state = session?.status ?? 'none';
  return (
    <p className={`till-state till-state-${state}`} data-testid="till-state" data-state={state}>
      <span className="visually-hidden">{t('counter.till.state.label')}: </span>
      {t(`counter.till.state.${state}`)}
      {session !== null && state !== 'closed' && (
        <>
          {' · '}
          <Money value={session.cash} testId="till-cash" />
        </>
      )}
    </p>
  );
}

function Facts({ session }: { session: TillSession }) {
  const { t } = useT();
  return (
    <dl className="facts till-facts" data-testid="till-facts">
      <dt>{t('counter.till.facts.cash')}</dt>
      <dd>
        <Money value={session.cash} />
      </dd>
      <dt>{t('counter.till.facts.float')}</dt>
      <dd>
        <Money value={session.float_amount} /> ({notesText(session.float_denominations)})
      </dd>
      <dt>{t('counter.till.facts.opened')}</dt>
      <dd>{moment(session.opened_at)}</dd>
      <dt>{t('counter.till.facts.reportLabel')}</dt>
      <dd>
        <ReportLink session={session} />
      </dd>
    </dl>
  );
}

function ReportLink({ session }: { session: TillSession }) {
  const { t } = useT();
  return (
    <a
      href={`/v1/finance/tills/${encodeURIComponent(session.id)}/report.pdf`}
      target="_blank"
      rel="noreferrer"
      data-testid="till-report"
    >
      {t('counter.till.facts.report')}
    </a>
  );
}

function OpenForm({
  office,
  again,
  onDone,
}: {
  office: string;
  again: boolean;
  onDone: () => Promise<void>;
}) {
  const { t } = useT();
  const [counts, setCounts] = useState<Counts>(noCounts);
  const [empty, setEmpty] = useState(false);
  const { send, busy, error } = useWrite();
  const count = readCounts(counts);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (count.bad.length > 0) return;
    if (count.total <= 0n) return setEmpty(true);
    setEmpty(false);
    const r = await send(`/v1/finance/offices/${encodeURIComponent(office)}/tills`, {
      amount: count.total.toString(),
      denominations: count.denominations,
    });
    if (r !== undefined) {
      setCounts(noCounts);
      await onDone();
    }
  };
  return (
    <form className="card till-open" onSubmit={(e) => void submit(e)} data-testid="till-open">
      <h2>{again ? t('counter.till.open.again') : t('counter.till.open.title')}</h2>
      <p>{t('counter.till.open.lead')}</p>
      <DenominationCounter counts={counts} onChange={setCounts} testId="float" autoFocus />
      {empty && (
        <small className="field-error" role="alert" data-testid="float-empty">
          {t('counter.till.open.empty')}
        </small>
      )}
      <Refusal error={error} testId="till-open-error" />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="till-open-submit">
          {t('counter.till.open.submit')} ({vnd(count.total)})
        </button>
      </div>
    </form>
  );
}

function Takings({ takings }: { takings: TillTaking[] }) {
  const { t } = useT();
  return (
    <table className="table" data-testid="till-takings">
      <caption>{t('counter.till.takings.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('counter.till.takings.kind')}</th>
          <th scope="col" className="num">
            {t('counter.till.takings.count')}
          </th>
          <th scope="col" className="num">
            {t('counter.till.takings.in')}
          </th>
          <th scope="col" className="num">
            {t('counter.till.takings.out')}
          </th>
        </tr>
      </thead>
      <tbody>
        {takings.length === 0 && (
          <tr>
            <td colSpan={4}>{t('counter.till.takings.none')}</td>
          </tr>
        )}
        {takings.map((k) => (
          <tr key={k.kind} data-kind={k.kind}>
            <th scope="row">{t(`counter.till.takings.kinds.${k.kind}`)}</th>
            <td className="num">{k.count}</td>
            <td className="num">{vnd(k.cash_in)}</td>
            <td className="num">{vnd(k.cash_out)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MoveForm({ session, onDone }: { session: TillSession; onDone: () => Promise<void> }) {
  const { t } = useT();
  const [direction, setDirection] = useState<'to_till' | 'to_vault'>('to_till');
  const [counts, setCounts] = useState<Counts>(noCounts);
  const [sent, setSent] = useState<string | null>(null);
  const { send, busy, error } = useWrite();
  const count = readCounts(counts);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (count.bad.length > 0 || count.total <= 0n) return;
    const r = await send<TillMovement>(`/v1/finance/tills/${encodeURIComponent(session.id)}/moves`, {
      direction,
      amount: count.total.toString(),
      denominations: count.denominations,
    });
    if (r !== undefined) {
      setSent(t('counter.till.move.sent', { amount: vnd(r.amount) }));
      setCounts(noCounts);
      await onDone();
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="till-move">
      <h2>{t('counter.till.move.title')}</h2>
      <div className="field">
        <label htmlFor="move-direction">{t('counter.till.move.direction')}</label>
        <select
          id="move-direction"
          data-testid="move-direction"
          value={direction}
          onChange={(e) => setDirection(e.target.value === 'to_vault' ? 'to_vault' : 'to_till')}
        >
          <option value="to_till">{t('counter.till.move.toTill')}</option>
          <option value="to_vault">{t('counter.till.move.toVault')}</option>
        </select>
      </div>
      <DenominationCounter counts={counts} onChange={setCounts} testId="move" />
      {sent !== null && <Notice testId="move-sent">{sent}</Notice>}
      <Refusal error={error} testId="till-move-error" />
      <div className="actions">
        <button type="submit" disabled={busy || count.total <= 0n} data-testid="move-submit">
          {t('counter.till.move.submit')} ({vnd(count.total)})
        </button>
      </div>
    </form>
  );
}

function Movements({ movements }: { movements: TillMovement[] }) {
  const { t } = useT();
  return (
    <table className="table" data-testid="till-movements">
      <caption>{t('counter.till.move.list')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('counter.till.move.at')}</th>
          <th scope="col">{t('counter.till.move.direction')}</th>
          <th scope="col" className="num">
            {t('counter.till.move.amount')}
          </th>
          <th scope="col">{t('counter.till.move.status')}</th>
        </tr>
      </thead>
      <tbody>
        {movements.map((m) => (
          <tr key={m.id} data-status={m.status} data-testid="till-movement">
            <td>{moment(m.created_at)}</td>
            <td>{t(`counter.till.move.directions.${m.direction}`)}</td>
            <td className="num">{vnd(m.amount)}</td>
            <td>
              {t(`counter.till.move.statuses.${m.status}`)}
              {m.reason !== null && ` — ${m.reason}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CashUp({ session, onDone }: { session: TillSession; onDone: () => Promise<void> }) {
  const { t } = useT();
  const [counts, setCounts] = useState<Counts>(noCounts);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const { send, busy, error } = useWrite();
  const count = readCounts(counts);
  const expected = BigInt(session.cash);
  const variance = count.total - expected;
  const varianceText =
    variance === 0n
      ? t('counter.till.cashUp.even')
      : `${t(variance > 0n ? 'counter.till.cashUp.over' : 'counter.till.cashUp.short')} ${vnd(variance < 0n ? -variance : variance)}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (count.bad.length > 0) return;
    // Checked here first, so that nothing is sent without it; the API checks the same.
    if (variance !== 0n && reason.trim() === '') {
      setReasonError(
        t('counter.till.cashUp.reasonNeeded', {
          kind: t(variance > 0n ? 'counter.till.cashUp.over' : 'counter.till.cashUp.short'),
          amount: vnd(variance < 0n ? -variance : variance),
        }),
      );
      document.getElementById('cashup-reason')?.focus();
      return;
    }
    setReasonError(undefined);
    const r = await send<TillSession>(`/v1/finance/tills/${encodeURIComponent(session.id)}/cash-up`, {
      amount: count.total.toString(),
      denominations: count.denominations,
      reason: reason.trim() === '' ? null : reason.trim(),
    });
    if (r !== undefined) await onDone();
  };
  const apiReason = error !== null && (error as { code?: string }).code === 'variance_reason_required';
  return (
    <form className="card till-cashup" onSubmit={(e) => void submit(e)} data-testid="till-cashup">
      <h2>{t('counter.till.cashUp.title')}</h2>
      <p>{t('counter.till.cashUp.lead')}</p>
      <DenominationCounter counts={counts} onChange={setCounts} testId="cashup" />
      <dl className="facts" aria-live="polite">
        <dt>{t('counter.till.cashUp.expected')}</dt>
        <dd>
          <Money value={expected} testId="cashup-expected" />
        </dd>
        <dt>{t('counter.till.cashUp.counted')}</dt>
        <dd>
          <Money value={count.total} />
        </dd>
        <dt>{t('counter.till.cashUp.variance')}</dt>
        <dd
          className={variance === 0n ? 'variance-even' : 'variance-off'}
          data-testid="cashup-variance"
          data-variance={variance.toString()}
        >
          {varianceText}
        </dd>
      </dl>
      <Field
        id="cashup-reason"
        label={t('counter.till.cashUp.reason')}
        hint={t('counter.till.cashUp.reasonHint')}
        error={reasonError}
        value={reason}
        aria-required={variance !== 0n}
        data-testid="cashup-reason"
        onChange={(e) => {
          setReason(e.target.value);
          if (e.target.value.trim() !== '') setReasonError(undefined);
        }}
      />
      <Refusal error={error} testId={apiReason ? 'cashup-reason-refused' : 'till-cashup-error'} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="cashup-submit">
          {t('counter.till.cashUp.submit')}
        </button>
      </div>
    </form>
  );
}

function CashUpSummary({ session }: { session: TillSession }) {
  const { t } = useT();
  const variance = BigInt(session.variance ?? '0');
  return (
    <dl className="facts card" data-testid="till-cashup-summary">
      <dt>{t('counter.till.cashUp.expected')}</dt>
      <dd>
        <Money value={session.expected_amount ?? '0'} />
      </dd>
      <dt>{t('counter.till.cashUp.counted')}</dt>
      <dd>
        <Money value={session.counted_amount ?? '0'} />
        {session.counted_denominations !== null && ` (${notesText(session.counted_denominations)})`}
      </dd>
      <dt>{t('counter.till.cashUp.variance')}</dt>
      <dd data-testid="summary-variance">
        {variance === 0n
          ? t('counter.till.cashUp.even')
          : `${t(variance > 0n ? 'counter.till.cashUp.over' : 'counter.till.cashUp.short')} ${vnd(variance < 0n ? -variance : variance)}`}
      </dd>
      {session.variance_reason !== null && (
        <>
          <dt>{t('counter.till.cashUp.reasonShown')}</dt>
          <dd>{session.variance_reason}</dd>
        </>
      )}
    </dl>
  );
}

function ClosedSummary({ view }: { view: TillView }) {
  const { t } = useT();
  const s = view.session;
  return (
    <section className="card" data-testid="till-closed">
      <h2>{t('counter.till.state.closed')}</h2>
      <dl className="facts">
        <dt>{t('counter.till.facts.float')}</dt>
        <dd>
          <Money value={s.float_amount} />
        </dd>
        <dt>{t('counter.till.facts.opened')}</dt>
        <dd>{moment(s.opened_at)}</dd>
        {s.closed_at !== null && (
          <>
            <dt>{t('counter.till.facts.closed')}</dt>
            <dd>{moment(s.closed_at)}</dd>
          </>
        )}
      </dl>
      <CashUpSummary session={s} />
      <Takings takings={view.takings} />
      <ReportLink session={s} />
    </section>
  );
}
