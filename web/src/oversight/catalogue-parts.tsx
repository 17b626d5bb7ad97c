// Parts of the provincial manager's catalogue screens: provinces read by name with their code beside, a day
// typed dd/mm/yyyy whatever the browser's locale (a date input follows the OS and shows mm/dd/yyyy on an
// English Windows, which a Vietnamese reader takes for another day), a refused file's rows, and the
// province's price list of a day.
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../ui/api.ts';
import { day, parseDay, searchKey, todayVn } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money } from '../ui/parts.tsx';
import { priceListOn, provinceNames, type PricedProduct, type Problem } from './catalogue.ts';

export const MUTED = { color: 'var(--muted)' };
export const INLINE = { width: 'auto' };
/** A button or a check box in a row of fields: as wide as it is, not stretched like a field. */
export const TIGHT = { flex: '0 0 auto' };
/** Rows of the day's price list shown at a time: the filter narrows, a button shows more. */
const PAGE = 50;

/** A province as its people read it, "Hà Nội (01)": the code stays for files and the help desk. */
export function useProvince() {
  const { t } = useT();
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    void provinceNames().then(setNames);
  }, []);
  return (code: string | null) => {
    if (code === null) return t('oversight.catalogue.national');
    const name = names.get(code);
    return name === undefined ? code : `${name} (${code})`;
  };
}

/** A day typed as dd/mm/yyyy, its error beside it. */
export function DayField(p: {
  label: string;
  text: string;
  onText: (text: string) => void;
  error?: string | undefined;
  testId: string;
}) {
  const { t } = useT();
  return (
    <Field
      label={p.label}
      hint={t('oversight.catalogue.dayHint')}
      placeholder={t('oversight.catalogue.dayPlaceholder')}
      inputMode="numeric"
      autoComplete="off"
      value={p.text}
      error={p.error}
      onChange={(e) => p.onText(e.target.value)}
      data-testid={p.testId}
    />
  );
}

/** Every bad row of a refused file, as the API named them. */
export function Problems({ error }: { error: unknown }) {
  const { t, lang } = useT();
  if (!(error instanceof ApiError) || error.code !== 'invalid_catalogue') return <ErrorBox error={error} />;
  const { problems = [], total } = (error.details ?? {}) as { problems?: Problem[]; total?: number };
  return (
    <div className="error-box" role="alert" data-testid="import-problems" data-code={error.code}>
      <strong>{t('oversight.catalogue.refusedFile', { count: total ?? problems.length })}</strong>
      <table className="table">
        <thead>
          <tr>
            <th>{t('oversight.catalogue.row')}</th>
            <th>{t('oversight.catalogue.column')}</th>
            <th>{t('oversight.catalogue.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i} data-testid="import-problem" data-row={p.row} data-field={p.field}>
              <td className="num">{p.row}</td>
              <td>
                <code>{p.field}</code>
              </td>
              <td>{lang === 'vi' ? p.message_vi : p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The province's price list of a day: what the counters charge that day, a promotion winning. */
export function PriceList({ province, reload }: { province: string; reload: number }) {
  const { t, lang } = useT();
  const label = useProvince();
  const [text, setText] = useState(day(todayVn()));
  const [shown, setShown] = useState(todayVn());
  const [badDay, setBadDay] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const [promotions, setPromotions] = useState(false);
  const [shownRows, setShownRows] = useState(PAGE);
  const [items, setItems] = useState<PricedProduct[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    priceListOn(province, shown).then(
      (r) => live && setItems(r),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [province, shown, reload]);
  const show = (e: FormEvent) => {
    e.preventDefault();
    const on = parseDay(text);
    setBadDay(on === undefined ? t('oversight.catalogue.badDay') : undefined);
    if (on !== undefined) setShown(on);
  };
  const words = searchKey(filter)
    .split(' ')
    .filter((w) => w !== '');
  const matching = (items ?? []).filter(
    (p) =>
      (!promotions || p.price_kind === 'promotion') &&
      words.every((w) => searchKey(`${p.code} ${p.barcode} ${p.name_vi} ${p.name_en}`).includes(w)),
  );
  return (
    <section data-testid="price-list" data-day={shown}>
      <h2>{t('oversight.catalogue.priceListTitle', { province: label(province) })}</h2>
      <form onSubmit={show} className="row">
        <DayField
          label={t('oversight.catalogue.day')}
          text={text}
          onText={setText}
          error={badDay}
          testId="price-list-day"
        />
        <Field
          label={t('oversight.catalogue.filter')}
          hint={t('oversight.catalogue.filterHint')}
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            setShownRows(PAGE);
          }}
          data-testid="price-list-filter"
        />
        <label className="field" style={TIGHT}>
          <span>
            <input
              type="checkbox"
              style={INLINE}
              checked={promotions}
              onChange={(e) => setPromotions(e.target.checked)}
              data-testid="price-list-promotions"
            />{' '}
            {t('oversight.catalogue.promotionsOnly')}
          </span>
        </label>
        <div className="field" style={TIGHT}>
          <button type="submit" data-testid="price-list-show">
            {t('oversight.catalogue.showDay')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {items === null ? (
        error === null && <p className="loading">{t('common.loading')}</p>
      ) : (
        <>
          <p data-testid="price-list-count" style={MUTED}>
            {t('oversight.catalogue.priceListCount', {
              shown: Math.min(matching.length, shownRows),
              total: matching.length,
              day: day(shown),
            })}
          </p>
          {matching.length > 0 && (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('oversight.catalogue.code')}</th>
                  <th>{t('oversight.catalogue.name')}</th>
                  <th>{t('oversight.catalogue.unit')}</th>
                  <th>{t('oversight.catalogue.kind')}</th>
                  <th className="num">{t('oversight.catalogue.price')}</th>
                </tr>
              </thead>
              <tbody>
                {matching.slice(0, shownRows).map((p) => (
                  <tr key={p.code} data-testid="price-list-row" data-code={p.code} data-kind={p.price_kind}>
                    <td>
                      <Link href={`/oversight/catalogue/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                    </td>
                    <td>{lang === 'vi' ? p.name_vi : p.name_en}</td>
                    <td>{p.unit}</td>
                    <td>
                      {p.price_kind === 'promotion' ? (
                        <strong>{t('oversight.catalogue.promotion')}</strong>
                      ) : (
                        t('oversight.catalogue.list')
                      )}
                    </td>
                    <td className="num">{p.price !== undefined && <Money value={p.price} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {matching.length > shownRows && (
            <button
              type="button"
              onClick={() => setShownRows(shownRows + PAGE)}
              data-testid="price-list-more"
            >
              {t('oversight.catalogue.more', { count: Math.min(PAGE, matching.length - shownRows) })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
