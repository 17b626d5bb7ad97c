// Who is signed in (GET /v1/me), shared by every page: the menu and each role's home are built from it.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { get, isApiError, post } from './api.ts';

export interface Me {
  staff: {
    id: string;
    username: string;
    full_name: string;
    office_id: string;
    roles: string[];
  };
  office_province: string | null;
  roles: Array<{ role: string; name_vi: string; scope: string }>;
  permissions: Array<{ permission: string; scope: string }>;
  second_factor: boolean;
}

interface SessionValue {
  me: Me | null;
  loading: boolean;
  refresh: () => Promise<Me | null>;
  signOut: () => Promise<void>;
  can: (permission: string) => boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      const m = await get<Me>('/v1/me');
      setMe(m);
      return m;
    } catch (err) {
      if (!isApiError(err) || err.status !== 401) console.error(err);
      setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);
  const signOut = useCallback(async () => {
    try {
      await post('/v1/auth/sign-out', {});
    } finally {
      setMe(null);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const can = useCallback(
    (permission: string) => me?.permissions.some((p) => p.permission === permission) ?? false,
    [me],
  );
  return (
    <SessionContext.Provider value={{ me, loading, refresh, signOut, can }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (s === null) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in person (pages under the shell only render when someone is). */
export function useMe(): Me {
  const { me } = useSession();
  if (me === null) throw new Error('useMe without a session');
  return me;
}
