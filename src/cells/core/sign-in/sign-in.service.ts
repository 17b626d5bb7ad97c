import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Journal } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { sha256Hex } from '../../../platform/hash.ts';
import { hashPassword, verifyPassword } from '../../../platform/password.ts';
import { ROLE_GRANTS } from '../access/index.ts';
import { CoreError } from '../core-error.ts';
import type { CoreTables } from '../core-tables.ts';
import type { Staff, StaffService } from '../staff/index.ts';
import { LOCK_MINUTES, MAX_FAILURES, signedIn, signedOut, signInFailed } from './sign-in.events.ts';
import * as repo from './sign-in.repository.ts';

export const SESSION_HOURS = 12;

export interface SignInResult {
  /** The session secret, shown once: the cookie's value. Only its hash is stored. */
  secret: string;
  expiresAt: string;
  staff: Staff;
}

export interface SignIn {
  /** Checks a password; every success and failure is a journaled event; repeated failures lock the account. */
  signIn(username: string, password: string): Promise<SignInResult>;
  /** The member of staff behind a session secret, if the session is live and the account active. */
  authenticate(secret: string): Promise<Staff>;
  signOut(secret: string, actor: string): Promise<void>;
}

export interface SignInDeps {
  db: Kysely<CoreTables>;
  journal: Journal<CoreTables>;
  clock: Clock;
  staff: Pick<StaffService, 'findForSignIn' | 'get'>;
}

const WRONG = (): CoreError =>
  new CoreError(
    'sign_in_failed',
    'Wrong username or password',
    'Sai tên đăng nhập hoặc mật khẩu; sau nhiều lần sai tài khoản sẽ bị khóa tạm thời',
  );

/** Creates sign-in and sessions for the core cell. */
export function createSignIn(deps: SignInDeps): SignIn {
  const { db, journal, clock } = deps;
  // Checked against for unknown usernames, so that they take as long as known ones.
  const dummyHash = hashPassword('postcore timing equaliser');

  const fail = async (
    staffId: string | null,
    username: string,
    reason: 'unknown_user' | 'wrong_password' | 'locked' | 'disabled' | 'second_factor_missing',
  ) => {
    await journal.transaction((trx) =>
      journal.append(trx, signInFailed, {
        stream: `signin:${staffId ?? 'unknown'}`,
        actor: staffId ?? 'anonymous',
        office: null,
        payload: { staff_id: staffId, username: username.slice(0, 64), reason },
      }),
    );
  };

  return {
    async signIn(username, password) {
      const name = String(username).trim().toLowerCase();
      const account = await deps.staff.findForSignIn(name);
      if (account === undefined) {
        await verifyPassword(String(password), await dummyHash);
        await fail(null, name, 'unknown_user');
        throw WRONG();
      }
      const now = clock.now();
      const lock = await repo.findLockout(db, account.id);
      if (lock?.locked_until != null && Date.parse(lock.locked_until) > now.getTime()) {
        await fail(account.id, name, 'locked');
        throw new CoreError(
          'account_locked',
          `Account ${name} is locked until ${lock.locked_until} after ${MAX_FAILURES} wrong passwords`,
          `Tài khoản bị khóa đến ${lock.locked_until} do nhập sai mật khẩu ${MAX_FAILURES} lần; hãy thử lại sau hoặc liên hệ quản trị`,
          { until: lock.locked_until },
        );
      }
      if (!(await verifyPassword(String(password), account.password_hash))) {
        await fail(account.id, name, 'wrong_password');
        const after = await repo.findLockout(db, account.id);
        if (after?.locked_until != null && Date.parse(after.locked_until) > now.getTime())
          throw new CoreError(
            'account_locked',
            `Account ${name} is now locked for ${LOCK_MINUTES} minutes after ${MAX_FAILURES} wrong passwords`,
            `Tài khoản bị khóa ${LOCK_MINUTES} phút do nhập sai mật khẩu ${MAX_FAILURES} lần`,
            { until: after.locked_until },
          );
        throw WRONG();
      }
      if (account.status !== 'active') {
        await fail(account.id, name, 'disabled');
        throw new CoreError(
          'staff_disabled',
          `Account ${name} is disabled`,
          'Tài khoản đã bị khóa; hãy liên hệ trưởng đơn vị',
        );
      }
      // Until TOTP is in place, a role that requires a second factor cannot sign in with a password alone.
      if (account.roles.some((r) => ROLE_GRANTS[r].secondFactor)) {
        await fail(account.id, name, 'second_factor_missing');
        throw new CoreError(
          'second_factor_required',
          `Account ${name} holds a role that needs a second factor (TOTP) to sign in`,
          'Tài khoản này cần mã xác thực hai lớp (TOTP) để đăng nhập',
        );
      }
      const secret = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
      await journal.transaction((trx) =>
        journal.append(trx, signedIn, {
          stream: `signin:${account.id}`,
          actor: account.id,
          office: account.office_id,
          payload: { staff_id: account.id, secret_hash: sha256Hex(secret), expires_at: expiresAt },
        }),
      );
      const { password_hash: _hash, ...staff } = account;
      return { secret, expiresAt, staff };
    },
    async authenticate(secret) {
      const invalid = () =>
        new CoreError(
          'session_invalid',
          'No live session: sign in again',
          'Phiên làm việc đã hết hạn: hãy đăng nhập lại',
        );
      if (typeof secret !== 'string' || secret.length < 20) throw invalid();
      const session = await repo.findSession(db, sha256Hex(secret));
      if (
        session === undefined ||
        session.ended_at !== null ||
        Date.parse(session.expires_at) <= clock.now().getTime()
      )
        throw invalid();
      const staff = await deps.staff.get(session.staff_id);
      if (staff.status !== 'active') throw invalid();
      return staff;
    },
    async signOut(secret, actor) {
      const hash = sha256Hex(String(secret));
      const session = await repo.findSession(db, hash);
      if (session === undefined || session.ended_at !== null) return;
      await journal.transaction((trx) =>
        journal.append(trx, signedOut, {
          stream: `signin:${session.staff_id}`,
          actor,
          office: null,
          payload: { secret_hash: hash },
        }),
      );
    },
  };
}
