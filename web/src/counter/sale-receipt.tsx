// The sales receipt in the page, printable: lines, VAT per rate, the total in figures and in words, cash and
// change, the clerk and office, and the proof of its event as a QR code.
import { useT } from '../ui/i18n.ts';
import { Money } from '../ui/parts.tsx';
import { moment } from '../ui/format.ts';
import type { Proof } from '../public/receipt-verify.ts';
import { QrCode, useProofQr } from './dossier-qr.tsx';
import type { Sale, VatGroup } from './sale-data.ts';

/** The VAT of each rate, then the total and its words. */
export function Totals({
  groups,
  total,
  words,
}: {
  groups: readonly VatGroup[];
  total: string;
  words: string;
}) {
  const { t } = useT();
  return (
    <dl className="sale-totals">
      {groups.map((g) => (
        <div key={g.rate} data-testid={`vat-${g.rate}`}>
          <dt>{t('counter.sale.vatOf', { rate: g.rate })}</dt>
          <dd>
            <Money value={g.vat} />
          </dd>
        </div>
      ))}
      <div className="grand">
        <dt>{t('counter.sale.total')}</dt>
        <dd>
          <Money value={total} testId="sale-total" />
        </dd>
      </div>
      <div>
        <dt>{t('counter.sale.inWords')}</dt>
        <dd data-testid="sale-words">{words}</dd>
      </div>
    </dl>
  );
}

export function SaleReceipt({
  sale,
  office,
  clerk,
  onNext,
}: {
  sale: Sale;
  office: string;
  clerk: string;
  onNext: () => void;
}) {
  const { t, lang } = useT();
  const proof = useProofQr((sale.proof ?? null) as Proof | null);
  return (
    <section className="card sale-receipt" data-testid="sale-receipt">
      <h2>
        {t('counter.sale.receipt')} · {t('counter.sale.number')} <span data-testid="sale-id">{sale.id}</span>
      </h2>
      <p>
        {t('counter.sale.office')}: {office} · {t('counter.sale.clerk')}: {clerk} · {moment(sale.at)}
      </p>
      <table className="sale-lines">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('counter.sale.product')}</th>
            <th className="num">{t('counter.sale.quantity')}</th>
            <th className="num">{t('counter.sale.price')}</th>
            <th className="num">{t('counter.sale.vat')}</th>
            <th className="num">{t('counter.sale.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {sale.lines.map((l) => (
            <tr key={l.line}>
              <td>{l.line}</td>
              <td>{lang === 'vi' ? l.name_vi : l.name_en}</td>
              <td className="num">
                {l.quantity} {l.unit}
              </td>
              <td className="num">
                <Money value={l.unit_price} />
              </td>
              <td className="num">{l.vat_rate}%</td>
              <td className="num">
                <Money value={l.amount} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Totals groups={sale.vat_groups} total={sale.total} words={sale.total_words} />
      {sale.payment === 'cash' ? (
        <dl className="sale-totals">
          <div>
            <dt>{t('counter.sale.tendered')}</dt>
            <dd>
              <Money value={sale.tendered ?? '0'} />
            </dd>
          </div>
          <div className="grand">
            <dt>{t('counter.sale.change')}</dt>
            <dd>
              <Money value={sale.change ?? '0'} testId="sale-change" />
            </dd>
          </div>
        </dl>
      ) : (
        <p>{t('counter.sale.vietqr')}</p>
      )}
      {proof !== null && (
        <div className="sale-proof">
          <QrCode text={proof} size={140} testId="sale-proof" />
          <small>{t('counter.sale.proof')}</small>
        </div>
      )}
      <div className="actions no-print">
        <button type="button" onClick={() => window.print()}>
          {t('common.print')}
        </button>
        <a
          href={`/v1/retail/offices/${encodeURIComponent(sale.office_id)}/sales/${encodeURIComponent(sale.id)}/receipt.pdf`}
          target="_blank"
          rel="noreferrer"
          data-testid="sale-pdf"
        >
          {t('counter.sale.printPdf')}
        </a>
        <button type="button" className="primary" onClick={onNext} data-testid="sale-next" autoFocus>
          {t('counter.sale.next')}
        </button>
      </div>
    </section>
  );
}
