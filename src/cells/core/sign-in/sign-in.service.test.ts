import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { countEventsOfType, verifyCell } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import type { CellDatabase } from '../../../storage/index.ts';
import { dialectsUnderTest, type TestStorage } from '../../../storage/testing.ts';
import { coreCell, LOCK_MINUTES, MAX_FAILURES, SESSION_HOURS, type Core, type CoreTables } from '../index.ts';
import { openTestCore, openTestHierarchy } from '../testing.ts';
import { totpFor } from './sign-in.service.ts';

const PASSWORD = 'gánh hàng rong qua cầu';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`sign-in on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let t: TestStorage;
    let cell: CellDatabase<CoreTables>;
    let core: Core;

    before(async () => {
      ({ t, cell, core } = await openTestCore(dialect, clock, true));
      const { corporation: corp } = await openTestHierarchy(core);
      const add = (username: string, cccd: string, roles: string[]) =>
        core.staff.add(
          {
            username,
            full_name: 'Nguyễn Văn An',
            cccd,
            phone: '0912345678',
            office_id: corp.id,
            roles,
            password: PASSWORD,
          },
          'system:test',
        );
      await add('an.clerk', '001085000001', ['auditor']);
      await add('binh.sec', '001085000002', ['security_officer']);
      await add('chi.gone', '001085000003', ['auditor']);
      const gone = (await core.staff.findForSignIn('chi.gone'))!;
      await core.staff.disable(gone.id, 'Nghỉ việc', 'system:test');
    });
    after(async () => {
      await t.cleanup();
    });

    const code = (p: Promise<unknown>, expected: string) =>
      assert.rejects(
        p,
        (err: unknown) => isDomainError(err) && err.code === expected && err.messageVi.length > 0,
      );
    const failures = async () => countEventsOfType(cell.db, 'core.auth.sign_in_failed');

    test('a right password opens a session whose secret is stored only as a hash', async () => {
      const r = await core.signIn.signIn('AN.CLERK', PASSWORD);
      assert.match(r.secret, /^[\w-]{43}$/);
      assert.equal(r.staff.username, 'an.clerk');
      assert.equal((await core.signIn.authenticate(r.secret)).id, r.staff.id);
      const rows = await cell.db.selectFrom('auth_session').selectAll().execute();
      assert.ok(rows.every((s) => s.secret_hash !== r.secret && /^[0-9a-f]{64}$/.test(s.secret_hash)));
      await core.signIn.signOut(r.secret, r.staff.id);
      await code(core.signIn.authenticate(r.secret), 'session_invalid');
    });

    test('sessions expire', async () => {
      const r = await core.signIn.signIn('an.clerk', PASSWORD);
      clock.advance(SESSION_HOURS * 3_600_000 + 1);
      await code(core.signIn.authenticate(r.secret), 'session_invalid');
      await code(core.signIn.authenticate('not-a-session-secret-at-all'), 'session_invalid');
    });

    test(`${MAX_FAILURES} wrong passwords lock the account for ${LOCK_MINUTES} minutes, even against the right one`, async () => {
      const before = await failures();
      for (let i = 1; i < MAX_FAILURES; i++)
        await code(core.signIn.signIn('an.clerk', 'wrong password here'), 'sign_in_failed');
      await code(core.signIn.signIn('an.clerk', 'wrong password here'), 'sign_in_failed');
      // Locked: the right password is refused (and told why); a wrong one gets the very answer an unknown
      // username gets, so that guessing does not reveal which accounts exist.
      await code(core.signIn.signIn('an.clerk', PASSWORD), 'account_locked');
      const answer = async (username: string, password: string) => {
        const err: unknown = await core.signIn.signIn(username, password).then(
          () => assert.fail(`${username} signed in`),
          (e: unknown) => e,
        );
        assert.ok(isDomainError(err));
        return [err.code, err.message, err.messageVi, err.details];
      };
      assert.deepEqual(await answer('an.clerk', 'wrong again'), await answer('no.such.user', 'wrong again'));
      assert.equal(await failures(), before + BigInt(MAX_FAILURES) + 3n);
      clock.advance(LOCK_MINUTES * 60_000 + 1);
      const r = await core.signIn.signIn('an.clerk', PASSWORD);
      assert.equal(r.staff.username, 'an.clerk');
      // The success reset the count: one more mistake does not lock again.
      await code(core.signIn.signIn('an.clerk', 'wrong password here'), 'sign_in_failed');
    });

    test('unknown users, disabled accounts and privileged roles without a second factor are refused and journaled', async () => {
      const before = await failures();
      await code(core.signIn.signIn('nobody', PASSWORD), 'sign_in_failed');
      await code(core.signIn.signIn('chi.gone', PASSWORD), 'staff_disabled');
      await code(core.signIn.signIn('binh.sec', PASSWORD), 'second_factor_not_enrolled');
      assert.equal(await failures(), before + 3n);
    });

    test('a privileged account with a second factor signs in with password and a fresh TOTP code, once per code', async () => {
      const sec = (await core.staff.findForSignIn('binh.sec'))!;
      const enrolment = await core.signIn.enrolSecondFactor(sec.id, 'system:test');
      assert.match(enrolment.uri, /^otpauth:\/\/totp\/postcore:binh\.sec\?/);
      // The seed is journaled sealed: neither the journal nor the projection holds it in clear.
      const events = await cell.db.selectFrom('journal_event').select('payload').execute();
      assert.ok(events.every((e) => !e.payload.includes(enrolment.secret)));
      const stored = await cell.db.selectFrom('auth_totp').selectAll().execute();
      assert.ok(stored.every((r) => !r.sealed_secret.includes(enrolment.secret)));

      const totp = totpFor('binh.sec', enrolment.secret);
      const now = () => totp.generate({ timestamp: clock.now().getTime() });
      await code(core.signIn.signIn('binh.sec', PASSWORD), 'second_factor_required');
      const wrong = now() === '000000' ? '111111' : '000000';
      await code(core.signIn.signIn('binh.sec', PASSWORD, wrong), 'second_factor_wrong');
      await code(core.signIn.signIn('binh.sec', PASSWORD, 'abcdef'), 'second_factor_wrong');
      const used = now();
      const r = await core.signIn.signIn('binh.sec', PASSWORD, used);
      assert.equal(r.staff.username, 'binh.sec');
      // The same code, seen over a shoulder, cannot open a second session.
      await code(core.signIn.signIn('binh.sec', PASSWORD, used), 'second_factor_wrong');
      // A code from the previous step is still accepted for drift, but not if a later one was used.
      clock.advance(30_000);
      const next = now();
      await core.signIn.signIn('binh.sec', PASSWORD, next);
      // Wrong codes count toward the lock, as wrong passwords do.
      clock.advance(30_000);
      for (let i = 0; i < MAX_FAILURES - 1; i++)
        await code(core.signIn.signIn('binh.sec', PASSWORD, wrong), 'second_factor_wrong');
      await code(core.signIn.signIn('binh.sec', PASSWORD, wrong), 'account_locked');
      await code(core.signIn.signIn('binh.sec', PASSWORD, now()), 'account_locked');
      clock.advance(LOCK_MINUTES * 60_000 + 1);
      await core.signIn.signIn('binh.sec', PASSWORD, now());
    });

    test('re-enrolling replaces the old seed; a disabled account cannot be enrolled', async () => {
      const sec = (await core.staff.findForSignIn('binh.sec'))!;
      const first = await core.signIn.enrolSecondFactor(sec.id, 'system:test', 'JBSWY3DPEHPK3PXP');
      assert.equal(first.secret, 'JBSWY3DPEHPK3PXP');
      const second = await core.signIn.enrolSecondFactor(sec.id, 'system:test');
      clock.advance(60_000);
      const old = totpFor('binh.sec', first.secret).generate({ timestamp: clock.now().getTime() });
      const fresh = totpFor('binh.sec', second.secret).generate({ timestamp: clock.now().getTime() });
      if (old !== fresh) await code(core.signIn.signIn('binh.sec', PASSWORD, old), 'second_factor_wrong');
      clock.advance(30_000);
      await core.signIn.signIn(
        'binh.sec',
        PASSWORD,
        totpFor('binh.sec', second.secret).generate({ timestamp: clock.now().getTime() }),
      );
      const gone = (await core.staff.findForSignIn('chi.gone'))!;
      await code(core.signIn.enrolSecondFactor(gone.id, 'system:test'), 'staff_disabled');
      await code(core.signIn.enrolSecondFactor(sec.id, 'system:test', 'not base32!'), 'invalid_staff');
    });

    test('replaying the journal rebuilds the same sessions and lockouts', async () => {
      const report = await verifyCell({ cell: coreCell, db: cell.db, storage: t.storage, clock });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });
  });
}
