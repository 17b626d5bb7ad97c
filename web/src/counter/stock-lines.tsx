// The goods of a move out of the shelf (a transfer, a write-off), scanner first as at the sale: a scanned
// barcode and Enter adds a line (scanned again, one more), goods without a barcode found by name with ↑ ↓ and
// Enter, each line's quantity typed, and its value estimated at the shelf's average cost (the ledger values
// the move itself when it is written). An unknown code is refused here, naming it, before anything is sent.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { get } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { Field, Money } from '../ui/parts.tsx';
import type { Goods } from './sale-data.ts';
import type { StockLine } from './stock.tsx';

export interface MoveLine {
  product: string;
  name_vi: string;
  name_en: string;
  unit: string;
  quantity: string;
}

/** The value at the shelf's average cost of `quantity` units (0 when the shelf is empty). */
export function atCost(stock: readonly StockLine[], product: string, quantity: number): bigint {
  const s = stock.find((l) => l.product === product)?.shelf;
  if (s === undefined || s.quantity <= 0 || !Number.isSafeInteger(quantity) || quantity <= 0) return 0n;
  return (BigInt(s.value) * BigInt(quantity)) / BigInt(s.quantity);
}

/** The lines as the API takes them, or the first line whose quantity is not a whole number above 0. */
export function linesBody(
  lines: readonly MoveLine[],
): { lines: Array<{ product: string; quantity: number }> } | { bad: number } {
  const out: Array<{ product: string; quantity: number }> = [];
  for (const [i, l] of lines.entries()) {
    const q = l.quantity.trim();
    if (!/^\d{1,9}$/.test(q) || Number(q) <= 0) return { bad: i + 1 };
    out.push({ product: l.product, quantity: Number(q) });
  }
  return { lines: out };
}

/**
 * A product's code and name in the reader's language, each asked once of the goods search: a transfer names
 * its products by code only, and the receiving office may hold none of them yet.
 */
export function useProductNames(office: string): (code: string) => string {
  const { lang } = useT();
  const [names, setNames] = useState<Record<string, Goods>>({});
  const asked = useRef(new Set<string>());
  return useCallback(
    (code: string) => {
      const g = names[code];
      if (g !== undefined) return `${code} ${lang === 'vi' ? g.name_vi : g.name_en}`;
      if (!asked.current.has(code)) {
        asked.current.add(code);
        get<{ items: Goods[] }>(
          `/v1/retail/offices/${encodeURIComponent(office)}/goods?q=${encodeURIComponent(code)}`,
        ).then(
          (r) => {
            const found = r.items.find((x) => x.code === code);
            if (found !== undefined) setNames((n) => ({ ...n, [code]: found }));
          },
          () => undefined,
        );
      }
      return code;
    },
    [names, office, lang],
  );
}

