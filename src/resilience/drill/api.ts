// The drill's people at the platform's API, over real HTTP as the web app talks to it: a signed-in session,
// an officer's authenticator, two officers deciding together, and waiting for the vault to catch up.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { totpFor } from '../../cells/core/index.ts';
import type { DrillLog } from './report.ts';
import type { DrillSeed } from './seed.ts';

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An API's answer: its status and its JSON body. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A signed-in member of staff talking to the platform's API. */
export interface Session {
  /** A write carries `key` as its Idempotency-Key when given (a retry), else a fresh one. */
  call(method: string, path: string, body?: unknown, key?: string): Promise<Answer>;
}

async function request(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  cookie?: string,
  key?: string,
): Promise<Answer & { cookie?: string }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie === undefined ? {} : { cookie }),
      // As the web app does: every write carries its own key, so a retried one takes effect once.
      ...(method === 'POST' ? { 'idempotency-key': key ?? randomUUID() } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    parsed = { text };
  }
  const set = res.headers.get('set-cookie');
  return { status: res.status, body: parsed, ...(set === null ? {} : { cookie: set.split(';')[0]! }) };
}

/** Signs a member of staff in (with a second factor's code when given); their session. */
export async function signIn(
  base: string,
  username: string,
  password: string,
  code?: string,
): Promise<Session> {
  const r = await request(base, 'POST', '/v1/auth/sign-in', {
    username,
    password,
    ...(code === undefined ? {} : { code }),
  });
  if (r.status !== 200 || r.cookie === undefined)
    throw new Error(`sign-in of ${username} answered ${r.status}: ${JSON.stringify(r.body)}`);
  const cookie = r.cookie;
  return { call: (method, path, body, key) => request(base, method, path, body, cookie, key) };
}

/** The answer's body, when its status is the one expected; otherwise an error naming what was asked. */
export function expectOk(what: string, a: Answer, status = 200): Record<string, unknown> {
  if (a.status !== status) throw new Error(`${what} answered ${a.status}: ${JSON.stringify(a.body)}`);
  return a.body;
}

/** One officer's authenticator: each code used once, a fresh 30-second step for each. */
function authenticator(o: DrillSeed['officers'][number]) {
  let last = -1;
  return async (): Promise<string> => {
    for (;;) {
      const now = Date.now();
      const step = Math.floor(now / 30_000);
      const want = Math.max(step, last + 1);
      // The server accepts the next step too (its window is one step).
      if (want <= step + 1) {
        last = want;
        return totpFor(o.username, o.totp_secret).generate({ timestamp: want * 30_000 });
      }
      await sleep((step + 1) * 30_000 - now + 50);
    }
  };
}

/** A security officer: signed in, with their authenticator at hand. */
export interface Officer {
  username: string;
  code: () => Promise<string>;
  session: Session;
}

/** The two security officers on duty, signed in with their second factor. */
export async function signInOfficers(base: string, seed: DrillSeed): Promise<[Officer, Officer]> {
  const officers: Officer[] = [];
  for (const o of seed.officers) {
    const code = authenticator(o);
    officers.push({
      username: o.username,
      code,
      session: await signIn(base, o.username, o.password, await code()),
    });
  }
  return officers as [Officer, Officer];
}

/** One officer asks, the other approves, each with a fresh code; the request's id. */
export async function twoPeople(
  log: DrillLog,
  what: string,
  ask: Officer,
  approver: Officer,
  request: Record<string, unknown>,
  approval: string,
): Promise<string> {
  const asked = expectOk(
    `${what} request`,
    await ask.session.call('POST', '/v1/incidents/requests', { ...request, code: await ask.code() }),
    201,
  );
  const id = String(asked['id']);
  log.mark(`${what} requested by ${ask.username}`);
  expectOk(
    `${what} approval`,
    await approver.session.call('POST', `/v1/incidents/requests/${id}/decision`, {
      approve: true,
      reason: approval,
      code: await approver.code(),
    }),
  );
  log.mark(`${what} approved by ${approver.username}`);
  return id;
}

/** Everything in the vault: waits until no cell lags, at most `ms`. */
export async function caughtUp(officer: Session, workspace: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const s = expectOk('status', await officer.call('GET', '/v1/status')) as {
      cells: Array<{ cell: string; vault: { lag_events: string } | null }>;
    };
    if (s.cells.every((c) => c.vault !== null && c.vault.lag_events === '0')) return;
    if (Date.now() > until)
      throw new Error(
        `the vault had not caught up after ${ms / 1000} s (see ${join(workspace, 'platform.log')}): ${JSON.stringify(s.cells)}`,
      );
    await sleep(500);
  }
}
