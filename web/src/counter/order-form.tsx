// Ordering goods for a customer from the office's shelf: goods searched (with or without accents) and added with
// their quantities, the customer (a mobile the postman calls, a commune picked from the list), cash on delivery or
// prepaid into the clerk's own open till; sent under one Idempotency-Key per order, the API's refusal shown here.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { get, newKey, post, query } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { useOwnTill } from './accept-till.tsx';
import { CommunePicker, type Commune } from './commune-picker.tsx';

interface Goods {
  code: string;
  name_vi: string;
  name_en: string;
  unit: string;
  price: string | null;
  on_shelf: string;
}
export interface OrderView {
  id: string;
  state: string;
  payment: 'cod' | 'prepaid';
  total: string;
  vat: string;
  shipping_fee: string;
  amount_due: string;
  item_id: string | null;
  created_at: string;
  customer: { name: string; phone: string; address: string; commune: string };
  lines: Array<{
    line_no: number;
    product: string;
    name_vi: string;
    name_en: string;
    unit: string;
    quantity: string;
    unit_price: string;
    amount: string;
  }>;
}

type Errors = Partial<Record<'name' | 'phone' | 'address' | 'commune' | 'lines', string>>;
const MOBILE = /^(\+84|0)(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$/;

export function OrderForm({ onPlaced }: { onPlaced: (o: OrderView) => void }) {
  const { t, lang } = useT();
  const me = useMe();
  const own = useOwnTill();
  const office = me.staff.office_id;
  const [q, setQ] = useState('');
  const [goods, setGoods] = useState<Goods[] | null>(null);
  const [cart, setCart] = useState<Array<{ goods: Goods; quantity: string }>>([]);
  const [customer, setCustomer] = useState({ name: '', phone: '', address: '' });
  const [commune, setCommune] = useState<Commune | null>(null);
  const [payment, setPayment] = useState<'cod' | 'prepaid'>('cod');
  const [errors, setErrors] = useState<Errors>({});
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submission = useRef<{ key: string; body: string } | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      get<{ items: Goods[] }>(
        `/v1/retail/offices/${encodeURIComponent(office)}/orderable-goods${query({ q })}`,
        ctl.signal,
      ).then(
        (r) => setGoods(r.items),
        () => undefined,
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [office, q]);

  const add = (g: Goods) => {
    setCart((c) => (c.some((l) => l.goods.code === g.code) ? c : [...c, { goods: g, quantity: '1' }]));
    setErrors((x) => ({ ...x, lines: undefined }));
  };
  const name = (g: Goods) => (lang === 'vi' ? g.name_vi : g.name_en);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setRefusal(null);
    const found: Errors = {};
    if (customer.name.trim() === '') found.name = t('counter.order.missing');
    if (!MOBILE.test(customer.phone.replace(/[\s.]/g, ''))) found.phone = t('counter.order.phoneBad');
    if (customer.address.trim() === '') found.address = t('counter.order.missing');
    if (commune === null) found.commune = t('counter.order.missing');
    if (cart.length === 0) found.lines = t('counter.order.needLines');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = {
      office,
      customer: {
        name: customer.name.trim(),
        phone: customer.phone.replace(/[\s.]/g, ''),
        address: customer.address.trim(),
        commune: commune!.code,
      },
      lines: cart.map((l) => ({ product: l.goods.code, quantity: Number(l.quantity) })),
      payment,
      ...(payment === 'prepaid' ? { till: own.till?.id ?? null } : {}),
    };
    const json = JSON.stringify(body);
    if (submission.current?.body !== json) submission.current = { key: newKey(), body: json };
    setBusy(true);
    try {
      const o = await post<OrderView>('/v1/retail/orders', body, submission.current.key);
      submission.current = null;
      setCart([]);
      setCustomer({ name: '', phone: '', address: '' });
      setCommune(null);
      onPlaced(o);
    } catch (err) {
      setRefusal(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="order-form" onSubmit={(e) => void submit(e)} noValidate data-testid="order-form">
      <h2>{t('counter.order.newTitle')}</h2>
      <Field
        label={t('counter.order.search')}
        hint={t('counter.order.searchHint')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid="order-search"
      />
      {goods !== null && goods.length === 0 && <p>{t('counter.order.noGoods')}</p>}
      <ul className="order-goods">
        {(goods ?? []).map((g) => (
          <li key={g.code} data-testid={`goods-${g.code}`}>
            <span>
              {name(g)} <small>({g.code})</small>
            </span>{' '}
            {g.price === null ? <em>{t('counter.order.noPrice')}</em> : <Money value={g.price} />}{' '}
            <small>{t('counter.order.onShelf', { count: Number(g.on_shelf) })}</small>{' '}
            <button
              type="button"
              onClick={() => add(g)}
              disabled={g.price === null}
              data-testid={`add-${g.code}`}
            >
              {t('counter.order.add')}
            </button>
          </li>
        ))}
      </ul>
      <h3>{t('counter.order.cart')}</h3>
      {cart.length === 0 && <p data-testid="order-empty">{t('counter.order.emptyCart')}</p>}
      {errors.lines !== undefined && (
        <p className="field-error" role="alert">
          {errors.lines}
        </p>
      )}
      <ul className="order-cart">
        {cart.map((l, i) => (
          <li key={l.goods.code}>
            <span>{name(l.goods)}</span>
            <label>
              {t('counter.order.quantity')}{' '}
              <input
                type="number"
                min={1}
                value={l.quantity}
                onChange={(e) =>
                  setCart((c) => c.map((x, k) => (k === i ? { ...x, quantity: e.target.value } : x)))
                }
                data-testid={`qty-${l.goods.code}`}
              />
            </label>{' '}
            {l.goods.unit}{' '}
            <button type="button" onClick={() => setCart((c) => c.filter((_, k) => k !== i))}>
              {t('counter.order.remove')}
            </button>
          </li>
        ))}
      </ul>
      <fieldset>
        <legend>{t('counter.order.customer')}</legend>
        <Field
          label={t('counter.order.name')}
          value={customer.name}
          error={errors.name}
          onChange={(e) => {
            setCustomer({ ...customer, name: e.target.value });
            setErrors((x) => ({ ...x, name: undefined }));
          }}
          data-testid="customer-name"
        />
        <Field
          label={t('counter.order.phone')}
          hint={t('counter.order.phoneHint')}
          value={customer.phone}
          error={errors.phone}
          inputMode="tel"
          onChange={(e) => {
            setCustomer({ ...customer, phone: e.target.value });
            setErrors((x) => ({ ...x, phone: undefined }));
          }}
          data-testid="customer-phone"
        />
        <Field
          label={t('counter.order.address')}
          value={customer.address}
          error={errors.address}
          onChange={(e) => {
            setCustomer({ ...customer, address: e.target.value });
            setErrors((x) => ({ ...x, address: undefined }));
          }}
          data-testid="customer-address"
        />
        <CommunePicker
          label={t('counter.order.commune')}
          value={commune}
          onChange={(c) => {
            setCommune(c);
            setErrors((x) => ({ ...x, commune: undefined }));
          }}
          error={errors.commune}
          testId="customer-commune"
        />
      </fieldset>
      <fieldset>
        <legend>{t('counter.order.payment')}</legend>
        {(['cod', 'prepaid'] as const).map((p) => (
          <label key={p} className="choice">
            <input
              type="radio"
              name="payment"
              checked={payment === p}
              disabled={p === 'prepaid' && own.till === null}
              onChange={() => setPayment(p)}
              data-testid={`payment-${p}`}
            />{' '}
            {t(`counter.order.${p}`)}
          </label>
        ))}
      </fieldset>
      <ErrorBox error={refusal} testId="order-error" />
      <button type="submit" className="primary" disabled={busy} data-testid="order-place">
        {busy ? t('counter.order.placing') : t('counter.order.place')}
      </button>
    </form>
  );
}
