import type { Kysely } from '../../../storage/index.ts';
import type { ServicesTables } from '../services-tables.ts';
import type { Agency, AgencyLevel, Procedure, RequiredDocument } from './catalogue.model.ts';

type Db = Kysely<ServicesTables>;
export type ProcedureRow = ServicesTables['services_procedure'];
export type AgencyRow = ServicesTables['services_agency'];

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
