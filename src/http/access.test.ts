// The gate, end to end over HTTP on both dialects: every role against offices in and out of its reach,
// sign-in with lockout, TOTP and rate limit, sessions, tokens that expire and are revoked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../app.ts';
import { totpFor } from '../cells/core/index.ts';
import { ROLES, type Office, type Role, type Staff } from '../cells/core/index.ts';
import { countEventsOfType } from '../journal/index.ts';
import { ManualClock } from '../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../storage/testing.ts';
import { callApi, testConfig } from '../testing.ts';
import { HOME } from './testing.ts';
import type { Server } from './server.ts';

const PASSWORD = 'gánh hàng rong qua cầu';
const ACTOR = 'system:test';
type Where = 'A' | 'B' | 'C' | 'HQ';

// The specification, written out rather than derived from ROLE_GRANTS: where each role may read staff,
// manage staff, manage offices and manage other people's tokens. A is the clerks' office in Hà Nội, B
// another office in Hà Nội, C an office in Đà Nẵng, HQ the corporation, above every province.
const EVERYWHERE: Where[] = ['A', 'B', 'C', 'HQ'];
const EXPECTED: Record<
  Role,
  Record<'staff.read' | 'staff.manage' | 'office.manage' | 'token.manage', Where[]>
> = {
  counter_clerk: { 'staff.read': [], 'staff.manage': [], 'office.manage': [], 'token.manage': [] },
  postman: { 'staff.read': [], 'staff.manage': [], 'office.manage': [], 'token.manage': [] },
  office_manager: { 'staff.read': ['A'], 'staff.manage': ['A'], 'office.manage': [], 'token.manage': [] },
  provincial_manager: {
    'staff.read': ['A', 'B'],
    'staff.manage': ['A', 'B'],
    'office.manage': ['A', 'B'],
    'token.manage': [],
  },
  security_officer: { 'staff.read': EVERYWHERE, 'staff.manage': [], 'office.manage': [], 'token.manage': [] },
  auditor: { 'staff.read': EVERYWHERE, 'staff.manage': [], 'office.manage': [], 'token.manage': [] },
  system_admin: {
    'staff.read': EVERYWHERE,
    'staff.manage': EVERYWHERE,
    'office.manage': EVERYWHERE,
    'token.manage': EVERYWHERE,
  },
  social_insurance_officer: { 'staff.read': [], 'staff.manage': [], 'office.manage': [], 'token.manage': [] },
  agency_officer: { 'staff.read': [], 'staff.manage': [], 'office.manage': [], 'token.manage': [] },
  shipper: { 'staff.read': [], 'staff.manage': [], 'office.manage': [], 'token.manage': [] },
};

