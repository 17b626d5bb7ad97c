// Responding to an incident (/security/respond, security officers only): shut a cell at once (read-only or
// isolated: one officer), ask for what needs a second person (reopen, restore, key change) with a fresh code
// from the authenticator app, and capture evidence into the chain of custody. The API's refusals are shown here.
import { useState, type FormEvent } from 'react';
import { newKey } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Notice } from '../ui/parts.tsx';
import { Console } from './console.tsx';
import { GUARDED, securityApi, type Mode, type RequestKind } from './data.ts';

function useSubmit<T>(run: () => Promise<T>, said: (r: T) => string) {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    run()
      .then((r) => setDone(said(r)), setError)
      .finally(() => setBusy(false));
  };
  return { error, done, busy, submit };
}

function CellSelect({
  value,
  onChange,
  all,
}: {
  value: string;
  onChange: (v: string) => void;
  all?: boolean;
}) {
  const { t } = useT();
  return (
    <div className="field">
      <label>
        {t('security.respond.cell')}
        <select value={value} onChange={(e) => onChange(e.target.value)}>
          {all === true && <option value="">{t('security.respond.allCells')}</option>}
          {GUARDED.map((c) => (
            <option key={c} value={c}>
              {t(`cells.${c}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function Restrict() {
  const { t } = useT();
  const [cell, setCell] = useState('delivery');
  const [mode, setMode] = useState<Mode>('isolated');
  const [reason, setReason] = useState('');
  const s = useSubmit(
    () => securityApi.restrict(cell, mode, reason.trim()),
    (r) => t('security.respond.restricted', { cell: t(`cells.${r.cell}`), mode: t(`modes.${r.mode}`) }),
  );
  return (
    <form className="card sec-form" onSubmit={s.submit} data-testid="restrict-form">
      <h2>{t('security.respond.restrictTitle')}</h2>
      <CellSelect value={cell} onChange={setCell} />
      <div className="field">
        <label>
          {t('security.respond.mode')}
          <select value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            <option value="isolated">{t('modes.isolated')}</option>
            <option value="read-only">{t('modes.read-only')}</option>
          </select>
        </label>
      </div>
      <Field
        label={t('security.respond.reason')}
        hint={t('security.respond.reasonHint')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" className="danger primary" disabled={s.busy}>
        {t('security.respond.restrict')}
      </button>
      <ErrorBox error={s.error} />
      {s.done !== null && <Notice testId="restricted">{s.done}</Notice>}
    </form>
  );
}

function RequestForm() {
  const { t } = useT();
  const [kind, setKind] = useState<RequestKind>('restore');
  const [cell, setCell] = useState('delivery');
  const [mode, setMode] = useState<Mode>('normal');
  const [target, setTarget] = useState('latest');
  const [key, setKey] = useState('checkpoint');
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  // One key per filled form: sending it again after no answer asks once.
  const [idem, setIdem] = useState(newKey);
  const s = useSubmit(
    () => {
      const body =
        kind === 'restore'
          ? { kind, cell, target: target.trim(), reason: reason.trim() }
          : kind === 'set_mode'
            ? { kind, cell, mode, reason: reason.trim() }
            : { kind, key, reason: reason.trim() };
      return securityApi.request({ ...body, code: code.trim() }, idem).then((r) => {
        setIdem(newKey());
        setCode('');
        return r;
      });
    },
    (r) => t('security.respond.requested', { id: r.id }),
  );
  return (
    <form className="card sec-form" onSubmit={s.submit} data-testid="request-form">
      <h2>{t('security.respond.requestTitle')}</h2>
      <div className="field">
        <label>
          {t('security.respond.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as RequestKind)}>
            <option value="restore">{t('security.kinds.restore')}</option>
            <option value="set_mode">{t('security.kinds.set_mode')}</option>
            <option value="keys">{t('security.kinds.keys')}</option>
          </select>
        </label>
      </div>
      {kind !== 'keys' && <CellSelect value={cell} onChange={setCell} />}
      {kind === 'set_mode' && (
        <div className="field">
          <label>
            {t('security.respond.requestMode')}
            <select value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
              <option value="normal">{t('modes.normal')}</option>
              <option value="read-only">{t('modes.read-only')}</option>
            </select>
          </label>
        </div>
      )}
      {kind === 'restore' && (
        <Field
          label={t('security.respond.target')}
          hint={t('security.respond.targetHint')}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        />
      )}
      {kind === 'keys' && (
        <div className="field">
          <label>
            {t('security.respond.key')}
            <select value={key} onChange={(e) => setKey(e.target.value)}>
              {['checkpoint', 'secret-box', 'backup'].map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <Field
        label={t('security.respond.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Field
        label={t('security.respond.code')}
        hint={t('security.respond.codeHint')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
      />
      <button type="submit" className="primary" disabled={s.busy}>
        {t('security.respond.submit')}
      </button>
      <ErrorBox error={s.error} />
      {s.done !== null && <Notice testId="requested">{s.done}</Notice>}
    </form>
  );
}

function Capture() {
  const { t } = useT();
  const [cell, setCell] = useState('');
  const [reason, setReason] = useState('');
  const s = useSubmit(
    () => securityApi.capture(cell === '' ? null : cell, reason.trim()),
    (r) => t('security.respond.captured', { id: r.id, files: r.files }),
  );
  return (
    <form className="card sec-form" onSubmit={s.submit} data-testid="capture-form">
      <h2>{t('security.respond.evidenceTitle')}</h2>
      <CellSelect value={cell} onChange={setCell} all />
      <Field
        label={t('security.respond.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" disabled={s.busy}>
        {t('security.respond.capture')}
      </button>
      <ErrorBox error={s.error} />
      {s.done !== null && <Notice testId="captured">{s.done}</Notice>}
    </form>
  );
}

export function RespondPage() {
  return (
    <Console>
      <div className="sec-forms">
        <Restrict />
        <RequestForm />
        <Capture />
      </div>
    </Console>
  );
}
