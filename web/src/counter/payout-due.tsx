// Step 2: what is due and why (months, benefit, amount, period, channel, proxy and authorisation, paid or
// not), the CCCD presented checked against the pensioner's or the proxy's, then Pay: one keyed request,
// the same key on every retry of this payout, so a lost answer is never a second payment.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'wouter';
import { get, isApiError, newKey, post, query } from '../ui/api.ts';
import { day, moment, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money, Notice } from '../ui/parts.tsx';
import { monthText, PAYABLE, type Counter, type Line, type Office, type Receipt } from './payout-data.tsx';

type Who = { recipient: 'self' | 'proxy'; cccd: string };

/** When and where a paid line was paid, from its receipt (readable at this office's receipts only). */
function PaidNotice({ line, receiptId }: { line: Line; receiptId: string | null }) {
  const { t } = useT();
  const [paid, setPaid] = useState<{ r: Receipt; office: string } | null>(null);
  useEffect(() => {
    if (receiptId === null) return;
    let alive = true;
    void get<Receipt>(`/v1/finance/pension-receipts/${encodeURIComponent(receiptId)}`)
      .then(async (r) => ({
        r,
        office: (await get<Office>(`/v1/offices/${encodeURIComponent(r.office_id)}`)).name,
      }))
      .then(
        (x) => alive && setPaid(x),
        () => undefined,
      );
    return () => {
      alive = false;
    };
  }, [receiptId]);
  const place = t(`counter.payout.place.${paid?.r.place ?? line.paid_place ?? 'counter'}`);
  return (
    <div className="error-box" role="alert" data-testid="payout-already-paid">
      {paid === null
        ? t('counter.payout.due.paidSomewhere', { place })
        : t('counter.payout.due.paidAt', {
            at: moment(paid.r.paid_at),
            office: paid.office,
            place,
            receipt: paid.r.id,
          })}
    </div>
  );
}

