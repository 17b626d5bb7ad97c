// Sign-in for every role: username and password, then the authenticator's code when the account needs it;
// a lockout or too many tries is shown as the API says it.
import { useState, type FormEvent } from 'react';
import { post, isApiError } from './api.ts';
import { useT } from './i18n.ts';
import { ErrorBox, Field } from './parts.tsx';
import { LangToggle } from './shell.tsx';

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/v1/auth/sign-in', {
        username: username.trim(),
        password,
        ...(needsCode ? { code: code.trim() } : {}),
      });
      onSignedIn();
    } catch (err) {
      if (isApiError(err) && err.code === 'second_factor_required' && !needsCode) {
        setNeedsCode(true);
        setTimeout(() => document.getElementById('sign-in-code')?.focus(), 0);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title" noValidate>
        <div className="page-head">
          <h1 id="sign-in-title">{t('signIn.title')}</h1>
          <LangToggle />
        </div>
        <p className="lead">{t('signIn.lead')}</p>
        <Field
          id="sign-in-username"
          label={t('signIn.username')}
          autoComplete="username"
          autoFocus
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
          id="sign-in-password"
          label={t('signIn.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {needsCode && (
          <Field
            id="sign-in-code"
            label={t('signIn.code')}
            hint={t('signIn.codeHint')}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="\d{6}"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
        <ErrorBox error={error} testId="sign-in-error" />
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
        <nav className="public-links" aria-label={t('public.nav')}>
          <a href="/track">{t('public.track')}</a> · <a href="/offices">{t('public.offices')}</a> ·{' '}
          <a href="/receipt">{t('public.receipt')}</a>
        </nav>
      </form>
    </main>
  );
}
