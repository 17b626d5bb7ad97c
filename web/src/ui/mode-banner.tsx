// Every screen shows its cells' incident mode: a cell read-only or isolated is said at the top, with what
// still works, before anyone tries a write that would be refused.
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
    const timer = setInterval(() => void load(), 15_000);
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
        <p key={m.cell}>
          {t(`mode.${m.mode}`, { cell: t(`cells.${m.cell}`) })}
          {m.reason !== null && ` — ${m.reason}`}
        </p>
      ))}
    </div>
  );
}
