import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import { defineEvent } from '../../../journal/index.ts';
import { linesWithOffice } from './pension.repository.ts';
import type { FinanceTables } from '../finance-tables.ts';

type Db = Kysely<FinanceTables>;

/** What can happen to a line, in order. */
export const LINE_STATES = [
  'listed',
  'funded',
  'at_point',
  'at_office',
  'on_round',
  'paid',
  'returned',
  'suspended',
  'recovery',
] as const;
export type LineState = (typeof LINE_STATES)[number];

/** Where a line waits to be paid in cash. */
export const PAYABLE: readonly LineState[] = ['at_point', 'at_office'];
/** The lines whose money the post holds and still owes: funded, not yet paid or returned. */
export const OUTSTANDING: readonly LineState[] = ['funded', 'at_point', 'at_office', 'on_round', 'suspended'];
/** What the agency may stop before payment. */
export const STOPPABLE: readonly LineState[] = ['listed', 'funded', 'at_point', 'at_office', 'on_round'];

export const STOP_REASONS = ['death', 'emigration', 'suspension'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** Why a line went back to the agency unpaid. */
export const RETURN_REASONS = ['not_collected', 'not_funded', ...STOP_REASONS] as const;

const id = z.string().min(1).max(120);
const amount = z.string().regex(/^(0|[1-9]\d{0,18})$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** An apply that finds the projection other than the command saw: replay would diverge, so it stops. */
class ProjectionMismatch extends Error {}
const expect = (what: string, want: number | bigint, got: number | bigint) => {
  if (BigInt(want) !== BigInt(got))
    throw new ProjectionMismatch(`${what}: expected ${String(want)}, found ${String(got)}`);
};
const updated = (r: { numUpdatedRows: bigint }) => r.numUpdatedRows;

export const listFunded = defineEvent({
  type: 'finance.pension.list_funded',
  schema: z.strictObject({
    period_id: id,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    reference: z.string().min(1).max(100),
    province_office_id: id,
    allocations: z.array(
      z.strictObject({
        postcode: z.string().regex(/^\d{5}$/),
        office_id: id,
        line_count: z.number().int().positive(),
        amount,
      }),
    ),
  }),
  /** The list's money has come: each line goes where it will be paid (bank, commune point, office). */
  async apply(db: Db, e) {
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
  },
});

export const bankRun = defineEvent({
  type: 'finance.pension.bank_run',
  schema: z.strictObject({
    period_id: id,
    run_id: id,
    line_count: z.number().int().positive(),
    amount,
  }),
  /** Every funded bank-account line of the period is paid into its account: a payout each, by the run. */
  async apply(db: Db, e) {
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
  },
});

export const linePaidSchema = z.strictObject({
  receipt_id: id,
  line_id: id,
  period_id: id,
  office_id: id,
  place: z.enum(['point', 'counter', 'home']),
  session_id: id,
  clerk_id: id,
  recipient: z.enum(['self', 'proxy']),
  recipient_name: z.string().min(1).max(100),
  recipient_cccd: z.string().regex(/^\d{12}$/),
  evidence: z.string().min(1).max(200).nullable(),
  amount,
  transfer_id: id,
});

export const linePaid = defineEvent({
  type: 'finance.pension.line_paid',
  schema: linePaidSchema,
  /** One line paid in cash, at a counter, a commune point or at home: its receipt. */
  async apply(db: Db, e) {
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
  },
});

export const roundOpened = defineEvent({
  type: 'finance.pension.round_opened',
  schema: z.strictObject({
    id,
    period_id: id,
    office_id: id,
    postman_id: id,
    postman_name: z.string().min(1).max(100),
    day,
    line_ids: z.array(id).min(1).max(500),
    advance: amount,
    transfer_id: id,
  }),
  /** A postman takes the day's home payments and their cash from the vault. */
  async apply(db: Db, e) {
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
  },
});

export const roundClosed = defineEvent({
  type: 'finance.pension.round_closed',
  schema: z.strictObject({
    id,
    returned: amount,
    unpaid_count: z.number().int().nonnegative(),
    transfer_id: id.nullable(),
  }),
  /** The postman brings back the cash of the payments he could not make; those lines wait at the office. */
  async apply(db: Db, e) {
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
  },
});

export const lineStopped = defineEvent({
  type: 'finance.pension.line_stopped',
  schema: z.strictObject({
    line_id: id,
    period_id: id,
    reason: z.enum(STOP_REASONS),
    reference: z.string().min(1).max(100),
    effective_date: day,
    outcome: z.enum(['suspended', 'recovery']),
  }),
  /** The agency stops a line: suspended before it is paid; a recovery case if it already was. */
  async apply(db: Db, e) {
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
  },
});

export const periodClosed = defineEvent({
  type: 'finance.pension.period_closed',
  schema: z.strictObject({
    period_id: id,
    returned_count: z.number().int().nonnegative(),
    returned_amount: amount,
  }),
  /** Every line not paid goes back to the agency, with its reason; the period takes no more payments. */
  async apply(db: Db, e) {
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
  },
});

export const payoutEvents = [
  listFunded,
  bankRun,
  linePaid,
  roundOpened,
  roundClosed,
  lineStopped,
  periodClosed,
];
