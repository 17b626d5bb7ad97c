// Goods brought back: the receipt found by its number (a sale of this office), the lines and how many of each
// come back (never more than sold less already returned), the reason, and the cash refunded from the clerk's
// own open till.
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { get, newKey, post } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money, Notice, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { vnd } from '../ui/format.ts';
import { TillNotice, useOwnTill } from './accept-till.tsx';
import type { Sale } from './sale-data.ts';

export function SaleReturnPage() {
  const { t, lang } = useT();
  const me = useMe();
  const own = useOwnTill();
  const [number, setNumber] = useState('');
  const [sale, setSale] = useState<Sale | null>(null);
  const [back, setBack] = useState<Record<number, string>>({});
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<unknown>(null);
  const [done, setDone] = useState<{ id: string; amount: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const lines = useMemo(
    () =>
      (sale?.lines ?? [])
        .map((l) => ({ line: l.line, quantity: Number(back[l.line] ?? '0') }))
        .filter((l) => Number.isInteger(l.quantity) && l.quantity > 0),
    [sale, back],
  );
  const refund = useMemo(
    () =>
      lines.reduce(
        (s, l) => s + BigInt(sale!.lines.find((x) => x.line === l.line)!.unit_price) * BigInt(l.quantity),
        0n,
      ),
    [lines, sale],
  );
  const body = { sale: sale?.id ?? '', lines, reason: reason.trim() };
  const bodyJson = JSON.stringify(body);
  const key = useMemo(() => newKey(), [bodyJson]);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    setRefusal(null);
    setDone(null);
    try {
      const s = await get<Sale>(
        `/v1/retail/offices/${encodeURIComponent(me.staff.office_id)}/sales/${encodeURIComponent(number.trim().toUpperCase())}`,
      );
      setSale(s);
      setBack({});
    } catch (err) {
      setSale(null);
      setRefusal(err);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (own.till === null || sale === null || busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      const r = await post<Sale & { return_id: string }>(
        `/v1/retail/tills/${encodeURIComponent(own.till.id)}/returns`,
        body,
        key,
      );
      setDone({ id: r.return_id, amount: r.returns.find((x) => x.id === r.return_id)?.total ?? '0' });
      setSale(r);
      setBack({});
      setReason('');
    } catch (err) {
      setRefusal(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title={t('counter.sale.returnTitle')}
      aside={
        <Link href="/counter/sale" data-testid="go-sale">
          {t('counter.sale.title')}
        </Link>
      }
    >
      <TillNotice own={own} />
      <form className="card" onSubmit={(e) => void find(e)}>
        <Field
          label={t('counter.sale.find')}
          hint={t('counter.sale.findHint')}
          autoFocus
          autoComplete="off"
          data-testid="return-find"
          value={number}
          onChange={(e) => setNumber(e.target.value)}
        />
      </form>
      {done !== null && (
        <Notice testId="return-done">
          {t('counter.sale.returnDone', { id: done.id, amount: vnd(done.amount) })}
        </Notice>
      )}
      <ErrorBox error={refusal} testId="return-error" />
      {sale !== null && (
        <form className="card" onSubmit={(e) => void submit(e)} data-testid="return-form">
          <h2>
            {t('counter.sale.number')} {sale.id}
          </h2>
          <table className="sale-lines">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('counter.sale.product')}</th>
                <th className="num">{t('counter.sale.price')}</th>
                <th className="num">{t('counter.sale.sold')}</th>
                <th className="num">{t('counter.sale.returned')}</th>
                <th className="num">{t('counter.sale.back')}</th>
              </tr>
            </thead>
            <tbody>
              {sale.lines.map((l) => (
                <tr key={l.line}>
                  <td>{l.line}</td>
                  <td>{lang === 'vi' ? l.name_vi : l.name_en}</td>
                  <td className="num">
                    <Money value={l.unit_price} />
                  </td>
                  <td className="num">{l.quantity}</td>
                  <td className="num">{l.returned}</td>
                  <td className="num">
                    <input
                      className="qty"
                      inputMode="numeric"
                      aria-label={`${t('counter.sale.back')} ${l.line}`}
                      data-testid={`return-qty-${l.line}`}
                      value={back[l.line] ?? ''}
                      onChange={(e) => setBack((b) => ({ ...b, [l.line]: e.target.value }))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Field
            label={t('counter.sale.reason')}
            data-testid="return-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <p>
            {t('counter.sale.refund')}: <Money value={refund} testId="return-refund" />
          </p>
          <button
            type="submit"
            className="primary"
            disabled={lines.length === 0 || own.till === null || busy}
            data-testid="return-submit"
          >
            {t('counter.sale.doReturn')}
          </button>
        </form>
      )}
    </Page>
  );
}
