// Test support for the gate's tests over HTTP (access.test.ts, sign-in.http.test.ts): offices in two provinces
// under the corporation, and one account per role at its home office, signed in (with its second factor where
// the role needs one).
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../app.ts';
import { ROLES, totpFor, type Role, type Staff } from '../cells/core/index.ts';
import type { ManualClock } from '../platform/clock.ts';
import type { Dialect } from '../storage/index.ts';
import { testPlace, type TestPlace } from '../storage/testing.ts';
import { callApi, TEST_PASSWORD, testConfig } from '../testing.ts';
import type { Server } from './server.ts';
import { HOME, openOffices, type Offices } from './testing.ts';

export const PASSWORD = TEST_PASSWORD;
export const ACTOR = 'system:test';
/** A is the clerks' office in Hà Nội, B another office in Hà Nội, C an office in Đà Nẵng, HQ the corporation. */
export type Where = 'A' | 'B' | 'C' | 'HQ';

export interface Reply {
  status: number;
  body: { code?: string; message_vi?: string; details?: { permission?: string } } & Record<string, unknown>;
  cookie: string | undefined;
}

export interface RoleWorld {
  place: TestPlace;
  platform: Platform;
  app: Server;
  offices: Offices;
  /** Each role's account at its HOME, with its session cookie. */
  accounts: Record<Role, Staff & { cookie: string }>;
  /** The authenticator seeds of the roles that sign in with a second factor. */
  seeds: Partial<Record<Role, string>>;
  /** A request, each from its own address, so the sign-in rate limit only bites where a test wants it to. */
  call: (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    auth?: { cookie?: string; bearer?: string },
    payload?: unknown,
  ) => Promise<Reply>;
  /** The role's current second-factor code. */
  code: (role: Role) => string;
  close(): Promise<void>;
}

/** Opens the offices and signs in one account per role. */
export async function openRoleWorld(dialect: Dialect, clock: ManualClock): Promise<RoleWorld> {
  const place = testPlace(dialect);
  const platform = await openPlatform(testConfig(place), { clock });
  const app = await buildApp(platform, pino({ level: 'silent' }));
  const offices = {} as RoleWorld['offices'];
  const accounts = {} as RoleWorld['accounts'];
  const seeds: RoleWorld['seeds'] = {};
  let address = 0;
  const call: RoleWorld['call'] = async (method, url, auth = {}, payload) =>
    callApi<Reply['body']>(app, {
      method,
      url,
      remoteAddress: `10.0.${Math.floor(++address / 250) % 250}.${address % 250}`,
      cookie: auth.cookie,
      bearer: auth.bearer,
      payload,
      key: null,
    });
  const code = (role: Role) =>
    totpFor(accounts[role]?.username ?? role.replaceAll('_', '.'), seeds[role]!).generate({
      timestamp: clock.now().getTime(),
    });
  Object.assign(offices, await openOffices(platform));
  const home: Record<Role, Where | 'HN'> = HOME;
  let n = 0;
  for (const role of ROLES) {
    n++;
    const staff = await platform.core.staff.add(
      {
        username: role.replaceAll('_', '.'),
        full_name: 'Nguyễn Thị Mai',
        cccd: ['shipper', 'agency_officer', 'social_insurance_officer'].includes(role)
          ? null
          : `0011850000${String(n).padStart(2, '0')}`,
        phone: `09123456${String(n).padStart(2, '0')}`,
        office_id: offices[home[role]].id,
        roles: [role],
        password: PASSWORD,
      },
      ACTOR,
    );
    if (role === 'security_officer' || role === 'system_admin')
      seeds[role] = (await platform.core.signIn.enrolSecondFactor(staff.id, ACTOR)).secret;
    accounts[role] = { ...staff, cookie: '' };
    const r = await call(
      'POST',
      '/v1/auth/sign-in',
      {},
      {
        username: staff.username,
        password: PASSWORD,
        ...(seeds[role] === undefined ? {} : { code: code(role) }),
      },
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.cookie !== undefined && r.cookie.length > 20);
    accounts[role].cookie = r.cookie;
  }

  return {
    place,
    platform,
    app,
    offices,
    accounts,
    seeds,
    call,
    code,
    async close() {
      await app.close();
      await platform.close();
      await place.remove();
    },
  };
}
