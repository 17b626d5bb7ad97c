// Test support for the whole platform: a configuration over a fresh test place, staff signed in over HTTP,
// the command line run as a child process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Platform } from './app.ts';
import type { Role } from './cells/core/index.ts';
import type { Config } from './config.ts';
import { SESSION_COOKIE } from './http/auth.ts';
import type { Server } from './http/server.ts';
import type { TestPlace } from './storage/testing.ts';

/** The configuration `loadConfig` would give for a test place, quiet and without the demo. */
export function testConfig(place: TestPlace, overrides: Partial<Config> = {}): Config {
  return {
    demo: false,
    storage: place.config,
    dataDir: place.dataDir,
    secretKeyFile: join(place.dataDir, 'keys', 'secret-box.key'),
    checkpointKeyFile: join(place.dataDir, 'keys', 'checkpoint.key'),
    checkpointCadence: { events: 1000, seconds: 60 },
    port: 8080,
    host: '127.0.0.1',
    logLevel: 'silent',
    ...overrides,
  };
}

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs `postcore ARGS` as its own process with only PATH and `env` set; its exit code and output. */
export function postcore(args: string[], env: Record<string, string> = {}, input = '') {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    input,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Other cells' tests reach the core cell's test fixtures through here, not past its index.
export { DIVISIONS, NAMES, openTestHierarchy } from './cells/core/testing.ts';
export { deliveryConsumer } from './cells/finance/index.ts';
export { fillVault } from './cells/finance/testing.ts';

/** The password every test account gets. */
export const TEST_PASSWORD = 'gánh hàng rong qua cầu';

/** Signs an account in through the API and returns its session cookie's value. */
export async function signIn(app: Server, username: string): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    payload: { username, password: TEST_PASSWORD },
  });
  const cookie = r.cookies.find((c) => c.name === SESSION_COOKIE);
  if (cookie === undefined) throw new Error(`${username} could not sign in: ${r.body}`);
  return cookie.value;
}

/**
 * Adds test accounts (username, roles, office) with synthetic CCCDs and phones and signs each in: their ids
 * and session cookies by username.
 */
export async function addSignedInStaff(
  platform: Platform,
  app: Server,
  people: ReadonlyArray<readonly [username: string, roles: readonly Role[], office: string]>,
): Promise<{ ids: Record<string, string>; cookies: Record<string, string> }> {
  const ids: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  for (const [n, [username, roles, office]] of people.entries()) {
    const staff = await platform.core.staff.add(
      {
        username,
        full_name: `Nguyễn Văn ${username}`,
        cccd: `0010850003${String(n + 1).padStart(2, '0')}`,
        phone: `09123457${String(n + 1).padStart(2, '0')}`,
        office_id: office,
        roles: [...roles],
        password: TEST_PASSWORD,
      },
      'system:test',
    );
    ids[username] = staff.id;
    cookies[username] = await signIn(app, username);
  }
  return { ids, cookies };
}

/** A JSON answer of the API as tests read it. */
export type Json = Record<string, unknown> & { code?: string; id?: string; message_vi?: string };

/**
 * Calls the API in-process as a signed-in person (by username, from `cookies`) or as nobody (null): the
 * status, the JSON body (empty when the answer is not JSON), the raw bytes and the content type.
 */
export function apiCaller(app: () => Server, cookies: Record<string, string>) {
  return async (
    who: string | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    type?: string,
  ) => {
    const res = await app().inject({
      method,
      url,
      ...(who === null ? {} : { cookies: { [SESSION_COOKIE]: cookies[who]! } }),
      ...(type === undefined ? {} : { headers: { 'content-type': type } }),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    const ct = String(res.headers['content-type'] ?? '');
    return {
      status: res.statusCode,
      body: ct.includes('json') ? res.json<Json>() : ({} as Json),
      raw: res.rawPayload,
      type: ct,
    };
  };
}
