// The office's goods (stock per product with its value at cost), receiving goods against a purchase order, and
// the stocktake: staff count the shelf, the office manager (another person) sees each difference and its value
// before approving or rejecting; goods sent to another office, transfers arriving here, and write-offs. Each
// job is a tab (← → between them, the choice kept in the address as ?tab=); every write under its own
// Idempotency-Key; refusals shown in the page.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { get } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Money, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { ArrivalsSection } from './stock-arrivals.tsx';
import { StocktakeSection } from './stock-count.tsx';
import { ReceiveSection } from './stock-receive.tsx';
import { SendSection } from './stock-transfer.tsx';
import { WriteOffSection } from './stock-writeoff.tsx';
import './stock.css';

type Tab = 'receive' | 'send' | 'arrivals' | 'writeOff';
const TABS: readonly Tab[] = ['receive', 'send', 'arrivals', 'writeOff'];
/** Sending and writing off are the manager's (retail.stock); receiving a transfer and counting, the staff's. */
const MANAGER_ONLY: readonly Tab[] = ['send', 'writeOff'];

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
  const tabs = TABS.filter((x) => canManage || !MANAGER_ONLY.includes(x));
  const asked = new URLSearchParams(window.location.search).get('tab') as Tab | null;
  const [tab, setTab] = useState<Tab>(asked !== null && tabs.includes(asked) ? asked : 'receive');
  const tabList = useRef<HTMLDivElement>(null);
  const choose = (next: Tab) => {
    setTab(next);
    const url = new URL(window.location.href);
    url.searchParams.set('tab', next);
    window.history.replaceState(window.history.state, '', url);
  };
  const onTabKey = (e: KeyboardEvent) => {
    const i = tabs.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? tabs[(i + 1) % tabs.length]
        : e.key === 'ArrowLeft'
          ? tabs[(i + tabs.length - 1) % tabs.length]
          : e.key === 'Home'
            ? tabs[0]
            : e.key === 'End'
              ? tabs[tabs.length - 1]
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    choose(next);
    tabList.current?.querySelector<HTMLButtonElement>(`[data-tab="${next}"]`)?.focus();
  };

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
      <div
        className="stock-tabs"
        role="tablist"
        aria-label={t('counter.stock.tabs.label')}
        ref={tabList}
        onKeyDown={onTabKey}
      >
        {tabs.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            id={`tab-${x}`}
            data-tab={x}
            data-testid={`tab-${x}`}
            aria-selected={tab === x}
            aria-controls="stock-panel"
            tabIndex={tab === x ? 0 : -1}
            onClick={() => choose(x)}
          >
            {t(`counter.stock.tabs.${x}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="stock-panel" aria-labelledby={`tab-${tab}`}>
        {tab === 'receive' && (
          <>
            {canManage && <ReceiveSection office={office} onDone={load} />}
            <StocktakeSection office={office} lines={lines ?? []} canManage={canManage} onDone={load} />
          </>
        )}
        {tab === 'send' && <SendSection office={office} stock={lines ?? []} onDone={load} />}
        {tab === 'arrivals' && <ArrivalsSection office={office} onDone={load} />}
        {tab === 'writeOff' && <WriteOffSection office={office} stock={lines ?? []} onDone={load} />}
      </div>
    </Page>
  );
}
