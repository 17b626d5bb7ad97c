import { defineEvent } from '../../../journal/index.ts';
import type { FinanceTables } from '../finance-tables.ts';
import * as repo from './payout.repository.ts';
import {
  listFundedSchema,
  bankRunSchema,
  linePaidSchema,
  roundOpenedSchema,
  roundClosedSchema,
  lineStoppedSchema,
  periodClosedSchema,
} from './payout.schemas.ts';

export * from './line-states.ts';

/** The list's money has come: each line goes where it will be paid (bank, commune point, office). */
export const listFunded = defineEvent<FinanceTables, typeof listFundedSchema>({
  type: 'finance.pension.list_funded',
  schema: listFundedSchema,
  apply: (db, e) => repo.applyListFunded(db, e),
});

/** Every funded bank-account line of the period is paid into its account: a payout each, by the run. */
export const bankRun = defineEvent<FinanceTables, typeof bankRunSchema>({
  type: 'finance.pension.bank_run',
  schema: bankRunSchema,
  apply: (db, e) => repo.applyBankRun(db, e),
});

/** One line paid in cash, at a counter, a commune point or at home: its receipt. */
export const linePaid = defineEvent<FinanceTables, typeof linePaidSchema>({
  type: 'finance.pension.line_paid',
  schema: linePaidSchema,
  apply: (db, e) => repo.applyLinePaid(db, e),
});

/** A postman takes the day's home payments and their cash from the vault. */
export const roundOpened = defineEvent<FinanceTables, typeof roundOpenedSchema>({
  type: 'finance.pension.round_opened',
  schema: roundOpenedSchema,
  apply: (db, e) => repo.applyRoundOpened(db, e),
});

/** The postman brings back the cash of the payments he could not make; those lines wait at the office. */
export const roundClosed = defineEvent<FinanceTables, typeof roundClosedSchema>({
  type: 'finance.pension.round_closed',
  schema: roundClosedSchema,
  apply: (db, e) => repo.applyRoundClosed(db, e),
});

/** The agency stops a line: suspended before it is paid; a recovery case if it already was. */
export const lineStopped = defineEvent<FinanceTables, typeof lineStoppedSchema>({
  type: 'finance.pension.line_stopped',
  schema: lineStoppedSchema,
  apply: (db, e) => repo.applyLineStopped(db, e),
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
