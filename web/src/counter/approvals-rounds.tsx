// The postmen's rounds the office manager takes back, on the approvals page: each open delivery round with
// its items' outcomes and the COD collected, each open home pension round with its advance and what was
// paid. The manager counts the cash the postman hands in, types it and closes the round; the API checks the
// count and that every item has an outcome, and its refusal shows on the round's card.
import { useState, type FormEvent } from 'react';
import { get, isApiError } from '../ui/api.ts';
import { moment, parseVnd, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money, Notice } from '../ui/parts.tsx';
import { usePolled, useWrite } from './till-parts.tsx';

type Outcome = 'pending' | 'delivered' | 'failed';

/** GET /v1/delivery/offices/{office}/rounds: a delivery round as the manager reads it. */
interface DeliveryRound {
  id: string;
  postman_id: string;
  day: string;
  status: 'open' | 'closed';
  cod_expected: string;
  cod_collected: string;
  opened_at: string;
  items: Array<{ item: string; outcome: Outcome; cod_collected: string }>;
}

/** GET /v1/finance/offices/{office}/pension-rounds: a home pension round. */
interface PensionRound {
  id: string;
  postman_id: string;
  postman_name: string;
  status: 'open' | 'closed';
  line_count: number;
  advance: string;
  paid: string;
  paid_count: number;
  opened_at: string;
}

/** A round just closed: whose, and the cash that went into the vault. */
interface Done {
  kind: 'delivery' | 'pension';
  postman: string;
  amount: string;
}

/** The office's open rounds of both kinds, oldest first. */
async function loadRounds(office: string) {
  const [d, p] = await Promise.all([
    get<{ items: DeliveryRound[] }>(`/v1/delivery/offices/${encodeURIComponent(office)}/rounds`),
    get<{ items: PensionRound[] }>(`/v1/finance/offices/${encodeURIComponent(office)}/pension-rounds`),
  ]);
  return { deliveries: d.items, pensions: p.items };
}

/** The section of the approvals page: the office's open rounds, each closed with the cash counted. */
export function RoundsToTakeBack({
  office,
  mine,
  name,
}: {
  office: string;
  mine: string;
  name: (id: string) => string;
}) {
  const { t } = useT();
  // What was closed, kept as the string's name and values so that it reads in the language chosen after.
  const [done, setDone] = useState<Done | null>(null);
  const { data, error, refresh } = usePolled(
    () => loadRounds(office),
    () => 5_000,
  );
  const onDone = async (what: Done) => {
    setDone(what);
    await refresh();
  };
  return (
    <section className="rounds-back" aria-labelledby="rounds-title" data-testid="rounds">
      <h2 id="rounds-title">{t('counter.approvals.rounds.title')}</h2>
      <p>{t('counter.approvals.rounds.lead')}</p>
      <ErrorBox error={error} testId="rounds-load-error" />
      {done !== null && (
        <Notice testId="rounds-done">
          {t(`counter.approvals.rounds.done.${done.kind}`, { postman: done.postman, amount: done.amount })}
        </Notice>
      )}
      {data === undefined ? (
        <p className="loading">{t('common.loading')}</p>
      ) : data.deliveries.length + data.pensions.length === 0 ? (
        <p data-testid="rounds-none">{t('counter.approvals.rounds.none')}</p>
      ) : (
        <div className="approvals">
          {data.deliveries.map((r) => (
            <DeliveryCard key={r.id} round={r} mine={mine} postman={name(r.postman_id)} onDone={onDone} />
          ))}
          {data.pensions.map((r) => (
            <PensionCard
              key={r.id}
              round={r}
              mine={mine}
              // Without staff.read the name the round was given stands in.
              postman={name(r.postman_id) === r.postman_id ? r.postman_name : name(r.postman_id)}
              onDone={onDone}
            />
          ))}
        </div>
      )}
    </section>
  );
}

/** The amount typed, checked before it is sent: a whole number of đồng, or the reason it is not one. */
function useCount() {
  const { t } = useT();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>(undefined);
  return {
    text,
    invalid,
    change: (v: string) => {
      setText(v);
      setInvalid(undefined);
    },
    read: (): bigint | undefined => {
      const v = parseVnd(text);
      if (v === undefined || v < 0n) setInvalid(t('counter.approvals.rounds.amountNeeded'));
      return v !== undefined && v >= 0n ? v : undefined;
    },
  };
}

