import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import type { Kysely } from '../../../storage/index.ts';
import { RetailError } from '../retail-error.ts';
import type { RetailTables } from '../retail-tables.ts';
import { HELD_PLACES, MOVE_KINDS, STOCK_PLACES } from './stock.places.ts';
import * as repo from './stock.repository.ts';

const units = z.string().regex(/^[1-9]\d{0,11}$/);
const value = z.string().regex(/^(0|[1-9]\d{0,17})$/);
const office = z.string().min(1).max(64);
const place = z.enum(STOCK_PLACES);

export const moveSchema = z.strictObject({
  id: z.string().min(1).max(80),
  kind: z.enum(MOVE_KINDS),
  office,
  ref: z.string().min(1).max(80),
  reason: z.string().min(1).max(500).nullable(),
  lines: z
    .array(
      z.strictObject({
        product: z.string().min(1).max(40),
        from_office: office,
        from_place: place,
        to_office: office,
        to_place: place,
        quantity: units,
        value,
      }),
    )
    .min(1)
    .max(2000),
});
export type MovePayload = z.infer<typeof moveSchema>;

/**
 * `retail.stock.moved`: goods moved between accounts, valued at cost. The one event that changes stock: what the
 * other retail events record (a sale, a receipt, a transfer) moves goods through it, in the same transaction, and
 * the finance cell posts its value from it. Applying it refuses a held place going below zero.
 */
export const stockMoved = defineEvent({
  type: 'retail.stock.moved',
  schema: moveSchema,
  async apply(db: Kysely<RetailTables>, e) {
    const m = e.payload;
    await repo.insertMove(
      db,
      {
        id: m.id,
        kind: m.kind,
        office_id: m.office,
        ref: m.ref,
        reason: m.reason,
        actor: e.actor,
        at: e.at,
        seq: e.seq,
      },
      m.lines.map((l, i) => ({
        move_id: m.id,
        line_no: BigInt(i + 1),
        product_code: l.product,
        from_office: l.from_office,
        from_place: l.from_place,
        to_office: l.to_office,
        to_place: l.to_place,
        quantity: BigInt(l.quantity),
        value: BigInt(l.value),
      })),
    );
    // Each account's change summed over the lines, then written in one statement; a held place below zero after
    // it is refused (the ledger refused it line by line before the event was written; this holds on replay).
    const changes = new Map<string, repo.AccountChange>();
    const add = (office_id: string, product_code: string, place: string, quantity: bigint, value: bigint) => {
      const key = `${office_id}\u0000${product_code}\u0000${place}`;
      const c = changes.get(key) ?? { office_id, product_code, place, quantity: 0n, value: 0n };
      c.quantity += quantity;
      c.value += value;
      changes.set(key, c);
    };
    for (const l of m.lines) {
      const q = BigInt(l.quantity);
      const v = BigInt(l.value);
      add(l.from_office, l.product, l.from_place, -q, -v);
      add(l.to_office, l.product, l.to_place, q, v);
    }
    for (const r of await repo.addToAccounts(db, [...changes.values()], e.seq))
      if (
        (HELD_PLACES as readonly string[]).includes(r.place) &&
        (BigInt(r.quantity) < 0n || BigInt(r.value) < 0n)
      )
        throw new RetailError(
          'insufficient_stock',
          `Move ${m.id} would take ${r.product_code} below zero in ${r.place} at office ${r.office_id}`,
          `Mặt hàng ${r.product_code} không đủ tồn kho`,
          { product: r.product_code, office: r.office_id, place: r.place },
        );
  },
});

export const stockEvents = [stockMoved];
