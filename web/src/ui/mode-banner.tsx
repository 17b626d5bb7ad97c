// Every screen shows its cells' incident mode: a cell read-only or isolated is said at the top, with what
// staff do instead (paper forms, items held, pensions still paid…), before anyone tries a write that would be
// refused. Read again every few seconds: an isolation reaches the counters at once.
import { useEffect, useState } from 'react';
import { get } from './api.ts';
import { useT } from './i18n.ts';

interface CellMode {
  cell: string;
  mode: 'normal' | 'read-only' | 'isolated';
  reason: string | null;
}

export function ModeBanner({ cells }: { cells: readonly string[] }) {
  const { t } = useT();
  const [modes, setModes] = useState<CellMode[]>([]);
  useEffect(() => {
    let alive = true;
    const load = () =>
      get<{ items: CellMode[] }>('/v1/incidents/cells').then(
        (r) => alive && setModes(r.items),
        () => undefined,
      );
    void load();
    const timer = setInterval(() => void load(), 3_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  const shut = modes.filter((m) => cells.includes(m.cell) && m.mode !== 'normal');
  if (shut.length === 0) return null;
  return (
    <div className="mode-banner" role="alert" data-testid="mode-banner">
      {shut.map((m) => (
        <div key={m.cell} data-cell={m.cell} data-mode={m.mode}>
          <p>
            <strong>{t(`mode.${m.mode}`, { cell: t(`cells.${m.cell}`) })}</strong>
            {m.reason !== null && ` — ${m.reason}`}
          </p>
          <p className="mode-do">{t(`modeDo.${m.cell}.${m.mode}`, { defaultValue: '' })}</p>
        </div>
      ))}
    </div>
  );
}
