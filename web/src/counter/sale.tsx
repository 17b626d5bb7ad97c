// Selling at the counter, scanner first and keyboard only: a scanned barcode and Enter adds a line (scanned
// again, one more), goods without a barcode found by name, quantities changed with + and −, the total with its
// VAT priced by the server from the catalogue; cash handed over and the change, or a VietQR for the exact total
// confirmed by the clerk; then the receipt with the amount in words.
import { useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link } from 'wouter';
import { get, post } from '../ui/api.ts';
import { parseVnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { TillNotice, useOwnTill } from './accept-till.tsx';
import { QrCode } from './dossier-qr.tsx';
import {
  addScan,
  basketBody,
  saleKey,
  type BasketLine,
  type Goods,
  type Quote,
  type Sale,
} from './sale-data.ts';
import { SaleReceipt, Totals } from './sale-receipt.tsx';
import './sale.css';

const focusScan = () => document.querySelector<HTMLInputElement>('[data-testid="sale-scan"]')?.focus();

export function SalePage() {
  const { t, lang } = useT();
  const me = useMe();
  const own = useOwnTill();
  const [lines, setLines] = useState<BasketLine[]>([]);
  const [scan, setScan] = useState('');
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<Goods[]>([]);
  const [pick, setPick] = useState(0);
  const [payment, setPayment] = useState<'cash' | 'vietqr'>('cash');
  const [tendered, setTendered] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Sale | null>(null);
  const [office, setOffice] = useState('');
  const body = useMemo(() => basketBody(lines), [lines]);
  const bodyJson = JSON.stringify([body, payment, tendered]);
  // One key per basket and payment: a retry sends it again; for VietQR it is the transfer's reference too.
  const key = useMemo(() => saleKey(), [bodyJson]);

  useEffect(() => {
    get<{ name: string }>(`/v1/offices/${encodeURIComponent(me.staff.office_id)}`).then(
      (o) => setOffice(o.name),
      () => undefined,
    );
  }, [me.staff.office_id]);

  // The server prices the basket as it changes (and draws the VietQR for its exact total).
  useEffect(() => {
    if (own.till === null || lines.length === 0) return setQuote(null);
    let live = true;
    const ref = payment === 'vietqr' ? { reference: key } : {};
    post<Quote>(`/v1/retail/tills/${encodeURIComponent(own.till.id)}/quote`, { lines: body, ...ref }).then(
      (q) => {
        if (!live) return;
        setQuote(q);
        setRefusal(null);
      },
      (err: unknown) => live && (setQuote(null), setRefusal(err)),
    );
    return () => {
      live = false;
    };
  }, [own.till, body, payment, key, lines.length]);

  useEffect(() => {
    const q = search.trim();
    if (q.length < 2) return setFound([]);
    let live = true;
    const timer = setTimeout(() => {
      get<{ items: Goods[] }>(
        `/v1/retail/offices/${encodeURIComponent(me.staff.office_id)}/goods?q=${encodeURIComponent(q)}`,
      ).then(
        (r) => live && (setFound(r.items), setPick(0)),
        () => undefined,
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search, me.staff.office_id]);

  const onScan = (e: FormEvent) => {
    e.preventDefault();
    const code = scan.trim();
    setScan('');
    if (code === '') return;
    setLines((ls) =>
      addScan(
        ls,
        /^\d+$/.test(code) ? { barcode: code, quantity: 1 } : { product: code.toUpperCase(), quantity: 1 },
      ),
    );
  };
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setPick((p) => Math.min(p + 1, found.length - 1));
    else if (e.key === 'ArrowUp') setPick((p) => Math.max(p - 1, 0));
    else if (e.key === 'Enter' && found[pick] !== undefined) {
      e.preventDefault();
      const g = found[pick];
      setLines((ls) => addScan(ls, { product: g.code, quantity: 1 }));
      setSearch('');
      setFound([]);
      focusScan();
    } else return;
    e.preventDefault();
  };
  const setQuantity = (i: number, q: number) =>
    setLines((ls) => ls.map((l, k) => (k === i ? { ...l, quantity: Math.max(1, Math.min(9999, q)) } : l)));
  const remove = (i: number) => setLines((ls) => ls.filter((_, k) => k !== i));
  const onQuantityKey = (i: number, e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === '+') setQuantity(i, lines[i]!.quantity + 1);
    else if (e.key === '-') setQuantity(i, lines[i]!.quantity - 1);
    else if (e.key === 'Delete') {
      remove(i);
      focusScan();
    } else return;
    e.preventDefault();
  };

  const cash = parseVnd(tendered);
  const total = quote === null ? null : BigInt(quote.total);
  const change = cash !== undefined && total !== null ? cash - total : null;
  const ready =
    quote !== null &&
    own.till !== null &&
    !busy &&
    (payment === 'cash' ? change !== null && change >= 0n : confirmed);

  const pay = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready || own.till === null) return;
    setBusy(true);
    setRefusal(null);
    try {
      const sale = await post<Sale>(
        `/v1/retail/tills/${encodeURIComponent(own.till.id)}/sales`,
        payment === 'cash'
          ? { lines: body, payment, tendered: cash!.toString() }
          : { lines: body, payment, transfer_confirmed: true },
        key,
      );
      setDone(sale);
    } catch (err) {
      setRefusal(err);
    } finally {
      setBusy(false);
    }
  };
  const next = () => {
    setDone(null);
    setLines([]);
    setTendered('');
    setConfirmed(false);
    setPayment('cash');
    setQuote(null);
    setTimeout(() => focusScan(), 0);
  };

  const aside = (
    <Link href="/counter/sale-returns" data-testid="go-returns">
      {t('counter.sale.returns')}
    </Link>
  );
  if (done !== null)
    return (
      <Page title={t('counter.sale.title')} aside={aside}>
        <SaleReceipt sale={done} office={office} clerk={me.staff.full_name} onNext={next} />
      </Page>
    );
  return (
    <Page title={t('counter.sale.title')} aside={aside}>
      <TillNotice own={own} />
      <div className="sale-grid">
        <section className="card">
          <form onSubmit={onScan}>
            <Field
              label={t('counter.sale.scan')}
              hint={t('counter.sale.scanHint')}
              autoFocus
              inputMode="numeric"
              autoComplete="off"
              data-testid="sale-scan"
              value={scan}
              onChange={(e) => setScan(e.target.value)}
            />
          </form>
          <Field
            label={t('counter.sale.search')}
            hint={t('counter.sale.searchHint')}
            autoComplete="off"
            data-testid="sale-search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={onSearchKey}
          />
          {found.length > 0 && (
            <ul className="sale-found" role="listbox" data-testid="sale-found">
              {found.map((g, i) => (
                <li
                  key={g.code}
                  role="option"
                  aria-selected={i === pick}
                  className={i === pick ? 'picked' : ''}
                >
                  {lang === 'vi' ? g.name_vi : g.name_en} ·{' '}
                  {g.price === null ? '—' : <Money value={g.price} />} · {g.on_shelf} {g.unit}
                </li>
              ))}
            </ul>
          )}
          {lines.length === 0 ? (
            <p className="muted">{t('counter.sale.empty')}</p>
          ) : (
            <table className="sale-lines" data-testid="sale-lines">
              <thead>
                <tr>
                  <th>{t('counter.sale.product')}</th>
                  <th className="num">{t('counter.sale.quantity')}</th>
                  <th className="num">{t('counter.sale.price')}</th>
                  <th className="num">{t('counter.sale.amount')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {lines.map((l, i) => {
                  const q = quote?.lines[i];
                  return (
                    <tr key={l.barcode ?? l.product} data-testid="sale-line">
                      <td>
                        {q === undefined ? (l.barcode ?? l.product) : lang === 'vi' ? q.name_vi : q.name_en}
                        {q?.price_kind === 'promotion' && <em> ({t('counter.sale.promotion')})</em>}
                      </td>
                      <td className="num">
                        <input
                          className="qty"
                          aria-label={t('counter.sale.quantity')}
                          title={t('counter.sale.quantityHint')}
                          inputMode="numeric"
                          value={l.quantity}
                          data-testid="sale-qty"
                          onKeyDown={(e) => onQuantityKey(i, e)}
                          onChange={(e) =>
                            /^\d{1,4}$/.test(e.target.value) && setQuantity(i, Number(e.target.value))
                          }
                        />
                      </td>
                      <td className="num">{q === undefined ? '' : <Money value={q.unit_price} />}</td>
                      <td className="num">{q === undefined ? '' : <Money value={q.amount} />}</td>
                      <td>
                        <button type="button" onClick={() => remove(i)} aria-label={t('counter.sale.remove')}>
                          ×
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <ErrorBox error={refusal} testId="sale-error" />
        </section>
        <form className="card sale-pay" onSubmit={(e) => void pay(e)}>
          {quote !== null && (
            <Totals groups={quote.vat_groups} total={quote.total} words={quote.total_words} />
          )}
          <fieldset className="sale-methods">
            {(['cash', 'vietqr'] as const).map((m) => (
              <label key={m}>
                <input
                  type="radio"
                  name="payment"
                  checked={payment === m}
                  onChange={() => setPayment(m)}
                  data-testid={`pay-${m}`}
                />{' '}
                {t(`counter.sale.${m}`)}
              </label>
            ))}
          </fieldset>
          {payment === 'cash' ? (
            <>
              <Field
                label={t('counter.sale.tendered')}
                inputMode="numeric"
                autoComplete="off"
                data-testid="sale-tendered"
                value={tendered}
                onChange={(e) => setTendered(e.target.value)}
                error={change !== null && change < 0n ? t('counter.sale.short') : undefined}
              />
              {change !== null && change >= 0n && (
                <p className="sale-change">
                  {t('counter.sale.change')}: <Money value={change} testId="sale-change-live" />
                </p>
              )}
            </>
          ) : (
            quote?.vietqr != null && (
              <div className="sale-qr">
                <p>{t('counter.sale.qrTitle')}</p>
                <QrCode text={quote.vietqr} size={220} testId="sale-vietqr" />
                <p>
                  {t('counter.sale.qrReference')}: <code>{key}</code>
                </p>
                <label>
                  <input
                    type="checkbox"
                    checked={confirmed}
                    onChange={(e) => setConfirmed(e.target.checked)}
                    data-testid="sale-confirm"
                  />{' '}
                  {t('counter.sale.confirmTransfer')}
                </label>
              </div>
            )
          )}
          <button type="submit" className="primary" disabled={!ready} data-testid="sale-pay">
            {t('counter.sale.pay')}
          </button>
        </form>
      </div>
    </Page>
  );
}
