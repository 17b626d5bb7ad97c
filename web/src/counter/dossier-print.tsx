// A dossier just taken in or completed: its code big enough to read across the counter, what is missing if
// it waits, the fees' receipt with its QR proof, and the list of documents to print and have both sign.
import { Link } from 'wouter';
import { day, moment } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { Money } from '../ui/parts.tsx';
import type { Dossier, Procedure, TakenDossier } from './dossier-data.ts';
import { MissingNotice } from './dossier-parts.tsx';
import { QrCode, useProofQr } from './dossier-qr.tsx';

/** The list of documents as printed for both to sign: procedure, documents, citizen, seal, appointment. */
export function PrintableList({ dossier, procedure }: { dossier: Dossier; procedure: Procedure }) {
  const { t } = useT();
  const nameOf = (key: string) => procedure.documents.find((d) => d.key === key)?.name ?? key;
  const c = dossier.citizen;
  const r = dossier.representative;
  return (
    <section className="card dossier-print" data-testid="print-list" aria-labelledby="print-title">
      <h2 id="print-title">{t('counter.dossier.print.title')}</h2>
      <p className="sub">{t('counter.dossier.print.subtitle')}</p>
      <p className="print-code">
        {t('counter.dossier.done.code')}: <strong data-testid="print-code">{dossier.id}</strong>
      </p>
      <dl className="facts">
        <dt>{t('counter.dossier.print.procedure')}</dt>
        <dd data-testid="print-procedure">
          {procedure.name} <span className="muted">({procedure.code})</span>
        </dd>
        <dt>{t('counter.dossier.print.agency')}</dt>
        <dd>{procedure.agency_name ?? dossier.agency_code}</dd>
        <dt>{t('counter.dossier.print.service')}</dt>
        <dd>{t(`counter.dossier.services.${dossier.service}`)}</dd>
        <dt>{t('counter.dossier.print.citizen')}</dt>
        <dd data-testid="print-citizen">
          {c.name} — CCCD {c.cccd} — {c.phone}
          <br />
          {c.address}
        </dd>
        {r !== null && (
          <>
            <dt>{t('counter.dossier.print.representative')}</dt>
            <dd>
              {r.name} — CCCD {r.cccd} — {r.phone} (
              {t('counter.dossier.print.authorisation', {
                n: r.authorisation.number,
                d: day(r.authorisation.until),
              })}
              )
            </dd>
          </>
        )}
        {dossier.agency_ref !== null && (
          <>
            <dt>{t('counter.dossier.detail.agencyRef')}</dt>
            <dd>{dossier.agency_ref}</dd>
          </>
        )}
        {dossier.seal_no !== null && (
          <>
            <dt>{t('counter.dossier.print.seal')}</dt>
            <dd data-testid="print-seal">{dossier.seal_no}</dd>
          </>
        )}
        <dt>{t('counter.dossier.print.appointment')}</dt>
        <dd data-testid="print-appointment">
          {dossier.appointment_day !== null
            ? day(dossier.appointment_day)
            : t('counter.dossier.print.appointmentDays', { n: procedure.deadline_days })}
        </dd>
        <dt>{t('counter.dossier.print.takenAt')}</dt>
        <dd>{moment(dossier.accepted_at ?? dossier.created_at)}</dd>
      </dl>
      {dossier.documents.length > 0 && (
        <table className="table" data-testid="print-docs">
          <caption>{t('counter.dossier.print.docs')}</caption>
          <thead>
            <tr>
              <th className="num">{t('counter.dossier.print.no')}</th>
              <th>{t('counter.dossier.docs.name')}</th>
              <th>{t('counter.dossier.docs.form')}</th>
              <th className="num">{t('counter.dossier.docs.count')}</th>
            </tr>
          </thead>
          <tbody>
            {dossier.documents.map((d, i) => (
              <tr key={d.key} data-testid="print-doc">
                <td className="num">{i + 1}</td>
                <td>{nameOf(d.key)}</td>
                <td>{t(`counter.dossier.docs.${d.form}`)}</td>
                <td className="num">{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dossier.missing.length > 0 && (
        <MissingNotice
          missing={procedure.documents.filter((d) => dossier.missing.includes(d.key))}
          testId="print-missing"
          heading={`${t('counter.dossier.docs.missingTitle')}:`}
        />
      )}
      <div className="sign-boxes">
        <div>{t('counter.dossier.print.signCitizen')}</div>
        <div>{t('counter.dossier.print.signClerk')}</div>
      </div>
    </section>
  );
}

/** The fees' receipt: what was taken into the till, and the QR code that proves it offline. */
export function DossierReceipt({ dossier, procedure }: { dossier: TakenDossier; procedure: Procedure }) {
  const { t } = useT();
  const qr = useProofQr(dossier.proof);
  if (dossier.proof === null) return null;
  const total = BigInt(dossier.agency_fee) + BigInt(dossier.post_fee);
  return (
    <section className="card dossier-receipt" data-testid="dossier-receipt" aria-labelledby="receipt-title">
      <div>
        <h2 id="receipt-title">{t('counter.dossier.receipt.title')}</h2>
        <dl className="facts">
          <dt>{t('counter.dossier.done.code')}</dt>
          <dd>{dossier.id}</dd>
          <dt>{t('counter.dossier.print.procedure')}</dt>
          <dd>{procedure.name}</dd>
          <dt>{t('counter.dossier.finish.agencyFee')}</dt>
          <dd>
            <Money value={dossier.agency_fee} />
          </dd>
          <dt>{t('counter.dossier.finish.postFee')}</dt>
          <dd>
            <Money value={dossier.post_fee} />
          </dd>
          <dt>{t('counter.dossier.receipt.total')}</dt>
          <dd className="total">
            <Money value={total} testId="receipt-total" />
          </dd>
          <dt>{t('counter.dossier.receipt.at')}</dt>
          <dd>{moment(dossier.accepted_at ?? dossier.created_at)}</dd>
        </dl>
      </div>
      {qr !== null && (
        <figure>
          <QrCode text={qr} size={176} testId="receipt-qr" />
          <figcaption className="hint">
            {t('counter.dossier.receipt.qr')}{' '}
            <a
              className="no-print"
              href={`/receipt?text=${encodeURIComponent(qr)}`}
              target="_blank"
              rel="noopener"
            >
              {t('counter.dossier.receipt.check')}
            </a>
          </figcaption>
        </figure>
      )}
    </section>
  );
}

interface DoneProps {
  dossier: TakenDossier;
  procedure: Procedure;
  /** The next dossier (intake), or nothing (completion, from the dossier's page). */
  onNext?: () => void;
}

/** The outcome of intake or completion, with the receipt and the list to print. */
export function DossierDone({ dossier, procedure, onNext }: DoneProps) {
  const { t } = useT();
  const waiting = dossier.state === 'incomplete';
  return (
    <div className="dossier-done" data-testid="dossier-done" data-state={dossier.state}>
      <section className={`card no-print ${waiting ? 'waiting' : 'taken'}`}>
        <h2>{t(waiting ? 'counter.dossier.done.titleIncomplete' : 'counter.dossier.done.title')}</h2>
        <p className="muted">{t('counter.dossier.done.code')}</p>
        <p className="s10" data-testid="dossier-code">
          {dossier.id}
        </p>
        <p data-testid="dossier-state">{t(`counter.dossier.states.${dossier.state}`)}</p>
        {waiting && <p data-testid="incomplete-note">{t('counter.dossier.done.incomplete')}</p>}
        <div className="actions">
          <button type="button" className="primary" data-testid="print" onClick={() => window.print()}>
            {t('counter.dossier.done.print')}
          </button>
          <Link href={`/counter/dossiers/${encodeURIComponent(dossier.id)}`} data-testid="open-dossier">
            {t('counter.dossier.done.open')}
          </Link>
          {onNext !== undefined && (
            <button type="button" data-testid="next-dossier" onClick={onNext}>
              {t('counter.dossier.done.next')}
            </button>
          )}
        </div>
      </section>
      <DossierReceipt dossier={dossier} procedure={procedure} />
      <PrintableList dossier={dossier} procedure={procedure} />
    </div>
  );
}