export function GoodsLines(props: {
  office: string;
  /** Names the inputs (`${prefix}-scan`, `${prefix}-qty-PRODUCT`…): one screen holds two of these. */
  prefix: string;
  stock: readonly StockLine[];
  lines: MoveLine[];
  setLines: (f: (ls: MoveLine[]) => MoveLine[]) => void;
  /** The line (from 1) a refusal named, marked in the table. */
  badLine?: number | undefined;
}) {
  const { office, prefix, stock, lines, setLines, badLine } = props;
  const { t, lang } = useT();
  const [scan, setScan] = useState('');
  const [scanError, setScanError] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<Goods[]>([]);
  const [pick, setPick] = useState(0);
  const goods = (q: string) =>
    get<{ items: Goods[] }>(
      `/v1/retail/offices/${encodeURIComponent(office)}/goods?q=${encodeURIComponent(q)}`,
    );
  const focusScan = () => document.querySelector<HTMLInputElement>(`[data-testid="${prefix}-scan"]`)?.focus();

  useEffect(() => {
    const q = search.trim();
    if (q.length < 2) return setFound([]);
    let live = true;
    const timer = setTimeout(() => {
      goods(q).then(
        (r) => live && (setFound(r.items), setPick(0)),
        () => undefined,
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search, office]);

  const add = (g: Goods) =>
    setLines((ls) =>
      ls.some((l) => l.product === g.code)
        ? ls.map((l) =>
            l.product === g.code ? { ...l, quantity: String((Number(l.quantity) || 0) + 1) } : l,
          )
        : [...ls, { product: g.code, name_vi: g.name_vi, name_en: g.name_en, unit: g.unit, quantity: '1' }],
    );

  const onScan = async () => {
    const code = scan.trim();
    setScan('');
    if (code === '') return;
    const r = await goods(code).catch(() => ({ items: [] as Goods[] }));
    const g = r.items.find((x) => x.barcode === code || x.code === code.toUpperCase());
    if (g === undefined) return setScanError(t('counter.stock.lines.unknown', { code }));
    setScanError(undefined);
    add(g);
  };
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setPick((p) => Math.min(p + 1, found.length - 1));
    else if (e.key === 'ArrowUp') setPick((p) => Math.max(p - 1, 0));
    // Enter in the search box adds the chosen goods, never sends the whole form.
    else if (e.key === 'Enter') {
      if (found[pick] === undefined) return e.preventDefault();
      add(found[pick]);
      setSearch('');
      setFound([]);
      focusScan();
    } else return;
    e.preventDefault();
  };
  const total = lines.reduce((a, l) => a + atCost(stock, l.product, Number(l.quantity)), 0n);

  return (
    <div className="stock-lines">
      <div className="stock-find">
        {/* Not a form of its own: these lines sit inside the transfer's or the write-off's form. */}
        <Field
          label={t('counter.stock.lines.scan')}
          hint={t('counter.stock.lines.scanHint')}
          error={scanError}
          autoFocus
          autoComplete="off"
          data-testid={`${prefix}-scan`}
          value={scan}
          onChange={(e) => setScan(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            void onScan();
          }}
        />
        <div>
          <Field
            label={t('counter.stock.lines.search')}
            hint={t('counter.stock.lines.searchHint')}
            autoComplete="off"
            data-testid={`${prefix}-search`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={onSearchKey}
          />
          {found.length > 0 && (
            <ul className="stock-found" role="listbox" data-testid={`${prefix}-found`}>
              {found.map((g, i) => (
                <li
                  key={g.code}
                  role="option"
                  aria-selected={i === pick}
                  className={i === pick ? 'picked' : ''}
                  onClick={() => (add(g), setSearch(''), setFound([]), focusScan())}
                >
                  <strong>{g.code}</strong> {lang === 'vi' ? g.name_vi : g.name_en} · {g.on_shelf} {g.unit}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {lines.length === 0 ? (
        <p className="muted">{t('counter.stock.lines.none')}</p>
      ) : (
        <table className="table" data-testid={`${prefix}-lines`}>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('counter.stock.product')}</th>
              <th className="num">{t('counter.stock.lines.onShelf')}</th>
              <th className="num">{t('counter.stock.lines.quantity')}</th>
              <th className="num">{t('counter.stock.lines.value')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => {
              const have = stock.find((s) => s.product === l.product)?.shelf.quantity ?? 0;
              const over = Number(l.quantity) > have;
              return (
                <tr key={l.product} className={badLine === i + 1 || over ? 'bad-line' : ''}>
                  <td>{i + 1}</td>
                  <td>
                    <strong>{l.product}</strong> {lang === 'vi' ? l.name_vi : l.name_en}
                  </td>
                  <td className="num">
                    {have} {l.unit}
                  </td>
                  <td className="num">
                    <input
                      aria-label={`${t('counter.stock.lines.quantity')} ${l.product}`}
                      data-testid={`${prefix}-qty-${l.product}`}
                      inputMode="numeric"
                      size={6}
                      value={l.quantity}
                      onChange={(e) =>
                        setLines((ls) =>
                          ls.map((x) => (x.product === l.product ? { ...x, quantity: e.target.value } : x)),
                        )
                      }
                    />
                    {over && (
                      <small className="field-error">
                        {t('counter.stock.lines.overShelf', { line: i + 1, have })}
                      </small>
                    )}
                  </td>
                  <td className="num">
                    ≈ <Money value={atCost(stock, l.product, Number(l.quantity))} />
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={`${t('counter.stock.lines.remove')} ${l.product}`}
                      onClick={() => setLines((ls) => ls.filter((x) => x.product !== l.product))}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={4}>{t('counter.stock.lines.total')}</th>
              <td className="num">
                ≈ <Money value={total} testId={`${prefix}-estimate`} />
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      )}
    </div>
  );
}
