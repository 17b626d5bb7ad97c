// A stocktake waiting for a manager, decided from the dashboard: opened on asking, its lines' differences and
// their value shown before the Approve or Reject that the goods screen offers (the same card).
import { useState } from 'react';
import { get } from '../ui/api.ts';
import { moment } from '../ui/format.ts';
import { useWrite } from '../ui/hooks.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Notice } from '../ui/parts.tsx';
import { StocktakeCard, type Stocktake } from '../counter/stock-count.tsx';
import type { GoodsOverview } from './dashboard.types.ts';

export function StocktakeToDecide({
  waiting,
  officeName,
  canDecide,
  onDecided,
}: {
  waiting: GoodsOverview['stocktakes'][number];
  officeName: (id: string) => string;
  canDecide: boolean;
  onDecided: () => void;
}) {
  const { t } = useT();
  const [open, setOpen] = useState<Stocktake | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const write = useWrite();
  const base = `/v1/retail/offices/${encodeURIComponent(waiting.office_id)}/stocktakes/${encodeURIComponent(waiting.id)}`;
  const show = () =>
    get<Stocktake>(base).then(
      (s) => {
        setOpen(s);
        setLoadError(null);
      },
      (err: unknown) => setLoadError(err),
    );
  const decide = async (approve: boolean) => {
    const r = await write.send(
      `${base}/${approve ? 'approval' : 'rejection'}`,
      approve ? {} : { note: note.trim() },
    );
    if (r !== undefined) {
      setDone(t(approve ? 'counter.stock.approved' : 'counter.stock.rejected', { id: waiting.id }));
      setOpen(null);
      onDecided();
    }
  };
  return (
    <li data-testid={`dash-stocktake-${waiting.id}`}>
      {t('oversight.dashboard.tills.stocktake', {
        office: officeName(waiting.office_id),
        who: waiting.counted_by_name,
        at: moment(waiting.counted_at),
      })}{' '}
      {open === null && done === null && (
        <button type="button" onClick={() => void show()}>
          {t('oversight.dashboard.tills.goStock')}
        </button>
      )}
      {done !== null && <Notice testId="dash-stocktake-done">{done}</Notice>}
      <ErrorBox error={loadError ?? write.error} testId="dash-stocktake-error" />
      {open !== null && (
        <StocktakeCard
          stocktake={open}
          canManage={canDecide}
          note={note}
          onNote={setNote}
          busy={write.busy}
          onDecide={(approve) => void decide(approve)}
        />
      )}
    </li>
  );
}
