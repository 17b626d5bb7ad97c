// The payload schemas of the payout events, apart from the events so that the repository that applies
// them can name their types without importing the events that call it. Events are persisted: a schema here
// must go on accepting every payload it ever accepted (replay of old journals).
import { z } from 'zod';
import { vndText } from '../../../platform/vnd-schema.ts';
import { STOP_REASONS } from './line-states.ts';

const id = z.string().min(1).max(120);
const amount = vndText('nonNegative');
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

export const bankRunSchema = z.strictObject({
  period_id: id,
  run_id: id,
  line_count: z.number().int().positive(),
  amount,
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

export const roundClosedSchema = z.strictObject({
  id,
  returned: amount,
  unpaid_count: z.number().int().nonnegative(),
  transfer_id: id.nullable(),
});

export const lineStoppedSchema = z.strictObject({
  line_id: id,
  period_id: id,
  reason: z.enum(STOP_REASONS),
  reference: z.string().min(1).max(100),
  effective_date: day,
  outcome: z.enum(['suspended', 'recovery']),
});

export const periodClosedSchema = z.strictObject({
  period_id: id,
  returned_count: z.number().int().nonnegative(),
  returned_amount: amount,
});
