// An item just accepted: its S10 id big enough to read across the counter, what was taken, and its A6 label
// and receipt printed from the API's PDFs (keys L and B), then the next item (N).
import { useEffect, useRef } from 'react';
import { useT } from '../ui/i18n.ts';
import { Money } from '../ui/parts.tsx';

export interface AcceptedItem {
  id: string;
  service: string;
  fee: string;
  cod_amount: string;
  insured_value: string;
  till_session_id: string | null;
  delivery_code: string | null;
}

export const labelUrl = (id: string) => `/v1/delivery/items/${encodeURIComponent(id)}/label.pdf`;
export const receiptUrl = (id: string) => `/v1/delivery/items/${encodeURIComponent(id)}/receipt.pdf`;

/** Prints a PDF through a hidden frame (the browser's own print dialog); a new tab when it cannot. */
export function printPdf(url: string): void {
  let frame = document.getElementById('print-frame') as HTMLIFrameElement | null;
  if (frame === null) {
    frame = document.createElement('iframe');
    frame.id = 'print-frame';
    frame.title = 'print';
    frame.className = 'print-frame';
    document.body.appendChild(frame);
  }
  const f = frame;
  f.onload = () => {
    try {
      f.contentWindow?.focus();
      f.contentWindow?.print();
    } catch {
      window.open(url, '_blank', 'noopener');
    }
  };
  f.src = url;
}

/** The accepted item, its documents and the way to the next one. */
export function AcceptDone({ item, onNext }: { item: AcceptedItem; onNext: () => void }) {
  const { t } = useT();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      const k = e.key.toLowerCase();
      if (k === 'l') printPdf(labelUrl(item.id));
      else if (k === 'b') printPdf(receiptUrl(item.id));
      else if (k === 'n') onNext();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [item.id, onNext]);
  return (
    <section className="card accepted" aria-labelledby="accepted-title" data-testid="accepted">
      <h2 id="accepted-title">{t('counter.accept.done.title')}</h2>
      <p className="muted">{t('counter.accept.done.id')}</p>
      <p className="s10" data-testid="s10">
        {item.id}
      </p>
      <dl className="facts">
        <dt>{t('counter.accept.done.fee')}</dt>
        <dd>
          <Money value={item.fee} testId="accepted-fee" />
        </dd>
        {item.cod_amount !== '0' && (
          <>
            <dt>{t('counter.accept.done.cod')}</dt>
            <dd>
              <Money value={item.cod_amount} testId="accepted-cod" />
            </dd>
          </>
        )}
        {item.delivery_code !== null && (
          <>
            <dt>{t('counter.accept.done.code')}</dt>
            <dd className="code-big" data-testid="delivery-code">
              {item.delivery_code}
            </dd>
          </>
        )}
      </dl>
      <div className="actions">
        <button
          ref={first}
          type="button"
          className="primary"
          data-testid="print-label"
          onClick={() => printPdf(labelUrl(item.id))}
        >
          {t('counter.accept.done.label')} <span className="kbd">L</span>
        </button>
        <a href={labelUrl(item.id)} target="_blank" rel="noopener" data-testid="label-link">
          {t('counter.accept.done.open')}
        </a>
        <button type="button" data-testid="print-receipt" onClick={() => printPdf(receiptUrl(item.id))}>
          {t('counter.accept.done.receipt')} <span className="kbd">B</span>
        </button>
        <a href={receiptUrl(item.id)} target="_blank" rel="noopener" data-testid="receipt-link">
          {t('counter.accept.done.open')}
        </a>
        <button type="button" data-testid="next-item" onClick={onNext}>
          {t('counter.accept.done.next')} <span className="kbd">N</span>
        </button>
      </div>
      <p className="muted">{t('counter.accept.done.keys')}</p>
    </section>
  );
}
