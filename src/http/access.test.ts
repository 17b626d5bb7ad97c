// The gate, end to end over HTTP on both dialects: every role against offices in and out of its reach, who
// is signed in, the roles no one may give beyond their own, and sessions ended by signing out or disabling.
// Sign-in itself (lockout, TOTP, rate limit), tokens and passwords: sign-in.http.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { countEventsOfType } from '../journal/index.ts';
import { ManualClock } from '../platform/clock.ts';
import { dialectsUnderTest } from '../storage/testing.ts';
import { ROLES, type Role } from '../cells/core/index.ts';
import { ACTOR, openRoleWorld, PASSWORD, type RoleWorld, type Where } from './testing-roles.ts';

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

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`access over HTTP on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let platform: RoleWorld['platform'];
    let app: RoleWorld['app'];
    let offices: RoleWorld['offices'];
    let accounts: RoleWorld['accounts'];
    let call: RoleWorld['call'];
    let world: RoleWorld;

    before(async () => {
      world = await openRoleWorld(dialect, clock);
      ({ platform, app, offices, accounts, call } = world);
    });
    after(() => world.close());

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

    test('verify passes after all of it: the replay rebuilds sessions, lockouts, enrolments and tokens', async () => {
      const [report] = await platform.verify({ only: 'core' });
      assert.equal(report!.ok, true, JSON.stringify(report!.failures));
    });
  });
}
