// An item held for pick-up handed over at the counter: the id scanned (a scanner types it and presses Enter),
// the item as the API gives it, the recipient's identity paper checked, then the hand-over with its COD
// taken into the clerk's open till under one Idempotency-Key per hand-over.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { get, newKey, post } from '../ui/api.ts';
import { parseVnd, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money, Notice, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { TillNotice, useOwnTill } from './accept-till.tsx';
import './accept.css';

interface Item {
  id: string;
  service: string;
  status: string;
  location_office_id: string | null;
  attempts: number;
  recipient: { name: string; phone: string };
  cod_amount: string;
  needs_code: boolean;
  /** A dossier's result: only the citizen or their representative, on their CCCD. */
  restricted: boolean;
  returning: boolean;
  delivered_to: string | null;
}

interface Check {
  name: string;
  idNumber: string;
  checked: boolean;
  code: string;
  cod: string;
}
const emptyCheck = (): Check => ({ name: '', idNumber: '', checked: false, code: '', cod: '' });

/** The item's id as the API spells it: a scanner's or a person's spaces and case do not matter. */
const normalId = (text: string) => text.replace(/\s+/g, '').toUpperCase();

export function PickupPage() {
  const { t } = useT();
  const me = useMe();
  const own = useOwnTill();
  const [scan, setScan] = useState('');
  const [item, setItem] = useState<Item | null>(null);
  const [findError, setFindError] = useState<unknown>(null);
  const [check, setCheck] = useState<Check>(emptyCheck);
  const [errors, setErrors] = useState<Partial<Record<keyof Check, string>>>({});
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ id: string; name: string; cod: string } | null>(null);
  const submission = useRef<{ key: string; body: string } | null>(null);

  const focusScan = () =>
    requestAnimationFrame(() =>
      document.querySelector<HTMLInputElement>('[data-testid="pickup-scan"]')?.focus(),
    );

  const find = async (e: FormEvent) => {
    e.preventDefault();
    const id = normalId(scan);
    if (id === '') return;
    setItem(null);
    setFindError(null);
    setRefusal(null);
    setDone(null);
    setCheck(emptyCheck());
    setErrors({});
    try {
      const found = await get<Item>(`/v1/delivery/items/${encodeURIComponent(id)}`);
      setItem(found);
      setCheck({ ...emptyCheck(), name: found.recipient.name });
    } catch (err) {
      setFindError(err);
      focusScan();
    }
  };

  // Why this item cannot be handed over here, from what the API answered about it.
  const blocked = (i: Item): string | null => {
    const status = t(`counter.pickup.statuses.${i.status}`, { defaultValue: i.status });
    if (i.status === 'delivered') return t('counter.pickup.delivered', { id: i.id });
    if (i.status !== 'held') return t('counter.pickup.notHeld', { id: i.id, status });
    if (i.location_office_id !== me.staff.office_id)
      return t('counter.pickup.elsewhere', { id: i.id, office: i.location_office_id ?? '—' });
    return null;
  };

  const handOver = async (e: FormEvent) => {
    e.preventDefault();
    if (item === null || busy || own.till === null) return;
    setRefusal(null);
    const found: typeof errors = {};
    const cod = BigInt(item.cod_amount);
    if (check.name.trim() === '') found.name = t('counter.pickup.missing');
    const idText = check.idNumber.replace(/\s+/g, '');
    const restricted = item.restricted && !item.returning;
    if (restricted ? !/^\d{12}$/.test(idText) : !/^(\d{9}|\d{12}|[A-Z]\d{7,8})$/i.test(idText))
      found.idNumber = t(restricted ? 'counter.pickup.cccdBad' : 'counter.pickup.idBad');
    if (!check.checked) found.checked = t('counter.pickup.mustCheck');
    if (item.needs_code && !/^\d{6}$/.test(check.code.trim())) found.code = t('counter.pickup.codeBad');
    const received = check.cod.trim() === '' ? undefined : parseVnd(check.cod);
    if (cod > 0n && received === undefined)
      found.cod = check.cod.trim() === '' ? t('counter.pickup.missing') : t('counter.pickup.badAmount');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('.pickup-form [aria-invalid="true"]')?.focus(),
      );
      return;
    }
    // The paper's number stays with the clerk: only its last four characters are kept, as the proof's name.
    const body = {
      item: item.id,
      recipient_name: check.name.trim(),
      signature: `signature:counter-${own.till.id}-id-${idText.slice(-4).toUpperCase()}`,
      code: item.needs_code ? check.code.trim() : null,
      // A result's receiver is checked by the API against the citizens it may go to: the whole CCCD is sent.
      ...(restricted ? { receiver_cccd: idText } : {}),
      cod_collected: cod > 0n ? (received ?? 0n).toString() : null,
    };
    const json = JSON.stringify(body);
    if (submission.current?.body !== json) submission.current = { key: newKey(), body: json };
    setBusy(true);
    try {
      const after = await post<Item>(
        `/v1/delivery/tills/${encodeURIComponent(own.till.id)}/pickups`,
        body,
        submission.current.key,
      );
      submission.current = null;
      setDone({ id: after.id, name: after.delivered_to ?? body.recipient_name, cod: after.cod_amount });
      setItem(null);
      setScan('');
      focusScan();
    } catch (err) {
      setRefusal(err);
      void own.reload();
    } finally {
      setBusy(false);
    }
  };

  const why = item === null ? null : blocked(item);
  // The identity check comes next once a hand-over is possible; the scan field again after it.
  const ready = item !== null && why === null;
  useEffect(() => {
    const target = ready ? 'pickup-id-number' : 'pickup-scan';
    document.querySelector<HTMLInputElement>(`[data-testid="${target}"]`)?.focus();
  }, [ready, item?.id]);
  const cod = item === null ? 0n : BigInt(item.cod_amount);
  return (
    <Page
      title={t('counter.pickup.title')}
      aside={
        own.till !== null && (
          <span className="muted" data-testid="till-open" title={own.till.id}>
            {t('counter.accept.till.open')}
          </span>
        )
      }
    >
      <TillNotice own={own} />
      <form className="row scan-row" onSubmit={(e) => void find(e)} data-testid="pickup-find">
        <Field
          label={t('counter.pickup.scan')}
          hint={t('counter.pickup.scanHint')}
          data-testid="pickup-scan"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={scan}
          onChange={(e) => setScan(e.target.value)}
        />
        <button type="submit">{t('counter.pickup.find')}</button>
      </form>
      <ErrorBox error={findError} testId="pickup-find-error" />
      {done !== null && (
        <Notice testId="pickup-done">
          {t('counter.pickup.done', { id: done.id, name: done.name })}{' '}
          {done.cod !== '0' && t('counter.pickup.doneCod', { amount: vnd(done.cod) })}
        </Notice>
      )}
      {item !== null && (
        <div className="pickup-grid">
          <section className="card pickup-item" data-testid="pickup-item" aria-labelledby="pickup-item-title">
            <h2 id="pickup-item-title">{t('counter.pickup.item')}</h2>
            <p className="s10" data-testid="pickup-s10">
              {item.id}
            </p>
            <dl className="facts">
              <dt>{t('counter.pickup.service')}</dt>
              <dd>{t(`counter.accept.services.${item.service}`, { defaultValue: item.service })}</dd>
              <dt>{t('counter.pickup.status')}</dt>
              <dd data-testid="pickup-status">
                {t(`counter.pickup.statuses.${item.status}`, { defaultValue: item.status })}
              </dd>
              <dt>{t('counter.pickup.recipient')}</dt>
              <dd data-testid="pickup-recipient">{item.recipient.name}</dd>
              <dt>{t('counter.pickup.phone')}</dt>
              <dd>{item.recipient.phone}</dd>
              <dt>{t('counter.pickup.attempts')}</dt>
              <dd>{item.attempts}</dd>
              <dt>{t('counter.pickup.cod')}</dt>
              <dd data-testid="pickup-cod">{cod > 0n ? <Money value={cod} /> : t('counter.pickup.noCod')}</dd>
            </dl>
          </section>
          {why !== null ? (
            <div className="error-box" role="alert" data-testid="pickup-blocked">
              {why}
            </div>
          ) : (
            <form
              className="card pickup-form"
              onSubmit={(e) => void handOver(e)}
              noValidate
              data-testid="pickup-form"
              aria-labelledby="pickup-id-title"
            >
              <h2 id="pickup-id-title">{t('counter.pickup.identity')}</h2>
              {item.restricted && !item.returning && (
                <p className="caution" role="note" data-testid="pickup-restricted">
                  {t('counter.pickup.restricted')}
                </p>
              )}
              <Field
                label={t(
                  item.restricted && !item.returning ? 'counter.pickup.cccd' : 'counter.pickup.idNumber',
                )}
                hint={t(
                  item.restricted && !item.returning ? 'counter.pickup.cccdHint' : 'counter.pickup.idHint',
                )}
                data-testid="pickup-id-number"
                autoComplete="off"
                value={check.idNumber}
                error={errors.idNumber}
                onChange={(e) => setCheck((c) => ({ ...c, idNumber: e.target.value }))}
              />
              <Field
                label={t('counter.pickup.takerName')}
                data-testid="pickup-name"
                autoComplete="off"
                value={check.name}
                error={errors.name}
                onChange={(e) => setCheck((c) => ({ ...c, name: e.target.value }))}
              />
              {item.needs_code && (
                <Field
                  label={t('counter.pickup.code')}
                  data-testid="pickup-code"
                  inputMode="numeric"
                  autoComplete="off"
                  value={check.code}
                  error={errors.code}
                  onChange={(e) => setCheck((c) => ({ ...c, code: e.target.value }))}
                />
              )}
              {cod > 0n && (
                <Field
                  label={t('counter.pickup.codReceived')}
                  hint={t('counter.pickup.codHint', { amount: vnd(cod) })}
                  data-testid="pickup-cod-received"
                  inputMode="numeric"
                  autoComplete="off"
                  value={check.cod}
                  error={errors.cod}
                  onChange={(e) => setCheck((c) => ({ ...c, cod: e.target.value }))}
                />
              )}
              <label className="check">
                <input
                  type="checkbox"
                  data-testid="pickup-checked"
                  checked={check.checked}
                  aria-invalid={errors.checked === undefined ? undefined : true}
                  onChange={(e) => setCheck((c) => ({ ...c, checked: e.target.checked }))}
                  onKeyDown={(e) => {
                    // Enter on the box hands over, as on every other field of the form.
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      e.currentTarget.form?.requestSubmit();
                    }
                  }}
                />
                {t('counter.pickup.checked')}
              </label>
              {errors.checked !== undefined && (
                <small className="field-error" role="alert">
                  {errors.checked}
                </small>
              )}
              <ErrorBox error={refusal} testId="pickup-error" />
              <div className="actions">
                <button
                  type="submit"
                  className="primary big"
                  data-testid="pickup-submit"
                  disabled={busy || own.till === null}
                >
                  {busy ? t('counter.pickup.handing') : t('counter.pickup.handOver')}{' '}
                  <span className="kbd">Enter</span>
                </button>
              </div>
            </form>
          )}
        </div>
      )}
    </Page>
  );
}
