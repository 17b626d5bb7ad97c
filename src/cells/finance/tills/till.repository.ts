import type { Kysely } from 'kysely';
import type { FinanceTables } from '../finance-tables.ts';

type Db = Kysely<FinanceTables>;
export type SessionRow = FinanceTables['till_session'];
export type MovementRow = FinanceTables['till_movement'];

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto('till_session').values(row).execute();
}

export async function updateSession(
  db: Db,
  id: string,
  changes: Partial<Omit<SessionRow, 'id'>> & { updated_seq: bigint },
): Promise<void> {
  await db.updateTable('till_session').set(changes).where('id', '=', id).execute();
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('till_session').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A clerk's session that is not closed yet, if any. */
export async function findUnclosed(db: Db, clerkId: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('till_session')
    .selectAll()
    .where('clerk_id', '=', clerkId)
    .where('status', '!=', 'closed')
    .executeTakeFirst();
}

export async function findSessions(
  db: Db,
  q: { officeId?: string; day?: string; status?: string },
): Promise<SessionRow[]> {
  let s = db.selectFrom('till_session').selectAll();
  if (q.officeId !== undefined) s = s.where('office_id', '=', q.officeId);
  if (q.day !== undefined) s = s.where('day', '=', q.day);
  if (q.status !== undefined) s = s.where('status', '=', q.status);
  return s.orderBy('opened_at').orderBy('id').execute();
}

export async function insertMovement(db: Db, row: MovementRow): Promise<void> {
  await db.insertInto('till_movement').values(row).execute();
}

export async function decideMovement(
  db: Db,
  id: string,
  d: { status: string; checker_id: string; reason: string | null; decided_at: string },
): Promise<void> {
  await db.updateTable('till_movement').set(d).where('id', '=', id).execute();
}

export async function findMovement(db: Db, id: string): Promise<MovementRow | undefined> {
  return db.selectFrom('till_movement').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMovements(db: Db, sessionId: string): Promise<MovementRow[]> {
  return db
    .selectFrom('till_movement')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
