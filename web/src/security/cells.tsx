// Every cell at a glance: its mode and why, its journal head, what the vault acknowledged and how far behind it
// is, its last snapshot, the last checkpoint the vault countersigned and the newest one the post signed.
import { moment } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox } from '../ui/parts.tsx';
import { securityApi, usePoll, type CellMode, type Checkpoint, type Status } from './data.ts';
import { Live, Who } from './parts.tsx';

interface Row {
  mode: CellMode | undefined;
  status: Status['cells'][number] | undefined;
  signed: Checkpoint | null;
}

async function readCells(): Promise<{ vault: string | null; rows: Map<string, Row>; at: Date }> {
  const [modes, status] = await Promise.all([securityApi.modes(), securityApi.status()]);
  const names = status.cells.map((c) => c.cell);
  const signed = await Promise.all(names.map((c) => securityApi.latestCheckpoint(c)));
  const rows = new Map<string, Row>();
  names.forEach((cell, i) =>
    rows.set(cell, {
      mode: modes.find((m) => m.cell === cell),
      status: status.cells[i],
      signed: signed[i] ?? null,
    }),
  );
  return { vault: status.vault, rows, at: new Date() };
}

export function CellTable() {
  const { t } = useT();
  const { data, error } = usePoll(readCells);
  const dash = t('security.cells.none');
  return (
    <section>
      <Live at={data?.at ?? null} />
      <ErrorBox error={error} />
      {data !== undefined && data.vault === null && <p className="caution">{t('security.cells.noVault')}</p>}
      <div className="sec-scroll">
        <table className="table sec-cells" data-testid="sec-cells">
          <caption>{t('security.cells.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('security.cells.cell')}</th>
              <th scope="col">{t('security.cells.mode')}</th>
              <th scope="col">{t('security.cells.why')}</th>
              <th scope="col" className="num">
                {t('security.cells.head')}
              </th>
              <th scope="col" className="num">
                {t('security.cells.acked')}
              </th>
              <th scope="col" className="num">
                {t('security.cells.lag')}
              </th>
              <th scope="col" className="num">
                {t('security.cells.snapshot')}
              </th>
              <th scope="col">{t('security.cells.witnessed')}</th>
              <th scope="col">{t('security.cells.signed')}</th>
            </tr>
          </thead>
          <tbody>
            {[...(data?.rows ?? new Map<string, Row>())].map(([cell, r]) => {
              const mode = r.mode?.mode ?? r.status?.mode ?? 'normal';
              const v = r.status?.vault ?? null;
              return (
                <tr key={cell} data-cell={cell} data-mode={mode} className={`mode-${mode}`}>
                  <th scope="row">{t(`cells.${cell}`, { defaultValue: cell })}</th>
                  <td className="sec-mode">{t(`modes.${mode}`)}</td>
                  <td>
                    {r.mode?.changed_at == null ? (
                      dash
                    ) : (
                      <>
                        {r.mode.reason ?? ''}
                        <br />
                        <small>
                          <Who id={r.mode.changed_by} /> · {moment(r.mode.changed_at)}
                        </small>
                      </>
                    )}
                  </td>
                  <td className="num" data-testid={`head-${cell}`}>
                    {r.status?.head_seq ?? t('security.cells.unreadable')}
                  </td>
                  <td className="num">{v?.acked_seq ?? dash}</td>
                  <td className="num">
                    {v === null
                      ? dash
                      : t('security.cells.lagValue', {
                          events: v.lag_events,
                          seconds: Math.round(v.lag_seconds),
                        })}
                    {v?.paused === true && (
                      <>
                        <br />
                        <small>{t('security.cells.paused')}</small>
                      </>
                    )}
                  </td>
                  <td className="num">
                    {v?.last_snapshot_seq == null
                      ? dash
                      : t('security.cells.atSeq', { seq: v.last_snapshot_seq })}
                  </td>
                  <td>
                    {v?.witnessed_size == null ? (
                      dash
                    ) : (
                      <>
                        {t('security.cells.size', { size: v.witnessed_size })}
                        <br />
                        <code>{(v.witnessed_root ?? '').slice(0, 16)}…</code>
                      </>
                    )}
                  </td>
                  <td>
                    {r.signed === null ? (
                      dash
                    ) : (
                      <>
                        {t('security.cells.size', { size: r.signed.size })} · {moment(r.signed.at)}
                        <br />
                        <code>{r.signed.root.slice(0, 16)}…</code>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
