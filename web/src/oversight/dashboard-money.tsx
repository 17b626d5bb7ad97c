// The dashboard's money: the pension month per office and channel against its schedule with the offices
// furthest behind, the day's tills with what waits for the manager's approval, and the COD owed to senders.
import { useState } from 'react';
import { Link } from 'wouter';
import { useWrite } from '../ui/hooks.ts';
import { StocktakeToDecide } from './dashboard-stocktake.tsx';
import { BarChart } from '../ui/chart.tsx';
import { day, num, permille, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Notice } from '../ui/parts.tsx';
import { shortName, type FinanceOverview, type GoodsOverview, type Tally } from './dashboard.types.ts';

/** A chart and the table it is drawn from, side by side (stacked on a narrow screen). */
export function Figure({ chart, table }: { chart: React.ReactNode; table: React.ReactNode }) {
  return (
    <div className="dash-figure">
      <div className="dash-chart">{chart}</div>
      <div className="dash-table">{table}</div>
    </div>
  );
}

function Cell({ t, testId }: { t: Tally; testId?: string }) {
  return (
    <td className="num" data-testid={testId}>
      <span data-testid="count">{num(t.count)}</span>
      <br />
      <small data-testid="amount">{vnd(t.amount)}</small>
    </td>
  );
}

export function PensionPanel({ data }: { data: FinanceOverview }) {
  const { t } = useT();
  const offices = data.pensions.filter((r) => r.channel === '');
  const shown = [...offices].sort(
    (a, b) => b.waiting.count + b.paid.count - (a.waiting.count + a.paid.count),
  );
  const top = shown.slice(0, 15);
  return (
    <section className="dash-panel" data-testid="dash-pensions">
      <h2>{t('oversight.dashboard.pensions.title')}</h2>
      {data.periods.length === 0 && <p>{t('oversight.dashboard.pensions.none')}</p>}
      {data.periods.map((p) => (
        <p key={p.id} className="dash-period" data-testid="dash-period">
          <strong>{t('oversight.dashboard.pensions.period', { months: p.months.join(', ') })}</strong> —{' '}
          <span data-testid="dash-phase">{t(`oversight.dashboard.pensions.phase.${p.phase}`)}</span>.{' '}
          {t('oversight.dashboard.pensions.schedule', {
            bank: day(p.bank_from ?? ''),
            points: day(p.points_from ?? ''),
            counters: day(p.counters_from ?? ''),
            close: day(p.close_on ?? ''),
          })}
        </p>
      ))}
      {offices.length > 0 && (
        <Figure
          chart={
            <BarChart
              title={t('oversight.dashboard.pensions.chart')}
              labels={top.map(shortName)}
              stacked
              series={[
                {
                  label: t('oversight.dashboard.pensions.paid'),
                  values: top.map((r) => r.paid.count),
                  color: 'paid',
                },
                {
                  label: t('oversight.dashboard.pensions.waiting'),
                  values: top.map((r) => r.waiting.count),
                  color: 'waiting',
                },
                {
                  label: t('oversight.dashboard.pensions.returned'),
                  values: top.map((r) => r.returned.count),
                  color: 'returned',
                },
              ]}
              testId="dash-pensions-chart"
            />
          }
          table={
            <table className="dash-grid" data-testid="dash-pensions-table">
              <thead>
                <tr>
                  <th>{t('oversight.dashboard.office')}</th>
                  <th>{t('oversight.dashboard.pensions.channel')}</th>
                  <th>{t('oversight.dashboard.pensions.paid')}</th>
                  <th>{t('oversight.dashboard.pensions.waiting')}</th>
                  <th>{t('oversight.dashboard.pensions.returned')}</th>
                  <th>{t('oversight.dashboard.pensions.paidToday')}</th>
                  <th>{t('oversight.dashboard.pensions.done')}</th>
                </tr>
              </thead>
              <tbody>
                {data.pensions.map((r) => (
                  <tr
                    key={`${r.postcode}|${r.channel}`}
                    className={r.channel === '' ? 'dash-office-row' : 'dash-channel-row'}
                    data-testid={`dash-pension-${r.postcode}-${r.channel === '' ? 'all' : r.channel}`}
                  >
                    <td>{r.channel === '' ? shortName(r) : ''}</td>
                    <td>{t(`oversight.dashboard.pensions.channels.${r.channel}`)}</td>
                    <Cell t={r.paid} testId="paid" />
                    <Cell t={r.waiting} testId="waiting" />
                    <Cell t={r.returned} testId="returned" />
                    <Cell t={r.paid_today} testId="paid-today" />
                    <td className="num">{permille(r.done_permille)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
      {/* Ranking the offices needs more than one: an office manager sees his own row above. */}
      {data.office_id === null && <h3>{t('oversight.dashboard.pensions.behind')}</h3>}
      {data.office_id !== null ? null : data.behind.length === 0 ? (
        <p>{t('oversight.dashboard.pensions.noneBehind')}</p>
      ) : (
        <>
          <p className="hint">{t('oversight.dashboard.pensions.behindLead')}</p>
          <ol className="dash-behind" data-testid="dash-behind">
            {data.behind.map((r) => (
              <li key={r.postcode}>
                <span className="dash-track" aria-hidden="true">
                  <span className="dash-bar" style={{ width: `${r.done_permille / 10}%` }} />
                </span>
                <span>
                  {shortName(r)} — {permille(r.done_permille)},{' '}
                  {t('oversight.dashboard.pensions.waiting').toLowerCase()}{' '}
                  {t('oversight.dashboard.people', { n: num(r.waiting.count) })}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

interface TillPanelProps {
  data: FinanceOverview;
  goods: GoodsOverview | undefined;
  officeName: (id: string) => string;
  /** Where the manager confirms cash moves, when her screens have it. */
  approvalsPath: string | null;
  /** Whether she decides stocktakes (retail.stock). */
  canDecideStocktakes: boolean;
  onChanged: () => void;
}

export function TillPanel({
  data,
  goods,
  officeName,
  approvalsPath,
  canDecideStocktakes,
  onChanged,
}: TillPanelProps) {
  const { t } = useT();
  const rows = data.tills;
  return (
    <section className="dash-panel" data-testid="dash-tills">
      <h2>{t('oversight.dashboard.tills.title')}</h2>
      {rows.length === 0 ? (
        <p>{t('oversight.dashboard.tills.none')}</p>
      ) : (
        <Figure
          chart={
            <BarChart
              title={t('oversight.dashboard.tills.chart')}
              labels={rows.map(shortName)}
              stacked
              series={[
                {
                  label: t('oversight.dashboard.tills.opening'),
                  values: rows.map((r) => r.opening),
                  color: 'purple',
                },
                {
                  label: t('oversight.dashboard.tills.open'),
                  values: rows.map((r) => r.open),
                  color: 'blue',
                },
                {
                  label: t('oversight.dashboard.tills.closing'),
                  values: rows.map((r) => r.closing),
                  color: 'waiting',
                },
                {
                  label: t('oversight.dashboard.tills.closed'),
                  values: rows.map((r) => r.closed),
                  color: 'paid',
                },
              ]}
              testId="dash-tills-chart"
            />
          }
          table={
            <table className="dash-grid" data-testid="dash-tills-table">
              <thead>
                <tr>
                  <th>{t('oversight.dashboard.office')}</th>
                  <th>{t('oversight.dashboard.tills.opening')}</th>
                  <th>{t('oversight.dashboard.tills.open')}</th>
                  <th>{t('oversight.dashboard.tills.closing')}</th>
                  <th>{t('oversight.dashboard.tills.closed')}</th>
                  <th>{t('oversight.dashboard.tills.withVariance')}</th>
                  <th>{t('oversight.dashboard.tills.variance')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.office_id} data-testid={`dash-till-${r.postcode}`}>
                    <td>{shortName(r)}</td>
                    <td className="num" data-testid="opening">
                      {num(r.opening)}
                    </td>
                    <td className="num" data-testid="open">
                      {num(r.open)}
                    </td>
                    <td className="num" data-testid="closing">
                      {num(r.closing)}
                    </td>
                    <td className="num" data-testid="closed">
                      {num(r.closed)}
                    </td>
                    <td className="num" data-testid="with-variance">
                      {num(r.with_variance)}
                    </td>
                    <td className="num">{vnd(r.variance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
      <Approvals {...{ data, goods, officeName, approvalsPath, canDecideStocktakes, onChanged }} />
    </section>
  );
}

function Approvals({
  data,
  goods,
  officeName,
  approvalsPath,
  canDecideStocktakes,
  onChanged,
}: TillPanelProps) {
  const { t } = useT();
  const write = useWrite();
  const [done, setDone] = useState<string | null>(null);
  const stocktakes = goods?.stocktakes ?? [];
  const none = data.closes.length === 0 && data.moves.length === 0 && stocktakes.length === 0;
  const approve = async (c: FinanceOverview['closes'][number]) => {
    const r = await write.send(`/v1/finance/tills/${encodeURIComponent(c.session_id)}/variance-approval`, {});
    if (r !== undefined) {
      setDone(t('oversight.dashboard.tills.approved', { clerk: c.clerk_name }));
      onChanged();
    }
  };
  return (
    <div className="dash-approvals" data-testid="dash-approvals">
      <h3>{t('oversight.dashboard.tills.approvals')}</h3>
      {done !== null && <Notice testId="dash-approved">{done}</Notice>}
      <ErrorBox error={write.error} testId="dash-approve-error" />
      {none && <p>{t('oversight.dashboard.tills.approvalsNone')}</p>}
      <ul className="dash-waiting">
        {data.closes.map((c) => (
          <li key={c.session_id} data-testid={`dash-close-${c.session_id}`}>
            <p>
              <strong>
                {t('oversight.dashboard.tills.close', {
                  clerk: c.clerk_name,
                  office: officeName(c.office_id),
                  day: day(c.day),
                })}
              </strong>
            </p>
            <p>
              {t('oversight.dashboard.tills.varianceOf', { amount: vnd(c.variance) })}
              {c.reason !== null && ` — ${t('oversight.dashboard.tills.reason', { reason: c.reason })}`}
            </p>
            {c.needs_manager && (
              <p className="dash-warn">
                {t('oversight.dashboard.tills.needsManager', { threshold: vnd(data.variance_threshold) })}
              </p>
            )}
            <button type="button" disabled={write.busy} onClick={() => void approve(c)}>
              {t('oversight.dashboard.tills.approve')}
            </button>
          </li>
        ))}
        {data.moves.map((m) => (
          <li key={m.id} data-testid={`dash-move-${m.id}`}>
            {t('oversight.dashboard.tills.move', {
              kind: t(`oversight.dashboard.tills.moveKind.${m.kind}`),
              amount: vnd(m.amount),
              maker: m.maker_name,
              office: officeName(m.office_id),
            })}{' '}
            {approvalsPath !== null && (
              <Link href={approvalsPath}>{t('oversight.dashboard.tills.goApprovals')}</Link>
            )}
          </li>
        ))}
        {stocktakes.map((s) => (
          <StocktakeToDecide
            key={s.id}
            waiting={s}
            officeName={officeName}
            canDecide={canDecideStocktakes}
            onDecided={onChanged}
          />
        ))}
      </ul>
    </div>
  );
}

export function CodPanel({ data }: { data: FinanceOverview }) {
  const { t } = useT();
  const rows = data.cod;
  const top = [...rows].sort((a, b) => Number(BigInt(b.collected) - BigInt(a.collected))).slice(0, 12);
  return (
    <section className="dash-panel" data-testid="dash-cod">
      <h2>{t('oversight.dashboard.cod.title')}</h2>
      {rows.length === 0 ? (
        <p>{t('oversight.dashboard.cod.none')}</p>
      ) : (
        <Figure
          chart={
            <BarChart
              title={t('oversight.dashboard.cod.chart')}
              labels={top.map((r) => r.payee_name)}
              stacked
              series={[
                {
                  label: t('oversight.dashboard.cod.handedIn'),
                  values: top.map((r) => Number(r.handed_in)),
                  color: 'paid',
                },
                {
                  label: t('oversight.dashboard.cod.notHandedIn'),
                  values: top.map((r) => Number(r.not_handed_in)),
                  color: 'waiting',
                },
              ]}
              testId="dash-cod-chart"
            />
          }
          table={
            <table className="dash-grid" data-testid="dash-cod-table">
              <thead>
                <tr>
                  <th>{t('oversight.dashboard.cod.payee')}</th>
                  <th>{t('oversight.dashboard.cod.items')}</th>
                  <th>{t('oversight.dashboard.cod.collected')}</th>
                  <th>{t('oversight.dashboard.cod.handedIn')}</th>
                  <th>{t('oversight.dashboard.cod.notHandedIn')}</th>
                  <th>{t('oversight.dashboard.cod.today')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.payee} data-testid={`dash-cod-row`}>
                    <td>{r.payee_name}</td>
                    <td className="num">{num(r.items)}</td>
                    <td className="num" data-testid="collected">
                      {vnd(r.collected)}
                    </td>
                    <td className="num">{vnd(r.handed_in)}</td>
                    <td className="num">{vnd(r.not_handed_in)}</td>
                    <td className="num">{vnd(r.collected_today)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </section>
  );
}
