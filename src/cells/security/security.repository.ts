// The security cell's SQL: modes, requests, alerts. Only Kysely here.
import type { Kysely, Selectable } from 'kysely';
import type { SecurityTables } from './security-tables.ts';

export type ModeRow = Selectable<SecurityTables['cell_mode']>;
export type RequestRow = Selectable<SecurityTables['incident_request']>;
export type AlertRow = Selectable<SecurityTables['security_alert']>;
export type EvidenceRow = Selectable<SecurityTables['evidence']>;

export async function saveMode(db: Kysely<SecurityTables>, row: ModeRow): Promise<void> {
  await db
    .insertInto('cell_mode')
    .values(row)
    .onConflict((oc) => oc.column('cell').doUpdateSet({ ...row }))
    .execute();
}

export function listModes(db: Kysely<SecurityTables>): Promise<ModeRow[]> {
  return db.selectFrom('cell_mode').selectAll().orderBy('cell').execute();
}

export async function insertRequest(db: Kysely<SecurityTables>, row: RequestRow): Promise<void> {
  await db.insertInto('incident_request').values(row).execute();
}

export function findRequest(db: Kysely<SecurityTables>, id: string): Promise<RequestRow | undefined> {
  return db.selectFrom('incident_request').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function decideRequest(
  db: Kysely<SecurityTables>,
  d: Pick<RequestRow, 'id' | 'status' | 'decided_by' | 'decided_at' | 'decision_reason' | 'updated_seq'>,
): Promise<void> {
  const { id, ...rest } = d;
  await db.updateTable('incident_request').set(rest).where('id', '=', id).execute();
}

export async function markRequestDone(db: Kysely<SecurityTables>, id: string, seq: bigint): Promise<void> {
  await db
    .updateTable('incident_request')
    .set({ status: 'done', updated_seq: seq })
    .where('id', '=', id)
    .execute();
}

export async function listRequests(
  db: Kysely<SecurityTables>,
  f: { status?: string; limit: number; offset: number },
): Promise<{ items: RequestRow[]; total: number }> {
  let q = db.selectFrom('incident_request');
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  const items = await q
    .selectAll()
    .orderBy('requested_at', 'desc')
    .orderBy('id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const { n } = await q.select((eb) => eb.fn.countAll<number | bigint>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(n) };
}

export async function insertAlert(db: Kysely<SecurityTables>, row: AlertRow): Promise<void> {
  await db.insertInto('security_alert').values(row).execute();
}

export function findAlert(db: Kysely<SecurityTables>, id: string): Promise<AlertRow | undefined> {
  return db.selectFrom('security_alert').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The open (unacknowledged) alert of a finding, if one is. */
export function findOpenAlert(
  db: Kysely<SecurityTables>,
  signal: string,
  dedupeKey: string,
): Promise<AlertRow | undefined> {
  return db
    .selectFrom('security_alert')
    .selectAll()
    .where('signal', '=', signal)
    .where('dedupe_key', '=', dedupeKey)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
}

export async function acknowledgeAlert(
  db: Kysely<SecurityTables>,
  id: string,
  by: string,
  at: string,
  note: string,
): Promise<void> {
  await db
    .updateTable('security_alert')
    .set({ acknowledged_by: by, acknowledged_at: at, acknowledge_note: note })
    .where('id', '=', id)
    .execute();
}

export async function listAlerts(
  db: Kysely<SecurityTables>,
  f: { signal?: string; cell?: string; open?: boolean; limit: number; offset: number },
): Promise<{ items: AlertRow[]; total: number }> {
  let q = db.selectFrom('security_alert');
  if (f.signal !== undefined) q = q.where('signal', '=', f.signal);
  if (f.cell !== undefined) q = q.where('cell', '=', f.cell);
  if (f.open === true) q = q.where('acknowledged_at', 'is', null);
  if (f.open === false) q = q.where('acknowledged_at', 'is not', null);
  const items = await q.selectAll().orderBy('raised_seq', 'desc').limit(f.limit).offset(f.offset).execute();
  const { n } = await q.select((eb) => eb.fn.countAll<number | bigint>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(n) };
}

export async function insertEvidence(db: Kysely<SecurityTables>, row: EvidenceRow): Promise<void> {
  await db.insertInto('evidence').values(row).execute();
}

/** The newest manifest of the chain of custody, if any. */
export function lastEvidence(db: Kysely<SecurityTables>): Promise<EvidenceRow | undefined> {
  return db.selectFrom('evidence').selectAll().orderBy('captured_seq', 'desc').limit(1).executeTakeFirst();
}

export function findEvidence(db: Kysely<SecurityTables>, id: string): Promise<EvidenceRow | undefined> {
  return db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEvidence(
  db: Kysely<SecurityTables>,
  f: { limit: number; offset: number },
): Promise<{ items: EvidenceRow[]; total: number }> {
  const items = await db
    .selectFrom('evidence')
    .selectAll()
    .orderBy('captured_seq', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const { n } = await db
    .selectFrom('evidence')
    .select((eb) => eb.fn.countAll<number | bigint>().as('n'))
    .executeTakeFirstOrThrow();
  return { items, total: Number(n) };
}
