import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { JournalEvent } from '../../../journal/index.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { OUTSTANDING, PAYABLE, STOPPABLE } from './line-states.ts';
import type {
  bankRunSchema,
  linePaidSchema,
  lineStoppedSchema,
  listFundedSchema,
  periodClosedSchema,
  roundClosedSchema,
  roundOpenedSchema,
} from './payout.schemas.ts';
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
/** What a period's receipts add up to. */
export async function sumPayouts(db: Db, periodId: string) {
  return db
    .selectFrom('pension_payout')
    .select((eb) => eb.fn.sum<bigint>('amount').as('amount'))
    .where('period_id', '=', periodId)
    .executeTakeFirst();
}

/** Up to ten lines whose receipt does not match: paid without one (or of another amount), or unpaid with one. */
export async function findLinesAtOddsWithReceipts(db: Db) {
  return db
    .selectFrom('pension_line as l')
    .leftJoin('pension_payout as p', 'p.line_id', 'l.id')
    .select(['l.id', 'l.status', 'l.amount', 'p.id as receipt', 'p.amount as paid'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('l.status', 'in', ['paid', 'recovery']),
          eb.or([eb('p.id', 'is', null), eb('p.amount', '!=', eb.ref('l.amount'))]),
        ]),
        eb.and([eb('l.status', 'not in', ['paid', 'recovery']), eb('p.id', 'is not', null)]),
      ]),
    )
    .limit(10)
    .execute();
}

/** Up to ten receipts that pay no line. */
export async function findOrphanPayouts(db: Db) {
  return db
    .selectFrom('pension_payout as p')
    .leftJoin('pension_line as l', 'l.id', 'p.line_id')
    .select('p.id')
    .where('l.id', 'is', null)
    .limit(10)
    .execute();
}

export async function outstandingByOffice(db: Db) {
  return linesWithOffice(db)
    .select((eb) => ['a.office_id', eb.fn.sum<bigint>('l.amount').as('amount')])
    .where('l.status', 'in', OUTSTANDING)
    .groupBy('a.office_id')
    .execute();
}

// --- what the pension payment events write (their applies) -------------------------------------------

/** An apply that finds the projection other than the command saw: replay would diverge, so it stops. */
class ProjectionMismatch extends Error {}
const expect = (what: string, want: number | bigint, got: number | bigint) => {
  if (BigInt(want) !== BigInt(got))
    throw new ProjectionMismatch(`${what}: expected ${String(want)}, found ${String(got)}`);
};
const updated = (r: { numUpdatedRows: bigint }) => r.numUpdatedRows;

/** The list's money has come: each line goes where it will be paid (bank, commune point, office). */
export async function applyListFunded(
  db: Db,
  e: JournalEvent<z.output<typeof listFundedSchema>>,
): Promise<void> {
  const p = e.payload;
  const r = await db
    .updateTable('pension_list')
    .set({ funded_seq: e.seq, funding_reference: p.reference })
    .where('period_id', '=', p.period_id)
    .where('sha256', '=', p.sha256)
    .where('funded_seq', 'is', null)
    .executeTakeFirst();
  expect(`list ${p.sha256} funded`, 1, updated(r));
  await db
    .updateTable('pension_period')
    .set({ province_office_id: p.province_office_id })
    .where('id', '=', p.period_id)
    .execute();
  if (p.allocations.length > 0)
    await db
      .insertInto('pension_allocation')
      .values(
        p.allocations.map((a) => ({
          period_id: p.period_id,
          list_sha256: p.sha256,
          postcode: a.postcode,
          office_id: a.office_id,
          line_count: BigInt(a.line_count),
          amount: BigInt(a.amount),
        })),
      )
      .execute();
  await db
    .updateTable('pension_line')
    .set({
      status: sql<string>`case channel when 'ATM' then 'funded' when 'DIEM_CHI' then 'at_point' else 'at_office' end`,
      updated_seq: e.seq,
    })
    .where('period_id', '=', p.period_id)
    .where('list_sha256', '=', p.sha256)
    .where('status', '=', 'listed')
    .execute();
}

/** Every funded bank-account line of the period is paid into its account: a payout each, by the run. */
export async function applyBankRun(db: Db, e: JournalEvent<z.output<typeof bankRunSchema>>): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('pension_payout')
    .columns([
      'id',
      'line_id',
      'period_id',
      'office_id',
      'place',
      'session_id',
      'clerk_id',
      'recipient',
      'recipient_name',
      'recipient_cccd',
      'evidence',
      'amount',
      'transfer_id',
      'paid_at',
      'seq',
    ])
    .expression(
      linesWithOffice(db)
        .select((eb) => [
          sql<string>`'rcp_' || l.id`.as('id'),
          'l.id as line_id',
          'l.period_id',
          'a.office_id',
          eb.val('bank').as('place'),
          eb.val(p.run_id).as('session_id'),
          eb.val(null).as('clerk_id'),
          eb.val('self').as('recipient'),
          'l.full_name as recipient_name',
          'l.cccd as recipient_cccd',
          eb.val(null).as('evidence'),
          'l.amount',
          sql<string>`${p.run_id} || ':' || a.office_id`.as('transfer_id'),
          eb.val(e.at).as('paid_at'),
          eb.val(e.seq).as('seq'),
        ])
        .where('l.period_id', '=', p.period_id)
        .where('l.channel', '=', 'ATM')
        .where('l.status', '=', 'funded'),
    )
    .execute();
  const r = await db
    .updateTable('pension_line')
    .set({
      status: 'paid',
      paid_place: 'bank',
      receipt_id: sql<string>`'rcp_' || id`,
      updated_seq: e.seq,
    })
    .where('period_id', '=', p.period_id)
    .where('channel', '=', 'ATM')
    .where('status', '=', 'funded')
    .executeTakeFirst();
  expect(`bank run ${p.run_id} lines`, p.line_count, updated(r));
}

