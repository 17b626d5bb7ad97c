// A cell's signed checkpoints (/security/checkpoints), newest first, and the consistency between any two of
// them checked in this browser (the proof from the API, the hashing by WebCrypto); the public receipt check
// is one link away.
import { useState, type FormEvent } from 'react';
import { moment } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox } from '../ui/parts.tsx';
import { verifyConsistency } from './consistency.ts';
import { Console } from './console.tsx';
import { GUARDED, securityApi, usePoll, type Checkpoint } from './data.ts';
import { Live } from './parts.tsx';

type Verdict = { ok: boolean; steps: number; from: number; to: number };

function Consistency({ cell, items }: { cell: string; items: Checkpoint[] }) {
  const { t } = useT();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pick, setPick] = useState(false);
  const older = from === '' ? (items[1]?.size ?? 0) : Number(from);
  const newer = to === '' ? (items[0]?.size ?? 0) : Number(to);
  const check = (e: FormEvent) => {
    e.preventDefault();
    setVerdict(null);
    setError(null);
    const [a, b] = [Math.min(older, newer), Math.max(older, newer)];
    if (a === b || a === 0) return setPick(true);
    setPick(false);
    const run = async () => {
      const [c1, c2, proof] = await Promise.all([
        securityApi.checkpoint(cell, a),
        securityApi.checkpoint(cell, b),
        securityApi.consistency(cell, a, b),
      ]);
      const ok = await verifyConsistency(a, b, c1.root, c2.root, proof.proof);
      setVerdict({ ok, steps: proof.proof.length, from: a, to: b });
    };
    run().catch(setError);
  };
  const options = items.map((c) => (
    <option key={c.size} value={c.size}>
      {c.size} · {moment(c.at)}
    </option>
  ));
  return (
    <form className="card sec-form sec-consistency" onSubmit={check} data-testid="consistency">
      <div className="row">
        <div className="field">
          <label>
            {t('security.checkpoints.from')}
            <select value={String(older)} onChange={(e) => setFrom(e.target.value)}>
              {options}
            </select>
          </label>
        </div>
        <div className="field">
          <label>
            {t('security.checkpoints.to')}
            <select value={String(newer)} onChange={(e) => setTo(e.target.value)}>
              {options}
            </select>
          </label>
        </div>
        <button type="submit">{t('security.checkpoints.check')}</button>
      </div>
      {pick && <p className="field-error">{t('security.checkpoints.pickTwo')}</p>}
      <ErrorBox error={error} />
      {verdict !== null && (
        <p
          className={verdict.ok ? 'notice' : 'error-box'}
          role="status"
          data-testid="consistency-verdict"
          data-ok={verdict.ok}
        >
          {verdict.ok
            ? t('security.checkpoints.consistent', {
                steps: verdict.steps,
                from: verdict.from,
                to: verdict.to,
              })
            : t('security.checkpoints.inconsistent')}
        </p>
      )}
    </form>
  );
}

export function CheckpointsPage() {
  const { t } = useT();
  const [cell, setCell] = useState<string>('finance');
  const { data, error } = usePoll(
    async () => ({ items: await securityApi.checkpoints(cell), at: new Date() }),
    [cell],
  );
  const items = data?.items ?? [];
  return (
    <Console>
      <div className="field">
        <label>
          {t('security.checkpoints.cell')}
          <select value={cell} onChange={(e) => setCell(e.target.value)} data-testid="checkpoint-cell">
            {[...GUARDED, 'security'].map((c) => (
              <option key={c} value={c}>
                {t(`cells.${c}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Live at={data?.at ?? null} />
      <ErrorBox error={error} />
      {items.length >= 2 && <Consistency key={cell} cell={cell} items={items} />}
      {data !== undefined && items.length === 0 && <p>{t('security.checkpoints.none')}</p>}
      {items.length > 0 && (
        <div className="sec-scroll sec-history">
          <table className="table" data-testid="sec-checkpoints">
            <caption>{t('security.checkpoints.caption', { cell: t(`cells.${cell}`) })}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('security.checkpoints.size')}
                </th>
                <th scope="col">{t('security.checkpoints.at')}</th>
                <th scope="col">{t('security.checkpoints.root')}</th>
                <th scope="col">{t('security.checkpoints.key')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.size}>
                  <td className="num">{c.size}</td>
                  <td>{moment(c.at)}</td>
                  <td>
                    <code className="sec-hash">{c.root}</code>
                  </td>
                  <td>
                    <code>{c.key_id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="card" aria-labelledby="sec-receipt">
        <h2 id="sec-receipt">{t('security.checkpoints.receipt')}</h2>
        <p>{t('security.checkpoints.receiptLead')}</p>
        <a href="/receipt" target="_blank" rel="noopener" data-testid="receipt-link">
          {t('security.checkpoints.openReceipt')}
        </a>
      </section>
    </Console>
  );
}
