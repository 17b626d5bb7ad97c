import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import { recordScan, recordScans } from '../items/index.ts';
import * as repo from './round.repository.ts';

// Every amount these events ever carried was written from a bigint (`toString()`): no sign, no leading
// zero, so the one VND schema takes them all.
const amount = vndText('nonNegative');

export const roundOpenedSchema = z.strictObject({
  round: z.string(),
  office: z.string(),
  postman: z.string(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  items: z.array(z.string()).min(1).max(500),
  cod_expected: amount,
});

/** A postman takes items out for the day: each goes out for delivery (EDG). */
export const roundOpened = defineEvent<DeliveryTables, typeof roundOpenedSchema>({
  type: 'delivery.round.opened',
  schema: roundOpenedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.insertRound(
      db,
      {
        id: p.round,
        office_id: p.office,
        postman_id: p.postman,
        day: p.day,
        status: 'open',
        item_count: BigInt(p.items.length),
        cod_expected: BigInt(p.cod_expected),
        cod_collected: 0n,
        cod_counted: null,
        opened_at: e.at,
        opened_by: e.actor,
        closed_at: null,
        closed_by: null,
      },
      p.items,
    );
    await recordScans(
      db,
      p.items.map((item) => ({
        e,
        item,
        scan: { code: 'EDG' as const, office: p.office, centre: false },
        refs: { round: p.round },
      })),
    );
    await repo.setItemsRound(db, p.items, p.round);
  },
});

export const itemDeliveredSchema = z.strictObject({
  item: z.string(),
  office: z.string(),
  /** The round it was delivered on, or null when collected at the counter. */
  round: z.string().nullable(),
  recipient_name: z.string().min(1).max(100),
  signature: z.string().max(200).nullable(),
  photo: z.string().max(200).nullable(),
  /** Whether the recipient gave the item's one-time code. */
  code_checked: z.boolean(),
  // Written on every delivery since they were added; absent from older events, which still replay.
  /** Whether the receiver's CCCD was checked against the people a restricted item may go to. */
  receiver_checked: z.boolean().optional(),
  /** Whether it went back to its sender (true) rather than to its recipient (false). */
  returning: z.boolean().optional(),
});

/** Final delivery (EMI) with its proof: to the recipient, or back to the sender when it was returned. */
export const itemDelivered = defineEvent<DeliveryTables, typeof itemDeliveredSchema>({
  type: 'delivery.item.delivered',
  schema: itemDeliveredSchema,
  async apply(db, e) {
    const p = e.payload;
    await recordScan(
      db,
      e,
      p.item,
      { code: 'EMI', office: p.office, centre: false },
      { round: p.round },
      {
        delivered_at: e.at,
        delivered_to: p.recipient_name,
        pod_signature: p.signature,
        pod_photo: p.photo,
        round_id: null,
      },
    );
    if (p.round !== null) await repo.setOutcome(db, p.round, p.item, { outcome: 'delivered' });
  },
});

export const codCollectedSchema = z.strictObject({
  item: z.string(),
  office: z.string(),
  amount,
  /** Who the money is owed to: the shipper's account id, or `sender:<phone>` for a counter customer. */
  payee: z.string(),
  round: z.string().nullable(),
  /** The postman holding the cash (on a round), or null when a clerk took it at the counter. */
  postman: z.string().nullable(),
  till_session_id: z.string().nullable(),
  clerk: z.string().nullable(),
});

/** Cash on delivery collected from the recipient: the finance cell follows these, exactly once. */
export const codCollected = defineEvent<DeliveryTables, typeof codCollectedSchema>({
  type: 'delivery.cod.collected',
  schema: codCollectedSchema,
  async apply(db, e) {
    const p = e.payload;
    if (p.round !== null) {
      await repo.setOutcome(db, p.round, p.item, { cod_collected: BigInt(p.amount) });
      await repo.addCollected(db, p.round, BigInt(p.amount));
    }
  },
});

export const itemAttemptedSchema = z.strictObject({
  item: z.string(),
  office: z.string(),
  round: z.string(),
  reason: z.string(),
  action: z.enum(['A', 'B', 'C']),
});

/** An unsuccessful delivery (EMH) with its reason and what happens next. */
export const itemAttempted = defineEvent<DeliveryTables, typeof itemAttemptedSchema>({
  type: 'delivery.item.attempted',
  schema: itemAttemptedSchema,
  async apply(db, e) {
    const p = e.payload;
    await recordScan(
      db,
      e,
      p.item,
      { code: 'EMH', office: p.office, centre: false, reason: p.reason, action: p.action },
      { round: p.round },
      { round_id: null },
    );
    await repo.setOutcome(db, p.round, p.item, { outcome: 'failed' });
  },
});

export const roundClosedSchema = z.strictObject({
  round: z.string(),
  office: z.string(),
  postman: z.string(),
  cod_collected: amount,
  counted: amount,
});

/** The postman is back: the COD cash he brings is counted by someone else and handed in. */
export const roundClosed = defineEvent<DeliveryTables, typeof roundClosedSchema>({
  type: 'delivery.round.closed',
  schema: roundClosedSchema,
  async apply(db, e) {
    await repo.updateRound(db, e.payload.round, {
      status: 'closed',
      cod_counted: BigInt(e.payload.counted),
      closed_at: e.at,
      closed_by: e.actor,
    });
  },
});

export const roundEvents = [roundOpened, itemDelivered, codCollected, itemAttempted, roundClosed];
