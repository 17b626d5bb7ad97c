// What the clerk can do to a dossier at the counter, by its state: complete one that waited for documents
// (charged into the clerk's open till), take the supplement an agency asked for, or collect a ready result
// from the agency. Each write carries one Idempotency-Key per submission; a refusal shows in the panel.
import { useRef, useState, type FormEvent } from 'react';
import { newKey, post } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, errorText, Notice } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { signatureRef } from '../round/evidence.ts';
import { TillNotice, useOwnTill } from './accept-till.tsx';
import {
  emptyTicks,
  feesFor,
  missingOf,
  presentedOf,
  refusalField,
  type DocTick,
  type Dossier,
  type Procedure,
  type TakenDossier,
} from './dossier-data.ts';
import { DocumentChecklist, FinishFields, MissingNotice, type Signatures } from './dossier-parts.tsx';

/** One key per submission: the same body again (a retry, a double click) reuses it. */
function useSubmission() {
  const last = useRef<{ key: string; body: string } | null>(null);
  return {
    keyFor(body: unknown): string {
      const json = JSON.stringify(body);
      if (last.current?.body !== json) last.current = { key: newKey(), body: json };
      return last.current.key;
    },
    done() {
      last.current = null;
    },
  };
}

const officePath = (office: string, d: Dossier, what: string) =>
  `/v1/services/offices/${encodeURIComponent(office)}/dossiers/${encodeURIComponent(d.id)}/${what}`;

/** A write at the clerk's office about the dossier (a supplement, a result collected): busy, refusal, run. */
function useOfficeAction(dossier: Dossier, what: string, onDone: (d: Dossier) => void) {
  const me = useMe();
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmission();
  const run = async (body: unknown) => {
    if (busy) return;
    setRefusal(null);
    setBusy(true);
    try {
      const d = await post<Dossier>(
        officePath(me.staff.office_id, dossier, what),
        body,
        submission.keyFor(body),
      );
      submission.done();
      onDone(d);
    } catch (err) {
      setRefusal(err);
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, refusal, setRefusal };
}

interface PanelProps {
  dossier: Dossier;
  procedure: Procedure;
  onDone: (d: TakenDossier | Dossier) => void;
}

/** The missing documents brought, the seal, the fees and both signatures: the dossier accepted and paid. */
export function CompletePanel({ dossier, procedure, onDone }: PanelProps) {
  const { t, lang } = useT();
  const own = useOwnTill();
  const [ticks, setTicks] = useState(() => emptyTicks(procedure));
  const [seal, setSeal] = useState('');
  const [sigs, setSigs] = useState<Signatures>({ citizen: null, clerk: null });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmission();
  const { documents, bad } = presentedOf(procedure, ticks, dossier.missing);
  const still = missingOf(procedure, documents, dossier.documents);
  const fees = feesFor(procedure, dossier.service);
  const apiField = refusalField(refusal);
  const fieldError = (path: string) =>
    errors[path] !== undefined ? t(errors[path]) : apiField === path ? errorText(refusal, lang) : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || own.till === null) return;
    const found: Record<string, string> = {};
    if (bad.length > 0) found['documents'] = 'counter.dossier.docs.badCount';
    else if (documents.length === 0) found['documents'] = 'counter.dossier.docs.none';
    if (seal.trim() === '') found['seal'] = 'counter.dossier.wizard.missing';
    if (sigs.citizen === null) found['signatures.citizen'] = 'counter.dossier.finish.sigNeeded';
    if (sigs.clerk === null) found['signatures.clerk'] = 'counter.dossier.finish.sigNeeded';
    setErrors(found);
    setRefusal(null);
    if (Object.keys(found).length > 0) return;
    const body = {
      documents,
      seal: seal.trim(),
      fees: { agency: fees.agency.toString(), post: fees.post.toString() },
      signatures: { citizen: await signatureRef(sigs.citizen!), clerk: await signatureRef(sigs.clerk!) },
    };
    setBusy(true);
    try {
      const d = await post<TakenDossier>(
        `/v1/services/tills/${encodeURIComponent(own.till.id)}/dossiers/${encodeURIComponent(dossier.id)}/completion`,
        body,
        submission.keyFor(body),
      );
      submission.done();
      onDone(d);
    } catch (err) {
      setRefusal(err);
      void own.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card action" onSubmit={(e) => void submit(e)} noValidate data-testid="complete-panel">
      <h2>{t('counter.dossier.detail.complete')}</h2>
      <TillNotice own={own} />
      <DocumentChecklist
        procedure={procedure}
        ticks={ticks}
        only={dossier.missing}
        bad={bad}
        onChange={(key: string, patch: Partial<DocTick>) => {
          setTicks((tk) => ({ ...tk, [key]: { ...tk[key]!, ...patch } }));
          setErrors((x) => {
            const next = { ...x };
            delete next['documents'];
            return next;
          });
        }}
      />
      {fieldError('documents') !== undefined && (
        <p className="field-error" role="alert">
          {fieldError('documents')}
        </p>
      )}
      <MissingNotice missing={still} testId="still-missing" />
      <FinishFields
        seal={seal}
        onSeal={setSeal}
        sealError={fieldError('seal')}
        fees={fees}
        sigErrors={{ citizen: fieldError('signatures.citizen'), clerk: fieldError('signatures.clerk') }}
        onSign={(who, png) => setSigs((s) => ({ ...s, [who]: png }))}
        representative={dossier.representative !== null}
        sealed
      />
      {refusal !== null && <ErrorBox error={refusal} testId="complete-error" />}
      <button
        type="submit"
        className="primary big"
        data-testid="complete-submit"
        disabled={busy || own.till === null}
      >
        {busy ? t('counter.dossier.wizard.submitting') : t('counter.dossier.detail.completeSubmit')}
      </button>
    </form>
  );
}

