// The managers' dashboard (/oversight/dashboard): what an office manager or a provincial manager oversees, at a
// glance and live. Each cell's figures come from its own overview and refresh every 5 seconds; a cell that is
// shut (isolated) shows its refusal in its own panel while the others keep moving.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { get } from '../ui/api.ts';
import { num, vnd } from '../ui/format.ts';
import { usePolled } from '../ui/hooks.ts';
import { useT } from '../ui/i18n.ts';
import { allowed } from '../ui/menu.ts';
import { ErrorBox, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { CodPanel, PensionPanel, TillPanel } from './dashboard-money.tsx';
import { DossierPanel, GoodsPanel, ParcelPanel } from './dashboard-network.tsx';
import type { DossierOverview, FinanceOverview, GoodsOverview, ParcelOverview } from './dashboard.types.ts';
import './dashboard.css';

const EVERY_MS = 5_000;

/** One cell's overview at `path`, polled while the page is open. */
function useOverview<T>(path: string) {
  const polled = usePolled(
    () => get<T>(path),
    () => EVERY_MS,
  );
  const { refresh } = polled;
  useEffect(() => void refresh(), [path]);
  return polled;
}

/** A panel of one cell: its figures, or its refusal (a shut cell), or a wait. */
function Slot<T>({
  title,
  testId,
  data,
  error,
  children,
}: {
  title: string;
  testId: string;
  data: T | undefined;
  error: unknown;
  children: (data: T) => ReactNode;
}) {
  const { t } = useT();
  if (data !== undefined && error === null) return <>{children(data)}</>;
  return (
    <section className="dash-panel" data-testid={testId}>
      <h2>{title}</h2>
      {error !== null ? (
        <ErrorBox error={error} testId={`${testId}-error`} />
      ) : (
        <p>{t('oversight.dashboard.loading')}</p>
      )}
    </section>
  );
}

function Kpi({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId: string }) {
  return (
    <div className="dash-kpi" data-testid={testId}>
      <span className="dash-kpi-label">{label}</span>
      <strong className="dash-kpi-value">{value}</strong>
      {sub !== undefined && <small>{sub}</small>}
    </div>
  );
}

export function DashboardPage() {
  const { t } = useT();
  const me = useMe();
  const scope = me.permissions.find((p) => p.permission === 'report.read')?.scope ?? 'office';
  const [province, setProvince] = useState(me.office_province ?? '01');
  const [typed, setTyped] = useState(province);
  const base =
    scope === 'office' ? `offices/${encodeURIComponent(me.staff.office_id)}` : `provinces/${province}`;
  const finance = useOverview<FinanceOverview>(`/v1/finance/${base}/overview`);
  const parcels = useOverview<ParcelOverview>(`/v1/delivery/${base}/overview`);
  const dossiers = useOverview<DossierOverview>(`/v1/services/${base}/overview`);
  const goods = useOverview<GoodsOverview>(`/v1/retail/${base}/overview`);
  const [heading, setHeading] = useState('');
  useEffect(() => {
    let alive = true;
    if (scope === 'office')
      get<{ name: string; postcode: string }>(`/v1/offices/${encodeURIComponent(me.staff.office_id)}`).then(
        (o) => alive && setHeading(t('oversight.dashboard.scopeOffice', o)),
        () => undefined,
      );
    else
      get<{ items: Array<{ code: string; name: string }> }>('/v1/geo/provinces').then(
        (r) => alive && setHeading(r.items.find((p) => p.code === province)?.name ?? province),
        () => undefined,
      );
    return () => {
      alive = false;
    };
  }, [scope, province, me.staff.office_id, t]);
  const offices = parcels.data?.offices ?? dossiers.data?.offices ?? goods.data?.offices ?? [];
  const names = useMemo(
    () => new Map(offices.map((o) => [o.office_id, `${o.postcode} ${o.name}`])),
    [offices],
  );
  const officeName = (id: string) => names.get(id) ?? id;
  const at = [finance.at, parcels.at, dossiers.at, goods.at]
    .filter((d): d is Date => d !== null)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  const f = finance.data;
  const waiting =
    f === undefined ? 0 : f.closes.length + f.moves.length + (goods.data?.stocktakes.length ?? 0);
  const owed = f === undefined ? 0n : f.cod.reduce((s, c) => s + BigInt(c.collected), 0n);
  return (
    <Page
      title={t('oversight.dashboard.title')}
      aside={
        <p className="dash-updated" data-testid="dash-updated" aria-live="polite">
          {at !== undefined && t('oversight.dashboard.updated', { time: at.toLocaleTimeString('vi-VN') })}
        </p>
      }
    >
      <div className="dash-scope">
        <p data-testid="dash-scope">
          {scope === 'office' || offices.length === 0
            ? heading
            : t('oversight.dashboard.scopeProvince', { province: heading, count: offices.length })}
        </p>
        {scope === 'all' && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (/^\d{2}$/.test(typed)) setProvince(typed);
            }}
          >
            <label htmlFor="dash-province">{t('oversight.dashboard.province')}</label>{' '}
            <input
              id="dash-province"
              value={typed}
              inputMode="numeric"
              maxLength={2}
              onChange={(e) => setTyped(e.target.value)}
            />{' '}
            <button type="submit">{t('oversight.dashboard.showProvince')}</button>
          </form>
        )}
      </div>
      <div className="dash-kpis">
        {f !== undefined && (
          <>
            <Kpi
              label={t('oversight.dashboard.kpi.paid')}
              value={vnd(f.pension_totals.paid.amount)}
              sub={t('oversight.dashboard.people', { n: num(f.pension_totals.paid.count) })}
              testId="kpi-paid"
            />
            <Kpi
              label={t('oversight.dashboard.kpi.waiting')}
              value={vnd(f.pension_totals.waiting.amount)}
              sub={t('oversight.dashboard.people', { n: num(f.pension_totals.waiting.count) })}
              testId="kpi-waiting"
            />
            <Kpi
              label={t('oversight.dashboard.kpi.paidToday')}
              value={vnd(f.pension_totals.paid_today.amount)}
              sub={t('oversight.dashboard.people', { n: num(f.pension_totals.paid_today.count) })}
              testId="kpi-paid-today"
            />
            <Kpi
              label={t('oversight.dashboard.kpi.tillsOpen')}
              value={num(f.tills.reduce((n, r) => n + r.open, 0))}
              testId="kpi-tills-open"
            />
            <Kpi
              label={t('oversight.dashboard.kpi.toApprove')}
              value={num(waiting)}
              testId="kpi-to-approve"
            />
            <Kpi label={t('oversight.dashboard.kpi.codOwed')} value={vnd(owed)} testId="kpi-cod" />
          </>
        )}
        {parcels.data !== undefined && (
          <Kpi
            label={t('oversight.dashboard.kpi.delivered')}
            value={num(parcels.data.totals.delivered)}
            testId="kpi-delivered"
          />
        )}
        {dossiers.data !== undefined && (
          <Kpi
            label={t('oversight.dashboard.kpi.dossiersPast')}
            value={num(dossiers.data.totals.past)}
            testId="kpi-dossiers-past"
          />
        )}
        {goods.data !== undefined && (
          <Kpi
            label={t('oversight.dashboard.kpi.outOfStock')}
            value={num(goods.data.totals.out_of_stock)}
            testId="kpi-out-of-stock"
          />
        )}
      </div>
      <Slot
        title={t('oversight.dashboard.pensions.title')}
        testId="dash-pensions"
        data={finance.data}
        error={finance.error}
      >
        {(d) => <PensionPanel data={d} />}
      </Slot>
      <Slot
        title={t('oversight.dashboard.tills.title')}
        testId="dash-tills"
        data={finance.data}
        error={finance.error}
      >
        {(d) => (
          <TillPanel
            data={d}
            goods={goods.data}
            officeName={officeName}
            approvalsPath={
              scope === 'office' && allowed(me, '/counter/approvals') ? '/counter/approvals' : null
            }
            canDecideStocktakes={me.permissions.some((p) => p.permission === 'retail.stock')}
            onChanged={() => {
              void finance.refresh();
              void goods.refresh();
            }}
          />
        )}
      </Slot>
      <Slot
        title={t('oversight.dashboard.parcels.title')}
        testId="dash-parcels"
        data={parcels.data}
        error={parcels.error}
      >
        {(d) => <ParcelPanel data={d} />}
      </Slot>
      <Slot
        title={t('oversight.dashboard.cod.title')}
        testId="dash-cod"
        data={finance.data}
        error={finance.error}
      >
        {(d) => <CodPanel data={d} />}
      </Slot>
      <Slot
        title={t('oversight.dashboard.dossiers.title')}
        testId="dash-dossiers"
        data={dossiers.data}
        error={dossiers.error}
      >
        {(d) => (
          <DossierPanel
            data={d}
            listPath={allowed(me, '/oversight/dossiers') ? '/oversight/dossiers' : null}
          />
        )}
      </Slot>
      <Slot
        title={t('oversight.dashboard.goods.title')}
        testId="dash-goods"
        data={goods.data}
        error={goods.error}
      >
        {(d) => <GoodsPanel data={d} />}
      </Slot>
    </Page>
  );
}
