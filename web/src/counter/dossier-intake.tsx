// The clerk's intake wizard: the service and the procedure, the documents ticked against its checklist, the
// citizen (and a representative), then the seal, the catalogue's fees and both signatures. Sent to the
// clerk's open till under one Idempotency-Key per submission; with documents missing the dossier is recorded
// as incomplete. A refusal from the API is shown beside its field, on the step that holds it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { newKey, post } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, errorText, Field, Page } from '../ui/parts.tsx';
import { signatureRef } from '../round/evidence.ts';
import { TillNotice, useOwnTill } from './accept-till.tsx';
import {
  checkCitizen,
  CitizenFields,
  citizenBody,
  emptyCitizen,
  emptyRep,
  type CitizenForm,
  type RepForm,
} from './dossier-citizen.tsx';
import {
  emptyTicks,
  feesFor,
  missingOf,
  presentedOf,
  refusalField,
  type DocTick,
  type DocTicks,
  type DossierService,
  type Procedure,
  type TakenDossier,
} from './dossier-data.ts';
import { DocumentChecklist, FinishFields, MissingNotice, type Signatures } from './dossier-parts.tsx';
import { DossierDone } from './dossier-print.tsx';
import { ChosenProcedure, ProcedureStep } from './dossier-procedure.tsx';
import './dossier.css';

const STEPS = ['procedure', 'documents', 'citizen', 'finish'] as const;

/** The step that holds a field the API named. */
function stepOf(field: string): number {
  if (field === 'procedure' || field === 'service') return 0;
  if (field.startsWith('documents') || field === 'agency_ref') return 1;
  if (field.startsWith('citizen') || field.startsWith('representative')) return 2;
  return 3;
}

