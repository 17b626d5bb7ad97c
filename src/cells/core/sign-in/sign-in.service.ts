import { randomBytes } from 'node:crypto';
import type { Kysely } from '../../../storage/index.ts';
import type { Journal } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { sha256Hex } from '../../../platform/hash.ts';
import { PlatformError } from '../../../platform/errors.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../../../platform/password.ts';
import { ROLE_GRANTS, type Role } from '../access/index.ts';
import { CoreError } from '../core-error.ts';
import type { CoreTables } from '../core-tables.ts';
import type { Staff, StaffService } from '../staff/index.ts';
import { Secret, TOTP } from 'otpauth';
import type { SecretBox } from '../../../platform/secret-box.ts';
import {
  LOCK_MINUTES,
  MAX_FAILURES,
  passwordChanged,
  secondFactorEnrolled,
  signedIn,
  signedOut,
  secondFactorConfirmed,
  signInFailed,
  type FailureReason,
} from './sign-in.events.ts';
import * as repo from './sign-in.repository.ts';

export const SESSION_HOURS = 12;
/** TOTP as authenticator apps expect it (RFC 6238): SHA-1, 6 digits, 30 seconds; one step of clock drift. */
const TOTP_PERIOD = 30;
const TOTP_WINDOW = 1;

/** The TOTP of one account, as its authenticator app computes it. */
export function totpFor(username: string, base32Secret: string): TOTP {
  return new TOTP({
    issuer: 'postcore',
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
    secret: Secret.fromBase32(base32Secret),
  });
}

export interface Enrolment {
  /** The seed in base32, shown once, for typing into an authenticator app. */
  secret: string;
  /** The otpauth:// URI, shown once, for a QR code. */
  uri: string;
}

export interface SignInResult {
  /** The session secret, shown once: the cookie's value. Only its hash is stored. */
  secret: string;
  expiresAt: string;
  staff: Staff;
}

export interface SignIn {
  /**
   * Checks a password, and a TOTP code when the account has a second factor (privileged roles must);
   * every success and failure is a journaled event; repeated failures lock the account.
   */
  signIn(username: string, password: string, code?: string): Promise<SignInResult>;
  /**
   * Enrols (or replaces) an account's second factor: the seed is sealed before it is journaled and shown
   * once in the result. `secret` fixes the seed (the demo's documented one); otherwise it is random.
   */
  enrolSecondFactor(staffId: string, actor: string, secret?: string): Promise<Enrolment>;
  /**
   * Changes one's own password: the current one is checked (a wrong one counts toward the lock), the new one
   * must be strong and different; every session of the account ends, so the holder signs in again.
   */
  changePassword(staffId: string, current: string, next: string): Promise<void>;
  /**
   * A fresh TOTP code from a signed-in member of staff, for an action that needs one of its own (a
   * security officer's request or approval): checked as at sign-in (once only, a wrong one counts toward
   * the lock) and journaled with what it was for.
   */
  confirmSecondFactor(staffId: string, code: string | undefined, purpose: string): Promise<void>;
  /** Whether an account has a second factor enrolled. */
  hasSecondFactor(staffId: string): Promise<boolean>;
  /** The member of staff behind a session secret, if the session is live and the account active. */
  authenticate(secret: string): Promise<Staff>;
  signOut(secret: string, actor: string): Promise<void>;
}

export interface SignInDeps {
  db: Kysely<CoreTables>;
  journal: Journal<CoreTables>;
  clock: Clock;
  staff: Pick<StaffService, 'findForSignIn' | 'get'>;
  secrets: SecretBox;
}

const WRONG = (): CoreError =>
  new CoreError(
    'sign_in_failed',
    `Wrong username or password; after ${MAX_FAILURES} wrong attempts an account is locked for ${LOCK_MINUTES} minutes`,
    'Sai tên đăng nhập hoặc mật khẩu; sau nhiều lần sai tài khoản sẽ bị khóa tạm thời',
  );

