// Parts the intake wizard and a dossier's completion share: the procedure's document checklist the clerk
// ticks, and the last step — the seal, the fees from the catalogue, and both signatures on the list.
import { useT } from '../ui/i18n.ts';
import { Field, Money } from '../ui/parts.tsx';
import { SignaturePad } from '../round/signature-pad.tsx';
import type { DocTick, DocTicks, Procedure, RequiredDocument } from './dossier-data.ts';

interface ChecklistProps {
  procedure: Procedure;
  ticks: DocTicks;
  onChange: (key: string, patch: Partial<DocTick>) => void;
  /** Only these documents (a completion asks for the missing ones only). */
  only?: readonly string[];
  /** Keys whose count is wrong. */
  bad?: readonly string[];
}

/** What the procedure asks for, each with a tick, its form and its number of copies. */
export function DocumentChecklist({ procedure, ticks, onChange, only, bad = [] }: ChecklistProps) {
  const { t } = useT();
  const docs = procedure.documents.filter((d) => only === undefined || only.includes(d.key));
  return (
    <table className="table checklist" data-testid="checklist">
      <caption>{t('counter.dossier.docs.title')}</caption>
      <thead>
        <tr>
          <th>{t('counter.dossier.docs.present')}</th>
          <th>{t('counter.dossier.docs.name')}</th>
          <th>{t('counter.dossier.docs.required')}</th>
          <th>{t('counter.dossier.docs.form')}</th>
          <th>{t('counter.dossier.docs.count')}</th>
        </tr>
      </thead>
      <tbody>
        {docs.map((d) => {
          const tk = ticks[d.key]!;
          const id = `doc-${d.key}`;
          const wrong = bad.includes(d.key);
          return (
            <tr key={d.key} data-testid="doc-row" data-key={d.key} className={tk.on ? 'on' : undefined}>
              <td>
                <input
                  type="checkbox"
                  id={id}
                  checked={tk.on}
                  data-testid="doc-tick"
                  onChange={(e) => onChange(d.key, { on: e.target.checked })}
                />
              </td>
              <td>
                <label htmlFor={id}>{d.name}</label>
              </td>
              <td className="muted">{requiredText(t, d)}</td>
              <td>
                <select
                  aria-label={`${t('counter.dossier.docs.form')}: ${d.name}`}
                  data-testid="doc-form"
                  value={tk.form}
                  disabled={!tk.on}
                  onChange={(e) => onChange(d.key, { form: e.target.value as DocTick['form'] })}
                >
                  <option value="original">{t('counter.dossier.docs.original')}</option>
                  {d.form !== 'original' && <option value="copy">{t('counter.dossier.docs.copy')}</option>}
                </select>
              </td>
              <td>
                <input
                  className="count"
                  inputMode="numeric"
                  aria-label={`${t('counter.dossier.docs.count')}: ${d.name}`}
                  aria-invalid={wrong ? true : undefined}
                  data-testid="doc-count"
                  value={tk.count}
                  disabled={!tk.on}
                  onChange={(e) => onChange(d.key, { count: e.target.value })}
                />
                {wrong && (
                  <small className="field-error" role="alert">
                    {t('counter.dossier.docs.badCount')}
                  </small>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** "Bản chính × 1": the form and count the procedure asks for. */
export function requiredText(t: (k: string) => string, d: RequiredDocument): string {
  return `${t(`counter.dossier.docs.${d.form}`)} × ${d.count}`;
}

/** The documents still missing, said plainly: the dossier will wait for them. */
export function MissingNotice({
  missing,
  testId,
  heading,
}: {
  missing: readonly RequiredDocument[];
  testId: string;
  /** What the list is called; by default, that the dossier will be recorded as incomplete. */
  heading?: string;
}) {
  const { t } = useT();
  if (missing.length === 0)
    return (
      <p className="notice" data-testid={`${testId}-complete`}>
        {t('counter.dossier.docs.complete')}
      </p>
    );
  return (
    <div className="warn-box" role="status" data-testid={testId}>
      <strong>{heading ?? t('counter.dossier.docs.incomplete')}</strong>
      <ul>
        {missing.map((d) => (
          <li key={d.key} data-testid={`${testId}-doc`}>
            {d.name} ({requiredText(t, d)})
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The agency's fees, the post's tariff and their total, as the catalogue gives them. */
export function FeeLines({ fees }: { fees: { agency: bigint; post: bigint } }) {
  const { t } = useT();
  return (
    <dl className="facts fees" data-testid="fees">
      <dt>{t('counter.dossier.finish.agencyFee')}</dt>
      <dd>
        <Money value={fees.agency} testId="fee-agency" />
      </dd>
      <dt>{t('counter.dossier.finish.postFee')}</dt>
      <dd>
        <Money value={fees.post} testId="fee-post" />
      </dd>
      <dt>{t('counter.dossier.finish.total')}</dt>
      <dd className="total">
        <Money value={fees.agency + fees.post} testId="fee-total" />
      </dd>
    </dl>
  );
}

export interface Signatures {
  citizen: string | null;
  clerk: string | null;
}

interface FinishProps {
  seal: string;
  onSeal: (v: string) => void;
  sealError: string | undefined;
  fees: { agency: bigint; post: bigint };
  onSign: (who: keyof Signatures, png: string | null) => void;
  sigErrors: Partial<Record<keyof Signatures, string>>;
  /** Whether a representative signs rather than the citizen. */
  representative: boolean;
  /** Whether a seal is asked for (a result alone has no envelope to seal). */
  sealed: boolean;
}

/** The seal, the fees and both signatures: what turns a complete dossier into an accepted one. */
export function FinishFields(p: FinishProps) {
  const { t } = useT();
  const pad = (who: keyof Signatures, label: string) => (
    <fieldset
      className={`dossier-sig${p.sigErrors[who] === undefined ? '' : ' invalid'}`}
      data-testid={`sig-${who}`}
    >
      <legend>{label}</legend>
      <SignaturePad onChange={(png) => p.onSign(who, png)} />
      {p.sigErrors[who] !== undefined && (
        <small className="field-error" role="alert" data-testid={`sig-${who}-error`}>
          {p.sigErrors[who]}
        </small>
      )}
    </fieldset>
  );
  return (
    <div className="dossier-finish">
      <div className="card">
        {p.sealed && (
          <Field
            label={t('counter.dossier.finish.seal')}
            hint={t('counter.dossier.finish.sealHint')}
            data-testid="seal"
            value={p.seal}
            error={p.sealError}
            onChange={(e) => p.onSeal(e.target.value)}
            autoComplete="off"
          />
        )}
        <h2>{t('counter.dossier.finish.fees')}</h2>
        <FeeLines fees={p.fees} />
      </div>
      {pad(
        'citizen',
        t(p.representative ? 'counter.dossier.finish.sigRep' : 'counter.dossier.finish.sigCitizen'),
      )}
      {pad('clerk', t('counter.dossier.finish.sigClerk'))}
    </div>
  );
}
