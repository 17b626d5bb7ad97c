// Counting cash by note value, as a clerk does with the notes in front of them: one field per note, each
// line's subtotal and the total worked out as they type, in what the API's cash count accepts.
import { vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';

/** The notes a till holds, largest first (the API also knows 500 ₫, which no longer circulates). */
export const NOTES = [500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000] as const;

/** What the clerk typed for each note value, as text (a field may be empty or mistyped). */
export type Counts = Readonly<Record<string, string>>;

export const noCounts: Counts = {};

export interface CashCount {
  /** The notes' total, in đồng. */
  total: bigint;
  /** Note value -> count, only those above zero: the API's `denominations`. */
  denominations: Record<string, number>;
  /** Note values whose field does not hold a whole number. */
  bad: string[];
}

/** Reads the typed counts as the API's count of cash. */
export function readCounts(counts: Counts): CashCount {
  const denominations: Record<string, number> = {};
  const bad: string[] = [];
  let total = 0n;
  for (const note of NOTES) {
    const text = (counts[String(note)] ?? '').trim();
    if (text === '') continue;
    if (!/^\d{1,7}$/.test(text)) {
      bad.push(String(note));
      continue;
    }
    const n = Number(text);
    if (n > 0) denominations[String(note)] = n;
    total += BigInt(note) * BigInt(n);
  }
  return { total, denominations, bad };
}

/** A count of notes written out: `4 × 500.000 ₫, 2 × 10.000 ₫`. */
export function notesText(denominations: Record<string, number>): string {
  return Object.entries(denominations)
    .sort(([a], [b]) => Number(b) - Number(a))
    .map(([note, n]) => `${n} × ${vnd(note)}`)
    .join(', ');
}

/** The counting table: a field per note with its subtotal, and the live total (`{testId}-total`). */
export function DenominationCounter({
  counts,
  onChange,
  testId,
  autoFocus = false,
  caption,
}: {
  counts: Counts;
  onChange: (next: Counts) => void;
  testId: string;
  autoFocus?: boolean;
  caption?: string;
}) {
  const { t } = useT();
  const read = readCounts(counts);
  return (
    <>
      <table className="table denoms" data-testid={testId}>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('counter.till.denom.note')}</th>
            <th scope="col" className="num">
              {t('counter.till.denom.count')}
            </th>
            <th scope="col" className="num">
              {t('counter.till.denom.subtotal')}
            </th>
          </tr>
        </thead>
        <tbody>
          {NOTES.map((note, i) => {
            const key = String(note);
            const text = counts[key] ?? '';
            const invalid = read.bad.includes(key);
            const n = !invalid && /^\d+$/.test(text.trim()) ? BigInt(text.trim()) : 0n;
            return (
              <tr key={key}>
                <th scope="row" className="num">
                  {vnd(note)}
                </th>
                <td className="num">
                  <input
                    inputMode="numeric"
                    autoComplete="off"
                    size={6}
                    aria-label={t('counter.till.denom.countOf', { note: vnd(note) })}
                    aria-invalid={invalid ? true : undefined}
                    data-testid={`${testId}-${key}`}
                    autoFocus={autoFocus && i === 0}
                    value={text}
                    onChange={(e) => onChange({ ...counts, [key]: e.target.value })}
                  />
                </td>
                <td className="num">{n === 0n ? '' : vnd(BigInt(note) * n)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t('counter.till.denom.total')}
            </th>
            <td className="num total" aria-live="polite" data-testid={`${testId}-total`}>
              {vnd(read.total)}
            </td>
          </tr>
        </tfoot>
      </table>
      {read.bad.length > 0 && (
        <small className="field-error" role="alert">
          {t('counter.till.denom.bad')}
        </small>
      )}
    </>
  );
}
