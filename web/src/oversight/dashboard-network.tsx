// The dashboard's network: parcels per office today and now, dossiers near or past their deadline, and goods
// off the shelf. Only offices with a figure are listed; the others are counted.
import { Link } from 'wouter';
import { BarChart } from '../ui/chart.tsx';
import { day, num } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { Figure } from './dashboard-money.tsx';
import {
  PARCEL_FLOWS,
  PARCEL_NOW,
  shortName,
  type DossierOverview,
  type GoodsOverview,
  type ParcelOverview,
} from './dashboard.types.ts';

/** The rows with any figure among `keys`, and how many were left out. */
function active<R>(rows: readonly R[], keys: ReadonlyArray<keyof R>): { rows: R[]; quiet: number } {
  const shown = rows.filter((r) => keys.some((k) => (r[k] as unknown as number) > 0));
  return { rows: shown, quiet: rows.length - shown.length };
}

function Quiet({ count }: { count: number }) {
  const { t } = useT();
  return count > 0 ? <p className="hint">{t('oversight.dashboard.quiet', { count })}</p> : null;
}

export function ParcelPanel({ data }: { data: ParcelOverview }) {
  const { t } = useT();
  const { rows, quiet } = active(data.offices, [...PARCEL_FLOWS, ...PARCEL_NOW]);
  const top = rows.slice(0, 15);
  const chartKeys = ['accepted', 'delivered', 'failed', 'held'] as const;
  const colors = { accepted: 'blue', delivered: 'paid', failed: 'returned', held: 'waiting' } as const;
  return (
    <section className="dash-panel" data-testid="dash-parcels">
      <h2>{t('oversight.dashboard.parcels.title')}</h2>
      <Figure
        chart={
          <BarChart
            title={t('oversight.dashboard.parcels.chart')}
            labels={top.map(shortName)}
            series={chartKeys.map((k) => ({
              label: t(`oversight.dashboard.parcels.${k}`),
              values: top.map((r) => r[k]),
              color: colors[k],
            }))}
            testId="dash-parcels-chart"
          />
        }
        table={
          <table className="dash-grid" data-testid="dash-parcels-table">
            <thead>
              <tr>
                <th rowSpan={2}>{t('oversight.dashboard.office')}</th>
                <th colSpan={PARCEL_FLOWS.length}>{t('oversight.dashboard.parcels.flows')}</th>
                <th colSpan={PARCEL_NOW.length}>{t('oversight.dashboard.parcels.now')}</th>
              </tr>
              <tr>
                {[...PARCEL_FLOWS, ...PARCEL_NOW].map((k) => (
                  <th key={k}>{t(`oversight.dashboard.parcels.${k}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.office_id} data-testid={`dash-parcel-${r.postcode}`}>
                  <td>{shortName(r)}</td>
                  {[...PARCEL_FLOWS, ...PARCEL_NOW].map((k) => (
                    <td key={k} className="num" data-testid={k}>
                      {num(r[k])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <Quiet count={quiet} />
    </section>
  );
}

export function DossierPanel({ data, listPath }: { data: DossierOverview; listPath: string | null }) {
  const { t } = useT();
  const { rows, quiet } = active(data.offices, ['at_agency', 'near', 'past']);
  return (
    <section className="dash-panel" data-testid="dash-dossiers">
      <h2>{t('oversight.dashboard.dossiers.title')}</h2>
      <Figure
        chart={
          <BarChart
            title={t('oversight.dashboard.dossiers.chart')}
            labels={rows.slice(0, 15).map(shortName)}
            stacked
            series={[
              {
                label: t('oversight.dashboard.dossiers.nearShort'),
                values: rows.slice(0, 15).map((r) => r.near),
                color: 'waiting',
              },
              {
                label: t('oversight.dashboard.dossiers.past'),
                values: rows.slice(0, 15).map((r) => r.past),
                color: 'returned',
              },
            ]}
            testId="dash-dossiers-chart"
          />
        }
        table={
          <table className="dash-grid" data-testid="dash-dossiers-table">
            <thead>
              <tr>
                <th>{t('oversight.dashboard.office')}</th>
                <th>{t('oversight.dashboard.dossiers.atAgency')}</th>
                <th>{t('oversight.dashboard.dossiers.near', { day: day(data.near_to) })}</th>
                <th>{t('oversight.dashboard.dossiers.past')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.office_id} data-testid={`dash-dossier-${r.postcode}`}>
                  <td>{shortName(r)}</td>
                  <td className="num">{num(r.at_agency)}</td>
                  <td className="num" data-testid="near">
                    {num(r.near)}
                  </td>
                  <td className="num" data-testid="past">
                    {num(r.past)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <Quiet count={quiet} />
      {listPath !== null && <Link href={listPath}>{t('oversight.dashboard.dossiers.see')}</Link>}
    </section>
  );
}

export function GoodsPanel({ data }: { data: GoodsOverview }) {
  const { t } = useT();
  const { rows, quiet } = active(data.offices, ['out_of_stock', 'transfers_coming', 'stocktakes_waiting']);
  return (
    <section className="dash-panel" data-testid="dash-goods">
      <h2>{t('oversight.dashboard.goods.title')}</h2>
      <Figure
        chart={
          <BarChart
            title={t('oversight.dashboard.goods.chart')}
            labels={rows.slice(0, 15).map(shortName)}
            series={[
              {
                label: t('oversight.dashboard.goods.outOfStock'),
                values: rows.slice(0, 15).map((r) => r.out_of_stock),
                color: 'returned',
              },
            ]}
            testId="dash-goods-chart"
          />
        }
        table={
          <table className="dash-grid" data-testid="dash-goods-table">
            <thead>
              <tr>
                <th>{t('oversight.dashboard.office')}</th>
                <th>{t('oversight.dashboard.goods.outOfStock')}</th>
                <th>{t('oversight.dashboard.goods.transfersComing')}</th>
                <th>{t('oversight.dashboard.goods.stocktakesWaiting')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.office_id} data-testid={`dash-goods-${r.postcode}`}>
                  <td>{shortName(r)}</td>
                  <td className="num" data-testid="out-of-stock">
                    {num(r.out_of_stock)}
                  </td>
                  <td className="num">{num(r.transfers_coming)}</td>
                  <td className="num">{num(r.stocktakes_waiting)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <Quiet count={quiet} />
    </section>
  );
}
