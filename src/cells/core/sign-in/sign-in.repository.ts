import type { Kysely } from 'kysely';
import type { CoreTables } from '../core-tables.ts';

type Db = Kysely<CoreTables>;
export type SessionRow = CoreTables['auth_session'];
export type LockoutRow = CoreTables['auth_lockout'];

/** Stores a new session by the hash of its secret. */
export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto('auth_session').values(row).execute();
}

/** Marks a session ended (signed out). */
export async function endSession(db: Db, secretHash: string, at: string): Promise<void> {
  await db.updateTable('auth_session').set({ ended_at: at }).where('secret_hash', '=', secretHash).execute();
}

/** A session by the hash of its secret. */
export async function findSession(db: Db, secretHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('auth_session').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
}

/** The failure count and lock of one account (none yet: no row). */
export async function findLockout(db: Db, staffId: string): Promise<LockoutRow | undefined> {
  return db.selectFrom('auth_lockout').selectAll().where('staff_id', '=', staffId).executeTakeFirst();
}

/** Writes the failure count and lock of one account. */
export async function saveLockout(db: Db, row: LockoutRow): Promise<void> {
  const existing = await findLockout(db, row.staff_id);
  if (existing === undefined) await db.insertInto('auth_lockout').values(row).execute();
  else
    await db
      .updateTable('auth_lockout')
      .set({ failures: row.failures, locked_until: row.locked_until })
      .where('staff_id', '=', row.staff_id)
      .execute();
}

export type TotpRow = CoreTables['auth_totp'];

/** The second-factor enrolment of one account, if any. */
export async function findTotp(db: Db, staffId: string): Promise<TotpRow | undefined> {
  return db.selectFrom('auth_totp').selectAll().where('staff_id', '=', staffId).executeTakeFirst();
}

/** Enrols (or re-enrols, replacing the old seed) an account's second factor. */
export async function saveTotp(db: Db, row: TotpRow): Promise<void> {
  await db.deleteFrom('auth_totp').where('staff_id', '=', row.staff_id).execute();
  await db.insertInto('auth_totp').values(row).execute();
}

/** Records the time step of an accepted code. */
export async function useTotpStep(db: Db, staffId: string, step: bigint): Promise<void> {
  await db.updateTable('auth_totp').set({ last_step: step }).where('staff_id', '=', staffId).execute();
}

/** Replaces an account's password hash and ends every live session it has. */
export async function setPassword(
  db: Db,
  staffId: string,
  passwordHash: string,
  at: string,
  seq: bigint,
): Promise<void> {
  await db
    .updateTable('staff')
    .set({ password_hash: passwordHash, updated_seq: seq })
    .where('id', '=', staffId)
    .execute();
  await db
    .updateTable('auth_session')
    .set({ ended_at: at })
    .where('staff_id', '=', staffId)
    .where('ended_at', 'is', null)
    .execute();
}
