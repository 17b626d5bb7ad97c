import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import type { FinanceTables } from '../finance-tables.ts';
import * as repo from './till.repository.ts';

const id = z.string().min(1).max(100);
const amount = vndText('nonNegative');
const denominations = z.record(z.string().regex(/^\d+$/), z.number().int().positive());

export const tillOpenedSchema = z.strictObject({
  id,
  office_id: id,
  clerk_id: id,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  float_amount: amount,
  float_denominations: denominations,
});

/** A clerk opens a till with a counted float; it is open once the float's move from the vault is confirmed. */
export const tillOpened = defineEvent<FinanceTables, typeof tillOpenedSchema>({
  type: 'finance.till.opened',
  schema: tillOpenedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.insertSession(db, {
      id: p.id,
      office_id: p.office_id,
      clerk_id: p.clerk_id,
      day: p.day,
      status: 'opening',
      float_amount: BigInt(p.float_amount),
      float_denominations: JSON.stringify(p.float_denominations),
      opened_at: e.at,
      counted_amount: null,
      counted_denominations: null,
      expected_amount: null,
      variance: null,
      variance_reason: null,
      closed_by: null,
      closed_at: null,
      updated_seq: e.seq,
    });
  },
});

export const movementRequested = defineEvent({
  type: 'finance.till.movement_requested',
  schema: z.strictObject({
    id,
    session_id: id,
    direction: z.enum(['to_till', 'to_vault']),
    amount,
    denominations,
    maker_id: id,
    transfer_id: id,
  }),
  async apply(db: Parameters<typeof tillOpened.apply>[0], e) {
    const p = e.payload;
    await repo.insertMovement(db, {
      ...p,
      amount: BigInt(p.amount),
      denominations: JSON.stringify(p.denominations),
      status: 'pending',
      checker_id: null,
      reason: null,
      created_at: e.at,
      decided_at: null,
    });
  },
});

export const movementDecided = defineEvent({
  type: 'finance.till.movement_decided',
  schema: z.strictObject({
    id,
    decision: z.enum(['confirmed', 'rejected']),
    checker_id: id,
    reason: z.string().max(500).nullable(),
  }),
  async apply(db: Parameters<typeof tillOpened.apply>[0], e) {
    const p = e.payload;
    await repo.decideMovement(db, p.id, {
      status: p.decision,
      checker_id: p.checker_id,
      reason: p.reason,
      decided_at: e.at,
    });
    const m = (await repo.findMovement(db, p.id))!;
    const session = (await repo.findSession(db, m.session_id))!;
    // The float's move is the session's first: its fate opens the till, or leaves it unopened (closed).
    if (session.status === 'opening')
      await repo.updateSession(
        db,
        session.id,
        p.decision === 'confirmed'
          ? { status: 'open', updated_seq: e.seq }
          : {
              status: 'closed',
              closed_by: p.checker_id,
              closed_at: e.at,
              counted_amount: 0n,
              expected_amount: 0n,
              variance: 0n,
              updated_seq: e.seq,
            },
      );
  },
});

export const closeRequested = defineEvent({
  type: 'finance.till.close_requested',
  schema: z.strictObject({
    session_id: id,
    counted_amount: amount,
    counted_denominations: denominations,
    expected_amount: amount,
    variance: vndText('signed'), // written by bigint.toString(), so never '-0'
    reason: z.string().max(500).nullable(),
  }),
  async apply(db: Parameters<typeof tillOpened.apply>[0], e) {
    const p = e.payload;
    await repo.updateSession(db, p.session_id, {
      status: 'closing',
      counted_amount: BigInt(p.counted_amount),
      counted_denominations: JSON.stringify(p.counted_denominations),
      expected_amount: BigInt(p.expected_amount),
      variance: BigInt(p.variance),
      variance_reason: p.reason,
      updated_seq: e.seq,
    });
  },
});

export const tillClosed = defineEvent({
  type: 'finance.till.closed',
  schema: z.strictObject({ session_id: id, checker_id: id }),
  async apply(db: Parameters<typeof tillOpened.apply>[0], e) {
    await repo.updateSession(db, e.payload.session_id, {
      status: 'closed',
      closed_by: e.payload.checker_id,
      closed_at: e.at,
      updated_seq: e.seq,
    });
  },
});

export const tillEvents = [tillOpened, movementRequested, movementDecided, closeRequested, tillClosed];
