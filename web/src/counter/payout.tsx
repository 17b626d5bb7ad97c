// The counter clerk's pension payout in three steps, without the mouse: find the person (a scanned CCCD, a
// name, a list line), see what is due and check the CCCD presented, pay; then the receipt, printed.
// Nothing is paid without the clerk's open till: the page says so first, with the way to the till.
import { useCallback, useState } from 'react';
import { Link } from 'wouter';
import { vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Page } from '../ui/parts.tsx';
import { useCounter, type Counter, type Line, type Receipt } from './payout-data.tsx';
import { DueStep } from './payout-due.tsx';
import { FindStep, type Found } from './payout-find.tsx';
import { ReceiptStep } from './payout-receipt.tsx';

type Step = { at: 'find' } | { at: 'due'; line: Line } | { at: 'paid'; receipt: Receipt };

function Steps({ counter }: { counter: Counter }) {
  const { t } = useT();
  const [step, setStep] = useState<Step>({ at: 'find' });
  const [found, setFound] = useState<Found>({ q: '', lines: null, active: 0 });
  const next = useCallback(() => {
    setFound({ q: '', lines: null, active: 0 });
    setStep({ at: 'find' });
  }, []);
  const n = step.at === 'find' ? 1 : step.at === 'due' ? 2 : 3;
  return (
    <>
      <h2 data-testid="payout-step" data-step={n}>
        {t('counter.payout.step', { n })}: {t(`counter.payout.steps.${step.at}`)}
      </h2>
      {step.at === 'find' && (
        <FindStep
          counter={counter}
          found={found}
          onFound={setFound}
          onPick={(line) => setStep({ at: 'due', line })}
        />
      )}
      {step.at === 'due' && (
        <DueStep
          key={step.line.id}
          counter={counter}
          line={step.line}
          onPaid={(receipt) => setStep({ at: 'paid', receipt })}
          onBack={() => setStep({ at: 'find' })}
        />
      )}
      {step.at === 'paid' && <ReceiptStep receipt={step.receipt} onNext={next} />}
    </>
  );
}

export function PayoutPage() {
  const { t } = useT();
  const { counter, error } = useCounter();
  const aside =
    counter?.till == null ? undefined : (
      <span className="hint" data-testid="payout-till-cash">
        {t('counter.payout.tillCash', { amount: vnd(counter.till.cash) })}
      </span>
    );
  let body;
  if (error !== null) body = <ErrorBox error={error} testId="payout-context-error" />;
  else if (counter === null) body = <p className="loading">{t('counter.payout.loadingContext')}</p>;
  else if (counter.till === null)
    body = (
      <div className="error-box" role="alert" data-testid="payout-no-till">
        {t(counter.opening ? 'counter.payout.tillOpening' : 'counter.payout.noTill')}{' '}
        <Link href="/counter/till" data-testid="payout-to-till">
          {t('counter.payout.toTill')}
        </Link>
      </div>
    );
  else if (counter.periods.length === 0)
    body = (
      <p role="status" data-testid="payout-no-period">
        {t('counter.payout.noPeriod')}
      </p>
    );
  else body = <Steps counter={counter} />;
  return (
    <Page title={t('counter.payout.title')} aside={aside}>
      {body}
    </Page>
  );
}
