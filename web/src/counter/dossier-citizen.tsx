// The wizard's citizen step: who lodges the dossier (CCCD, name, phone, address, commune) and, when someone
// lodges it for them, the representative and their written authorisation.
import { useT } from '../ui/i18n.ts';
import { Field } from '../ui/parts.tsx';
import { CommunePicker, type Commune } from './commune-picker.tsx';

export interface CitizenForm {
  cccd: string;
  name: string;
  phone: string;
  address: string;
  commune: Commune | null;
}
export interface RepForm {
  on: boolean;
  name: string;
  cccd: string;
  phone: string;
  number: string;
  until: string;
}
export const emptyCitizen = (): CitizenForm => ({
  cccd: '',
  name: '',
  phone: '',
  address: '',
  commune: null,
});
export const emptyRep = (): RepForm => ({ on: false, name: '', cccd: '', phone: '', number: '', until: '' });

/** The fields left empty or plainly malformed, by the API's field names; the API checks the rest. */
export function checkCitizen(c: CitizenForm, r: RepForm): Record<string, string> {
  const e: Record<string, string> = {};
  const need = (path: string, v: string) => {
    if (v.trim() === '') e[path] = 'counter.dossier.wizard.missing';
  };
  const cccd = (path: string, v: string) => {
    if (!/^\d{12}$/.test(v.replace(/[\s.]/g, ''))) e[path] = 'counter.dossier.citizen.badCccd';
  };
  cccd('citizen.cccd', c.cccd);
  need('citizen.name', c.name);
  need('citizen.phone', c.phone);
  need('citizen.address', c.address);
  if (c.commune === null) e['citizen.commune'] = 'counter.accept.pickCommune';
  if (r.on) {
    need('representative.name', r.name);
    cccd('representative.cccd', r.cccd);
    need('representative.phone', r.phone);
    need('representative.authorisation.number', r.number);
    need('representative.authorisation.until', r.until);
  }
  return e;
}

/** The citizen and the representative as intake's body holds them. */
export function citizenBody(c: CitizenForm, r: RepForm) {
  return {
    citizen: {
      cccd: c.cccd.trim(),
      name: c.name.trim(),
      phone: c.phone.trim(),
      address: c.address.trim(),
      commune: c.commune?.code ?? '',
    },
    representative: r.on
      ? {
          name: r.name.trim(),
          cccd: r.cccd.trim(),
          phone: r.phone.trim(),
          authorisation: { number: r.number.trim(), until: r.until },
        }
      : null,
  };
}

interface Props {
  citizen: CitizenForm;
  rep: RepForm;
  onCitizen: (patch: Partial<CitizenForm>) => void;
  onRep: (patch: Partial<RepForm>) => void;
  /** The error shown beside a field, by the API's field name. */
  fieldError: (path: string) => string | undefined;
}

export function CitizenFields({ citizen, rep, onCitizen, onRep, fieldError }: Props) {
  const { t } = useT();
  const text = (who: 'citizen' | 'rep', key: 'cccd' | 'name' | 'phone' | 'address', label: string) => {
    const path = `${who === 'citizen' ? 'citizen' : 'representative'}.${key}`;
    const value = who === 'citizen' ? citizen[key] : rep[key as Exclude<typeof key, 'address'>];
    return (
      <Field
        label={label}
        data-testid={`${who}-${key}`}
        value={value}
        error={fieldError(path)}
        hint={key === 'cccd' ? t('counter.dossier.citizen.cccdHint') : undefined}
        inputMode={key === 'cccd' || key === 'phone' ? 'numeric' : undefined}
        onChange={(e) =>
          who === 'citizen' ? onCitizen({ [key]: e.target.value }) : onRep({ [key]: e.target.value })
        }
        autoComplete="off"
      />
    );
  };
  return (
    <div className="dossier-people">
      <fieldset className="card" data-testid="citizen">
        <legend>{t('counter.dossier.citizen.title')}</legend>
        <div className="row">
          {text('citizen', 'cccd', t('counter.dossier.citizen.cccd'))}
          {text('citizen', 'name', t('counter.dossier.citizen.name'))}
          {text('citizen', 'phone', t('counter.dossier.citizen.phone'))}
        </div>
        {text('citizen', 'address', t('counter.dossier.citizen.address'))}
        <CommunePicker
          label={t('counter.dossier.citizen.commune')}
          testId="citizen-commune"
          value={citizen.commune}
          error={fieldError('citizen.commune')}
          onChange={(c) => onCitizen({ commune: c })}
        />
      </fieldset>
      <fieldset className="card" data-testid="representative">
        <legend>
          <label>
            <input
              type="checkbox"
              checked={rep.on}
              data-testid="rep-on"
              onChange={(e) => onRep({ on: e.target.checked })}
            />{' '}
            {t('counter.dossier.citizen.representative')}
          </label>
        </legend>
        {rep.on && (
          <>
            <div className="row">
              {text('rep', 'cccd', t('counter.dossier.citizen.cccd'))}
              {text('rep', 'name', t('counter.dossier.citizen.name'))}
              {text('rep', 'phone', t('counter.dossier.citizen.phone'))}
            </div>
            <div className="row">
              <Field
                label={t('counter.dossier.citizen.authNumber')}
                data-testid="rep-number"
                value={rep.number}
                error={fieldError('representative.authorisation.number')}
                onChange={(e) => onRep({ number: e.target.value })}
                autoComplete="off"
              />
              <Field
                label={t('counter.dossier.citizen.authUntil')}
                type="date"
                data-testid="rep-until"
                value={rep.until}
                error={fieldError('representative.authorisation.until')}
                onChange={(e) => onRep({ until: e.target.value })}
              />
            </div>
          </>
        )}
      </fieldset>
    </div>
  );
}
