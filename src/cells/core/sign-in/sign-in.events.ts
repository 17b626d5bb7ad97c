import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import type { CoreTables } from '../core-tables.ts';
import * as repo from './sign-in.repository.ts';

/** Consecutive failures that lock an account, and for how long. */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

export const FAILURE_REASONS = [
  'unknown_user',
  'wrong_password',
  'locked',
  'disabled',
  'second_factor_missing',
  'second_factor_not_enrolled',
  'wrong_second_factor',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export const signedIn = defineEvent<
  CoreTables,
  z.ZodType<{ staff_id: string; secret_hash: string; expires_at: string; totp_step?: number | undefined }>
>({
  type: 'core.auth.signed_in',
  schema: z.strictObject({
    staff_id: z.string(),
    // The SHA-256 of the session secret: the secret itself never leaves the response that carries it.
    secret_hash: z.string().regex(/^[0-9a-f]{64}$/),
    expires_at: z.iso.datetime(),
    // The 30-second step of the TOTP code used, when the account has a second factor.
    totp_step: z.number().int().positive().optional(),
  }),
  async apply(db, e) {
    const { totp_step, ...session } = e.payload;
    await repo.insertSession(db, { ...session, created_at: e.at, ended_at: null });
    await repo.saveLockout(db, { staff_id: e.payload.staff_id, failures: 0n, locked_until: null });
    if (totp_step !== undefined) await repo.useTotpStep(db, e.payload.staff_id, BigInt(totp_step));
  },
});

export const signInFailed = defineEvent({
  type: 'core.auth.sign_in_failed',
  schema: z.strictObject({
    staff_id: z.string().nullable(),
    username: z.string().max(64),
    reason: z.enum(FAILURE_REASONS),
  }),
  async apply(db: Parameters<typeof signedIn.apply>[0], e) {
    const id = e.payload.staff_id;
    // A wrong password and a wrong (or replayed) code both count toward the lock.
    if (id === null || (e.payload.reason !== 'wrong_password' && e.payload.reason !== 'wrong_second_factor'))
      return;
    const failures = ((await repo.findLockout(db, id))?.failures ?? 0n) + 1n;
    // Every MAX_FAILURES-th wrong password in a row locks the account from the time of that event.
    const locked =
      failures % BigInt(MAX_FAILURES) === 0n
        ? new Date(Date.parse(e.at) + LOCK_MINUTES * 60_000).toISOString()
        : null;
    const previous = (await repo.findLockout(db, id))?.locked_until ?? null;
    await repo.saveLockout(db, { staff_id: id, failures, locked_until: locked ?? previous });
  },
});

export const signedOut = defineEvent({
  type: 'core.auth.signed_out',
  schema: z.strictObject({ secret_hash: z.string().regex(/^[0-9a-f]{64}$/) }),
  async apply(db: Parameters<typeof signedIn.apply>[0], e) {
    await repo.endSession(db, e.payload.secret_hash, e.at);
  },
});

export const secondFactorEnrolled = defineEvent({
  type: 'core.auth.second_factor_enrolled',
  schema: z.strictObject({
    staff_id: z.string(),
    // Sealed by the server's secret box: the journal and its backups never hold the seed in clear.
    sealed_secret: z.string().startsWith('sb1.'),
  }),
  async apply(db: Parameters<typeof signedIn.apply>[0], e) {
    await repo.saveTotp(db, {
      staff_id: e.payload.staff_id,
      sealed_secret: e.payload.sealed_secret,
      enrolled_at: e.at,
      last_step: null,
    });
  },
});

export const secondFactorConfirmed = defineEvent({
  type: 'core.auth.second_factor_confirmed',
  schema: z.strictObject({
    staff_id: z.string(),
    totp_step: z.number().int().positive(),
    // What the fresh code was asked for ("approve request inr_…").
    purpose: z.string().min(1).max(200),
  }),
  async apply(db: Parameters<typeof signedIn.apply>[0], e) {
    await repo.useTotpStep(db, e.payload.staff_id, BigInt(e.payload.totp_step));
    await repo.saveLockout(db, { staff_id: e.payload.staff_id, failures: 0n, locked_until: null });
  },
});

export const passwordChanged = defineEvent({
  type: 'core.auth.password_changed',
  schema: z.strictObject({
    staff_id: z.string(),
    // The new scrypt hash; the password itself is never journaled.
    password_hash: z.string().startsWith('scrypt$'),
  }),
  async apply(db: Parameters<typeof signedIn.apply>[0], e) {
    // Every session of the account ends: whoever knew the old password is signed out.
    await repo.setPassword(db, e.payload.staff_id, e.payload.password_hash, e.at, e.seq);
  },
});

export const signInEvents = [
  signedIn,
  signInFailed,
  signedOut,
  secondFactorEnrolled,
  secondFactorConfirmed,
  passwordChanged,
];
