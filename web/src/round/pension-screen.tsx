// A pension paid at the person's home: who takes the money (the pensioner or the registered proxy), the
// CCCD on the card shown (the API checks it against the list), the signature as evidence, then the payout.
import { useState, type FormEvent } from 'react';
import { day, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { Field, Money, Notice } from '../ui/parts.tsx';
import { signatureRef } from './evidence.ts';
import type { PensionLine, PensionRound } from './round-data.ts';
import { SignaturePad } from './signature-pad.tsx';
import { Refusal, useKeyedPost } from './submit.tsx';

interface Receipt {
  id: string;
  amount: string;
  recipient_name: string;
}

export function PensionScreen({
  line,
  round,
  onBack,
  onDone,
}: {
  line: PensionLine;
  round: PensionRound;
  onBack: () => void;
  onDone: () => void;
}) {
  const { t } = useT();
  const [who, setWho] = useState<'self' | 'proxy'>('self');
  const [cccd, setCccd] = useState('');
  const [signature, setSignature] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<{ cccd?: string; proof?: string }>({});
  const [paid, setPaid] = useState<Receipt | null>(null);
  const submit = useKeyedPost<Receipt>((r) => {
    setPaid(r);
    onDone();
  });
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const bad: typeof invalid = {};
    if (!/^\d{12}$/.test(cccd)) bad.cccd = t('round.pension.cccdBad');
    if (signature === null) bad.proof = t('round.item.proofNeeded');
    setInvalid(bad);
    if (Object.keys(bad).length > 0) return;
    await submit.send(`/v1/finance/pension-rounds/${encodeURIComponent(round.id)}/payouts`, {
      line_id: line.id,
      recipient: who,
      cccd,
      evidence: await signatureRef(signature!),
    });
  };
  return (
    <div className="round-item" data-testid="pension-screen">
      <button type="button" onClick={onBack} data-testid="back">
        {t('round.item.back')}
      </button>
      <h2>{t('round.pension.title')}</h2>
      <dl className="facts" data-testid="pension-facts">
        <dt>{t('round.pension.person')}</dt>
        <dd>
          {line.full_name} ({line.birth_year})
        </dd>
        <dt>{t('round.pension.benefit')}</dt>
        <dd>{t(`round.benefits.${line.benefit}`, { defaultValue: line.benefit })}</dd>
        <dt>{t('round.pension.amount')}</dt>
        <dd>
          <Money value={line.amount} testId="pension-amount" />
        </dd>
        {line.proxy_name !== null && (
          <>
            <dt>{t('round.pension.who')}</dt>
            <dd>
              {t('round.pension.proxy', { name: line.proxy_name })}
              {line.proxy_until !== null && (
                <> · {t('round.pension.proxyUntil', { until: day(line.proxy_until) })}</>
              )}
            </dd>
          </>
        )}
      </dl>
      {paid !== null && (
        <Notice testId="pension-done">
          {t('round.pension.paid', { amount: vnd(paid.amount), name: paid.recipient_name, receipt: paid.id })}
        </Notice>
      )}
      {paid === null && line.status !== 'on_round' && (
        <Notice testId="pension-done">
          {t('round.pension.notPayable', {
            status: t(`round.pensions.${line.status === 'paid' ? 'paid' : 'other'}`),
          })}
        </Notice>
      )}
      {paid === null && line.status === 'on_round' && round.status === 'open' && (
        <form className="card" onSubmit={(e) => void onSubmit(e)} data-testid="pension-form" noValidate>
          {line.proxy_name !== null && (
            <fieldset className="choice">
              <legend>{t('round.pension.who')}</legend>
              <label>
                <input
                  type="radio"
                  name="who"
                  checked={who === 'self'}
                  onChange={() => setWho('self')}
                  data-testid="who-self"
                />{' '}
                {t('round.pension.self')}
              </label>
              <label>
                <input
                  type="radio"
                  name="who"
                  checked={who === 'proxy'}
                  onChange={() => setWho('proxy')}
                  data-testid="who-proxy"
                />{' '}
                {t('round.pension.proxy', { name: line.proxy_name })}
              </label>
            </fieldset>
          )}
          <Field
            label={t('round.pension.cccd')}
            hint={t('round.pension.cccdHint')}
            error={invalid.cccd}
            value={cccd}
            onChange={(e) => setCccd(e.target.value.replace(/\s/g, ''))}
            inputMode="numeric"
            maxLength={12}
            autoComplete="off"
            autoFocus
            data-testid="cccd"
          />
          <SignaturePad onChange={setSignature} />
          {invalid.proof !== undefined && (
            <p className="field-error" role="alert" data-testid="proof-needed">
              {invalid.proof}
            </p>
          )}
          <Refusal error={submit.error} onRetry={() => void submit.retry()} testId="pension-refusal" />
          <button type="submit" className="primary wide" disabled={submit.busy} data-testid="pay">
            {t('round.pension.pay', { amount: vnd(line.amount) })}
          </button>
        </form>
      )}
    </div>
  );
}
