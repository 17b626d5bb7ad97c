// The stocktake: staff count the shelf (a quantity per product and a reason); the count waits for the office
// manager, who sees each line's difference and its value before approving (another person than who counted)
// or rejecting it.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { get, newKey, post } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money, Notice } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import type { StockLine } from './stock.tsx';

export interface Stocktake {
  id: string;
  state: string;
  reason: string;
  counted_by: string;
  lines: Array<{
    product: string;
    expected: number;
    counted: number;
    difference: number;
    on_shelf: number;
    value: string;
  }>;
}

export function StocktakeSection(props: {
  office: string;
  lines: StockLine[];
  canManage: boolean;
  onDone: () => Promise<void>;
}) {
  const { office, lines, canManage, onDone } = props;
  const { t } = useT();
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState<Stocktake[]>([]);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [rejectNote, setRejectNote] = useState('');
  const keys = useRef(new Map<string, string>());
  const keyFor = (what: string) => {
    const k = keys.current.get(what) ?? newKey();
    keys.current.set(what, k);
    return k;
  };

  const load = useCallback(async () => {
    const r = await get<{ items: Stocktake[] }>(
      `/v1/retail/offices/${office}/stocktakes?state=counted&limit=20`,
    );
    setPending(r.items);
  }, [office]);
  useEffect(() => void load().catch(setRefusal), [load]);

  const count = async (e: FormEvent) => {
    e.preventDefault();
    setRefusal(null);
    setNotice(null);
    if (reason.trim() === '') {
      setReasonError(t('counter.stock.reasonMissing'));
      return;
    }
    setReasonError(undefined);
    const body = {
      reason: reason.trim(),
      lines: lines
        .filter((l) => (counts[l.product] ?? '').trim() !== '')
        .map((l) => ({ product: l.product, counted: Number(counts[l.product]!.trim()) })),
    };
    const what = `count ${JSON.stringify(body)}`;
    try {
      const s = await post<Stocktake>(`/v1/retail/offices/${office}/stocktakes`, body, keyFor(what));
      keys.current.delete(what);
      setNotice(t('counter.stock.recorded', { id: s.id }));
      setCounts({});
      setReason('');
      await load();
    } catch (err) {
      setRefusal(err);
    }
  };

  const decide = async (s: Stocktake, approve: boolean) => {
    setRefusal(null);
    setNotice(null);
    const what = `${approve ? 'approve' : 'reject'} ${s.id} ${rejectNote}`;
    try {
      if (approve)
        await post(`/v1/retail/offices/${office}/stocktakes/${s.id}/approval`, undefined, keyFor(what));
      else
        await post(
          `/v1/retail/offices/${office}/stocktakes/${s.id}/rejection`,
          { note: rejectNote.trim() },
          keyFor(what),
        );
      keys.current.delete(what);
      setNotice(t(approve ? 'counter.stock.approved' : 'counter.stock.rejected', { id: s.id }));
      await load();
      await onDone();
    } catch (err) {
      setRefusal(err);
    }
  };

  return (
    <section className="card" aria-labelledby="count-title">
      <h2 id="count-title">{t('counter.stock.countTitle')}</h2>
      {notice !== null && <Notice testId="count-notice">{notice}</Notice>}
      <ErrorBox error={refusal} testId="count-error" />
      <form onSubmit={(e) => void count(e)} data-testid="count-form">
        <table className="table">
          <thead>
            <tr>
              <th>{t('counter.stock.product')}</th>
              <th className="num">{t('counter.stock.counted')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.product}>
                <td>
                  {l.product} ({l.unit})
                </td>
                <td className="num">
                  <input
                    aria-label={`${t('counter.stock.counted')} ${l.product}`}
                    data-testid={`count-${l.product}`}
                    inputMode="numeric"
                    size={6}
                    value={counts[l.product] ?? ''}
                    onChange={(e) => setCounts({ ...counts, [l.product]: e.target.value })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Field
          label={t('counter.stock.reason')}
          data-testid="count-reason"
          value={reason}
          error={reasonError}
          onChange={(e) => setReason(e.target.value)}
        />
        <button type="submit" data-testid="count-submit">
          {t('counter.stock.record')}
        </button>
      </form>
      <h3>{t('counter.stock.pending')}</h3>
      {pending.length === 0 && <p>{t('counter.stock.noPending')}</p>}
      {pending.map((s) => (
        <StocktakeCard
          key={s.id}
          stocktake={s}
          canManage={canManage}
          note={rejectNote}
          onNote={setRejectNote}
          onDecide={(approve) => void decide(s, approve)}
        />
      ))}
    </section>
  );
}

/**
 * A counted stocktake as its manager decides it: each line's expected, counted and difference with its value,
 * then Approve, or Reject with a note (the counter's own count is said, the API refuses it).
 */
export function StocktakeCard(props: {
  stocktake: Stocktake;
  canManage: boolean;
  note: string;
  onNote: (note: string) => void;
  onDecide: (approve: boolean) => void;
  busy?: boolean;
}) {
  const { stocktake: s, canManage, note, onNote, onDecide, busy = false } = props;
  const { t } = useT();
  const me = useMe();
  return (
    <div className="card" data-testid={`stocktake-${s.id}`}>
      <p>
        <strong>{s.id}</strong> — {s.reason} — {t('counter.stock.countedBy', { who: s.counted_by })}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>{t('counter.stock.product')}</th>
            <th className="num">{t('counter.stock.expected')}</th>
            <th className="num">{t('counter.stock.counted')}</th>
            <th className="num">{t('counter.stock.difference')}</th>
            <th className="num">{t('counter.stock.nowOnShelf')}</th>
            <th className="num">{t('counter.stock.value')}</th>
          </tr>
        </thead>
        <tbody>
          {s.lines.map((l) => (
            <tr key={l.product}>
              <td>{l.product}</td>
              <td className="num">{l.expected}</td>
              <td className="num">{l.counted}</td>
              <td className="num" data-testid={`difference-${s.id}-${l.product}`}>
                {l.difference > 0 ? `+${l.difference}` : l.difference}
              </td>
              <td className="num">{l.on_shelf}</td>
              <td className="num">
                <Money value={l.value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && s.counted_by === me.staff.id && <p>{t('counter.stock.ownCount')}</p>}
      {canManage && (
        <div className="actions">
          <button
            type="button"
            data-testid={`approve-${s.id}`}
            disabled={busy}
            onClick={() => onDecide(true)}
          >
            {t('counter.stock.approve')}
          </button>{' '}
          <input
            aria-label={t('counter.stock.rejectNote')}
            placeholder={t('counter.stock.rejectNote')}
            value={note}
            onChange={(e) => onNote(e.target.value)}
          />{' '}
          <button type="button" disabled={busy} onClick={() => onDecide(false)}>
            {t('counter.stock.reject')}
          </button>
        </div>
      )}
    </div>
  );
}
