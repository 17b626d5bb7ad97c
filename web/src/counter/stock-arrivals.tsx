// Receiving a transfer at this office: the transfers on their way here, each line's quantity counted on
// arrival (the sent quantity offered, to be corrected), and before confirming, what is short and its value:
// the API puts what arrived on this shelf and records the shortfall as lost in transit at the sender.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { get, newKey, post } from '../ui/api.ts';
import { moment, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Money, Notice } from '../ui/parts.tsx';
import { useProductNames } from './stock-lines.tsx';
import { transferValue, useOfficeNames, type Transfer } from './stock-transfer.tsx';

/** What each line is short, counted from what is typed (null when a line is not a quantity from 0 to sent). */
function shortOf(
  t: Transfer,
  counted: Record<string, string>,
): { units: number; value: bigint } | { bad: number; sent: number } {
  let units = 0;
  let value = 0n;
  for (const [i, l] of t.lines.entries()) {
    const typed = (counted[l.product] ?? String(l.sent)).trim();
    if (!/^\d{1,9}$/.test(typed) || Number(typed) > l.sent) return { bad: i + 1, sent: l.sent };
    const missing = l.sent - Number(typed);
    units += missing;
    value += (BigInt(l.value) * BigInt(missing)) / BigInt(l.sent);
  }
  return { units, value };
}

function Arrival(props: { office: string; transfer: Transfer; from: string; onDone: (msg: string) => void }) {
  const { office, transfer: x, from, onDone } = props;
  const { t } = useT();
  const [counted, setCounted] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const submission = useRef<{ key: string; body: string } | null>(null);
  const short = shortOf(x, counted);
  const product = useProductNames(office);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setRefusal(null);
    if ('bad' in short)
      return setProblem(t('counter.stock.arrivals.receivedBad', { line: short.bad, sent: short.sent }));
    setProblem(undefined);
    const body = {
      lines: x.lines.map((l) => ({
        product: l.product,
        received: Number((counted[l.product] ?? String(l.sent)).trim()),
      })),
    };
    const text = JSON.stringify(body);
    if (submission.current?.body !== text) submission.current = { key: newKey(), body: text };
    try {
      await post(`/v1/retail/offices/${office}/transfers/${x.id}/receipt`, body, submission.current.key);
      submission.current = null;
      onDone(
        short.units === 0
          ? t('counter.stock.arrivals.done', { id: x.id })
          : t('counter.stock.arrivals.doneShort', { id: x.id, units: short.units }),
      );
    } catch (err) {
      setRefusal(err);
    }
  };

  return (
    <form className="stock-arrival" onSubmit={(e) => void submit(e)} data-testid={`arrival-${x.id}`}>
      <h3>{t('counter.stock.arrivals.from', { id: x.id, name: from, at: moment(x.sent_at) })}</h3>
      {x.note !== null && <p className="muted">{x.note}</p>}
      <ErrorBox error={refusal} testId={`arrival-error-${x.id}`} />
      <table className="table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('counter.stock.product')}</th>
            <th className="num">{t('counter.stock.arrivals.sent')}</th>
            <th className="num">{t('counter.stock.send.valueAtCost')}</th>
            <th className="num">{t('counter.stock.arrivals.received')}</th>
            <th className="num">{t('counter.stock.arrivals.missing')}</th>
          </tr>
        </thead>
        <tbody>
          {x.lines.map((l, i) => {
            const typed = counted[l.product] ?? String(l.sent);
            const n = Number(typed.trim());
            const missing = /^\d{1,9}$/.test(typed.trim()) && n <= l.sent ? l.sent - n : null;
            return (
              <tr key={l.product} className={missing === null || missing > 0 ? 'bad-line' : ''}>
                <td>{i + 1}</td>
                <td>{product(l.product)}</td>
                <td className="num">{l.sent}</td>
                <td className="num">
                  <Money value={l.value} />
                </td>
                <td className="num">
                  <input
                    aria-label={`${t('counter.stock.arrivals.received')} ${l.product}`}
                    data-testid={`arrival-${x.id}-${l.product}`}
                    inputMode="numeric"
                    size={6}
                    value={typed}
                    onChange={(e) => setCounted({ ...counted, [l.product]: e.target.value })}
                  />
                </td>
                <td className="num" data-testid={`missing-${x.id}-${l.product}`}>
                  {missing === null ? '?' : missing}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={3}>{t('counter.stock.send.total')}</th>
            <td className="num">
              <Money value={transferValue(x)} />
            </td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
      {problem !== undefined && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {'units' in short && (
        <p
          className={short.units > 0 ? 'stock-short' : 'muted'}
          role="status"
          data-testid={`shortfall-${x.id}`}
        >
          {short.units > 0
            ? t('counter.stock.arrivals.shortfall', { units: short.units, value: vnd(short.value) })
            : t('counter.stock.arrivals.complete')}
        </p>
      )}
      <button type="submit" className="primary" data-testid={`arrival-submit-${x.id}`}>
        {'units' in short && short.units > 0
          ? t('counter.stock.arrivals.submitShort', { units: short.units })
          : t('counter.stock.arrivals.submit')}
      </button>
    </form>
  );
}

export function ArrivalsSection({ office, onDone }: { office: string; onDone: () => Promise<void> }) {
  const { t } = useT();
  const name = useOfficeNames();
  const [coming, setComing] = useState<Transfer[] | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await get<{ items: Transfer[] }>(
      `/v1/retail/offices/${office}/transfers?direction=in&state=sent&limit=50`,
    );
    setComing(r.items);
  }, [office]);
  useEffect(() => void load().catch(setRefusal), [load]);

  return (
    <section className="card" aria-labelledby="arrivals-title">
      <h2 id="arrivals-title">{t('counter.stock.arrivals.title')}</h2>
      {done !== null && <Notice testId="arrival-done">{done}</Notice>}
      <ErrorBox error={refusal} testId="arrivals-error" />
      {coming !== null && coming.length === 0 && <p className="muted">{t('counter.stock.arrivals.none')}</p>}
      {(coming ?? []).map((x) => (
        <Arrival
          key={x.id}
          office={office}
          transfer={x}
          from={name(x.from_office)}
          onDone={(msg) => {
            setDone(msg);
            void load().then(onDone).catch(setRefusal);
          }}
        />
      ))}
    </section>
  );
}