/** Creates sign-in and sessions for the core cell. */
export function createSignIn(deps: SignInDeps): SignIn {
  const { db, journal, clock } = deps;
  // Checked against for unknown usernames, so that they take as long as known ones.
  const dummyHash = hashPassword('postcore timing equaliser');

  const fail = async (staffId: string | null, username: string, reason: FailureReason) => {
    await journal.transaction((trx) =>
      journal.append(trx, signInFailed, {
        stream: `signin:${staffId ?? 'unknown'}`,
        actor: staffId ?? 'anonymous',
        office: null,
        payload: { staff_id: staffId, username: username.slice(0, 64), reason },
      }),
    );
  };

  /**
   * Checks the account's TOTP code when it has a second factor (or must: a privileged role); the step used,
   * or undefined for an account without one. A wrong or replayed code is journaled and counts toward the lock.
   */
  const checkSecondFactor = async (
    account: { id: string; roles: readonly Role[] },
    name: string,
    code: string | undefined,
    now: Date,
  ): Promise<number | undefined> => {
    const enrolment = await repo.findTotp(db, account.id);
    const required = account.roles.some((r) => ROLE_GRANTS[r].secondFactor);
    if (enrolment === undefined && required) {
      await fail(account.id, name, 'second_factor_not_enrolled');
      throw new CoreError(
        'second_factor_not_enrolled',
        `Account ${name} holds a role that needs a second factor (TOTP), and none is enrolled: a system administrator must enrol one`,
        'Tài khoản này cần xác thực hai lớp (TOTP) nhưng chưa được đăng ký: hãy nhờ quản trị hệ thống đăng ký',
      );
    }
    if (enrolment !== undefined) {
      if (code === undefined || code === '') {
        await fail(account.id, name, 'second_factor_missing');
        throw new CoreError(
          'second_factor_required',
          `Account ${name} needs a code from its authenticator app (TOTP) as well as the password`,
          'Hãy nhập mã 6 số từ ứng dụng xác thực (TOTP) cùng với mật khẩu',
        );
      }
      const seed = deps.secrets.open(enrolment.sealed_secret, account.id);
      const nowStep = Math.floor(now.getTime() / 1000 / TOTP_PERIOD);
      const delta = /^\d{6}$/.test(String(code))
        ? totpFor(name, seed).validate({
            token: String(code),
            timestamp: now.getTime(),
            window: TOTP_WINDOW,
          })
        : null;
      // A code is good once: a step at or before the last one accepted is a replay of an observed code.
      if (delta === null || BigInt(nowStep + delta) <= (enrolment.last_step ?? 0n)) {
        await fail(account.id, name, 'wrong_second_factor');
        const after = await repo.findLockout(db, account.id);
        if (after?.locked_until != null && Date.parse(after.locked_until) > now.getTime())
          throw new CoreError(
            'account_locked',
            `Account ${name} is now locked for ${LOCK_MINUTES} minutes after ${MAX_FAILURES} failed attempts`,
            `Tài khoản bị khóa ${LOCK_MINUTES} phút do nhập sai ${MAX_FAILURES} lần`,
            { until: after.locked_until },
          );
        throw new CoreError(
          'second_factor_wrong',
          `The TOTP code for ${name} is wrong, expired or already used`,
          'Mã xác thực sai, đã hết hạn hoặc đã được dùng: hãy nhập mã mới trên ứng dụng',
        );
      }
      return nowStep + delta;
    }
    return undefined;
  };

  return {
    async signIn(username, password, code) {
      const name = String(username).trim().toLowerCase();
      const account = await deps.staff.findForSignIn(name);
      if (account === undefined) {
        await verifyPassword(String(password), await dummyHash);
        await fail(null, name, 'unknown_user');
        throw WRONG();
      }
      const now = clock.now();
      const lock = await repo.findLockout(db, account.id);
      // The lock holds even against the right password, and only the right password learns of it: to
      // anyone else a locked account answers as an unknown username does (same code, message and time), or
      // the 423 after five guesses would tell a guesser which usernames exist.
      if (lock?.locked_until != null && Date.parse(lock.locked_until) > now.getTime()) {
        const right = await verifyPassword(String(password), account.password_hash);
        await fail(account.id, name, 'locked');
        if (!right) throw WRONG();
        throw new CoreError(
          'account_locked',
          `Account ${name} is locked until ${lock.locked_until} after ${MAX_FAILURES} failed attempts`,
          `Tài khoản bị khóa đến ${lock.locked_until} do nhập sai ${MAX_FAILURES} lần; hãy thử lại sau hoặc liên hệ quản trị`,
          { until: lock.locked_until },
        );
      }
      if (!(await verifyPassword(String(password), account.password_hash))) {
        await fail(account.id, name, 'wrong_password');
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
      const totpStep = await checkSecondFactor(account, name, code, now);
      const secret = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
      await journal.transaction((trx) =>
        journal.append(trx, signedIn, {
          stream: `signin:${account.id}`,
          actor: account.id,
          office: account.office_id,
          payload: {
            staff_id: account.id,
            secret_hash: sha256Hex(secret),
            expires_at: expiresAt,
            ...(totpStep === undefined ? {} : { totp_step: totpStep }),
          },
        }),
      );
      const { password_hash: _hash, ...staff } = account;
      return { secret, expiresAt, staff };
    },
    async enrolSecondFactor(staffId, actor, fixed) {
      const staff = await deps.staff.get(staffId);
      if (staff.status !== 'active')
        throw new CoreError('staff_disabled', `Staff ${staffId} is disabled`, 'Tài khoản đã bị khóa', {
          id: staffId,
        });
      let seed: string;
      try {
        seed = fixed === undefined ? new Secret({ size: 20 }).base32 : Secret.fromBase32(fixed).base32;
      } catch {
        throw new CoreError(
          'invalid_staff',
          'A TOTP secret must be base32 (A–Z, 2–7)',
          'Khóa TOTP phải ở dạng base32 (A–Z, 2–7)',
          { field: 'secret' },
        );
      }
      await journal.transaction((trx) =>
        journal.append(trx, secondFactorEnrolled, {
          stream: `signin:${staffId}`,
          actor,
          office: staff.office_id,
          payload: { staff_id: staffId, sealed_secret: deps.secrets.seal(seed, staffId) },
        }),
      );
      return { secret: seed, uri: totpFor(staff.username, seed).toString() };
    },
    async changePassword(staffId, current, next) {
      const staff = await deps.staff.get(staffId);
      const account = (await deps.staff.findForSignIn(staff.username))!;
      if (!(await verifyPassword(String(current), account.password_hash))) {
        await fail(account.id, account.username, 'wrong_password');
        throw new CoreError(
          'sign_in_failed',
          'The current password is wrong',
          'Mật khẩu hiện tại không đúng; sau nhiều lần sai tài khoản sẽ bị khóa tạm thời',
          { field: 'current_password' },
        );
      }
      checkPasswordStrength(String(next), account.username);
      if (String(next) === String(current))
        throw new PlatformError(
          'weak_password',
          'The new password is the current one: choose another',
          'Mật khẩu mới phải khác mật khẩu hiện tại',
          { field: 'new_password' },
        );
      const hash = await hashPassword(String(next));
      await journal.transaction((trx) =>
        journal.append(trx, passwordChanged, {
          stream: `signin:${account.id}`,
          actor: account.id,
          office: account.office_id,
          payload: { staff_id: account.id, password_hash: hash },
        }),
      );
    },
    async confirmSecondFactor(staffId, code, purpose) {
      const staff = await deps.staff.get(staffId);
      const account = (await deps.staff.findForSignIn(staff.username))!;
      const now = clock.now();
      if (account.status !== 'active')
        throw new CoreError(
          'staff_disabled',
          `Account ${account.username} is disabled`,
          'Tài khoản đã bị khóa',
        );
      const lock = await repo.findLockout(db, account.id);
      if (lock?.locked_until != null && Date.parse(lock.locked_until) > now.getTime())
        throw new CoreError(
          'account_locked',
          `Account ${account.username} is locked until ${lock.locked_until}`,
          `Tài khoản bị khóa đến ${lock.locked_until}; hãy thử lại sau`,
          { until: lock.locked_until },
        );
      if (!(await repo.findTotp(db, account.id)))
        throw new CoreError(
          'second_factor_not_enrolled',
          `Account ${account.username} has no second factor (TOTP) enrolled: a system administrator must enrol one first`,
          'Tài khoản chưa đăng ký xác thực hai lớp (TOTP): hãy nhờ quản trị hệ thống đăng ký',
        );
      const step = (await checkSecondFactor(account, account.username, code, now))!;
      await journal.transaction((trx) =>
        journal.append(trx, secondFactorConfirmed, {
          stream: `signin:${account.id}`,
          actor: account.id,
          office: account.office_id,
          payload: { staff_id: account.id, totp_step: step, purpose: purpose.slice(0, 200) },
        }),
      );
    },
    async hasSecondFactor(staffId) {
      return (await repo.findTotp(db, staffId)) !== undefined;
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
