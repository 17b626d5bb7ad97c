// Signing in over HTTP on both dialects: bad input answered with a code and nothing written, the TOTP code of
// privileged accounts, lockout after wrong passwords and a rate limit per address, API tokens narrowed to
// their permissions and office and refused once revoked or expired, and changing one's password.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../platform/clock.ts';
import { dialectsUnderTest } from '../storage/testing.ts';
import { callApi } from '../testing.ts';
import { openRoleWorld, PASSWORD, type RoleWorld } from './testing-roles.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`sign-in, tokens and passwords over HTTP on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let platform: RoleWorld['platform'];
    let app: RoleWorld['app'];
    let offices: RoleWorld['offices'];
    let accounts: RoleWorld['accounts'];
    let seeds: RoleWorld['seeds'];
    let call: RoleWorld['call'];
    let code: RoleWorld['code'];
    let world: RoleWorld;

    before(async () => {
      world = await openRoleWorld(dialect, clock);
      ({ platform, app, offices, accounts, seeds, call, code } = world);
    });
    after(() => world.close());

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
