// A write from a phone on a flaky connection: its Idempotency-Key is made once per submission and kept
// until an answer arrives, so the client's own retries and the postman's "Try again" carry the same key and
// the server records it once. A refusal is shown with what to do next, in the reader's language.
import { useState } from 'react';
import { ApiError, newKey, post } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox } from '../ui/parts.tsx';

/**
 * No answer came (the network, or a gateway that spoke for the server): the same request may be sent again.
 * A refusal in the API's own words (a shut cell's 503 among them) is an answer.
 */
const unanswered = (e: unknown) =>
  e instanceof ApiError &&
  (e.status === 0 || ([502, 503, 504].includes(e.status) && e.code.startsWith('http_')));

/** A keyed POST with its pending state: `send` starts a submission, `retry` sends the unanswered one again. */
export function useKeyedPost<T>(onDone: (answer: T) => void) {
  const [pending, setPending] = useState<{ path: string; body: unknown; key: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (p: { path: string; body: unknown; key: string }) => {
    setPending(p);
    setBusy(true);
    setError(null);
    try {
      const answer = await post<T>(p.path, p.body, p.key);
      setPending(null);
      onDone(answer);
    } catch (err) {
      // An answer (a refusal) ends the submission: the corrected one is a new request with a new key.
      if (!unanswered(err)) setPending(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    error,
    /** Whether a submission is waiting for an answer: "Try again" then resends it as it was. */
    unanswered: pending !== null && error !== null,
    send: (path: string, body: unknown) => run({ path, body, key: pending?.key ?? newKey() }),
    retry: () => (pending === null ? undefined : run(pending)),
    clear: () => setError(null),
  };
}

/** The API's refusal, then what the postman should do about it. */
export function Refusal({
  error,
  onRetry,
  testId,
}: {
  error: unknown;
  onRetry?: (() => void) | undefined;
  testId?: string;
}) {
  const { t } = useT();
  if (error === null || error === undefined) return null;
  const code = error instanceof ApiError ? error.code : '';
  const hint = t(`round.refusal.${code}`, { defaultValue: '' });
  return (
    <div className="refusal" data-testid={testId ?? 'refusal'}>
      <ErrorBox error={error} testId={`${testId ?? 'refusal'}-error`} />
      {hint !== '' && <p className="refusal-hint">{hint}</p>}
      {onRetry !== undefined && unanswered(error) && (
        <>
          <p className="refusal-hint">{t('round.retry.pending')}</p>
          <button type="button" className="primary" onClick={onRetry} data-testid="retry">
            {t('round.retry.again')}
          </button>
        </>
      )}
    </div>
  );
}
