// The wizard's first step: which service the citizen wants, and the procedure found by typing part of its
// name (the API's search ignores accents: "khai sinh" finds "Đăng ký khai sinh"), in the office's province.
import { useEffect, useState } from 'react';
import { get, query } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Money } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { DOSSIER_SERVICES, feesFor, type DossierService, type Procedure } from './dossier-data.ts';

interface Props {
  service: DossierService;
  onService: (s: DossierService) => void;
  procedure: Procedure | null;
  onProcedure: (p: Procedure) => void;
  error: string | undefined;
}

export function ProcedureStep({ service, onService, procedure, onProcedure, error }: Props) {
  const { t } = useT();
  const me = useMe();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Procedure[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [failed, setFailed] = useState<unknown>(null);

  useEffect(() => {
    const text = q.trim();
    if (text === '') {
      setFound(null);
      return;
    }
    const ctl = new AbortController();
    setSearching(true);
    // Debounced: one search per pause in the typing.
    const timer = setTimeout(() => {
      get<{ items: Procedure[] }>(
        `/v1/services/procedures${query({ q: text, province: me.office_province, limit: 12 })}`,
        ctl.signal,
      ).then(
        (r) => {
          setFound(r.items);
          setFailed(null);
          setSearching(false);
        },
        (err: unknown) => {
          if ((err as Error).name === 'AbortError') return;
          setFailed(err);
          setSearching(false);
        },
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, me.office_province]);

  return (
    <div className="dossier-procedure">
      <fieldset className="card services" data-testid="service">
        <legend>{t('counter.dossier.wizard.service')}</legend>
        {DOSSIER_SERVICES.map((s) => (
          <label key={s} className="choice">
            <input
              type="radio"
              name="dossier-service"
              value={s}
              checked={service === s}
              data-testid={`service-${s}`}
              onChange={() => onService(s)}
            />{' '}
            {t(`counter.dossier.services.${s}`)}
          </label>
        ))}
      </fieldset>
      <div className="card">
        <div className={`field${error === undefined ? '' : ' invalid'}`}>
          <label htmlFor="procedure-search">{t('counter.dossier.wizard.search')}</label>
          <input
            id="procedure-search"
            type="search"
            autoFocus
            autoComplete="off"
            placeholder={t('counter.dossier.wizard.searchHint')}
            data-testid="procedure-search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <small className="hint">
            {searching ? t('counter.dossier.wizard.searching') : t('counter.dossier.wizard.searchHint')}
          </small>
          {error !== undefined && (
            <small className="field-error" role="alert">
              {error}
            </small>
          )}
        </div>
        <ErrorBox error={failed} testId="procedure-error" />
        {found !== null && found.length === 0 && (
          <p className="muted">{t('counter.dossier.wizard.noProcedure')}</p>
        )}
        {found !== null && found.length > 0 && (
          <ul className="procedures" data-testid="procedures">
            {found.map((p) => (
              <li key={p.code}>
                <button
                  type="button"
                  data-testid="procedure-option"
                  aria-pressed={procedure?.code === p.code}
                  onClick={() => onProcedure(p)}
                >
                  <strong>{p.name}</strong>
                  <span className="muted">
                    {p.field} · {p.agency_name} · {p.code}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {procedure !== null && <ChosenProcedure procedure={procedure} service={service} />}
    </div>
  );
}

/** The procedure chosen: its agency, deadline and what the chosen service costs. */
export function ChosenProcedure({ procedure, service }: { procedure: Procedure; service: DossierService }) {
  const { t } = useT();
  const fees = feesFor(procedure, service);
  return (
    <section
      className="card chosen"
      data-testid="chosen-procedure"
      aria-label={t('counter.dossier.wizard.chosen')}
    >
      <h2>{procedure.name}</h2>
      <dl className="facts">
        <dt>{t('counter.dossier.wizard.agency')}</dt>
        <dd>{procedure.agency_name ?? procedure.agency_code}</dd>
        <dt>{t('counter.dossier.detail.deadline')}</dt>
        <dd>{t('counter.dossier.wizard.days', { n: procedure.deadline_days })}</dd>
        <dt>{t('counter.dossier.finish.total')}</dt>
        <dd>
          <Money value={fees.agency + fees.post} testId="chosen-total" />
        </dd>
      </dl>
    </section>
  );
}
