import { sql, type Kysely } from 'kysely';
import type { ServicesTables } from '../services-tables.ts';

/**
 * The offices' dossiers at an agency, per office: how many, how many due between two days (near), and how
 * many due before a day (past).
 */
export async function dueByOffice(
  db: Kysely<ServicesTables>,
  offices: readonly string[],
  states: readonly string[],
  q: { nearFrom: string; nearTo: string; pastBefore: string },
) {
  if (offices.length === 0) return [];
  return db
    .selectFrom('services_dossier')
    .select((eb) => [
      'office_id',
      eb.fn.countAll<bigint>().as('at_agency'),
      sql<bigint>`sum(case when deadline_day >= ${q.nearFrom} and deadline_day <= ${q.nearTo} then 1 else 0 end)`.as(
        'near',
      ),
      sql<bigint>`sum(case when deadline_day < ${q.pastBefore} then 1 else 0 end)`.as('past'),
    ])
    .where('office_id', 'in', offices)
    .where('state', 'in', states)
    .groupBy('office_id')
    .execute();
}