/** The API's refusal on a round's card, the items still out listed when that is why, and what to do. */
function RoundRefusal({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useT();
  if (error === null || error === undefined) return null;
  const code = isApiError(error) ? error.code : undefined;
  const details = isApiError(error) ? (error.details as { items?: unknown } | null | undefined) : undefined;
  const pending = Array.isArray(details?.items) ? details.items.map(String) : [];
  const help = code === undefined ? '' : t(`counter.approvals.rounds.help.${code}`, { defaultValue: '' });
  return (
    <div className="refusal">
      <ErrorBox error={error} testId={testId} />
      {pending.length > 0 && (
        <p className="refusal-help" data-testid={`${testId}-items`}>
          {t('counter.approvals.rounds.pendingIds', { ids: pending.join(', ') })}
        </p>
      )}
      {help !== '' && (
        <p className="refusal-help" data-testid={`${testId}-help`}>
          {help}
        </p>
      )}
    </div>
  );
}

function DeliveryCard({
  round: r,
  mine,
  postman,
  onDone,
}: {
  round: DeliveryRound;
  mine: string;
  postman: string;
  onDone: (what: Done) => Promise<void>;
}) {
  const { t } = useT();
  const count = useCount();
  const { send, busy, error } = useWrite();
  const n = (o: Outcome) => r.items.filter((i) => i.outcome === o).length;
  const out = n('pending');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const counted = count.read();
    if (counted === undefined) return;
    const closed = await send<DeliveryRound>(`/v1/delivery/rounds/${encodeURIComponent(r.id)}/close`, {
      counted: counted.toString(),
    });
    if (closed !== undefined) await onDone({ kind: 'delivery', postman, amount: vnd(closed.cod_collected) });
  };
  return (
    <article
      className="card approval"
      data-testid="delivery-round"
      data-id={r.id}
      aria-label={t('counter.approvals.rounds.delivery')}
    >
      <h2>{t('counter.approvals.rounds.delivery')}</h2>
      <dl className="facts">
        <dt>{t('counter.approvals.rounds.postman')}</dt>
        <dd data-testid="round-postman">{postman}</dd>
        <dt>{t('counter.approvals.rounds.opened')}</dt>
        <dd>{moment(r.opened_at)}</dd>
        <dt>{t('counter.approvals.rounds.items')}</dt>
        <dd data-testid="round-items">
          {t('counter.approvals.rounds.itemsValue', { delivered: n('delivered'), failed: n('failed'), out })}
        </dd>
        <dt>{t('counter.approvals.rounds.codExpected')}</dt>
        <dd>
          <Money value={r.cod_expected} />
        </dd>
        <dt>{t('counter.approvals.rounds.codCollected')}</dt>
        <dd>
          <Money value={r.cod_collected} testId="round-cod" />
        </dd>
      </dl>
      {out > 0 && (
        <p className="hint" data-testid="round-still-out">
          {t('counter.approvals.rounds.stillOut', { count: out })}
        </p>
      )}
      {r.postman_id === mine && <p className="yours">{t('counter.approvals.rounds.yours')}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={t('counter.approvals.rounds.codCounted')}
          hint={t('counter.approvals.rounds.countHint')}
          error={count.invalid}
          value={count.text}
          onChange={(e) => count.change(e.target.value)}
          inputMode="numeric"
          autoComplete="off"
          data-testid="round-counted"
        />
        <RoundRefusal error={error} testId="round-error" />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} data-testid="round-close">
            {t('counter.approvals.rounds.closeDelivery')}
          </button>
        </div>
      </form>
    </article>
  );
}

function PensionCard({
  round: r,
  mine,
  postman,
  onDone,
}: {
  round: PensionRound;
  mine: string;
  postman: string;
  onDone: (what: Done) => Promise<void>;
}) {
  const { t } = useT();
  const count = useCount();
  const { send, busy, error } = useWrite();
  const back = BigInt(r.advance) - BigInt(r.paid);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const returned = count.read();
    if (returned === undefined) return;
    const closed = await send<PensionRound>(`/v1/finance/pension-rounds/${encodeURIComponent(r.id)}/close`, {
      returned: returned.toString(),
    });
    if (closed !== undefined) await onDone({ kind: 'pension', postman, amount: vnd(returned) });
  };
  return (
    <article
      className="card approval"
      data-testid="pension-round"
      data-id={r.id}
      aria-label={t('counter.approvals.rounds.pension')}
    >
      <h2>{t('counter.approvals.rounds.pension')}</h2>
      <dl className="facts">
        <dt>{t('counter.approvals.rounds.postman')}</dt>
        <dd data-testid="round-postman">{postman}</dd>
        <dt>{t('counter.approvals.rounds.opened')}</dt>
        <dd>{moment(r.opened_at)}</dd>
        <dt>{t('counter.approvals.rounds.lines')}</dt>
        <dd data-testid="round-lines">
          {t('counter.approvals.rounds.linesValue', { paid: r.paid_count, count: r.line_count })}
        </dd>
        <dt>{t('counter.approvals.rounds.advance')}</dt>
        <dd>
          <Money value={r.advance} testId="round-advance" />
        </dd>
        <dt>{t('counter.approvals.rounds.paid')}</dt>
        <dd>
          <Money value={r.paid} testId="round-paid" />
        </dd>
        <dt>{t('counter.approvals.rounds.toReturn')}</dt>
        <dd>
          <Money value={back} testId="round-to-return" />
        </dd>
      </dl>
      {r.postman_id === mine && <p className="yours">{t('counter.approvals.rounds.yours')}</p>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={t('counter.approvals.rounds.returned')}
          hint={t('counter.approvals.rounds.countHint')}
          error={count.invalid}
          value={count.text}
          onChange={(e) => count.change(e.target.value)}
          inputMode="numeric"
          autoComplete="off"
          data-testid="round-counted"
        />
        <RoundRefusal error={error} testId="round-error" />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} data-testid="round-close">
            {t('counter.approvals.rounds.closePension')}
          </button>
        </div>
      </form>
    </article>
  );
}
