import { sql, type Kysely } from 'kysely';
import type { FinanceTables } from '../finance-tables.ts';

type Db = Kysely<FinanceTables>;

/** A province's open payment periods, or its latest one when none is open. */
export async function findCurrentPeriods(db: Db, province: string) {
  const open = await db
    .selectFrom('pension_period')
    .selectAll()
    .where('province_code', '=', province)
    .where('status', '=', 'open')
    .orderBy('opened_at')
    .execute();
  if (open.length > 0) return open;
  return db
    .selectFrom('pension_period')
    .selectAll()
    .where('province_code', '=', province)
    .orderBy('opened_at', 'desc')
    .limit(1)
    .execute();
}

/** Counts and sums of the periods' lines by office, channel and state; of one office's lines when given. */
export async function pensionCounts(db: Db, periods: readonly string[], postcode: string | null) {
  if (periods.length === 0) return [];
  let q = db
    .selectFrom('pension_line')
    .select((eb) => [
      'office_postcode',
      'channel',
      'status',
      eb.fn.countAll<bigint>().as('n'),
      eb.fn.sum<bigint>('amount').as('amount'),
    ])
    .where('period_id', 'in', periods);
  if (postcode !== null) q = q.where('office_postcode', '=', postcode);
  return q.groupBy(['office_postcode', 'channel', 'status']).execute();
}

/** What each office paid out of the periods between two instants (a day), counted and summed. */
export async function paidBetween(
  db: Db,
  periods: readonly string[],
  offices: readonly string[],
  from: string,
  to: string,
) {
  if (periods.length === 0 || offices.length === 0) return [];
  return db
    .selectFrom('pension_payout')
    .select((eb) => ['office_id', eb.fn.countAll<bigint>().as('n'), eb.fn.sum<bigint>('amount').as('amount')])
    .where('office_id', 'in', offices)
    .where('paid_at', '>=', from)
    .where('paid_at', '<', to)
    .where('period_id', 'in', periods)
    .groupBy('office_id')
    .execute();
}

/** The offices' till sessions of a day, and any older one still not closed. */
export async function tillSessions(db: Db, offices: readonly string[], day: string) {
  if (offices.length === 0) return [];
  return db
    .selectFrom('till_session')
    .select(['id', 'office_id', 'clerk_id', 'day', 'status', 'variance', 'variance_reason', 'closed_at'])
    .where('office_id', 'in', offices)
    .where((eb) => eb.or([eb('day', '=', day), eb('status', '<>', 'closed')]))
    .orderBy('office_id')
    .orderBy('opened_at')
    .execute();
}

/** Cash moves of the offices' unclosed tills that wait for a second person. */
export async function pendingMoves(db: Db, offices: readonly string[]) {
  if (offices.length === 0) return [];
  return db
    .selectFrom('till_movement as m')
    .innerJoin('till_session as s', 's.id', 'm.session_id')
    .select([
      'm.id',
      'm.session_id',
      'm.direction',
      'm.amount',
      'm.maker_id',
      'm.created_at',
      's.office_id',
      's.status as session_status',
    ])
    .where('s.office_id', 'in', offices)
    .where('s.status', '<>', 'closed')
    .where('m.status', '=', 'pending')
    .orderBy('m.created_at')
    .execute();
}

/**
 * COD collected at the offices and not yet remitted, per payee: collected, of it handed in to a till, and
 * what was collected between two instants (today).
 */
export async function codOwed(db: Db, offices: readonly string[], from: string, to: string) {
  if (offices.length === 0) return [];
  return db
    .selectFrom('cod_collection')
    .select((eb) => [
      'payee',
      eb.fn.countAll<bigint>().as('n'),
      eb.fn.sum<bigint>('amount').as('collected'),
      sql<bigint>`sum(case when handed_in_at is not null then amount else 0 end)`.as('handed_in'),
      sql<bigint>`sum(case when collected_at >= ${from} and collected_at < ${to} then amount else 0 end)`.as(
        'today',
      ),
    ])
    .where('office_id', 'in', offices)
    .where('remittance_id', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('cod_owned_item as o')
            .select('o.item_id')
            .whereRef('o.item_id', '=', 'cod_collection.item_id'),
        ),
      ),
    )
    .groupBy('payee')
    .orderBy('payee')
    .execute();
}
