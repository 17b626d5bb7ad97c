// The counter's orders: a form to order goods for a customer, the office's orders waiting to be picked (each
// with its pick button: the goods set aside and the parcel sent), and the orders placed at this counter; and one
// order's page with its goods, money and its parcel's tracking.
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import { get, newKey, post, query } from '../ui/api.ts';
import { moment, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Money, Notice, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { useOwnTill } from './accept-till.tsx';
import { OrderForm, type OrderView } from './order-form.tsx';
import './order.css';

const ordersOf = (office: string, role: 'stock' | 'ordered', state?: string) =>
  get<{ items: OrderView[] }>(
    `/v1/retail/offices/${encodeURIComponent(office)}/orders${query({ role, state, limit: 50 })}`,
  );

function OrderRow({ o, children }: { o: OrderView; children?: React.ReactNode }) {
  const { t } = useT();
  return (
    <tr data-testid={`order-${o.id}`}>
      <td>
        <Link href={`/counter/orders/${o.id}`}>{o.id}</Link>
      </td>
      <td>{o.customer.name}</td>
      <td>{t(`counter.order.payments.${o.payment}`)}</td>
      <td>
        <Money value={o.amount_due} />
      </td>
      <td data-testid={`state-${o.id}`}>{t(`counter.order.states.${o.state}`)}</td>
      <td>{children}</td>
    </tr>
  );
}

export function OrdersPage() {
  const { t } = useT();
  const me = useMe();
  const office = me.staff.office_id;
  const [toPick, setToPick] = useState<OrderView[]>([]);
  const [mine, setMine] = useState<OrderView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [placed, setPlaced] = useState<OrderView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setToPick((await ordersOf(office, 'stock', 'placed')).items);
      setMine((await ordersOf(office, 'ordered')).items);
    } catch (err) {
      setError(err);
    }
  }, [office]);
  useEffect(() => {
    void load();
  }, [load]);

  const pick = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await post(`/v1/retail/orders/${encodeURIComponent(id)}/picking`, undefined, newKey());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
      await load();
    }
  };

  return (
    <Page title={t('counter.order.title')}>
      {placed !== null && (
        <Notice testId="order-placed">
          {t('counter.order.placed', { id: placed.id })}{' '}
          <Link href={`/counter/orders/${placed.id}`}>{t('counter.order.open')}</Link>
        </Notice>
      )}
      <ErrorBox error={error} testId="orders-error" />
      <div className="orders-layout">
        <OrderForm
          onPlaced={(o) => {
            setPlaced(o);
            void load();
          }}
        />
        <div>
          <h2>{t('counter.order.toPick')}</h2>
          {toPick.length === 0 ? (
            <p>{t('counter.order.noneToPick')}</p>
          ) : (
            <table className="orders" data-testid="to-pick">
              <tbody>
                {toPick.map((o) => (
                  <OrderRow key={o.id} o={o}>
                    <button
                      type="button"
                      disabled={busy !== null}
                      onClick={() => void pick(o.id)}
                      data-testid={`pick-${o.id}`}
                    >
                      {busy === o.id ? t('counter.order.picking') : t('counter.order.pick')}
                    </button>
                  </OrderRow>
                ))}
              </tbody>
            </table>
          )}
          <h2>{t('counter.order.placedHere')}</h2>
          {mine.length === 0 ? (
            <p>{t('counter.order.nonePlaced')}</p>
          ) : (
            <table className="orders" data-testid="placed-here">
              <tbody>
                {mine.map((o) => (
                  <OrderRow key={o.id} o={o} />
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </Page>
  );
}

interface Tracking {
  id: string;
  status: string;
  events: Array<{ code: string; description_vi: string; description: string; at: string }>;
}

/** A returned prepaid order: the customer's money given back in cash from the clerk's own open till, once. */
function RefundBox({ o, onDone }: { o: OrderView; onDone: () => void }) {
  const { t } = useT();
  const own = useOwnTill();
  const [key] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const refund = async () => {
    setBusy(true);
    setError(null);
    try {
      await post(`/v1/retail/orders/${encodeURIComponent(o.id)}/refund`, { till: own.till!.id }, key);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="order-refund" data-testid="order-refund">
      <h2>{t('counter.order.refundTitle')}</h2>
      <p>{t('counter.order.refundHint', { amount: vnd(o.amount_due) })}</p>
      <ErrorBox error={error} testId="order-refund-error" />
      {own.till === null ? (
        <p>{t('counter.order.refundNeedsTill')}</p>
      ) : (
        <button type="button" disabled={busy} onClick={() => void refund()} data-testid="order-refund-button">
          {busy ? t('counter.order.refunding') : t('counter.order.refund')}
        </button>
      )}
    </section>
  );
}

export function OrderDetailPage() {
  const { t, lang } = useT();
  const { id = '' } = useParams<{ id: string }>();
  const [order, setOrder] = useState<(OrderView & { tracking: Tracking | null }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refunded, setRefunded] = useState(false);
  const load = useCallback(() => {
    get<OrderView & { tracking: Tracking | null }>(`/v1/retail/orders/${encodeURIComponent(id)}`).then(
      setOrder,
      setError,
    );
  }, [id]);
  useEffect(load, [load]);
  if (order === null)
    return (
      <Page title={`${t('counter.order.order')} ${id}`}>
        <ErrorBox error={error} testId="order-detail-error" />
      </Page>
    );
  const o = order;
  return (
    <Page
      title={`${t('counter.order.order')} ${o.id}`}
      aside={<Link href="/counter/orders">{t('counter.order.back')}</Link>}
    >
      {refunded && (
        <Notice testId="order-refunded">{t('counter.order.refunded', { amount: vnd(o.amount_due) })}</Notice>
      )}
      {o.state === 'returned' && o.payment === 'prepaid' && (
        <RefundBox
          o={o}
          onDone={() => {
            setRefunded(true);
            load();
          }}
        />
      )}
      <dl className="order-facts">
        <dt>{t('counter.order.state')}</dt>
        <dd data-testid="order-state">{t(`counter.order.states.${o.state}`)}</dd>
        <dt>{t('counter.order.customer')}</dt>
        <dd>
          {o.customer.name}, {o.customer.phone}, {o.customer.address}
        </dd>
        <dt>{t('counter.order.payment')}</dt>
        <dd>{t(`counter.order.payments.${o.payment}`)}</dd>
        <dt>{t('counter.order.item')}</dt>
        <dd data-testid="order-item">{o.item_id ?? t('counter.order.notSent')}</dd>
      </dl>
      <table className="orders">
        <tbody>
          {o.lines.map((l) => (
            <tr key={l.line_no}>
              <td>{lang === 'vi' ? l.name_vi : l.name_en}</td>
              <td>
                {l.quantity} {l.unit}
              </td>
              <td>
                <Money value={l.unit_price} />
              </td>
              <td>
                <Money value={l.amount} />
              </td>
            </tr>
          ))}
          <tr>
            <td colSpan={3}>
              {t('counter.order.goods')} ({t('counter.order.vat')} <Money value={o.vat} />)
            </td>
            <td>
              <Money value={o.total} />
            </td>
          </tr>
          <tr>
            <td colSpan={3}>{t('counter.order.shipping')}</td>
            <td>
              <Money value={o.shipping_fee} />
            </td>
          </tr>
          <tr>
            <th colSpan={3}>{o.payment === 'cod' ? t('counter.order.dueCod') : t('counter.order.paid')}</th>
            <th>
              <Money value={o.amount_due} testId="order-due" />
            </th>
          </tr>
        </tbody>
      </table>
      <h2>{t('counter.order.tracking')}</h2>
      {o.tracking === null ? (
        <p>{t('counter.order.noTracking')}</p>
      ) : (
        <ol className="order-tracking" data-testid="order-tracking">
          {o.tracking.events.map((e, i) => (
            <li key={i}>
              {moment(e.at)} — {lang === 'vi' ? e.description_vi : e.description} <small>({e.code})</small>
            </li>
          ))}
        </ol>
      )}
    </Page>
  );
}
