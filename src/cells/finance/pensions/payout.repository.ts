import { sql, type Kysely } from 'kysely';
import type { FinanceTables } from '../finance-tables.ts';
import { OUTSTANDING } from './payout.events.ts';
import { linesWithOffice, personLines } from './pension.repository.ts';

type Db = Kysely<FinanceTables>;
export type PayoutRow = FinanceTables['pension_payout'];
export type RoundRow = FinanceTables['pension_round'];
export type AllocationRow = FinanceTables['pension_allocation'];

export async function findLine(db: Db, id: string) {
  return db.selectFrom('pension_line').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findLinesOf(db: Db, periodId: string, cccd: string, benefit?: string) {
  let q = personLines(db.selectFrom('pension_line').selectAll(), periodId, cccd);
  if (benefit !== undefined) q = q.where('benefit', '=', benefit);
  return q.orderBy('benefit').execute();
}

export async function findPayout(db: Db, id: string): Promise<PayoutRow | undefined> {
  return db.selectFrom('pension_payout').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPayoutOfLine(db: Db, lineId: string): Promise<PayoutRow | undefined> {
  return db.selectFrom('pension_payout').selectAll().where('line_id', '=', lineId).executeTakeFirst();
}

export async function findPayouts(db: Db, sessionId: string): Promise<PayoutRow[]> {
  return db
    .selectFrom('pension_payout')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('seq')
    .execute();
}

export async function findAllocation(
  db: Db,
  periodId: string,
  sha256: string,
  postcode: string,
): Promise<AllocationRow | undefined> {
  return db
    .selectFrom('pension_allocation')
    .selectAll()
    .where('period_id', '=', periodId)
    .where('list_sha256', '=', sha256)
    .where('postcode', '=', postcode)
    .executeTakeFirst();
}

/** A list's lines by office: what each office will pay. */
export async function sumsByPostcode(db: Db, periodId: string, sha256: string) {
  return db
    .selectFrom('pension_line')
    .select((eb) => [
      'office_postcode',
      eb.fn.countAll<bigint>().as('n'),
      eb.fn.sum<bigint>('amount').as('amount'),
    ])
    .where('period_id', '=', periodId)
    .where('list_sha256', '=', sha256)
    .groupBy('office_postcode')
    .orderBy('office_postcode')
    .execute();
}

/** Funded lines of a period in the given states, by the office that holds their money. */
export async function sumsByOffice(db: Db, periodId: string, states: readonly string[], channel?: string) {
  let q = linesWithOffice(db)
    .select((eb) => [
      'a.office_id',
      eb.fn.countAll<bigint>().as('n'),
      eb.fn.sum<bigint>('l.amount').as('amount'),
    ])
    .where('l.period_id', '=', periodId)
    .where('l.status', 'in', states);
  if (channel !== undefined) q = q.where('l.channel', '=', channel);
  return q.groupBy('a.office_id').orderBy('a.office_id').execute();
}

export async function countLines(db: Db, periodId: string, states: readonly string[]): Promise<bigint> {
  const r = await db
    .selectFrom('pension_line')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('period_id', '=', periodId)
    .where('status', 'in', states)
    .executeTakeFirstOrThrow();
  return BigInt(r.n);
}

export async function findRound(db: Db, id: string): Promise<RoundRow | undefined> {
  return db.selectFrom('pension_round').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRounds(db: Db, q: { periodId?: string; officeId?: string; status?: string }) {
  let s = db.selectFrom('pension_round').selectAll();
  if (q.periodId !== undefined) s = s.where('period_id', '=', q.periodId);
  if (q.officeId !== undefined) s = s.where('office_id', '=', q.officeId);
  if (q.status !== undefined) s = s.where('status', '=', q.status);
  return s.orderBy('opened_at').orderBy('id').execute();
}

export async function roundLines(db: Db, roundId: string) {
  return db.selectFrom('pension_line').selectAll().where('round_id', '=', roundId).orderBy('row').execute();
}

/** Counts and sums of a period's lines by office, channel and state: the reconciliation's body. */
export async function reconciliationRows(db: Db, periodId: string) {
  return db
    .selectFrom('pension_line')
    .select((eb) => [
      'office_postcode',
      'channel',
      'status',
      sql<string>`coalesce(return_reason, '')`.as('reason'),
      eb.fn.countAll<bigint>().as('n'),
      eb.fn.sum<bigint>('amount').as('amount'),
    ])
    .where('period_id', '=', periodId)
    .groupBy(['office_postcode', 'channel', 'status', sql`coalesce(return_reason, '')`])
    .orderBy('office_postcode')
    .orderBy('channel')
    .orderBy('status')
    .execute();
}

/**
 * What each office owes on pensions by its lines: the funded lines not yet paid or returned, for the
 * invariant that pensions payable holds exactly that.
 */
export async function outstandingByOffice(db: Db) {
  return linesWithOffice(db)
    .select((eb) => ['a.office_id', eb.fn.sum<bigint>('l.amount').as('amount')])
    .where('l.status', 'in', OUTSTANDING)
    .groupBy('a.office_id')
    .execute();
}