export function DossierIntakePage() {
  const { t, lang } = useT();
  const own = useOwnTill();
  const [step, setStep] = useState(0);
  const [reached, setReached] = useState(0);
  const [service, setService] = useState<DossierService>('both');
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [ticks, setTicks] = useState<DocTicks>({});
  const [agencyRef, setAgencyRef] = useState('');
  const [citizen, setCitizen] = useState<CitizenForm>(emptyCitizen);
  const [rep, setRep] = useState<RepForm>(emptyRep);
  const [seal, setSeal] = useState('');
  const [sigs, setSigs] = useState<Signatures>({ citizen: null, clerk: null });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [badCounts, setBadCounts] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ dossier: TakenDossier; procedure: Procedure } | null>(null);
  const submission = useRef<{ key: string; body: string } | null>(null);

  // The pads are drawn afresh whenever the last step is shown again: what was signed goes with them.
  useEffect(() => {
    if (step !== 3) setSigs({ citizen: null, clerk: null });
  }, [step]);

  const receive = service === 'receive';
  const given = procedure === null || receive ? [] : presentedOf(procedure, ticks).documents;
  const missing = procedure === null || receive ? [] : missingOf(procedure, given);
  const complete = missing.length === 0;
  const fees = procedure === null ? { agency: 0n, post: 0n } : feesFor(procedure, service);

  const apiField = refusalField(refusal);
  const fieldError = (path: string): string | undefined => {
    const local = errors[path];
    if (local !== undefined) return t(local);
    if (apiField === path) return errorText(refusal, lang);
    return undefined;
  };
  const clear = (...paths: string[]) => {
    setErrors((e) => {
      const next = { ...e };
      for (const p of paths) delete next[p];
      return next;
    });
    if (apiField !== undefined && paths.includes(apiField)) setRefusal(null);
  };

  /** What is wrong on a step, found before the API is asked. */
  const check = (i: number): Record<string, string> => {
    const e: Record<string, string> = {};
    if (i === 0 && procedure === null) e['procedure'] = 'counter.dossier.wizard.pickProcedure';
    if (i === 1 && procedure !== null) {
      if (receive && agencyRef.trim() === '') e['agency_ref'] = 'counter.dossier.wizard.missing';
      if (!receive) {
        const p = presentedOf(procedure, ticks);
        setBadCounts(p.bad);
        if (p.bad.length > 0) e['documents'] = 'counter.dossier.docs.badCount';
        else if (p.documents.length === 0) e['documents'] = 'counter.dossier.docs.none';
      }
    }
    if (i === 2) Object.assign(e, checkCitizen(citizen, rep));
    if (i === 3 && (complete || receive)) {
      if (!receive && seal.trim() === '') e['seal'] = 'counter.dossier.wizard.missing';
      if (sigs.citizen === null) e['signatures.citizen'] = 'counter.dossier.finish.sigNeeded';
      if (sigs.clerk === null) e['signatures.clerk'] = 'counter.dossier.finish.sigNeeded';
    }
    return e;
  };
  const go = (to: number) => {
    for (let i = step; i < to; i++) {
      const e = check(i);
      if (Object.keys(e).length > 0) {
        setErrors(e);
        setStep(i);
        return;
      }
    }
    setErrors({});
    setStep(to);
    setReached((r) => Math.max(r, to));
  };

  const pickProcedure = (p: Procedure) => {
    setProcedure(p);
    setTicks(emptyTicks(p));
    setBadCounts([]);
    clear('procedure');
  };
  const tick = (key: string, patch: Partial<DocTick>) => {
    setTicks((tk) => ({ ...tk, [key]: { ...tk[key]!, ...patch } }));
    setBadCounts((b) => b.filter((k) => k !== key));
    clear('documents');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (step < 3) return go(step + 1);
    if (busy || own.till === null || procedure === null) return;
    setRefusal(null);
    for (let i = 0; i < STEPS.length; i++) {
      const found = check(i);
      if (Object.keys(found).length > 0) {
        setErrors(found);
        setStep(i);
        return;
      }
    }
    const finished = complete || receive;
    const body = {
      procedure: procedure.code,
      service,
      ...citizenBody(citizen, rep),
      place: 'counter',
      ...(receive ? { agency_ref: agencyRef.trim() } : { documents: given }),
      ...(finished
        ? {
            seal: receive ? null : seal.trim(),
            fees: { agency: fees.agency.toString(), post: fees.post.toString() },
            signatures: {
              citizen: await signatureRef(sigs.citizen!),
              clerk: await signatureRef(sigs.clerk!),
            },
          }
        : {}),
    };
    const json = JSON.stringify(body);
    if (submission.current?.body !== json) submission.current = { key: newKey(), body: json };
    setBusy(true);
    try {
      const d = await post<TakenDossier>(
        `/v1/services/tills/${encodeURIComponent(own.till.id)}/dossiers`,
        body,
        submission.current.key,
      );
      submission.current = null;
      setDone({ dossier: d, procedure });
    } catch (err) {
      setRefusal(err);
      const f = refusalField(err);
      if (f !== undefined) setStep(stepOf(f));
      void own.reload();
    } finally {
      setBusy(false);
    }
  };

  const restart = () => {
    setDone(null);
    setStep(0);
    setReached(0);
    setProcedure(null);
    setTicks({});
    setAgencyRef('');
    setCitizen(emptyCitizen());
    setRep(emptyRep());
    setSeal('');
    setSigs({ citizen: null, clerk: null });
    setErrors({});
    setRefusal(null);
  };

  if (done !== null)
    return (
      <Page title={t('counter.dossier.wizard.title')}>
        <DossierDone dossier={done.dossier} procedure={done.procedure} onNext={restart} />
      </Page>
    );

  return (
    <Page
      title={t('counter.dossier.wizard.title')}
      aside={<Link href="/counter/dossiers">{t('counter.dossier.detail.back')}</Link>}
    >
      <TillNotice own={own} />
      <ol className="wizard-steps" data-testid="wizard-steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? 'step' : undefined}>
            <button type="button" disabled={i > reached} onClick={() => (i < step ? setStep(i) : go(i))}>
              {t(`counter.dossier.wizard.steps.${s}`)}
            </button>
          </li>
        ))}
      </ol>
      <form
        className="dossier-form"
        onSubmit={(e) => void submit(e)}
        noValidate
        data-testid="dossier-form"
        data-step={STEPS[step]}
      >
        {step === 0 && (
          <ProcedureStep
            service={service}
            onService={setService}
            procedure={procedure}
            onProcedure={pickProcedure}
            error={fieldError('procedure')}
          />
        )}
        {step > 0 && procedure !== null && <ChosenProcedure procedure={procedure} service={service} />}
        {step === 1 && procedure !== null && receive && (
          <div className="card">
            <Field
              label={t('counter.dossier.wizard.agencyRef')}
              hint={t('counter.dossier.wizard.agencyRefHint')}
              data-testid="agency-ref"
              value={agencyRef}
              error={fieldError('agency_ref')}
              onChange={(e) => {
                setAgencyRef(e.target.value);
                clear('agency_ref');
              }}
              autoComplete="off"
            />
          </div>
        )}
        {step === 1 && procedure !== null && !receive && (
          <>
            <DocumentChecklist procedure={procedure} ticks={ticks} onChange={tick} bad={badCounts} />
            {fieldError('documents') !== undefined && (
              <p className="field-error" role="alert" data-testid="documents-error">
                {fieldError('documents')}
              </p>
            )}
            {given.length > 0 && <MissingNotice missing={missing} testId="missing" />}
          </>
        )}
        {step === 2 && (
          <CitizenFields
            citizen={citizen}
            rep={rep}
            fieldError={fieldError}
            onCitizen={(patch) => {
              setCitizen((c) => ({ ...c, ...patch }));
              clear(...Object.keys(patch).map((k) => `citizen.${k}`));
            }}
            onRep={(patch) => {
              setRep((r) => ({ ...r, ...patch }));
              clear(
                ...Object.keys(patch).map((k) =>
                  k === 'number' || k === 'until'
                    ? `representative.authorisation.${k}`
                    : `representative.${k}`,
                ),
              );
            }}
          />
        )}
        {step === 3 && !complete && <MissingNotice missing={missing} testId="missing" />}
        {step === 3 && (complete || receive) && (
          <FinishFields
            seal={seal}
            onSeal={(v) => {
              setSeal(v);
              clear('seal');
            }}
            sealError={fieldError('seal')}
            fees={fees}
            sigErrors={{ citizen: fieldError('signatures.citizen'), clerk: fieldError('signatures.clerk') }}
            onSign={(who, png) => {
              setSigs((s) => ({ ...s, [who]: png }));
              clear(`signatures.${who}`);
            }}
            representative={rep.on}
            sealed={!receive}
          />
        )}
        <div className="wizard-bottom">
          {refusal !== null && <ErrorBox error={refusal} testId="dossier-error" />}
          {Object.keys(errors).length > 0 && (
            <p className="field-error" role="alert" data-testid="fix-fields">
              {t('counter.dossier.wizard.fixFields')}
            </p>
          )}
          <div className="actions">
            {step > 0 && (
              <button type="button" data-testid="wizard-back" onClick={() => setStep(step - 1)}>
                {t('counter.dossier.wizard.back')}
              </button>
            )}
            {step < 3 ? (
              <button type="submit" className="primary" data-testid="wizard-next">
                {t('counter.dossier.wizard.next')}
              </button>
            ) : (
              <button
                type="submit"
                className="primary big"
                data-testid="dossier-submit"
                disabled={busy || own.till === null}
              >
                {busy
                  ? t('counter.dossier.wizard.submitting')
                  : t(
                      complete || receive
                        ? 'counter.dossier.wizard.submit'
                        : 'counter.dossier.wizard.submitIncomplete',
                    )}
              </button>
            )}
          </div>
        </div>
      </form>
    </Page>
  );
}
