import type { Kysely } from '../../../storage/index.ts';
import { searchKey } from '../../../platform/text.ts';
import type { ServicesTables } from '../services-tables.ts';
import type { Agency, AgencyLevel, Procedure, RequiredDocument } from './catalogue.model.ts';

type Db = Kysely<ServicesTables>;
export type ProcedureRow = ServicesTables['services_procedure'];
export type AgencyRow = ServicesTables['services_agency'];
export type OfficerRow = ServicesTables['services_agency_officer'];

export const toProcedure = (r: ProcedureRow): Procedure => ({
  code: r.code,
  name: r.name,
  field: r.field,
  agency_code: r.agency_code,
  documents: JSON.parse(r.documents) as RequiredDocument[],
  agency_fee: BigInt(r.agency_fee),
  agency_charge: BigInt(r.agency_charge),
  send_tariff: BigInt(r.send_tariff),
  return_tariff: BigInt(r.return_tariff),
  deadline_days: Number(r.deadline_days),
  active: BigInt(r.active) === 1n,
});

export const toAgency = (r: AgencyRow): Agency => ({
  code: r.code,
  name: r.name,
  level: r.level as AgencyLevel,
  province_code: r.province_code,
  commune_code: r.commune_code,
  address: r.address,
  commune: r.commune,
  phone: r.phone,
});

/** What a procedure is found by: its name and its field, without marks (so 'khai sinh' finds 'Đăng ký khai sinh'). */
export const procedureSearchKey = (name: string, field: string): string => searchKey(`${name} ${field}`);

/** A procedure by its code, or undefined. */
export async function findProcedure(db: Db, code: string): Promise<Procedure | undefined> {
  const r = await db.selectFrom('services_procedure').selectAll().where('code', '=', code).executeTakeFirst();
  return r === undefined ? undefined : toProcedure(r);
}

/** An agency by its code, or undefined. */
export async function findAgency(db: Db, code: string): Promise<Agency | undefined> {
  const r = await db.selectFrom('services_agency').selectAll().where('code', '=', code).executeTakeFirst();
  return r === undefined ? undefined : toAgency(r);
}

/** The agency an agency officer acts for, or undefined when none was assigned. */
export async function findOfficerAgency(db: Db, staffId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('services_agency_officer')
    .select('agency_code')
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return r?.agency_code;
}

/** An officer's assignment row, or undefined. */
export async function findOfficer(db: Db, staffId: string): Promise<OfficerRow | undefined> {
  return db
    .selectFrom('services_agency_officer')
    .selectAll()
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
}

/** The agencies among these codes (for an import's comparison: 500 codes a query). */
export async function findAgencies(db: Db, codes: readonly string[]): Promise<Map<string, Agency>> {
  const out = new Map<string, Agency>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await db
      .selectFrom('services_agency')
      .selectAll()
      .where('code', 'in', codes.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.code, toAgency(r));
  }
  return out;
}

/** The procedures among these codes (500 codes a query). */
export async function findProcedures(db: Db, codes: readonly string[]): Promise<Map<string, Procedure>> {
  const out = new Map<string, Procedure>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await db
      .selectFrom('services_procedure')
      .selectAll()
      .where('code', 'in', codes.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.code, toProcedure(r));
  }
  return out;
}

/** Adds an agency or replaces what is known of it. */
export async function upsertAgency(db: Db, row: AgencyRow): Promise<void> {
  const { code: _, ...rest } = row;
  await db
    .insertInto('services_agency')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet(rest))
    .execute();
}

/** Adds a procedure or replaces what is known of it. */
export async function upsertProcedure(db: Db, row: ProcedureRow): Promise<void> {
  const { code: _, ...rest } = row;
  await db
    .insertInto('services_procedure')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet(rest))
    .execute();
}

/** Records (or replaces) the agency an officer acts for. */
export async function upsertOfficer(db: Db, row: OfficerRow): Promise<void> {
  const { staff_id: _, ...rest } = row;
  await db
    .insertInto('services_agency_officer')
    .values(row)
    .onConflict((oc) => oc.column('staff_id').doUpdateSet(rest))
    .execute();
}

export interface ProcedureQuery {
  /** Each word must be in the procedure's search key (already without marks). */
  words: readonly string[];
  province?: string;
  agency?: string;
  limit: number;
  offset: number;
}

/** Offered procedures matching the query with their agency's name and province, by name, with the total. */
export async function searchProcedures(
  db: Db,
  q: ProcedureQuery,
): Promise<{ rows: Array<ProcedureRow & { agency_name: string; province_code: string }>; total: bigint }> {
  let base = db
    .selectFrom('services_procedure as p')
    .innerJoin('services_agency as a', 'a.code', 'p.agency_code')
    .where('p.active', '=', 1n);
  for (const w of q.words) {
    // A word that is all code characters may also be part of a procedure's code.
    base = /^[0-9.a-z]+$/.test(w)
      ? base.where((eb) =>
          eb.or([eb('p.search_key', 'like', `%${w}%`), eb('p.code', 'like', `%${w.toUpperCase()}%`)]),
        )
      : base.where('p.search_key', 'like', `%${w}%`);
  }
  if (q.province !== undefined) base = base.where('a.province_code', '=', q.province);
  if (q.agency !== undefined) base = base.where('p.agency_code', '=', q.agency);
  const [rows, count] = await Promise.all([
    base
      .selectAll('p')
      .select(['a.name as agency_name', 'a.province_code as province_code'])
      .orderBy('p.name')
      .orderBy('p.code')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: BigInt(count.n) };
}

/** Agencies, of one province or all, by province, level and name. */
export async function listAgencies(db: Db, province: string | undefined): Promise<Agency[]> {
  let q = db.selectFrom('services_agency').selectAll();
  if (province !== undefined) q = q.where('province_code', '=', province);
  const rows = await q.orderBy('province_code').orderBy('level').orderBy('name').orderBy('code').execute();
  return rows.map(toAgency);
}
