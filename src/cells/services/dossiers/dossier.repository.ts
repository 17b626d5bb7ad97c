import type { Kysely } from '../../../storage/index.ts';
import type { ServicesTables } from '../services-tables.ts';

type Db = Kysely<ServicesTables>;
export type DossierRow = ServicesTables['services_dossier'];
export type LegRow = ServicesTables['services_dossier_leg'];
export type StepRow = ServicesTables['services_dossier_step'];
export type NoticeRow = ServicesTables['services_notice'];

/** Draws the next serial under a prefix (an office's postcode): serials only go up. */
export async function nextSerial(db: Db, prefix: string): Promise<bigint> {
  const row = await db
    .selectFrom('services_serial')
    .select('last')
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  return row === undefined ? 1n : BigInt(row.last) + 1n;
}

export async function saveSerial(db: Db, prefix: string, last: bigint): Promise<void> {
  if (last === 1n) await db.insertInto('services_serial').values({ prefix, last }).execute();
  else await db.updateTable('services_serial').set({ last }).where('prefix', '=', prefix).execute();
}

export async function insertDossier(db: Db, row: DossierRow): Promise<void> {
  await db.insertInto('services_dossier').values(row).execute();
}

export async function updateDossier(
  db: Db,
  id: string,
  set: Partial<Omit<DossierRow, 'id'>> & { updated_at: string; updated_seq: bigint },
): Promise<void> {
  await db.updateTable('services_dossier').set(set).where('id', '=', id).execute();
}

export async function findDossier(db: Db, id: string): Promise<DossierRow | undefined> {
  return db.selectFrom('services_dossier').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertLeg(db: Db, row: LegRow): Promise<void> {
  await db.insertInto('services_dossier_leg').values(row).execute();
}

export async function updateLeg(
  db: Db,
  dossier: string,
  legNo: number,
  set: Partial<Pick<LegRow, 'state' | 'item_id'>> & { updated_at: string },
): Promise<void> {
  await db
    .updateTable('services_dossier_leg')
    .set(set)
    .where('dossier_id', '=', dossier)
    .where('leg_no', '=', BigInt(legNo))
    .execute();
}

export async function findLegs(db: Db, dossier: string): Promise<LegRow[]> {
  return db
    .selectFrom('services_dossier_leg')
    .selectAll()
    .where('dossier_id', '=', dossier)
    .orderBy('leg_no')
    .execute();
}

export async function findLegsOf(db: Db, dossiers: readonly string[]): Promise<LegRow[]> {
  const out: LegRow[] = [];
  for (let i = 0; i < dossiers.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('services_dossier_leg')
        .selectAll()
        .where('dossier_id', 'in', dossiers.slice(i, i + 500))
        .orderBy('dossier_id')
        .orderBy('leg_no')
        .execute()),
    );
  return out;
}

export async function findLegByItem(db: Db, item: string): Promise<LegRow | undefined> {
  return db.selectFrom('services_dossier_leg').selectAll().where('item_id', '=', item).executeTakeFirst();
}

/** Legs still waiting for the delivery cell to take them in, oldest first. */
export async function findRequestedLegs(db: Db, limit: number): Promise<LegRow[]> {
  return db
    .selectFrom('services_dossier_leg')
    .selectAll()
    .where('state', '=', 'requested')
    .orderBy('requested_at')
    .orderBy('dossier_id')
    .limit(limit)
    .execute();
}

export async function insertStep(db: Db, row: StepRow): Promise<void> {
  await db.insertInto('services_dossier_step').values(row).execute();
}

export async function findSteps(db: Db, dossier: string): Promise<StepRow[]> {
  return db
    .selectFrom('services_dossier_step')
    .selectAll()
    .where('dossier_id', '=', dossier)
    .orderBy('seq')
    .execute();
}

/** The seq of a dossier's step of a kind (the first), or undefined. */
export async function findStepSeq(
  db: Db,
  dossier: string,
  steps: readonly string[],
): Promise<bigint | undefined> {
  const r = await db
    .selectFrom('services_dossier_step')
    .select('seq')
    .where('dossier_id', '=', dossier)
    .where('step', 'in', steps)
    .orderBy('seq')
    .executeTakeFirst();
  return r === undefined ? undefined : BigInt(r.seq);
}

export interface DossierFilter {
  office?: string;
  agency?: string;
  states?: readonly string[];
  deadlineFrom?: string;
  deadlineTo?: string;
  limit: number;
  offset: number;
}

export async function listDossiers(db: Db, f: DossierFilter): Promise<{ rows: DossierRow[]; total: number }> {
  let q = db.selectFrom('services_dossier');
  if (f.office !== undefined) q = q.where('office_id', '=', f.office);
  if (f.agency !== undefined) q = q.where('agency_code', '=', f.agency);
  if (f.states !== undefined) q = q.where('state', 'in', f.states);
  const byDeadline = f.deadlineFrom !== undefined || f.deadlineTo !== undefined;
  if (byDeadline) q = q.where('deadline_day', 'is not', null);
  if (f.deadlineFrom !== undefined) q = q.where('deadline_day', '>=', f.deadlineFrom);
  if (f.deadlineTo !== undefined) q = q.where('deadline_day', '<=', f.deadlineTo);
  const total = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy(byDeadline ? 'deadline_day' : 'created_at', byDeadline ? 'asc' : 'desc')
    .orderBy('id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function insertNotice(db: Db, row: NoticeRow): Promise<void> {
  await db.insertInto('services_notice').values(row).execute();
}

export async function markNoticeSent(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('services_notice').set({ sent_at: at }).where('id', '=', id).execute();
}

export async function findUnsentNotices(db: Db, limit: number): Promise<NoticeRow[]> {
  return db
    .selectFrom('services_notice')
    .selectAll()
    .where('sent_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function findNotices(db: Db, dossier: string): Promise<NoticeRow[]> {
  return db
    .selectFrom('services_notice')
    .selectAll()
    .where('dossier_id', '=', dossier)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Every dossier with its legs, a page at a time by id: what the cell's invariants read. */
export async function pageDossiers(db: Db, after: string, limit: number): Promise<DossierRow[]> {
  return db
    .selectFrom('services_dossier')
    .selectAll()
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
}
