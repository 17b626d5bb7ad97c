// Step 1: one field for a scanned or typed CCCD, a name (accents optional) or a list line's id; the lines of
// this office that match, chosen with ↑ ↓ and Enter (the focus never leaves the field: a combobox).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money } from '../ui/parts.tsx';
import { findLines, readSearch, type Counter, type Line } from './payout-data.tsx';

export interface Found {
  q: string;
  lines: Line[] | null;
  active: number;
}

export function FindStep({
  counter,
  found,
  onFound,
  onPick,
}: {
  counter: Counter;
  /** The last search, kept when the clerk comes back from step 2. */
  found: Found;
  onFound: (f: Found) => void;
  onPick: (line: Line) => void;
}) {
  const { t } = useT();
  const [q, setQ] = useState(found.q);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const searchedFor = useRef<string | null>(found.lines === null ? null : found.q);
  const seq = useRef(0);
  const lines = found.lines;
  const active = found.active;

  /** Runs the search for `text`; a CCCD or line id that finds exactly one line opens it at once. */
  const search = async (text: string, pickSingle: boolean) => {
    const s = readSearch(text);
    if (s.kind === 'bad') {
      setFieldError(t(`counter.payout.search.${s.reason}`));
      return;
    }
    setFieldError(undefined);
    const mine = ++seq.current;
    setBusy(true);
    try {
      const result = await findLines(counter, s);
      if (mine !== seq.current) return;
      searchedFor.current = text;
      setError(null);
      onFound({ q: text, lines: result, active: 0 });
      if (pickSingle && s.kind !== 'name' && result.length === 1) onPick(result[0]!);
    } catch (e) {
      if (mine === seq.current) setError(e);
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  };

  // A name is looked up as it is typed (after a pause); digits wait for Enter (a scanner ends with it).
  useEffect(() => {
    if (q === searchedFor.current) return;
    const s = readSearch(q);
    if (s.kind !== 'name') return;
    const timer = setTimeout(() => void search(q, false), 300);
    return () => clearTimeout(timer);
    // Only the text re-runs it: `search` reads the latest counter each render.
  }, [q]);

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const current = lines !== null && searchedFor.current === q;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!current || lines.length === 0) return;
      e.preventDefault();
      const next = (active + (e.key === 'ArrowDown' ? 1 : lines.length - 1)) % lines.length;
      onFound({ ...found, active: next });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (current && lines.length > 0) onPick(lines[active] ?? lines[0]!);
      else void search(q, true);
    } else if (e.key === 'Escape') {
      setQ('');
      searchedFor.current = null;
      onFound({ q: '', lines: null, active: 0 });
    }
  };

  const listId = 'payout-results';
  const showList = lines !== null && lines.length > 0;
  return (
    <div className="card">
      <Field
        label={t('counter.payout.search.label')}
        hint={t('counter.payout.search.hint')}
        error={fieldError}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={onKey}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList ? `payout-line-${active}` : undefined}
        data-testid="payout-search"
      />
      {busy && <p className="hint">{t('counter.payout.search.searching')}</p>}
      <ErrorBox error={error} testId="payout-search-error" />
      {lines !== null && lines.length === 0 && !busy && (
        <p role="status" data-testid="payout-none">
          {t('counter.payout.search.none', { q: found.q })}
        </p>
      )}
      {showList && (
        <>
          <p className="hint" role="status">
            {t('counter.payout.search.count', { count: lines.length })}
          </p>
          <ul
            id={listId}
            role="listbox"
            aria-label={t('counter.payout.search.results')}
            className="payout-results"
            data-testid="payout-results"
            style={{ listStyle: 'none', padding: 0, margin: '0.4rem 0' }}
          >
            {lines.map((l, i) => (
              <li
                key={l.id}
                id={`payout-line-${i}`}
                role="option"
                aria-selected={i === active}
                data-testid="payout-result"
                onMouseDown={(e) => {
                  e.preventDefault();
                  onPick(l);
                }}
                style={{
                  display: 'grid',
                  gridTemplateColumns: '2fr 1.2fr 1.6fr 1fr 1.4fr',
                  gap: '0.6rem',
                  padding: '0.45rem 0.6rem',
                  border: '1px solid var(--line)',
                  marginBottom: '0.25rem',
                  borderRadius: 4,
                  background: i === active ? '#e4edf8' : 'var(--paper)',
                  outline: i === active ? '3px solid var(--focus)' : undefined,
                  cursor: 'pointer',
                }}
              >
                <strong>{l.full_name}</strong>
                <span>
                  {l.cccd} · {t('counter.payout.search.born', { year: l.birth_year })}
                </span>
                <span>
                  {t(`counter.payout.benefit.${l.benefit}`, { defaultValue: l.benefit })}
                  {l.proxy_name !== null && (
                    <>
                      <br />
                      <small>{t('counter.payout.search.proxy', { name: l.proxy_name })}</small>
                    </>
                  )}
                </span>
                <Money value={l.amount} />
                <span>{t(`counter.payout.state.${l.status}`, { defaultValue: l.status })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