export function DueStep({
  counter,
  line: first,
  onPaid,
  onBack,
}: {
  counter: Counter;
  line: Line;
  onPaid: (r: Receipt) => void;
  onBack: () => void;
}) {
  const { t } = useT();
  const [line, setLine] = useState(first);
  // One key for this payout, kept across every retry of it (a new person gets a new one: a new step 2).
  const [key] = useState(newKey);
  const [cccd, setCccd] = useState('');
  const [who, setWho] = useState<Who | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const payRef = useRef<HTMLButtonElement>(null);
  const period = counter.periods.find((p) => p.id === line.period_id);
  const today = counter.today;
  const proxyExpired = line.proxy_until !== null && line.proxy_until < today;
  const payable = PAYABLE.includes(line.status);
  const cash = counter.till === null ? 0n : BigInt(counter.till.cash);
  const lowCash = counter.till !== null && cash < BigInt(line.amount);

  useEffect(() => {
    if (who !== null) payRef.current?.focus();
  }, [who]);

  const check = () => {
    const presented = cccd.replace(/\s/g, '');
    setRefusal(null);
    setWho(null);
    if (!/^\d{12}$/.test(presented)) {
      setFieldError(t('counter.payout.search.cccdDigits'));
      return;
    }
    if (presented === line.cccd) {
      setFieldError(undefined);
      setWho({ recipient: 'self', cccd: presented });
    } else if (line.proxy_cccd !== null && presented === line.proxy_cccd) {
      setFieldError(undefined);
      if (proxyExpired)
        setRefusal(
          t('counter.payout.due.expiredRefusal', { name: line.proxy_name, until: day(line.proxy_until!) }),
        );
      else setWho({ recipient: 'proxy', cccd: presented });
    } else setFieldError(t('counter.payout.due.mismatch'));
  };

  /** Reads the line again (after a refusal: it may have been paid meanwhile, elsewhere or by someone else). */
  const reread = async () => {
    const { items } = await get<{ items: Line[] }>(
      `/v1/finance/pension-periods/${encodeURIComponent(line.period_id)}/lines${query({
        office: counter.office.postcode,
        cccd: line.cccd,
      })}`,
    );
    const again = items.find((l) => l.id === line.id);
    if (again !== undefined) setLine(again);
  };

  const pay = async () => {
    if (who === null || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await post<Receipt>(
        `/v1/finance/tills/${encodeURIComponent(counter.till!.id)}/pension-payouts`,
        { line_id: line.id, place: 'counter', recipient: who.recipient, cccd: who.cccd },
        key,
      );
      void counter.reloadTill();
      onPaid(r);
    } catch (e) {
      setError(e);
      if (isApiError(e) && e.code !== 'network') void reread().catch(() => undefined);
    } finally {
      setBusy(false);
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onBack();
    }
  };

  const code = isApiError(error) ? error.code : null;
  return (
    <div className="card" onKeyDown={onKey} data-testid="payout-due">
      <div style={{ display: 'grid', gridTemplateColumns: '1.3fr 1fr', gap: '1.2rem' }}>
        <dl className="facts" data-testid="payout-facts">
          <dt>{t('counter.payout.due.person')}</dt>
          <dd data-testid="due-name">
            <strong>{line.full_name}</strong> ({t('counter.payout.search.born', { year: line.birth_year })})
          </dd>
          <dt>{t('counter.payout.due.cccd')}</dt>
          <dd>{line.cccd}</dd>
          <dt>{t('counter.payout.due.benefit')}</dt>
          <dd data-testid="due-benefit">
            {t(`counter.payout.benefit.${line.benefit}`, { defaultValue: line.benefit })}
          </dd>
          <dt>{t('counter.payout.due.months')}</dt>
          <dd data-testid="due-months">
            {period === undefined ? '—' : period.months.map(monthText).join(', ')}
          </dd>
          <dt>{t('counter.payout.due.amount')}</dt>
          <dd style={{ fontSize: '1.4rem', fontWeight: 700 }}>
            <Money value={line.amount} testId="due-amount" />
          </dd>
          <dt>{t('counter.payout.due.period')}</dt>
          <dd data-testid="due-period">
            {period === undefined
              ? line.period_id
              : t('counter.payout.due.periodDays', {
                  from: day(period.counters_from),
                  to: day(period.close_on),
                })}{' '}
            <small className="hint">({line.period_id})</small>
          </dd>
          <dt>{t('counter.payout.due.channel')}</dt>
          <dd>{t(`counter.payout.channel.${line.channel}`, { defaultValue: line.channel })}</dd>
          <dt>{t('counter.payout.due.proxy')}</dt>
          <dd data-testid="due-proxy">
            {line.proxy_name === null
              ? t('counter.payout.due.proxyNone')
              : t(proxyExpired ? 'counter.payout.due.proxyExpired' : 'counter.payout.due.proxyValid', {
                  name: line.proxy_name,
                  cccd: line.proxy_cccd,
                  until: day(line.proxy_until!),
                })}
          </dd>
          <dt>{t('counter.payout.due.state')}</dt>
          <dd data-testid="due-state">
            {t(`counter.payout.state.${line.status}`, { defaultValue: line.status })}
          </dd>
        </dl>
        <div>
          {line.status === 'paid' && <PaidNotice line={line} receiptId={line.receipt_id} />}
          {!payable && line.status !== 'paid' && (
            <div className="error-box" role="alert" data-testid="payout-not-payable">
              {t('counter.payout.due.notPayable', { state: t(`counter.payout.state.${line.status}`) })}
            </div>
          )}
          {period !== undefined && !period.counters_open && (
            <div className="error-box" role="alert" data-testid="payout-counters-closed">
              {t('counter.payout.countersClosed', {
                period: period.id,
                from: day(period.counters_from),
                to: day(period.close_on),
              })}
            </div>
          )}
          {proxyExpired && (
            <div className="mode-banner" role="note" data-testid="payout-proxy-expired">
              {t('counter.payout.due.proxyExpiredWarn', {
                name: line.proxy_name,
                until: day(line.proxy_until!),
              })}
            </div>
          )}
          {payable && lowCash && (
            <div className="error-box" role="alert" data-testid="payout-low-cash">
              {t('counter.payout.due.lowCash', { cash: vnd(cash), amount: vnd(line.amount) })}{' '}
              <Link href="/counter/till">{t('counter.payout.toTill')}</Link>
            </div>
          )}
          {payable && (
            <>
              <Field
                label={t('counter.payout.due.identity')}
                hint={t('counter.payout.due.identityHint')}
                error={fieldError}
                value={cccd}
                inputMode="numeric"
                autoComplete="off"
                autoFocus
                maxLength={14}
                onChange={(e) => {
                  setCccd(e.target.value);
                  setWho(null);
                  setRefusal(null);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    check();
                  }
                }}
                data-testid="payout-identity"
              />
              {who !== null && (
                <Notice testId="payout-matched">
                  {who.recipient === 'self'
                    ? t('counter.payout.due.matchedSelf', { name: line.full_name })
                    : t('counter.payout.due.matchedProxy', {
                        name: line.proxy_name,
                        until: day(line.proxy_until!),
                      })}
                </Notice>
              )}
              {refusal !== null && (
                <div className="error-box" role="alert" data-testid="payout-refusal">
                  {refusal}
                </div>
              )}
            </>
          )}
          <ErrorBox error={error} testId="payout-error" />
          {error !== null && (
            <p className="hint" data-testid="payout-error-hint">
              {code === 'network'
                ? t('counter.payout.due.retrySafe')
                : code === 'vault_not_acknowledged'
                  ? t('counter.payout.due.unconfirmed')
                  : t('counter.payout.due.notRecorded')}
              {(code === 'insufficient_cash' || code === 'till_not_open' || code === 'not_your_till') && (
                <>
                  {' '}
                  <Link href="/counter/till">{t('counter.payout.toTill')}</Link>
                </>
              )}
            </p>
          )}
          <div className="actions">
            {payable && (
              <button
                ref={payRef}
                type="button"
                className="primary"
                disabled={who === null}
                aria-busy={busy}
                onClick={() => void pay()}
                data-testid="payout-pay"
              >
                {busy
                  ? t('counter.payout.due.paying')
                  : t('counter.payout.due.pay', { amount: vnd(line.amount) })}
              </button>
            )}
            <button type="button" onClick={onBack} data-testid="payout-back">
              {t('counter.payout.due.back')}
            </button>
          </div>
          <p className="hint">{t('counter.payout.due.keys')}</p>
        </div>
      </div>
    </div>
  );
}
