// A parcel or letter taken in at the counter: sender, recipient, service, weight and size, COD and declared
// value; the price quoted live as the clerk types; Enter accepts it, the fee goes into the clerk's open till
// under one Idempotency-Key per submission, and the S10 id, label and receipt follow.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { get, newKey, post } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, errorText, Field, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { AcceptDone, type AcceptedItem } from './accept-done.tsx';
import {
  acceptBody,
  checkForm,
  emptyForm,
  loadPhoneLib,
  phoneValid,
  quoteBody,
  refusedField,
  type AcceptForm,
  type FieldErrors,
  type ItemForm,
  type PartyForm,
} from './accept-form.ts';
import { QuotePanel, useQuote } from './accept-quote.tsx';
import { TillNotice, useOwnTill } from './accept-till.tsx';
import { CommunePicker } from './commune-picker.tsx';
import './accept.css';

const SERVICES = ['parcel', 'ems', 'ecommerce', 'registered', 'letter'] as const;
const LETTERS = new Set(['letter', 'registered']);

export function AcceptPage() {
  const { t, lang } = useT();
  const me = useMe();
  const own = useOwnTill();
  const [form, setForm] = useState<AcceptForm>(emptyForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<AcceptedItem | null>(null);
  const [services, setServices] = useState<string[]>([...SERVICES]);
  const [officeCommune, setOfficeCommune] = useState<string | null>(null);
  // One key per submission: the same body sent again (a retry, a second Enter) reuses it; a changed body
  // is a new submission with a new key.
  const submission = useRef<{ key: string; body: string } | null>(null);

  useEffect(() => {
    void loadPhoneLib();
    get<Record<string, unknown>>('/v1/delivery/tariffs').then(
      (r) => setServices(SERVICES.filter((s) => s in r)),
      () => undefined,
    );
    get<{ commune_code: string | null }>(`/v1/offices/${encodeURIComponent(me.staff.office_id)}`).then(
      (o) => setOfficeCommune(o.commune_code),
      () => undefined,
    );
  }, [me.staff.office_id]);

  const quote = useQuote(done === null ? quoteBody(form, officeCommune) : null);

  const apiField = refusedField(refusal);
  const fieldError = (path: string): string | undefined => {
    const local = errors[path];
    if (local !== undefined) return t(local);
    if (apiField === path) return errorText(refusal, lang);
    return undefined;
  };

  const setParty = (who: 'sender' | 'recipient', patch: Partial<PartyForm>) => {
    setForm((f) => ({ ...f, [who]: { ...f[who], ...patch } }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[`${who}.${k}`];
      return next;
    });
  };
  const ITEM_FIELD: Record<keyof ItemForm, string> = {
    service: 'service',
    weight: 'weight_g',
    length: 'length_cm',
    width: 'width_cm',
    height: 'height_cm',
    cod: 'cod_amount',
    insured: 'insured_value',
  };
  const setItem = (patch: Partial<ItemForm>) => {
    setForm((f) => {
      const item = { ...f.item, ...patch };
      // A letter's usual envelope, so that a letter needs no measuring.
      if (patch.service !== undefined && LETTERS.has(patch.service) && item.length === '')
        Object.assign(item, { length: '22', width: '11', height: '1' });
      return { ...f, item };
    });
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[ITEM_FIELD[k as keyof ItemForm]];
      return next;
    });
  };
  const checkPhone = (who: 'sender' | 'recipient') => {
    const v = form[who].phone.trim();
    if (v === '') return;
    void phoneValid(v).then((ok) => {
      if (!ok) setErrors((e) => ({ ...e, [`${who}.phone`]: 'counter.accept.badPhone' }));
    });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || own.till === null) return;
    setRefusal(null);
    const found = await checkForm(form);
    setErrors(found);
    const body = acceptBody(form);
    if (Object.keys(found).length > 0 || body === null) {
      focusFirstInvalid();
      return;
    }
    const json = JSON.stringify(body);
    if (submission.current?.body !== json) submission.current = { key: newKey(), body: json };
    setBusy(true);
    try {
      const item = await post<AcceptedItem>(
        `/v1/delivery/tills/${encodeURIComponent(own.till.id)}/items`,
        body,
        submission.current.key,
      );
      submission.current = null;
      setDone(item);
    } catch (err) {
      setRefusal(err);
      if (refusedField(err) !== undefined) focusFirstInvalid();
      // a till closed meanwhile is said by the notice at the top
      void own.reload();
    } finally {
      setBusy(false);
    }
  };

  const next = useCallback(() => {
    setDone(null);
    setForm(emptyForm());
    setErrors({});
    setRefusal(null);
  }, []);
  useEffect(() => {
    if (done === null) document.querySelector<HTMLInputElement>('[data-testid="sender-name"]')?.focus();
  }, [done]);

  if (done !== null)
    return (
      <Page title={t('counter.accept.title')}>
        <AcceptDone item={done} onNext={next} />
      </Page>
    );

  const party = (who: 'sender' | 'recipient') => {
    const p = form[who];
    return (
      <fieldset className="card party" data-testid={who}>
        <legend>{t(`counter.accept.${who}`)}</legend>
        <Field
          label={t('counter.accept.name')}
          autoFocus={who === 'sender'}
          data-testid={`${who}-name`}
          value={p.name}
          error={fieldError(`${who}.name`)}
          onChange={(e) => setParty(who, { name: e.target.value })}
          autoComplete="off"
        />
        <Field
          label={t('counter.accept.phone')}
          data-testid={`${who}-phone`}
          inputMode="tel"
          value={p.phone}
          hint={t('counter.accept.phoneHint')}
          error={fieldError(`${who}.phone`)}
          onChange={(e) => setParty(who, { phone: e.target.value })}
          onBlur={() => checkPhone(who)}
          autoComplete="off"
        />
        <Field
          label={t('counter.accept.address')}
          data-testid={`${who}-address`}
          value={p.address}
          error={fieldError(`${who}.address`)}
          onChange={(e) => setParty(who, { address: e.target.value })}
          autoComplete="off"
        />
        <CommunePicker
          label={t('counter.accept.commune.label')}
          testId={`${who}-commune`}
          value={p.commune}
          error={fieldError(`${who}.commune`)}
          onChange={(c) => setParty(who, { commune: c })}
        />
      </fieldset>
    );
  };

  const num = (key: 'weight' | 'length' | 'width' | 'height', field: string) => (
    <Field
      label={t(`counter.accept.${key}`)}
      data-testid={`item-${key}`}
      inputMode="numeric"
      value={form.item[key]}
      error={fieldError(field)}
      onChange={(e) => setItem({ [key]: e.target.value })}
      autoComplete="off"
    />
  );

  const letter = LETTERS.has(form.item.service);
  return (
    <Page
      title={t('counter.accept.title')}
      aside={
        own.till !== null && (
          <span className="muted" data-testid="till-open" title={own.till.id}>
            {t('counter.accept.till.open')}
          </span>
        )
      }
    >
      <TillNotice own={own} />
      <form className="accept-form" onSubmit={(e) => void submit(e)} noValidate data-testid="accept-form">
        <div className="accept-grid">
          {party('sender')}
          {party('recipient')}
          <fieldset className="card item" data-testid="item">
            <legend>{t('counter.accept.item')}</legend>
            <div className="field">
              <label htmlFor="accept-service">{t('counter.accept.service')}</label>
              <select
                id="accept-service"
                data-testid="item-service"
                value={form.item.service}
                onChange={(e) => setItem({ service: e.target.value })}
              >
                {services.map((s) => (
                  <option key={s} value={s}>
                    {t(`counter.accept.services.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            {num('weight', 'weight_g')}
            <div className="row dims">
              {num('length', 'length_cm')}
              {num('width', 'width_cm')}
              {num('height', 'height_cm')}
            </div>
            <div className="row">
              <Field
                label={t('counter.accept.cod')}
                data-testid="item-cod"
                inputMode="numeric"
                value={form.item.cod}
                disabled={letter}
                hint={t('counter.accept.codHint')}
                error={fieldError('cod_amount')}
                onChange={(e) => setItem({ cod: e.target.value })}
                autoComplete="off"
              />
              <Field
                label={t('counter.accept.insured')}
                data-testid="item-insured"
                inputMode="numeric"
                value={form.item.insured}
                disabled={form.item.service === 'letter'}
                hint={t('counter.accept.insuredHint')}
                error={fieldError('insured_value')}
                onChange={(e) => setItem({ insured: e.target.value })}
                autoComplete="off"
              />
            </div>
          </fieldset>
        </div>
        <div className="accept-bottom">
          <QuotePanel state={quote} />
          <div className="accept-submit">
            {Object.keys(errors).length > 0 && (
              <p className="field-error" role="alert" data-testid="fix-fields">
                {t('counter.accept.fixFields')}
              </p>
            )}
            {refusal !== null && apiField === undefined && <ErrorBox error={refusal} testId="accept-error" />}
            {refusal !== null && apiField !== undefined && (
              <p className="field-error" role="alert" data-testid="fix-fields">
                {t('counter.accept.fixFields')}
              </p>
            )}
            <button
              type="submit"
              className="primary big"
              data-testid="accept-submit"
              disabled={busy || own.till === null}
            >
              {busy ? t('counter.accept.submitting') : t('counter.accept.submit')}{' '}
              <span className="kbd">{t('counter.accept.submitKey')}</span>
            </button>
          </div>
        </div>
      </form>
    </Page>
  );
}

/** Moves the focus to the first field marked invalid, so the clerk can correct it without the mouse. */
function focusFirstInvalid(): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>('.accept-form [aria-invalid="true"]');
    el?.focus();
  });
}
