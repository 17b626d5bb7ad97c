// One parcel at the door: deliver it with proof (who took it, a signature or a photo, the COD taken, which
// must be its amount exactly), or record why it could not be delivered and what happens next.
import { useId, useState, type FormEvent } from 'react';
import { parseVnd, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { Field, Money, Notice } from '../ui/parts.tsx';
import { photoRef, signatureRef } from './evidence.ts';
import type { Item, Stop } from './round-data.ts';
import { SignaturePad } from './signature-pad.tsx';
import { Refusal, useKeyedPost } from './submit.tsx';

const REASONS = ['11', '10', '12', '13', '14', '15', '16', '17', '99'] as const;
const ACTIONS = ['A', 'B', 'C'] as const;

export function ItemScreen({ stop, onBack, onDone }: { stop: Stop; onBack: () => void; onDone: () => void }) {
  const { t } = useT();
  const { item, round, outcome } = stop;
  const [done, setDone] = useState<string | null>(null);
  const finished = (text: string) => {
    setDone(text);
    onDone();
  };
  return (
    <div className="round-item" data-testid="item-screen">
      <button type="button" onClick={onBack} data-testid="back">
        {t('round.item.back')}
      </button>
      <h2 className="item-id" data-testid="item-id">
        {item.id}
      </h2>
      <dl className="facts" data-testid="item-facts">
        <dt>{t('round.item.recipient')}</dt>
        <dd>{item.recipient.name}</dd>
        <dt>{t('round.item.address')}</dt>
        <dd>{item.recipient.address}</dd>
        <dt>{t('round.item.phone')}</dt>
        <dd>
          <a href={`tel:${item.recipient.phone}`}>{item.recipient.phone}</a>
        </dd>
        <dt>{t('round.item.codToCollect')}</dt>
        <dd>
          {BigInt(item.cod_amount) > 0n && !item.returning ? (
            <Money value={item.cod_amount} testId="item-cod" />
          ) : (
            t('round.parcels.noCod')
          )}
        </dd>
      </dl>
      {item.restricted && !item.returning && (
        <p className="caution" role="note" data-testid="item-restricted">
          {t('round.item.restricted')}
        </p>
      )}
      {item.attempts > 0 && <p>{t('round.item.attempts', { count: item.attempts })}</p>}
      {done !== null && <Notice testId="item-done">{done}</Notice>}
      {done === null && outcome !== 'pending' && (
        <Notice testId="item-done">
          {t('round.item.alreadyDone', { outcome: t(`round.parcels.${outcome}`) })}
        </Notice>
      )}
      {done === null && outcome === 'pending' && round.status === 'open' && (
        <>
          <DeliverForm item={item} roundId={round.id} onDone={finished} />
          <AttemptForm item={item} roundId={round.id} onDone={finished} />
        </>
      )}
    </div>
  );
}

/** What each form of a parcel's step gets: the item, its round, and where to say it is done. */
interface FormProps {
  item: Item;
  roundId: string;
  onDone: (text: string) => void;
}

function DeliverForm({ item, roundId, onDone }: FormProps) {
  const { t } = useT();
  const cod = item.returning ? 0n : BigInt(item.cod_amount);
  const [name, setName] = useState(item.recipient.name);
  const [code, setCode] = useState('');
  const [cccd, setCccd] = useState('');
  const [codText, setCodText] = useState('');
  const [signature, setSignature] = useState<string | null>(null);
  const [photo, setPhoto] = useState<File | null>(null);
  const [invalid, setInvalid] = useState<{ cod?: string; proof?: string; cccd?: string }>({});
  const restricted = item.restricted && !item.returning;
  const submit = useKeyedPost<{ delivered_to: string | null }>((r) =>
    onDone(t('round.item.delivered', { id: item.id, name: r.delivered_to ?? name })),
  );
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const taken = cod > 0n ? parseVnd(codText) : 0n;
    const bad: typeof invalid = {};
    if (taken === undefined) bad.cod = t('round.item.codBad');
    if (restricted && !/^\d{12}$/.test(cccd.trim())) bad.cccd = t('round.item.cccdBad');
    if (signature === null && photo === null) bad.proof = t('round.item.proofNeeded');
    setInvalid(bad);
    if (Object.keys(bad).length > 0) return;
    await submit.send(`/v1/delivery/rounds/${encodeURIComponent(roundId)}/deliveries`, {
      item: item.id,
      recipient_name: name,
      signature: signature === null ? null : await signatureRef(signature),
      photo: photo === null ? null : await photoRef(photo),
      ...(item.needs_code ? { code } : {}),
      ...(restricted ? { receiver_cccd: cccd.trim() } : {}),
      cod_collected: cod > 0n ? taken!.toString() : null,
    });
  };
  return (
    <form className="card" onSubmit={(e) => void onSubmit(e)} data-testid="deliver-form" noValidate>
      <h3>{t('round.item.deliverTitle')}</h3>
      <Field
        label={t('round.item.takenBy')}
        hint={t('round.item.takenByHint')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoComplete="off"
        required
        data-testid="taken-by"
      />
      {restricted && (
        <Field
          label={t('round.item.cccd')}
          hint={t('round.item.cccdHint')}
          error={invalid.cccd}
          value={cccd}
          onChange={(e) => setCccd(e.target.value)}
          inputMode="numeric"
          autoComplete="off"
          maxLength={12}
          data-testid="receiver-cccd"
        />
      )}
      {item.needs_code && (
        <Field
          label={t('round.item.code')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          inputMode="numeric"
          maxLength={6}
          data-testid="delivery-code"
        />
      )}
      {cod > 0n && (
        <Field
          label={t('round.item.codCollected')}
          hint={t('round.item.codHint', { amount: vnd(cod) })}
          error={invalid.cod}
          value={codText}
          onChange={(e) => setCodText(e.target.value)}
          inputMode="numeric"
          autoComplete="off"
          data-testid="cod-collected"
        />
      )}
      <SignaturePad onChange={setSignature} />
      <Field
        label={t('round.item.photo')}
        hint={t('round.item.photoHint')}
        type="file"
        accept="image/*"
        capture="environment"
        onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
        data-testid="photo"
      />
      {invalid.proof !== undefined && (
        <p className="field-error" role="alert" data-testid="proof-needed">
          {invalid.proof}
        </p>
      )}
      <Refusal error={submit.error} onRetry={() => void submit.retry()} testId="deliver-refusal" />
      <button type="submit" className="primary wide" disabled={submit.busy} data-testid="deliver">
        {t('round.item.deliver')}
      </button>
    </form>
  );
}

function AttemptForm({ item, roundId, onDone }: FormProps) {
  const { t } = useT();
  const [reason, setReason] = useState<string>('11');
  // After the last attempt allowed the item goes back: the API asks for C then, and says so.
  const [action, setAction] = useState<string>(item.attempts >= 2 ? 'C' : 'A');
  const submit = useKeyedPost<unknown>(() =>
    onDone(t('round.item.failedDone', { id: item.id, reason: t(`round.reasons.${reason}`) })),
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.send(`/v1/delivery/rounds/${encodeURIComponent(roundId)}/attempts`, {
      item: item.id,
      reason,
      action,
    });
  };
  return (
    <form className="card" onSubmit={onSubmit} data-testid="attempt-form">
      <h3>{t('round.item.failTitle')}</h3>
      <Choice
        name="reason"
        label={t('round.item.reason')}
        value={reason}
        onChange={setReason}
        options={REASONS.map((r) => [r, t(`round.reasons.${r}`)])}
      />
      <Choice
        name="action"
        label={t('round.item.action')}
        value={action}
        onChange={setAction}
        options={ACTIONS.map((a) => [a, t(`round.actions.${a}`)])}
      />
      <Refusal error={submit.error} onRetry={() => void submit.retry()} testId="attempt-refusal" />
      <button type="submit" disabled={submit.busy} className="wide" data-testid="fail">
        {t('round.item.fail')}
      </button>
    </form>
  );
}

/** A labelled list to choose one code from, shown in words. */
function Choice({
  name,
  label,
  value,
  onChange,
  options,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: ReadonlyArray<readonly [code: string, words: string]>;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={name}>
        {options.map(([code, words]) => (
          <option key={code} value={code}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}
