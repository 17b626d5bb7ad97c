// Writing goods off the shelf: the goods scanned or found by name with their quantities, a reason chosen
// (damaged, expired, lost, other: the API's closed list) and what happened; without a reason nothing is sent.
// The value estimated at the shelf's average cost is shown before, the ledger's value after.
import { useRef, useState, type FormEvent } from 'react';
import { isApiError, newKey, post } from '../ui/api.ts';
import { vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Notice } from '../ui/parts.tsx';
import { GoodsLines, linesBody, type MoveLine } from './stock-lines.tsx';
import type { StockLine } from './stock.tsx';

const REASONS = ['damaged', 'expired', 'lost', 'other'] as const;

interface WriteOff {
  id: string;
  move: { lines: Array<{ product: string; quantity: number; value: string }> };
}

export function WriteOffSection(props: { office: string; stock: StockLine[]; onDone: () => Promise<void> }) {
  const { office, stock, onDone } = props;
  const { t } = useT();
  const [lines, setLines] = useState<MoveLine[]>([]);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<{ reason?: string; note?: string; lines?: string }>({});
  const [refusal, setRefusal] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const submission = useRef<{ key: string; body: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setRefusal(null);
    setDone(null);
    const body = linesBody(lines);
    const next = {
      ...(reason === '' ? { reason: t('counter.stock.writeOff.reasonMissing') } : {}),
      ...(note.trim() === '' ? { note: t('counter.stock.writeOff.noteMissing') } : {}),
      ...(lines.length === 0
        ? { lines: t('counter.stock.lines.none') }
        : 'bad' in body
          ? { lines: t('counter.stock.lines.quantityBad', { line: body.bad }) }
          : {}),
    };
    setProblem(next);
    if (Object.keys(next).length > 0 || 'bad' in body) return;
    const payload = { reason, note: note.trim(), lines: body.lines };
    const text = JSON.stringify(payload);
    if (submission.current?.body !== text) submission.current = { key: newKey(), body: text };
    try {
      const w = await post<WriteOff>(
        `/v1/retail/offices/${office}/write-offs`,
        payload,
        submission.current.key,
      );
      submission.current = null;
      const value = w.move.lines.reduce((a, l) => a + BigInt(l.value), 0n);
      setDone(t('counter.stock.writeOff.done', { id: w.id, value: vnd(value) }));
      setLines([]);
      setReason('');
      setNote('');
      await onDone();
    } catch (err) {
      setRefusal(err);
    }
  };
  const details = isApiError(refusal) ? (refusal.details as { line?: number } | undefined) : undefined;

  return (
    <section className="card" aria-labelledby="writeoff-title">
      <h2 id="writeoff-title">{t('counter.stock.writeOff.title')}</h2>
      {done !== null && <Notice testId="writeoff-done">{done}</Notice>}
      <ErrorBox error={refusal} testId="writeoff-error" />
      <form onSubmit={(e) => void submit(e)} data-testid="writeoff-form">
        <GoodsLines
          office={office}
          prefix="writeoff"
          stock={stock}
          lines={lines}
          setLines={(f) => setLines(f)}
          badLine={details?.line}
        />
        {problem.lines !== undefined && (
          <p className="field-error" role="alert">
            {problem.lines}
          </p>
        )}
        <div className={`field${problem.reason === undefined ? '' : ' invalid'}`}>
          <label htmlFor="writeoff-reason">{t('counter.stock.writeOff.reason')}</label>
          <select
            id="writeoff-reason"
            data-testid="writeoff-reason"
            value={reason}
            aria-invalid={problem.reason === undefined ? undefined : true}
            aria-describedby={problem.reason === undefined ? undefined : 'writeoff-reason-err'}
            onChange={(e) => setReason(e.target.value)}
          >
            <option value="">{t('counter.stock.writeOff.choose')}</option>
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`counter.stock.writeOff.${r}`)}
              </option>
            ))}
          </select>
          {problem.reason !== undefined && (
            <small id="writeoff-reason-err" className="field-error" role="alert">
              {problem.reason}
            </small>
          )}
        </div>
        <Field
          label={t('counter.stock.writeOff.note')}
          data-testid="writeoff-note"
          value={note}
          maxLength={500}
          error={problem.note}
          onChange={(e) => setNote(e.target.value)}
        />
        <button type="submit" className="primary" data-testid="writeoff-submit">
          {t('counter.stock.writeOff.submit')}
        </button>
      </form>
    </section>
  );
}
