// The stock module's own events: purchase orders and their receipts, transfers between offices, write-offs and
// stocktakes, each with its projection. The goods themselves move only through `retail.stock.moved`, appended
// in the same transaction by the command that appends these.
import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import * as repo from './goods.repository.ts';

type Db = Kysely<RetailTables>;
const units = z.string().regex(/^[1-9]\d{0,11}$/);
const unitsOrZero = z.string().regex(/^(0|[1-9]\d{0,11})$/);
const signed = z.string().regex(/^(0|-?[1-9]\d{0,11})$/);
const vnd = z.string().regex(/^(0|[1-9]\d{0,17})$/);
const office = z.string().min(1).max(64);
const product = z.string().min(1).max(40);
const text = (max: number) => z.string().min(1).max(max);

/** Ids are a prefix and a serial of 8 digits: purchase MH, transfer CK, write-off XH, stocktake KK. */
export const SERIAL_PREFIXES = { order: 'MH', transfer: 'CK', writeOff: 'XH', stocktake: 'KK' } as const;
const idOf = (prefix: string) => z.string().regex(new RegExp(`^${prefix}\\d{8}$`));
const serialOf = (id: string) => BigInt(id.slice(2));

async function used(db: Db, id: string) {
  await repo.saveSerial(db, id.slice(0, 2), serialOf(id));
}

export const purchaseOrdered = defineEvent({
  type: 'retail.purchase.ordered',
  schema: z.strictObject({
    id: idOf('MH'),
    office,
    supplier: text(40),
    lines: z
      .array(z.strictObject({ product, quantity: units, unit_cost: vnd }))
      .min(1)
      .max(500),
  }),
  async apply(db: Db, e) {
    const p = e.payload;
    await used(db, p.id);
    await repo.insertOrder(
      db,
      {
        id: p.id,
        office_id: p.office,
        supplier_code: p.supplier,
        state: 'open',
        note: null,
        created_by: e.actor,
        created_at: e.at,
        updated_at: e.at,
        updated_seq: e.seq,
      },
      p.lines.map((l) => ({
        order_id: p.id,
        product_code: l.product,
        quantity: BigInt(l.quantity),
        unit_cost: BigInt(l.unit_cost),
        received: 0n,
      })),
    );
  },
});

export const purchaseReceived = defineEvent({
  type: 'retail.purchase.received',
  schema: z.strictObject({
    order: idOf('MH'),
    office,
    /** The stock move that put the goods on the shelf. */
    move: text(60),
    delivery_note: text(60),
    lines: z
      .array(z.strictObject({ product, quantity: units, value: vnd }))
      .min(1)
      .max(500),
    /** open while something is still to come; received once every line is in. */
    state: z.enum(['open', 'received']),
  }),
  async apply(db: Db, e) {
    const p = e.payload;
    for (const l of p.lines) await repo.addReceived(db, p.order, l.product, BigInt(l.quantity));
    await repo.updateOrder(db, p.order, {
      state: p.state,
      note: p.delivery_note,
      updated_at: e.at,
      updated_seq: e.seq,
    });
  },
});

export const purchaseClosed = defineEvent({
  type: 'retail.purchase.closed',
  schema: z.strictObject({ order: idOf('MH'), office, reason: text(500) }),
  async apply(db: Db, e) {
    await repo.updateOrder(db, e.payload.order, { state: 'closed', updated_at: e.at, updated_seq: e.seq });
  },
});

export const transferSent = defineEvent({
  type: 'retail.transfer.sent',
  schema: z.strictObject({
    id: idOf('CK'),
    from_office: office,
    to_office: office,
    move: text(60),
    note: z.string().max(500).nullable(),
    lines: z
      .array(z.strictObject({ product, sent: units, value: vnd }))
      .min(1)
      .max(500),
  }),
  async apply(db: Db, e) {
    const p = e.payload;
    await used(db, p.id);
    await repo.insertTransfer(
      db,
      {
        id: p.id,
        from_office: p.from_office,
        to_office: p.to_office,
        state: 'sent',
        sent_by: e.actor,
        sent_at: e.at,
        received_by: null,
        received_at: null,
        note: p.note,
        updated_seq: e.seq,
      },
      p.lines.map((l) => ({
        transfer_id: p.id,
        product_code: l.product,
        sent: BigInt(l.sent),
        value: BigInt(l.value),
        received: null,
      })),
    );
  },
});

