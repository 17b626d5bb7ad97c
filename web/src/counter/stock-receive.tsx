// Receiving goods against an open purchase order: the quantities that arrived per line and the supplier's
// delivery note, one receipt under one Idempotency-Key (kept while the same receipt is sent again).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { get, newKey, post } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money, Notice } from '../ui/parts.tsx';

interface Order {
  id: string;
  supplier_code: string;
  state: string;
  lines: Array<{ product: string; quantity: number; unit_cost: string; received: number }>;
}

export function ReceiveSection({ office, onDone }: { office: string; onDone: () => Promise<void> }) {
  const { t } = useT();
  const [orders, setOrders] = useState<Order[]>([]);
  const [chosen, setChosen] = useState('');
  const [now, setNow] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [refusal, setRefusal] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const submission = useRef<{ key: string; body: string } | null>(null);

  const load = useCallback(async () => {
    const r = await get<{ items: Order[] }>(
      `/v1/retail/offices/${office}/purchase-orders?state=open&limit=50`,
    );
    setOrders(r.items);
    setChosen((c) => (c === '' ? (r.items[0]?.id ?? '') : c));
  }, [office]);
  useEffect(() => void load().catch(setRefusal), [load]);
  const order = orders.find((o) => o.id === chosen);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (order === undefined) return;
    setRefusal(null);
    setDone(null);
    const lines = order.lines
      .map((l) => ({ product: l.product, quantity: Number((now[l.product] ?? '').trim() || '0') }))
      .filter((l) => l.quantity > 0);
    if (lines.length === 0) return setProblem(t('counter.stock.nothingToReceive'));
    setProblem(undefined);
    const body = { delivery_note: note.trim(), lines };
    const text = JSON.stringify([order.id, body]);
    if (submission.current?.body !== text) submission.current = { key: newKey(), body: text };
    try {
      await post(
        `/v1/retail/offices/${office}/purchase-orders/${order.id}/receipts`,
        body,
        submission.current.key,
      );
      submission.current = null;
      setDone(order.id);
      setNow({});
      setNote('');
      setChosen('');
      await load();
      await onDone();
    } catch (err) {
      setRefusal(err);
    }
  };

  return (
    <section className="card" aria-labelledby="receive-title">
      <h2 id="receive-title">{t('counter.stock.receiveTitle')}</h2>
      {done !== null && (
        <Notice testId="receive-done">{t('counter.stock.receivedDone', { id: done })}</Notice>
      )}
      <ErrorBox error={refusal} testId="receive-error" />
      {orders.length === 0 ? (
        <p>{t('counter.stock.noOrders')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} data-testid="receive-form">
          <label htmlFor="receive-order">{t('counter.stock.order')}</label>{' '}
          <select
            id="receive-order"
            data-testid="receive-order"
            value={chosen}
            onChange={(e) => setChosen(e.target.value)}
          >
            {orders.map((o) => (
              <option key={o.id} value={o.id}>
                {o.id} — {o.supplier_code}
              </option>
            ))}
          </select>
          {order !== undefined && (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('counter.stock.product')}</th>
                  <th className="num">{t('counter.stock.ordered')}</th>
                  <th className="num">{t('counter.stock.received')}</th>
                  <th className="num">{t('counter.stock.unitCost')}</th>
                  <th className="num">{t('counter.stock.receiveNow')}</th>
                </tr>
              </thead>
              <tbody>
                {order.lines.map((l) => (
                  <tr key={l.product}>
                    <td>{l.product}</td>
                    <td className="num">{l.quantity}</td>
                    <td className="num">{l.received}</td>
                    <td className="num">
                      <Money value={l.unit_cost} />
                    </td>
                    <td className="num">
                      <input
                        aria-label={`${t('counter.stock.receiveNow')} ${l.product}`}
                        data-testid={`receive-${l.product}`}
                        inputMode="numeric"
                        size={6}
                        value={now[l.product] ?? ''}
                        onChange={(e) => setNow({ ...now, [l.product]: e.target.value })}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Field
            label={t('counter.stock.deliveryNote')}
            data-testid="receive-note"
            value={note}
            error={problem}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit" data-testid="receive-submit">
            {t('counter.stock.receive')}
          </button>
        </form>
      )}
    </section>
  );
}
