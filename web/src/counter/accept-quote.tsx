// The price of the item being taken in, asked of the API as the clerk types (debounced) and shown line by
// line: zone, real, volumetric and charged weight, postage, insurance, the COD fee and the total.
import { useEffect, useState } from 'react';
import { post } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Money } from '../ui/parts.tsx';

export interface Quote {
  service: string;
  zone: 'local' | 'neighbouring' | 'national';
  weight_g: number;
  volumetric_g: number;
  charged_g: number;
  postage: string;
  insurance_fee: string;
  cod_fee: string;
  fee: string;
  delivery_office_id: string;
}

/** The live quote of a body the API would accept, or null while the form cannot be priced yet. */
export function useQuote(body: object | null): { quote: Quote | null; loading: boolean; error: unknown } {
  const [quote, setQuote] = useState<Quote | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const json = body === null ? null : JSON.stringify(body);
  useEffect(() => {
    if (json === null) {
      setQuote(null);
      setError(null);
      setLoading(false);
      return;
    }
    let alive = true;
    setLoading(true);
    // A pause in typing, then one look-up: the price follows the fields without a request per key.
    const timer = setTimeout(() => {
      post<Quote>('/v1/delivery/quotes', JSON.parse(json)).then(
        (q) => {
          if (!alive) return;
          setQuote(q);
          setError(null);
          setLoading(false);
        },
        (err: unknown) => {
          if (!alive) return;
          setQuote(null);
          setError(err);
          setLoading(false);
        },
      );
    }, 300);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [json]);
  return { quote, loading, error };
}

/** The quote's panel: what the customer pays and why. */
export function QuotePanel({ state }: { state: ReturnType<typeof useQuote> }) {
  const { t } = useT();
  const { quote, loading, error } = state;
  const g = (n: number) => t('counter.accept.quote.grams', { g: n.toLocaleString('vi-VN') });
  return (
    <section
      className="card quote"
      aria-labelledby="quote-title"
      aria-live="polite"
      aria-busy={loading}
      data-testid="quote"
    >
      <h2 id="quote-title">{t('counter.accept.quote.title')}</h2>
      {error !== null ? (
        <ErrorBox error={error} testId="quote-error" />
      ) : quote === null ? (
        <p className="muted">
          {loading ? t('counter.accept.quote.loading') : t('counter.accept.quote.waiting')}
        </p>
      ) : (
        <div className={loading ? 'stale' : undefined}>
          <dl className="quote-facts">
            <dt>{t('counter.accept.quote.zone')}</dt>
            <dd data-testid="quote-zone">{t(`counter.accept.quote.zones.${quote.zone}`)}</dd>
            <dt>{t('counter.accept.quote.weight')}</dt>
            <dd data-testid="quote-weight">{g(quote.weight_g)}</dd>
            <dt>{t('counter.accept.quote.volumetric')}</dt>
            <dd data-testid="quote-volumetric">{g(quote.volumetric_g)}</dd>
            <dt>{t('counter.accept.quote.charged')}</dt>
            <dd data-testid="quote-charged">
              <strong>{g(quote.charged_g)}</strong>
            </dd>
          </dl>
          <table className="table quote-lines">
            <tbody>
              <tr>
                <th scope="row">{t('counter.accept.quote.postage')}</th>
                <td className="num">
                  <Money value={quote.postage} testId="quote-postage" />
                </td>
              </tr>
              {quote.insurance_fee !== '0' && (
                <tr>
                  <th scope="row">{t('counter.accept.quote.insurance')}</th>
                  <td className="num">
                    <Money value={quote.insurance_fee} testId="quote-insurance" />
                  </td>
                </tr>
              )}
              {quote.cod_fee !== '0' && (
                <tr>
                  <th scope="row">{t('counter.accept.quote.codFee')}</th>
                  <td className="num">
                    <Money value={quote.cod_fee} testId="quote-cod-fee" />
                  </td>
                </tr>
              )}
              <tr className="total">
                <th scope="row">{t('counter.accept.quote.fee')}</th>
                <td className="num">
                  <Money value={quote.fee} testId="quote-fee" />
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
