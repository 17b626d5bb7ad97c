// Step 3: the payout done, its receipt shown (the amount in words as printed), P prints the API's own PDF
// (with its QR proof) through a frame, N or Esc goes back to step 1 for the next person.
import { useCallback, useEffect, useRef, useState } from 'react';
import { moment, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { Money, Notice } from '../ui/parts.tsx';
import { monthText, receiptPdf, type Receipt } from './payout-data.tsx';

export function ReceiptStep({ receipt, onNext }: { receipt: Receipt; onNext: () => void }) {
  const { t } = useT();
  const [printing, setPrinting] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const url = receiptPdf(receipt.id);

  const print = useCallback(() => {
    const f = frame.current;
    if (f === null) return;
    setPrinting(true);
    // Loaded afresh each time, then printed from the frame: the browser's print dialog with the PDF in it.
    // The keys stay with the page (N for the next person), not with the frame.
    f.onload = () => {
      try {
        f.contentWindow?.print();
      } catch {
        window.open(url, '_blank', 'noopener');
      }
      nextRef.current?.focus();
    };
    f.src = url;
  }, [url]);

  useEffect(() => {
    nextRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      const k = e.key.toLowerCase();
      if (k === 'p') {
        e.preventDefault();
        print();
      } else if (k === 'n' || k === 'escape') {
        e.preventDefault();
        onNext();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [print, onNext]);

  return (
    <div className="card" data-testid="payout-receipt">
      <Notice testId="payout-done">
        {t('counter.payout.paid.done', { amount: vnd(receipt.amount), name: receipt.recipient_name })}
      </Notice>
      <dl className="facts">
        <dt>{t('counter.payout.due.person')}</dt>
        <dd>
          <strong>{receipt.full_name}</strong> (CCCD {receipt.cccd})
        </dd>
        <dt>{t('counter.payout.due.benefit')}</dt>
        <dd>{t(`counter.payout.benefit.${receipt.benefit}`, { defaultValue: receipt.benefit })}</dd>
        <dt>{t('counter.payout.due.months')}</dt>
        <dd>{receipt.months.map(monthText).join(', ')}</dd>
        <dt>{t('counter.payout.due.amount')}</dt>
        <dd style={{ fontSize: '1.4rem', fontWeight: 700 }}>
          <Money value={receipt.amount} testId="receipt-amount" />
        </dd>
        <dt>{t('counter.payout.paid.words')}</dt>
        <dd lang="vi" data-testid="receipt-words">
          {receipt.amount_words}
        </dd>
        <dt>{t('counter.payout.paid.recipient')}</dt>
        <dd data-testid="receipt-recipient">
          {receipt.recipient_name} ({t(`counter.payout.paid.${receipt.recipient}`)}
          {receipt.recipient_cccd === null ? '' : `, CCCD ${receipt.recipient_cccd}`})
        </dd>
        <dt>{t('counter.payout.paid.at')}</dt>
        <dd>{moment(receipt.paid_at)}</dd>
        <dt>{t('counter.payout.paid.receipt')}</dt>
        <dd data-testid="receipt-id">{receipt.id}</dd>
      </dl>
      <div className="actions">
        <button type="button" className="primary" onClick={print} data-testid="payout-print">
          {t('counter.payout.paid.print')}{' '}
          <span className="kbd" style={{ color: 'var(--ink)' }}>
            P
          </span>
        </button>
        <a href={url} target="_blank" rel="noopener" data-testid="payout-pdf-link">
          {t('counter.payout.paid.open')}
        </a>
        <button type="button" ref={nextRef} onClick={onNext} data-testid="payout-next">
          {t('counter.payout.paid.next')} <span className="kbd">N</span>
        </button>
      </div>
      {printing && (
        <p className="hint" role="status">
          {t('counter.payout.paid.printing')}
        </p>
      )}
      <p className="hint">{t('counter.payout.paid.keys')}</p>
      <iframe
        ref={frame}
        title={t('counter.payout.paid.print')}
        data-testid="payout-print-frame"
        style={{ position: 'fixed', right: 0, bottom: 0, width: 1, height: 1, border: 0, opacity: 0 }}
      />
    </div>
  );
}