export const transferReceived = defineEvent({
  type: 'retail.transfer.received',
  schema: z.strictObject({
    id: idOf('CK'),
    to_office: office,
    move: text(60),
    lines: z
      .array(z.strictObject({ product, received: unitsOrZero, missing: unitsOrZero }))
      .min(1)
      .max(500),
  }),
  async apply(db: Db, e) {
    const p = e.payload;
    for (const l of p.lines) await repo.setTransferReceived(db, p.id, l.product, BigInt(l.received));
    await repo.updateTransfer(db, p.id, {
      state: 'received',
      received_by: e.actor,
      received_at: e.at,
      updated_seq: e.seq,
    });
  },
});

export const WRITE_OFF_REASONS = ['damaged', 'expired', 'lost', 'other'] as const;

export const writtenOff = defineEvent({
  type: 'retail.stock.written_off',
  schema: z.strictObject({
    id: idOf('XH'),
    office,
    move: text(60),
    reason: z.enum(WRITE_OFF_REASONS),
    note: text(500),
    lines: z
      .array(z.strictObject({ product, quantity: units, value: vnd }))
      .min(1)
      .max(500),
  }),
  async apply(db: Db, e) {
    await used(db, e.payload.id);
  },
});

export const stocktakeCounted = defineEvent({
  type: 'retail.stocktake.counted',
  schema: z.strictObject({
    id: idOf('KK'),
    office,
    reason: text(500),
    lines: z
      .array(z.strictObject({ product, expected: unitsOrZero, counted: unitsOrZero }))
      .min(1)
      .max(2000),
  }),
  async apply(db: Db, e) {
    const p = e.payload;
    await used(db, p.id);
    await repo.insertStocktake(
      db,
      {
        id: p.id,
        office_id: p.office,
        state: 'counted',
        reason: p.reason,
        counted_by: e.actor,
        counted_at: e.at,
        decided_by: null,
        decided_at: null,
        updated_seq: e.seq,
      },
      p.lines.map((l) => ({
        stocktake_id: p.id,
        product_code: l.product,
        expected: BigInt(l.expected),
        counted: BigInt(l.counted),
      })),
    );
  },
});

export const stocktakeApproved = defineEvent({
  type: 'retail.stocktake.approved',
  schema: z.strictObject({
    id: idOf('KK'),
    office,
    /** The move that posted the differences, null when the count matched the shelf. */
    move: text(60).nullable(),
    /** Each line's difference as posted (counted less expected), with its value at cost. */
    lines: z.array(z.strictObject({ product, difference: signed, value: vnd })).max(2000),
  }),
  async apply(db: Db, e) {
    await repo.updateStocktake(db, e.payload.id, {
      state: 'approved',
      decided_by: e.actor,
      decided_at: e.at,
      updated_seq: e.seq,
    });
  },
});

export const stocktakeRejected = defineEvent({
  type: 'retail.stocktake.rejected',
  schema: z.strictObject({ id: idOf('KK'), office, note: text(500) }),
  async apply(db: Db, e) {
    await repo.updateStocktake(db, e.payload.id, {
      state: 'rejected',
      decided_by: e.actor,
      decided_at: e.at,
      updated_seq: e.seq,
    });
  },
});

export const goodsEvents = [
  purchaseOrdered,
  purchaseReceived,
  purchaseClosed,
  transferSent,
  transferReceived,
  writtenOff,
  stocktakeCounted,
  stocktakeApproved,
  stocktakeRejected,
];
