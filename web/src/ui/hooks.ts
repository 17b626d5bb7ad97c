// Hooks every area's pages share: a write that keeps its idempotency key while the same submission is retried,
// and a page that refreshes itself while it is open.
import { useCallback, useEffect, useRef, useState } from 'react';
import { newKey, post } from './api.ts';

/**
 * One kind of write from a form: the same body sent again (after no answer, or a press of the button again)
 * carries the same idempotency key, so it is never recorded twice; a new body, or one answered, a new key.
 */
export function useWrite() {
  const last = useRef<{ body: string; path: string; key: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = useCallback(async <T>(path: string, body: unknown): Promise<T | undefined> => {
    const text = JSON.stringify(body);
    if (last.current === null || last.current.body !== text || last.current.path !== path)
      last.current = { body: text, path, key: newKey() };
    setBusy(true);
    setError(null);
    try {
      const answer = await post<T>(path, body, last.current.key);
      last.current = null;
      return answer;
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { send, busy, error, setError };
}

/**
 * Loads now and then again after `every(data)` ms while the page is open (often while it waits on someone),
 * keeping the last good answer on screen; `at` is when it last answered, `refresh` loads at once.
 */
export function usePolled<T>(load: () => Promise<T>, every: (data: T | undefined) => number) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [at, setAt] = useState<Date | null>(null);
  const calls = useRef({ load, every });
  useEffect(() => {
    calls.current = { load, every };
  });
  const refresh = useCallback(async (): Promise<T | undefined> => {
    try {
      const next = await calls.current.load();
      setData(next);
      setError(null);
      setAt(new Date());
      return next;
    } catch (err) {
      setError(err);
      return undefined;
    }
  }, []);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const next = await refresh();
      if (alive) timer = setTimeout(() => void tick(), calls.current.every(next));
    };
    void tick();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [refresh]);
  return { data, error, at, refresh: async () => void (await refresh()) };
}