interface Reply {
  status: number;
  body: { code?: string; message_vi?: string; details?: { permission?: string } } & Record<string, unknown>;
  cookie: string | undefined;
}

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`access over HTTP on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    const offices = {} as Record<Where | 'HN' | 'DN', Office>;
    const accounts = {} as Record<Role, Staff & { cookie: string }>;
    const seeds: Partial<Record<Role, string>> = {};
    let address = 0;

    const call = async (
      method: 'GET' | 'POST' | 'PUT',
      url: string,
      auth: { cookie?: string; bearer?: string } = {},
      payload?: unknown,
    ): Promise<Reply> =>
      callApi<Reply['body']>(app, {
        method,
        url,
        // Each call from its own address, so the sign-in rate limit only bites where a test wants it to.
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

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }));
      const o = platform.core.offices;
      const open = (type: string, name: string, postcode: string, commune: string, parent?: Office) =>
        o.open(
          {
            type,
            name,
            postcode,
            commune_code: commune,
            address: 'Số 1',
            opening_hours: '7:00–19:00',
            ...(parent === undefined ? {} : { parent_id: parent.id }),
          },
          ACTOR,
        );
      offices.HQ = await open('corporation', 'Tổng công ty Bưu điện Việt Nam', '10000', '00004');
      offices.HN = await open('provincial_post', 'Bưu điện Hà Nội', '11000', '00004', offices.HQ);
      offices.DN = await open('provincial_post', 'Bưu điện Đà Nẵng', '50000', '20194', offices.HQ);
      offices.A = await open('post_office', 'Bưu cục Ba Đình', '11100', '00004', offices.HN);
      offices.B = await open('post_office', 'Bưu cục Hoàn Kiếm', '11200', '00070', offices.HN);
      offices.C = await open('post_office', 'Bưu cục Hải Châu', '50100', '20194', offices.DN);
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
    });
    after(async () => {
      await app.close();
      await platform.close();
      await place.remove();
    });

    // One probe per permission: a request the gate must allow or refuse at an office. Allowed requests are
    // built to fail later, on purpose, in the service (a bad username, an unknown commune), so the matrix
    // writes nothing; what matters is whether the answer is 403.
    // An account at each place that probes nothing itself, so token.manage is never asked about oneself.
    const extra = {} as Record<Where, string>;
    const someoneAt = (w: Where): string => extra[w];
    const probes = {
      'staff.read': (w: Where, cookie: string) =>
        call('GET', `/v1/staff?office=${offices[w].id}`, { cookie }),
      'staff.manage': (w: Where, cookie: string) =>
        call(
          'POST',
          '/v1/staff',
          { cookie },
          {
            username: '!',
            full_name: 'X',
            phone: '0912345678',
            office_id: offices[w].id,
            roles: ['counter_clerk'],
            password: PASSWORD,
          },
        ),
      'office.manage': (w: Where, cookie: string) =>
        call(
          'POST',
          `/v1/offices/${offices[w].id}/move`,
          { cookie },
          { commune_code: '99999', address: 'x' },
        ),
      'token.manage': (w: Where, cookie: string) =>
        call('GET', `/v1/tokens?staff=${someoneAt(w)}`, { cookie }),
    } as const;

    test('every role against every office: allowed where its scope reaches, 403 naming the permission elsewhere', async () => {
      for (const w of EVERYWHERE)
        extra[w] = (
          await platform.core.staff.add(
            {
              username: `clerk.${w.toLowerCase()}`,
              full_name: 'Trần Văn Bình',
              cccd: `${w === 'C' ? '048' : '001'}08500009${EVERYWHERE.indexOf(w)}`,
              phone: '0987654321',
              office_id: offices[w].id,
              roles: ['counter_clerk'],
              password: PASSWORD,
            },
            ACTOR,
          )
        ).id;
      const before = await countEventsOfType(platform.cells[0]!.database.db, 'core.staff.added');
      const failures: string[] = [];
      for (const role of ROLES)
        for (const [permission, probe] of Object.entries(probes) as [
          keyof typeof probes,
          (typeof probes)['staff.read'],
        ][])
          for (const w of EVERYWHERE) {
            const r = await probe(w, accounts[role].cookie);
            const expected = EXPECTED[role][permission].includes(w);
            const holds = ROLES.filter((x) => EXPECTED[x][permission].length > 0);
            if (expected && r.status === 403)
              failures.push(`${role} ${permission} at ${w}: refused ${r.body.code}`);
            if (!expected) {
              const wantCode =
                EXPECTED[role][permission].length === 0 ? 'permission_missing' : 'office_out_of_scope';
              if (r.status !== 403 || r.body.code !== wantCode || r.body.details?.permission !== permission)
                failures.push(
                  `${role} ${permission} at ${w}: got ${r.status} ${r.body.code} (want 403 ${wantCode}; holders ${holds.join(',')})`,
                );
              else assert.ok((r.body.message_vi ?? '').length > 0);
            }
          }
      assert.deepEqual(failures, []);
      // Allowed probes failed in the service, refused ones at the gate: either way, nothing was written.
      assert.equal(await countEventsOfType(platform.cells[0]!.database.db, 'core.staff.added'), before);
    });

    test('no credentials, a bad header or a dead session: 401, not 403', async () => {
      const r1 = await call('GET', '/v1/me');
      assert.deepEqual([r1.status, r1.body.code], [401, 'authentication_required']);
      const r2 = await call('GET', '/v1/me', { cookie: 'x'.repeat(43) });
      assert.deepEqual([r2.status, r2.body.code], [401, 'session_invalid']);
      const r3 = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: 'Basic abc' } });
      assert.deepEqual([r3.statusCode, r3.json<{ code: string }>().code], [401, 'authentication_required']);
      const r4 = await call('GET', '/v1/me', { bearer: 'pct_nope' });
      assert.deepEqual([r4.status, r4.body.code], [401, 'token_invalid']);
      // The directory and the geography are public.
      assert.equal((await call('GET', '/v1/offices?province=01')).status, 200);
    });

    test('/v1/me says who is signed in and what each permission reaches', async () => {
      const r = await call('GET', '/v1/me', { cookie: accounts.provincial_manager.cookie });
      assert.equal(r.status, 200);
      const body = r.body as unknown as {
        staff: { username: string };
        office_province: string;
        permissions: { permission: string; scope: string }[];
        second_factor: boolean;
      };
      assert.equal(body.staff.username, 'provincial.manager');
      assert.equal(body.office_province, '01');
      assert.deepEqual(
        body.permissions.find((p) => p.permission === 'staff.manage'),
        { permission: 'staff.manage', scope: 'province' },
      );
      assert.equal(body.second_factor, false);
    });

    test('a province’s staff are its own offices’ people, not those of the national offices standing in it', async () => {
      const r = await call('GET', '/v1/staff?province=01&limit=500', {
        cookie: accounts.provincial_manager.cookie,
      });
      assert.equal(r.status, 200);
      const names = (r.body['items'] as { username: string }[]).map((s) => s.username);
      assert.ok(names.includes('counter.clerk') && names.includes('provincial.manager'));
      for (const hq of ['auditor', 'system.admin', 'security.officer']) assert.ok(!names.includes(hq), hq);
    });

    test('no one gives or touches roles beyond their own: an office manager cannot make an administrator', async () => {
      const manager = accounts.office_manager.cookie;
      const r = await call(
        'POST',
        '/v1/staff',
        { cookie: manager },
        {
          username: 'would.be.admin',
          full_name: 'Lê Văn Cường',
          cccd: '001085000077',
          phone: '0911111111',
          office_id: offices.A.id,
          roles: ['system_admin'],
          password: PASSWORD,
        },
      );
      assert.deepEqual([r.status, r.body.code], [403, 'role_not_assignable']);
      const up = await call(
        'PUT',
        `/v1/staff/${accounts.counter_clerk.id}/roles`,
        { cookie: manager },
        {
          roles: ['office_manager'],
        },
      );
      assert.deepEqual([up.status, up.body.code], [403, 'role_not_assignable']);
      const off = await call(
        'POST',
        `/v1/staff/${accounts.shipper.id}/disable`,
        {
          cookie: accounts.provincial_manager.cookie,
        },
        { reason: 'Hết hợp đồng' },
      );
      assert.equal(off.status, 200, JSON.stringify(off.body));
      const admin = await call(
        'POST',
        `/v1/staff/${accounts.auditor.id}/disable`,
        {
          cookie: accounts.provincial_manager.cookie,
        },
        { reason: 'thử' },
      );
      assert.equal(admin.status, 403);
      // A manager adds a clerk at his office: 201, journaled with him as the actor.
      const ok = await call(
        'POST',
        '/v1/staff',
        { cookie: manager },
        {
          username: 'new.clerk',
          full_name: 'Phạm Thu Hà',
          cccd: '001185000078',
          phone: '+84 912 000 078',
          office_id: offices.A.id,
          roles: ['counter_clerk'],
          password: PASSWORD,
        },
      );
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      const ev = await platform.cells[0]!.database.db.selectFrom('journal_event')
        .select(['actor', 'office'])
        .where('type', '=', 'core.staff.added')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual({ ...ev }, { actor: accounts.office_manager.id, office: offices.A.id });
    });

    test('bad input over HTTP: a code, a Vietnamese message, the field, and nothing written', async () => {
      const db = platform.cells[0]!.database.db;
      const before = await db
        .selectFrom('journal_event')
        .select((eb) => eb.fn.countAll<bigint>().as('n'))
        .executeTakeFirstOrThrow();
      const base = {
        username: 'bad.input',
        full_name: 'Đỗ Minh Khôi',
        cccd: '001085000079',
        phone: '0912345679',
        office_id: offices.A.id,
        roles: ['counter_clerk'],
        password: PASSWORD,
      };
      const cases: [Record<string, unknown>, string, number][] = [
        [{ password: 'short' }, 'weak_password', 400],
        [{ cccd: '12345' }, 'invalid_cccd', 400],
        [{ phone: '02412345' }, 'invalid_phone', 400],
        [{ username: 'counter.clerk' }, 'username_taken', 409],
        [{ roles: ['king'] }, 'invalid_staff', 400],
        [{ office_id: 'ofc_nope' }, 'office_not_found', 404],
      ];
      for (const [change, want, status] of cases) {
        const r = await call(
          'POST',
          '/v1/staff',
          { cookie: accounts.system_admin.cookie },
          { ...base, ...change },
        );
        assert.deepEqual([r.status, r.body.code], [status, want], JSON.stringify(change));
        assert.ok((r.body.message_vi ?? '').length > 0);
      }
      const after = await db
        .selectFrom('journal_event')
        .select((eb) => eb.fn.countAll<bigint>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(after.n, before.n);
    });

    test('privileged sign-in needs the TOTP code; a used code, a wrong one and no code are refused', async () => {
      const username = accounts.system_admin.username;
      const none = await call('POST', '/v1/auth/sign-in', {}, { username, password: PASSWORD });
      assert.deepEqual([none.status, none.body.code], [401, 'second_factor_required']);
      clock.advance(30_000);
      const c = code('system_admin');
      const ok = await call('POST', '/v1/auth/sign-in', {}, { username, password: PASSWORD, code: c });
      assert.equal(ok.status, 200);
      const again = await call('POST', '/v1/auth/sign-in', {}, { username, password: PASSWORD, code: c });
      assert.deepEqual([again.status, again.body.code], [401, 'second_factor_wrong']);
      // Enrolment over HTTP: the administrator enrols a security officer's new phone; a manager may not.
      const enrol = await call('POST', `/v1/staff/${accounts.security_officer.id}/second-factor`, {
        cookie: accounts.system_admin.cookie,
      });
      assert.equal(enrol.status, 201);
      assert.match(String(enrol.body['uri']), /^otpauth:\/\/totp\//);
      seeds.security_officer = String(enrol.body['secret']);
      const denied = await call('POST', `/v1/staff/${accounts.counter_clerk.id}/second-factor`, {
        cookie: accounts.office_manager.cookie,
      });
      assert.deepEqual([denied.status, denied.body.code], [403, 'permission_missing']);
    });

    test('five wrong passwords lock the account; sign-in attempts per address are rate limited', async () => {
      const username = accounts.postman.username;
      for (let i = 0; i < 4; i++)
        assert.equal(
          (await call('POST', '/v1/auth/sign-in', {}, { username, password: 'wrong password!' })).status,
          401,
        );
      const locked = await call('POST', '/v1/auth/sign-in', {}, { username, password: 'wrong password!' });
      assert.deepEqual([locked.status, locked.body.code], [401, 'sign_in_failed']);
      // The lock holds against the right password, which alone is told of it; a guess is answered as an
      // unknown username is, so that guessing does not reveal which usernames exist.
      const stillLocked = await call('POST', '/v1/auth/sign-in', {}, { username, password: PASSWORD });
      assert.deepEqual([stillLocked.status, stillLocked.body.code], [423, 'account_locked']);
      const guess = await call('POST', '/v1/auth/sign-in', {}, { username, password: 'wrong again!' });
      const unknown = await call(
        'POST',
        '/v1/auth/sign-in',
        {},
        { username: 'no.such.user', password: 'wrong again!' },
      );
      const { request_id: _a, ...guessBody } = guess.body as Record<string, unknown>;
      const { request_id: _b, ...unknownBody } = unknown.body as Record<string, unknown>;
      assert.deepEqual([guess.status, guessBody], [unknown.status, unknownBody]);
      assert.equal(guess.status, 401);
      // One address hammering sign-in is stopped before any password is checked.
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await callApi(app, {
          method: 'POST',
          url: '/v1/auth/sign-in',
          remoteAddress: '192.0.2.7',
          payload: { username: 'nobody', password: 'x' },
          key: null,
        });
        statuses.push(r.status);
        if (r.status === 429) assert.equal(r.body.code, 'rate_limited');
      }
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
      assert.deepEqual(statuses.slice(10), [429, 429]);
    });

    test('tokens: narrowed to their permissions and office, refused after revocation or expiry', async () => {
      const manager = accounts.office_manager.cookie;
      const issued = await call(
        'POST',
        '/v1/tokens',
        { cookie: manager },
        {
          name: 'Báo cáo nhân sự',
          permissions: ['staff.read'],
          office_id: offices.A.id,
          days: 1,
        },
      );
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const bearer = String(issued.body['token']);
      const id = (issued.body['api_token'] as { id: string }).id;
      assert.equal((await call('GET', `/v1/staff?office=${offices.A.id}`, { bearer })).status, 200);
      const narrowed = await call(
        'POST',
        '/v1/staff',
        { bearer },
        {
          username: 'x',
          full_name: 'X',
          phone: '0912345678',
          office_id: offices.A.id,
          roles: ['counter_clerk'],
          password: PASSWORD,
        },
      );
      assert.deepEqual([narrowed.status, narrowed.body.code], [403, 'token_out_of_scope']);
      const minted = await call(
        'POST',
        '/v1/tokens',
        { bearer },
        { name: 'x', permissions: ['staff.read'], days: 1 },
      );
      assert.deepEqual([minted.status, minted.body.code], [403, 'token_out_of_scope']);
      const wide = await call(
        'POST',
        '/v1/tokens',
        { cookie: manager },
        { name: 'x', permissions: ['keys.manage'], days: 1 },
      );
      assert.deepEqual([wide.status, wide.body.code], [422, 'token_scope_too_wide']);
      // Someone else's tokens are not the manager's to see or revoke.
      const other = await call('GET', `/v1/tokens?staff=${accounts.system_admin.id}`, { cookie: manager });
      assert.deepEqual([other.status, other.body.code], [403, 'permission_missing']);
      const revoked = await call(
        'POST',
        `/v1/tokens/${id}/revoke`,
        { cookie: manager },
        { reason: 'Đổi máy' },
      );
      assert.equal(revoked.status, 200);
      const dead = await call('GET', `/v1/staff?office=${offices.A.id}`, { bearer });
      assert.deepEqual([dead.status, dead.body.code], [401, 'token_invalid']);

      const second = await call(
        'POST',
        '/v1/tokens',
        { cookie: accounts.auditor.cookie },
        {
          name: 'Kiểm toán',
          permissions: ['staff.read'],
          days: 1,
        },
      );
      const bearer2 = String(second.body['token']);
      assert.equal((await call('GET', '/v1/staff', { bearer: bearer2 })).status, 200);
      clock.advance(86_400_000 + 1);
      const expired = await call('GET', '/v1/staff', { bearer: bearer2 });
      assert.deepEqual([expired.status, expired.body.code], [401, 'token_invalid']);
    });

    test('signing out ends the session; disabling an account ends its sessions', async () => {
      const fresh = await call(
        'POST',
        '/v1/auth/sign-in',
        {},
        { username: 'agency.officer', password: PASSWORD },
      );
      assert.equal(fresh.status, 200);
      const out = await call('POST', '/v1/auth/sign-out', { cookie: fresh.cookie! });
      assert.equal(out.status, 204);
      assert.equal((await call('GET', '/v1/me', { cookie: fresh.cookie! })).status, 401);
      const s = await call('POST', '/v1/auth/sign-in', {}, { username: 'new.clerk', password: PASSWORD });
      assert.equal(s.status, 200);
      const r = await call(
        'POST',
        `/v1/staff/${String((s.body['staff'] as { id: string }).id)}/disable`,
        {
          cookie: s.cookie!,
        },
        { reason: 'thử' },
      );
      assert.equal(r.status, 403, 'a clerk cannot disable anyone, not even himself');
      const newClerk = (await platform.core.staff.findForSignIn('new.clerk'))!;
      await platform.core.staff.disable(newClerk.id, 'Nghỉ việc', ACTOR);
      assert.equal((await call('GET', '/v1/me', { cookie: s.cookie! })).status, 401);
    });

    test('changing one’s password checks the current one and ends every session', async () => {
      const username = accounts.social_insurance_officer.username;
      // Two live sessions (the clock has moved past the first ones).
      const cookie = (await call('POST', '/v1/auth/sign-in', {}, { username, password: PASSWORD })).cookie!;
      const other = (await call('POST', '/v1/auth/sign-in', {}, { username, password: PASSWORD })).cookie!;
      const NEW = 'một mật khẩu mới thật dài';
      const wrong = await call(
        'POST',
        '/v1/auth/password',
        { cookie },
        { current_password: 'nope', new_password: NEW },
      );
      assert.deepEqual([wrong.status, wrong.body.code], [401, 'sign_in_failed']);
      const weak = await call(
        'POST',
        '/v1/auth/password',
        { cookie },
        { current_password: PASSWORD, new_password: 'short' },
      );
      assert.deepEqual([weak.status, weak.body.code], [400, 'weak_password']);
      const same = await call(
        'POST',
        '/v1/auth/password',
        { cookie },
        { current_password: PASSWORD, new_password: PASSWORD },
      );
      assert.deepEqual([same.status, same.body.code], [400, 'weak_password']);
      const ok = await call(
        'POST',
        '/v1/auth/password',
        { cookie },
        { current_password: PASSWORD, new_password: NEW },
      );
      assert.equal(ok.status, 204, JSON.stringify(ok.body));
      for (const c of [cookie, other]) assert.equal((await call('GET', '/v1/me', { cookie: c })).status, 401);
      const old = await call('POST', '/v1/auth/sign-in', {}, { username, password: PASSWORD });
      assert.equal(old.status, 401);
      assert.equal((await call('POST', '/v1/auth/sign-in', {}, { username, password: NEW })).status, 200);
    });

    test('verify passes after all of it: the replay rebuilds sessions, lockouts, enrolments and tokens', async () => {
      const [report] = await platform.verify({ only: 'core' });
      assert.equal(report!.ok, true, JSON.stringify(report!.failures));
    });
  });
}
