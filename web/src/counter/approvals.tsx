// The office manager's approvals: every till opening, cash move and close of the office that waits for a
// second person, with who asked, the amount and its notes, and Confirm or Reject. The API refuses the asker
// confirming their own; that refusal shows on the request's card.
import { useState, type FormEvent } from 'react';
import { get, query } from '../ui/api.ts';
import { moment, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { Field, Money, Notice, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { RoundsToTakeBack } from './approvals-rounds.tsx';
import { notesText } from './denominations.tsx';
import {
  Refusal,
  unclosedSessions,
  usePolled,
  useWrite,
  type TillMovement,
  type TillSession,
  type TillView,
} from './till-parts.tsx';
import './till.css';

type Kind = 'opening' | 'to_till' | 'to_vault' | 'close';

/** One thing waiting for a second person: a pending cash move, or a counted-up till to take back. */
interface Waiting {
  key: string;
  kind: Kind;
  session: TillSession;
  movement: TillMovement | null;
}

interface StaffRow {
  id: string;
  username: string;
  full_name: string;
}

/** The office's requests waiting for a second person, oldest first, and the names of who asked. */
async function loadWaiting(office: string): Promise<{ items: Waiting[]; names: Map<string, string> }> {
  const sessions = await unclosedSessions(office);
  const items: Waiting[] = [];
  for (const s of sessions) {
    if (s.status === 'closing') {
      items.push({ key: `close:${s.id}`, kind: 'close', session: s, movement: null });
      continue;
    }
    const view = await get<TillView>(`/v1/finance/tills/${encodeURIComponent(s.id)}`);
    for (const m of view.movements.filter((x) => x.status === 'pending'))
      items.push({
        key: m.id,
        kind: s.status === 'opening' ? 'opening' : m.direction,
        session: view.session,
        movement: m,
      });
  }
  items.sort((a, b) => whenOf(a).localeCompare(whenOf(b)));
  const names = new Map<string, string>();
  try {
    const staff = await get<{ items: StaffRow[] }>(`/v1/staff${query({ office, limit: 500 })}`);
    for (const p of staff.items) names.set(p.id, `${p.full_name} (${p.username})`);
  } catch {
    // Without staff.read the ids stand in for the names.
  }
  return { items, names };
}

const whenOf = (w: Waiting) => w.movement?.created_at ?? w.session.opened_at;

export function ApprovalsPage() {
  const { t } = useT();
  const me = useMe();
  const [done, setDone] = useState<string | null>(null);
  const { data, error, at, refresh } = usePolled(
    () => loadWaiting(me.staff.office_id),
    () => 3_000,
  );
  const name = (id: string) => data?.names.get(id) ?? id;
  return (
    <Page title={t('counter.approvals.title')}>
      <p>{t('counter.approvals.lead')}</p>
      {at !== null && (
        <p className="refreshed" data-testid="approvals-refreshed">
          {t('counter.approvals.refreshed', { time: moment(at) })}
        </p>
      )}
      <Refusal error={error} testId="approvals-load-error" />
      {done !== null && <Notice testId="approvals-done">{done}</Notice>}
      {data === undefined ? (
        <p className="loading">{t('common.loading')}</p>
      ) : data.items.length === 0 ? (
        <p data-testid="approvals-none">{t('counter.approvals.none')}</p>
      ) : (
        <div className="approvals" data-testid="approvals">
          {data.items.map((w, i) => (
            <Approval
              key={w.key}
              waiting={w}
              first={i === 0}
              mine={me.staff.id}
              name={name}
              onDone={async (text) => {
                setDone(text);
                await refresh();
              }}
            />
          ))}
        </div>
      )}
      <RoundsToTakeBack office={me.staff.office_id} mine={me.staff.id} name={name} />
    </Page>
  );
}

function Approval({
  waiting: w,
  first,
  mine,
  name,
  onDone,
}: {
  waiting: Waiting;
  first: boolean;
  mine: string;
  name: (id: string) => string;
  onDone: (text: string) => Promise<void>;
}) {
  const { t } = useT();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const { send, busy, error } = useWrite();
  const s = w.session;
  const m = w.movement;
  const amount = m !== null ? m.amount : (s.counted_amount ?? '0');
  const asker = m !== null ? m.maker_id : s.clerk_id;
  const what = t(`counter.approvals.kinds.${w.kind}`);
  const variance = BigInt(s.variance ?? '0');

  const decide = async (confirm: boolean) => {
    if (m === null) return;
    if (!confirm && reason.trim() === '') {
      setReasonError(t('counter.approvals.rejectNeeded'));
      return;
    }
    const r = await send<TillMovement>(`/v1/finance/moves/${encodeURIComponent(m.id)}/decision`, {
      confirm,
      ...(confirm ? {} : { reason: reason.trim() }),
    });
    if (r !== undefined)
      await onDone(
        t(confirm ? 'counter.approvals.done.confirmed' : 'counter.approvals.done.rejected', {
          what,
          amount: vnd(r.amount),
        }),
      );
  };
  const close = async () => {
    const r = await send<TillSession>(`/v1/finance/tills/${encodeURIComponent(s.id)}/close`, {});
    if (r !== undefined)
      await onDone(
        t('counter.approvals.done.closed', { clerk: name(s.clerk_id), amount: vnd(s.counted_amount ?? '0') }),
      );
  };
  const submitReject = (e: FormEvent) => {
    e.preventDefault();
    void decide(false);
  };

  return (
    <article
      className="card approval"
      data-testid="approval"
      data-kind={w.kind}
      data-id={m?.id ?? s.id}
      aria-label={what}
    >
      <h2>{what}</h2>
      <dl className="facts">
        <dt>{t('counter.approvals.clerk')}</dt>
        <dd>{name(s.clerk_id)}</dd>
        <dt>{t('counter.approvals.asker')}</dt>
        <dd data-testid="approval-asker">{name(asker)}</dd>
        <dt>{t('counter.approvals.at')}</dt>
        <dd>{moment(m?.created_at ?? s.opened_at)}</dd>
        {w.kind === 'close' ? (
          <>
            <dt>{t('counter.approvals.expected')}</dt>
            <dd>
              <Money value={s.expected_amount ?? '0'} />
            </dd>
            <dt>{t('counter.approvals.counted')}</dt>
            <dd>
              <Money value={amount} testId="approval-amount" />
            </dd>
            <dt>{t('counter.approvals.variance')}</dt>
            <dd
              className={variance === 0n ? 'variance-even' : 'variance-off'}
              data-testid="approval-variance"
            >
              {vnd(variance)}
            </dd>
            {s.variance_reason !== null && (
              <>
                <dt>{t('counter.approvals.varianceReason')}</dt>
                <dd data-testid="approval-reason">{s.variance_reason}</dd>
              </>
            )}
          </>
        ) : (
          <>
            <dt>{t('counter.approvals.amount')}</dt>
            <dd>
              <Money value={amount} testId="approval-amount" />
            </dd>
          </>
        )}
        <dt>{t('counter.approvals.notes')}</dt>
        <dd data-testid="approval-notes">
          {notesText((m !== null ? m.denominations : s.counted_denominations) ?? {})}
        </dd>
      </dl>
      {asker === mine && <p className="yours">{t('counter.approvals.yours')}</p>}
      <Refusal error={error} testId="approval-error" />
      {w.kind === 'close' ? (
        <>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={busy}
              autoFocus={first}
              data-testid="approval-confirm"
              onClick={() => void close()}
            >
              {t('counter.approvals.confirmClose')}
            </button>
          </div>
          <p className="hint">{t('counter.approvals.recount')}</p>
        </>
      ) : (
        <>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={busy}
              autoFocus={first}
              data-testid="approval-confirm"
              onClick={() => void decide(true)}
            >
              {t('counter.approvals.confirm')}
            </button>
            <button
              type="button"
              disabled={busy}
              data-testid="approval-reject"
              aria-expanded={rejecting}
              onClick={() => setRejecting(!rejecting)}
            >
              {t('counter.approvals.reject')}
            </button>
          </div>
          {rejecting && (
            <form onSubmit={submitReject}>
              <Field
                label={t('counter.approvals.rejectReason')}
                value={reason}
                error={reasonError}
                autoFocus
                data-testid="approval-reject-reason"
                onChange={(e) => {
                  setReason(e.target.value);
                  setReasonError(undefined);
                }}
              />
              <div className="actions">
                <button type="submit" disabled={busy} data-testid="approval-reject-submit">
                  {t('counter.approvals.rejectSubmit')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </article>
  );
}
