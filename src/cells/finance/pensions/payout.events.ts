import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { STOP_REASONS } from './line-states.ts';
import * as repo from './payout.repository.ts';

export * from './line-states.ts';

const id = z.string().min(1).max(120);
const amount = z.string().regex(/^(0|[1-9]\d{0,18})$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const listFundedSchema = z.strictObject({
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
});

/** The list's money has come: each line goes where it will be paid (bank, commune point, office). */
export const listFunded = defineEvent<FinanceTables, typeof listFundedSchema>({
  type: 'finance.pension.list_funded',
  schema: listFundedSchema,
  apply: (db, e) => repo.applyListFunded(db, e),
});

export const bankRunSchema = z.strictObject({
  period_id: id,
  run_id: id,
  line_count: z.number().int().positive(),
  amount,
});

/** Every funded bank-account line of the period is paid into its account: a payout each, by the run. */
export const bankRun = defineEvent<FinanceTables, typeof bankRunSchema>({
  type: 'finance.pension.bank_run',
  schema: bankRunSchema,
  apply: (db, e) => repo.applyBankRun(db, e),
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

/** One line paid in cash, at a counter, a commune point or at home: its receipt. */
export const linePaid = defineEvent<FinanceTables, typeof linePaidSchema>({
  type: 'finance.pension.line_paid',
  schema: linePaidSchema,
  apply: (db, e) => repo.applyLinePaid(db, e),
});

export const roundOpenedSchema = z.strictObject({
  id,
  period_id: id,
  office_id: id,
  postman_id: id,
  postman_name: z.string().min(1).max(100),
  day,
  line_ids: z.array(id).min(1).max(500),
  advance: amount,
  transfer_id: id,
});

/** A postman takes the day's home payments and their cash from the vault. */
export const roundOpened = defineEvent<FinanceTables, typeof roundOpenedSchema>({
  type: 'finance.pension.round_opened',
  schema: roundOpenedSchema,
  apply: (db, e) => repo.applyRoundOpened(db, e),
});

export const roundClosedSchema = z.strictObject({
  id,
  returned: amount,
  unpaid_count: z.number().int().nonnegative(),
  transfer_id: id.nullable(),
});

/** The postman brings back the cash of the payments he could not make; those lines wait at the office. */
export const roundClosed = defineEvent<FinanceTables, typeof roundClosedSchema>({
  type: 'finance.pension.round_closed',
  schema: roundClosedSchema,
  apply: (db, e) => repo.applyRoundClosed(db, e),
});

export const lineStoppedSchema = z.strictObject({
  line_id: id,
  period_id: id,
  reason: z.enum(STOP_REASONS),
  reference: z.string().min(1).max(100),
  effective_date: day,
  outcome: z.enum(['suspended', 'recovery']),
});

/** The agency stops a line: suspended before it is paid; a recovery case if it already was. */
export const lineStopped = defineEvent<FinanceTables, typeof lineStoppedSchema>({
  type: 'finance.pension.line_stopped',
  schema: lineStoppedSchema,
  apply: (db, e) => repo.applyLineStopped(db, e),
});

export const periodClosedSchema = z.strictObject({
  period_id: id,
  returned_count: z.number().int().nonnegative(),
  returned_amount: amount,
});

/** Every line not paid goes back to the agency, with its reason; the period takes no more payments. */
export const periodClosed = defineEvent<FinanceTables, typeof periodClosedSchema>({
  type: 'finance.pension.period_closed',
  schema: periodClosedSchema,
  apply: (db, e) => repo.applyPeriodClosed(db, e),
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