/** One line paid in cash, at a counter, a commune point or at home: its receipt. */
export async function applyLinePaid(db: Db, e: JournalEvent<z.output<typeof linePaidSchema>>): Promise<void> {
  const p = e.payload;
  const r = await db
    .updateTable('pension_line')
    .set({ status: 'paid', receipt_id: p.receipt_id, paid_place: p.place, updated_seq: e.seq })
    .where('id', '=', p.line_id)
    .where('status', 'in', p.place === 'home' ? ['on_round'] : PAYABLE)
    .executeTakeFirst();
  expect(`line ${p.line_id} paid`, 1, updated(r));
  await db
    .insertInto('pension_payout')
    .values({
      id: p.receipt_id,
      line_id: p.line_id,
      period_id: p.period_id,
      office_id: p.office_id,
      place: p.place,
      session_id: p.session_id,
      clerk_id: p.clerk_id,
      recipient: p.recipient,
      recipient_name: p.recipient_name,
      recipient_cccd: p.recipient_cccd,
      evidence: p.evidence,
      amount: BigInt(p.amount),
      transfer_id: p.transfer_id,
      paid_at: e.at,
      seq: e.seq,
    })
    .execute();
}

/** A postman takes the day's home payments and their cash from the vault. */
export async function applyRoundOpened(
  db: Db,
  e: JournalEvent<z.output<typeof roundOpenedSchema>>,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('pension_round')
    .values({
      id: p.id,
      period_id: p.period_id,
      office_id: p.office_id,
      postman_id: p.postman_id,
      postman_name: p.postman_name,
      day: p.day,
      status: 'open',
      line_count: BigInt(p.line_ids.length),
      advance: BigInt(p.advance),
      returned: null,
      opened_by: e.actor,
      opened_at: e.at,
      closed_by: null,
      closed_at: null,
    })
    .execute();
  const r = await db
    .updateTable('pension_line')
    .set({ status: 'on_round', round_id: p.id, updated_seq: e.seq })
    .where('id', 'in', p.line_ids)
    .where('status', '=', 'at_office')
    .executeTakeFirst();
  expect(`round ${p.id} lines`, p.line_ids.length, updated(r));
}

/** The postman brings back the cash of the payments he could not make; those lines wait at the office. */
export async function applyRoundClosed(
  db: Db,
  e: JournalEvent<z.output<typeof roundClosedSchema>>,
): Promise<void> {
  const p = e.payload;
  const r = await db
    .updateTable('pension_round')
    .set({ status: 'closed', returned: BigInt(p.returned), closed_by: e.actor, closed_at: e.at })
    .where('id', '=', p.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  expect(`round ${p.id} closed`, 1, updated(r));
  const back = await db
    .updateTable('pension_line')
    .set({ status: 'at_office', updated_seq: e.seq })
    .where('round_id', '=', p.id)
    .where('status', '=', 'on_round')
    .executeTakeFirst();
  expect(`round ${p.id} unpaid lines`, p.unpaid_count, updated(back));
}

/** The agency stops a line: suspended before it is paid; a recovery case if it already was. */
export async function applyLineStopped(
  db: Db,
  e: JournalEvent<z.output<typeof lineStoppedSchema>>,
): Promise<void> {
  const p = e.payload;
  const r = await db
    .updateTable('pension_line')
    .set({
      status: p.outcome,
      stop_reason: p.reason,
      stop_reference: p.reference,
      updated_seq: e.seq,
    })
    .where('id', '=', p.line_id)
    .where('status', 'in', p.outcome === 'suspended' ? STOPPABLE : ['paid'])
    .executeTakeFirst();
  expect(`line ${p.line_id} stopped`, 1, updated(r));
}

/** Every line not paid goes back to the agency, with its reason; the period takes no more payments. */
export async function applyPeriodClosed(
  db: Db,
  e: JournalEvent<z.output<typeof periodClosedSchema>>,
): Promise<void> {
  const p = e.payload;
  const r = await db
    .updateTable('pension_line')
    .set({
      status: 'returned',
      return_reason: sql<string>`case status when 'suspended' then stop_reason when 'listed' then 'not_funded' else 'not_collected' end`,
      updated_seq: e.seq,
    })
    .where('period_id', '=', p.period_id)
    .where('status', 'in', ['listed', ...OUTSTANDING])
    .executeTakeFirst();
  expect(`period ${p.period_id} returned lines`, p.returned_count, updated(r));
  await db
    .updateTable('pension_period')
    .set({ status: 'closed', closed_at: e.at })
    .where('id', '=', p.period_id)
    .execute();
}
