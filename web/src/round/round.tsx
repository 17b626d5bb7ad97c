// The postman's round on his phone: today's parcels with their COD and the pensions he pays at home, a scan
// field for the item in his hand, each parcel or pension opened as its own step (?item= / ?line=, so the
// phone's Back works), and the cash he must hand back to the office.
import { useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useT } from '../ui/i18n.ts';
import { Field, Money, Page } from '../ui/parts.tsx';
import { ItemScreen } from './item-screen.tsx';
import { PensionScreen } from './pension-screen.tsx';
import { cashToHandBack, useRoundData, type RoundData } from './round-data.ts';
import { Refusal } from './submit.tsx';
import './round.css';

export function RoundPage() {
  const { t } = useT();
  const { data, error, reload } = useRoundData();
  const search = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const itemId = search.get('item');
  const lineId = search.get('line');
  const back = () => navigate('/round');

  let body;
  if (data === null) body = error === null ? <p>{t('round.loading')}</p> : null;
  else if (itemId !== null) {
    const stop = data.stops.find((s) => s.item.id === itemId);
    body =
      stop === undefined ? (
        <List data={data} notFound={itemId} reload={reload} />
      ) : (
        <ItemScreen key={itemId} stop={stop} onBack={back} onDone={() => void reload()} />
      );
  } else if (lineId !== null) {
    const round = data.pensions.find((r) => r.lines.some((l) => l.id === lineId));
    const line = round?.lines.find((l) => l.id === lineId);
    body =
      round === undefined || line === undefined ? (
        <List data={data} reload={reload} />
      ) : (
        <PensionScreen key={lineId} line={line} round={round} onBack={back} onDone={() => void reload()} />
      );
  } else body = <List data={data} reload={reload} />;

  return (
    <Page title={t('round.title')}>
      <Refusal error={error} testId="load-refusal" />
      {body}
    </Page>
  );
}

function List({
  data,
  notFound,
  reload,
}: {
  data: RoundData;
  notFound?: string;
  reload: () => Promise<void>;
}) {
  const { t } = useT();
  const [, navigate] = useLocation();
  const [scan, setScan] = useState('');
  const [missing, setMissing] = useState<string | undefined>(notFound);
  const onScan = (e: FormEvent) => {
    e.preventDefault();
    const id = scan.trim().toUpperCase();
    if (id === '') return;
    if (data.stops.some((s) => s.item.id === id)) navigate(`/round?item=${encodeURIComponent(id)}`);
    else {
      setMissing(id);
      setScan('');
    }
  };
  const stops = data.stops;
  const lines = data.pensions.flatMap((round) => round.lines.map((line) => ({ round, line })));
  const cash = cashToHandBack(data);
  return (
    <div className="round-list">
      <form onSubmit={onScan} className="scan" data-testid="scan-form">
        <Field
          label={t('round.scan.label')}
          hint={t('round.scan.hint')}
          error={missing === undefined ? undefined : t('round.scan.notOnRound', { id: missing })}
          value={scan}
          onChange={(e) => {
            setScan(e.target.value);
            setMissing(undefined);
          }}
          autoFocus
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="go"
          data-testid="scan"
        />
      </form>
      {stops.length === 0 && lines.length === 0 && <p data-testid="no-round">{t('round.none')}</p>}
      {stops.length > 0 && (
        <section aria-labelledby="parcels-title">
          <h2 id="parcels-title">
            {t('round.parcels.title', {
              done: stops.filter((s) => s.outcome !== 'pending').length,
              count: stops.length,
            })}
          </h2>
          <ul className="stops" data-testid="parcels">
            {stops.map(({ item, outcome, round }) => (
              <li key={item.id} className={`stop ${outcome}`} data-testid={`parcel-${item.id}`}>
                <button
                  type="button"
                  className="stop-open"
                  onClick={() => navigate(`/round?item=${encodeURIComponent(item.id)}`)}
                >
                  <span className="stop-head">
                    <strong>{item.recipient.name}</strong>
                    <span className={`badge ${outcome}`}>
                      {round.status === 'closed' ? t('round.parcels.closed') : t(`round.parcels.${outcome}`)}
                    </span>
                  </span>
                  <span className="stop-address">{item.recipient.address}</span>
                  {item.restricted && !item.returning && (
                    <span className="stop-restricted" data-testid={`restricted-${item.id}`}>
                      {t('round.parcels.restricted')}
                    </span>
                  )}
                  <span className="stop-foot">
                    <span className="mono">{item.id}</span>
                    {BigInt(item.cod_amount) > 0n && !item.returning ? (
                      <span className="cod">
                        {t('round.parcels.cod')}: <Money value={item.cod_amount} />
                      </span>
                    ) : (
                      <span className="muted">{t('round.parcels.noCod')}</span>
                    )}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {lines.length > 0 && (
        <section aria-labelledby="pensions-title">
          <h2 id="pensions-title">
            {t('round.pensions.title', {
              done: lines.filter((l) => l.line.status === 'paid').length,
              count: lines.length,
            })}
          </h2>
          <ul className="stops" data-testid="pensions">
            {lines.map(({ line }) => {
              const state = line.status === 'on_round' || line.status === 'paid' ? line.status : 'other';
              return (
                <li key={line.id} className={`stop ${state}`} data-testid={`pension-${line.id}`}>
                  <button
                    type="button"
                    className="stop-open"
                    onClick={() => navigate(`/round?line=${encodeURIComponent(line.id)}`)}
                  >
                    <span className="stop-head">
                      <strong>{line.full_name}</strong>
                      <span className={`badge ${state}`}>{t(`round.pensions.${state}`)}</span>
                    </span>
                    {line.proxy_name !== null && line.proxy_until !== null && (
                      <span className="stop-address">
                        {t('round.pensions.proxy', { name: line.proxy_name, until: line.proxy_until })}
                      </span>
                    )}
                    <span className="stop-foot">
                      <span className="muted">
                        {t(`round.benefits.${line.benefit}`, { defaultValue: line.benefit })}
                      </span>
                      <Money value={line.amount} />
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {(stops.length > 0 || lines.length > 0) && (
        <section className="card cash" aria-labelledby="cash-title" data-testid="cash">
          <h2 id="cash-title">{t('round.cash.title')}</h2>
          <dl className="facts">
            <dt>{t('round.cash.cod')}</dt>
            <dd>
              <Money value={cash.cod} testId="cash-cod" />
            </dd>
            {cash.codLeft > 0n && (
              <>
                <dt>{t('round.cash.codLeft')}</dt>
                <dd>
                  <Money value={cash.codLeft} testId="cash-cod-left" />
                </dd>
              </>
            )}
            <dt>{t('round.cash.advance')}</dt>
            <dd>
              <Money value={cash.advance} testId="cash-advance" />
            </dd>
            <dt>{t('round.cash.paid')}</dt>
            <dd>
              <Money value={cash.paid} testId="cash-paid" />
            </dd>
            <dt>{t('round.cash.unpaid')}</dt>
            <dd>
              <Money value={cash.unpaid} testId="cash-unpaid" />
            </dd>
            <dt className="total">{t('round.cash.total')}</dt>
            <dd className="total">
              <Money value={cash.total} testId="cash-total" />
            </dd>
          </dl>
          <p className="muted">{t('round.cash.note')}</p>
        </section>
      )}
      <button type="button" onClick={() => void reload()} data-testid="reload">
        {t('round.reload')}
      </button>
    </div>
  );
}
