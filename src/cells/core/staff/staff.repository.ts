import type { Kysely } from 'kysely';
import type { CoreTables } from '../core-tables.ts';
import { NATIONAL_OFFICE_TYPES } from '../offices/index.ts';

export type StaffRow = CoreTables['staff'];
type Db = Kysely<CoreTables>;

/** Inserts a new member of staff. */
export async function insertStaff(db: Db, row: StaffRow): Promise<void> {
  await db.insertInto('staff').values(row).execute();
}

/** Changes some columns of one member of staff. */
export async function updateStaff(
  db: Db,
  id: string,
  changes: Partial<Omit<StaffRow, 'id'>> & { updated_seq: bigint },
): Promise<void> {
  await db.updateTable('staff').set(changes).where('id', '=', id).execute();
}

/** One member of staff by id. */
export async function findStaff(db: Db, id: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One member of staff by username (usernames are stored lowercased). */
export async function findByUsername(db: Db, username: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
}

/** The member of staff holding a CCCD number, if any. */
export async function findByCccd(db: Db, cccd: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff').selectAll().where('cccd', '=', cccd).executeTakeFirst();
}

export interface StaffQuery {
  officeId?: string;
  provinceCode?: string;
  status?: string;
  limit: number;
  offset: number;
}

/** Staff matching the filters, by username, with the total count. */
export async function findStaffList(db: Db, q: StaffQuery): Promise<{ rows: StaffRow[]; total: bigint }> {
  let base = db.selectFrom('staff');
  if (q.officeId !== undefined) base = base.where('office_id', '=', q.officeId);
  if (q.provinceCode !== undefined) {
    const province = q.provinceCode;
    // A province's staff are those of its own offices, not of the national ones that stand in it.
    base = base.where('office_id', 'in', (eb) =>
      eb
        .selectFrom('office')
        .select('id')
        .where('province_code', '=', province)
        .where('type', 'not in', [...NATIONAL_OFFICE_TYPES]),
    );
  }
  if (q.status !== undefined) base = base.where('status', '=', q.status);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('username').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: BigInt(count.n) };
}

/** Which of these usernames and CCCD numbers are taken already (for batches: one query per 500). */
export async function findTaken(
  db: Db,
  usernames: readonly string[],
  cccds: readonly string[],
): Promise<{ usernames: Set<string>; cccds: Set<string> }> {
  const out = { usernames: new Set<string>(), cccds: new Set<string>() };
  for (let i = 0; i < usernames.length; i += 500) {
    const rows = await db
      .selectFrom('staff')
      .select('username')
      .where('username', 'in', usernames.slice(i, i + 500))
      .execute();
    for (const r of rows) out.usernames.add(r.username);
  }
  for (let i = 0; i < cccds.length; i += 500) {
    const rows = await db
      .selectFrom('staff')
      .select('cccd')
      .where('cccd', 'in', cccds.slice(i, i + 500))
      .execute();
    for (const r of rows) if (r.cccd !== null) out.cccds.add(r.cccd);
  }
  return out;
}
