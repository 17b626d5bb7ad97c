// Shared parts of every screen: a labelled field with its error beside it, the API's refusal shown in the
// reader's language, money, and a page heading.
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from './api.ts';
import { vnd } from './format.ts';
import { useT } from './i18n.ts';

/** The API's answer in the reader's language: its Vietnamese message, or its English one and code. */
export function errorText(err: unknown, lang: 'vi' | 'en'): string {
  if (err instanceof ApiError) return lang === 'vi' ? err.messageVi : err.message;
  return err instanceof Error ? err.message : String(err);
}

/** A refusal from the API, shown where the person is looking; `code` stays visible for the help desk. */
export function ErrorBox({ error, testId }: { error: unknown; testId?: string }) {
  const { t, lang } = useT();
  if (error === null || error === undefined) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="error-box" role="alert" data-testid={testId ?? 'error'} data-code={code}>
      <strong>{t('common.refused')}</strong> {errorText(error, lang)}
      {code !== undefined && <span className="code"> ({code})</span>}
    </div>
  );
}

export function Notice({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="notice" role="status" data-testid={testId}>
      {children}
    </div>
  );
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
};

/** An input with its label, hint and error tied to it (aria-describedby), the error beside the field. */
export function Field({ label, error, hint, id, ...input }: FieldProps) {
  const auto = useId();
  const fid = id ?? auto;
  const described = [hint === undefined ? '' : `${fid}-hint`, error === undefined ? '' : `${fid}-err`]
    .filter((s) => s !== '')
    .join(' ');
  return (
    <div className={`field${error === undefined ? '' : ' invalid'}`}>
      <label htmlFor={fid}>{label}</label>
      <input
        id={fid}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={described === '' ? undefined : described}
        {...input}
      />
      {hint !== undefined && (
        <small id={`${fid}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error !== undefined && (
        <small id={`${fid}-err`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

export function Money({ value, testId }: { value: bigint | string | number; testId?: string }) {
  return (
    <span className="money" data-testid={testId}>
      {vnd(value)}
    </span>
  );
}

export function Page({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="page">
      <header className="page-head">
        <h1>{title}</h1>
        {aside}
      </header>
      {children}
    </section>
  );
}