/** The papers the agency asked for, ticked against the procedure's list and sent to it. */
export function SupplementPanel({ dossier, procedure, onDone }: PanelProps) {
  const { t } = useT();
  const [ticks, setTicks] = useState(() => emptyTicks(procedure));
  const [local, setLocal] = useState<string | null>(null);
  const { run, busy, refusal, setRefusal } = useOfficeAction(dossier, 'supplements', onDone);
  const { documents, bad } = presentedOf(procedure, ticks);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setRefusal(null);
    if (bad.length > 0 || documents.length === 0) {
      setLocal(bad.length > 0 ? 'counter.dossier.docs.badCount' : 'counter.dossier.docs.none');
      return;
    }
    setLocal(null);
    await run({ documents });
  };
  return (
    <form className="card action" onSubmit={(e) => void submit(e)} noValidate data-testid="supplement-panel">
      <h2>{t('counter.dossier.detail.supplement')}</h2>
      <DocumentChecklist
        procedure={procedure}
        ticks={ticks}
        bad={bad}
        onChange={(key: string, patch: Partial<DocTick>) => {
          setTicks((tk) => ({ ...tk, [key]: { ...tk[key]!, ...patch } }));
          setLocal(null);
        }}
      />
      {local !== null && (
        <p className="field-error" role="alert">
          {t(local)}
        </p>
      )}
      {refusal !== null && <ErrorBox error={refusal} testId="supplement-error" />}
      <button type="submit" className="primary" data-testid="supplement-submit" disabled={busy}>
        {t('counter.dossier.detail.supplementSubmit')}
      </button>
    </form>
  );
}

/** The result (or the refusal) collected from the agency: it leaves for the citizen as a restricted item. */
export function CollectPanel({ dossier, onDone }: Omit<PanelProps, 'procedure'>) {
  const { t } = useT();
  const { run, busy, refusal } = useOfficeAction(dossier, 'result-collection', onDone);
  const collect = () => run({});
  return (
    <section className="card action" data-testid="collect-panel">
      <h2>{t('counter.dossier.detail.collect')}</h2>
      {refusal !== null && <ErrorBox error={refusal} testId="collect-error" />}
      <button
        type="button"
        className="primary"
        data-testid="collect-submit"
        disabled={busy}
        onClick={() => void collect()}
      >
        {t('counter.dossier.detail.collectSubmit')}
      </button>
    </section>
  );
}

/** Said once an action went through (completion shows its receipt instead). */
export function ActionDone({ what }: { what: 'supplemented' | 'collected' }) {
  const { t } = useT();
  return <Notice testId="action-done">{t(`counter.dossier.detail.${what}`)}</Notice>;
}
