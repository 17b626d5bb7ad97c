// The office's goods (stock per product with its value at cost), receiving goods against a purchase order, and
// the stocktake: staff count the shelf, the office manager (another person) sees each difference and its value
// before approving or rejecting. Every write under its own Idempotency-Key; refusals shown in the page.
import { useCallback, useEffect, useState } from 'react';
import { get } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Money, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { StocktakeSection } from './stock-count.tsx';
import { ReceiveSection } from './stock-receive.tsx';

export interface StockLine {
  product: string;
  name_vi: string;
  name_en: string;
  unit: string;
  shelf: { quantity: number; value: string };
  transit: { quantity: number; value: string };
  picked: { quantity: number; value: string };
  quantity: number;
  value: string;
}

export function StockPage() {
  const { t, lang } = useT();
  const me = useMe();
  const office = me.staff.office_id;
  const [lines, setLines] = useState<StockLine[] | null>(null);
  const [total, setTotal] = useState('0');
  const [error, setError] = useState<unknown>(null);
  const canManage = me.permissions.some((p) => p.permission === 'retail.stock');

  const load = useCallback(async () => {
    try {
      const r = await get<{ items: StockLine[]; value: string }>(`/v1/retail/offices/${office}/stock`);
      setLines(r.items);
      setTotal(r.value);
    } catch (err) {
      setError(err);
    }
  }, [office]);
  useEffect(() => void load(), [load]);

  return (
    <Page title={t('counter.stock.title')}>
      <ErrorBox error={error} />
      <table className="table" data-testid="stock-table">
        <caption>{t('counter.stock.onHand')}</caption>
        <thead>
          <tr>
            <th>{t('counter.stock.product')}</th>
            <th className="num">{t('counter.stock.shelf')}</th>
            <th className="num">{t('counter.stock.transit')}</th>
            <th className="num">{t('counter.stock.picked')}</th>
            <th className="num">{t('counter.stock.value')}</th>
          </tr>
        </thead>
        <tbody>
          {(lines ?? []).map((l) => (
            <tr key={l.product} data-testid={`stock-${l.product}`}>
              <td>
                <strong>{l.product}</strong> {lang === 'vi' ? l.name_vi : l.name_en}
              </td>
              <td className="num" data-testid={`shelf-${l.product}`}>
                {l.shelf.quantity} {l.unit}
              </td>
              <td className="num">{l.transit.quantity}</td>
              <td className="num">{l.picked.quantity}</td>
              <td className="num">
                <Money value={l.value} />
              </td>
            </tr>
          ))}
          {lines !== null && lines.length === 0 && (
            <tr>
              <td colSpan={5}>{t('counter.stock.empty')}</td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={4}>{t('counter.stock.total')}</th>
            <td className="num">
              <Money value={total} testId="stock-total" />
            </td>
          </tr>
        </tfoot>
      </table>
      {canManage && <ReceiveSection office={office} onDone={load} />}
      <StocktakeSection office={office} lines={lines ?? []} canManage={canManage} onDone={load} />
    </Page>
  );
}
