// The stock ledger: goods kept with the discipline of money. Every movement is a set of double entries between
// accounts (an office, a product, a place), in units and in value at cost; the places an office holds goods in
// never go below zero, and the value that leaves one is its moving average cost, computed here in integers so
// that the last unit out takes the last đồng with it.
import type { Journal } from '../../../journal/index.ts';
import type { Kysely } from '../../../storage/index.ts';
import { RetailError } from '../retail-error.ts';
import type { RetailTables } from '../retail-tables.ts';
import { stockMoved, type MovePayload } from './stock.events.ts';
import * as repo from './stock.repository.ts';
import { HELD_PLACES, type MoveKind, type StockPlace } from './stock.places.ts';

const isHeld = (p: StockPlace) => (HELD_PLACES as readonly string[]).includes(p);

export interface StockAccount {
  office: string;
  place: StockPlace;
}

/** One entry of a move as a command asks for it. */
export interface MoveLineInput {
  product: string;
  from: StockAccount;
  to: StockAccount;
  /** Units, above zero. */
  quantity: bigint;
  /**
   * Value at cost: required when goods come from outside (a receipt at its unit cost, a return at the cost they
   * left at); computed (moving average) when they leave a held place, where a value given is refused.
   */
  value?: bigint;
}

/** One entry of a move, valued: what the event carries. */
export interface MoveLine {
  product: string;
  from: StockAccount;
  to: StockAccount;
  quantity: bigint;
  value: bigint;
}

const keyOf = (office: string, product: string, place: string) => `${office}\u0000${product}\u0000${place}`;

/**
 * Values a move's lines against the accounts as they stand in trx (under the journal's lock): a line out of a
 * held place takes value × quantity ÷ on-hand (rounded down; all of it with the last unit), and one that would
 * take a held place below zero is refused, naming the product, the office and what is there.
 */
export async function valueMove(
  trx: Kysely<RetailTables>,
  lines: readonly MoveLineInput[],
): Promise<MoveLine[]> {
  if (lines.length === 0)
    throw new RetailError('invalid_retail_input', 'A move needs at least one line', 'Chưa có mặt hàng nào', {
      field: 'lines',
    });
  const balances = new Map<string, { quantity: bigint; value: bigint }>();
  const byOffice = new Map<string, Set<string>>();
  for (const l of lines)
    for (const a of [l.from, l.to]) {
      if (!isHeld(a.place)) continue;
      const set = byOffice.get(a.office) ?? new Set<string>();
      set.add(l.product);
      byOffice.set(a.office, set);
    }
  for (const [office, products] of byOffice)
    for (const r of await repo.findStock(trx, office, [...products]))
      balances.set(keyOf(r.office_id, r.product_code, r.place), {
        quantity: BigInt(r.quantity),
        value: BigInt(r.value),
      });
  const out: MoveLine[] = [];
  lines.forEach((l, i) => {
    if (l.quantity <= 0n)
      throw new RetailError(
        'invalid_retail_input',
        `Line ${i + 1}: quantity must be a whole number above zero`,
        `Dòng ${i + 1}: số lượng phải là số nguyên lớn hơn 0`,
        { field: `lines[${i}].quantity`, line: i + 1 },
      );
    let value: bigint;
    if (isHeld(l.from.place)) {
      if (l.value !== undefined)
        throw new Error('the value of goods leaving a held place is the ledger’s to compute');
      const key = keyOf(l.from.office, l.product, l.from.place);
      const have = balances.get(key) ?? { quantity: 0n, value: 0n };
      if (have.quantity < l.quantity)
        throw new RetailError(
          'insufficient_stock',
          `Line ${i + 1}: ${l.product} has ${have.quantity} in ${l.from.place} at office ${l.from.office}, fewer than ${l.quantity}: lower the quantity or receive the goods first`,
          `Dòng ${i + 1}: mặt hàng ${l.product} chỉ còn ${have.quantity} (cần ${l.quantity}); hãy giảm số lượng hoặc nhập hàng trước`,
          {
            field: `lines[${i}].quantity`,
            line: i + 1,
            product: l.product,
            office: l.from.office,
            place: l.from.place,
            available: have.quantity.toString(),
          },
        );
      value = have.quantity === l.quantity ? have.value : (have.value * l.quantity) / have.quantity;
      balances.set(key, { quantity: have.quantity - l.quantity, value: have.value - value });
    } else {
      if (l.value === undefined || l.value < 0n)
        throw new Error(`goods coming from ${l.from.place} need their value at cost`);
      value = l.value;
    }
    if (isHeld(l.to.place)) {
      const key = keyOf(l.to.office, l.product, l.to.place);
      const have = balances.get(key) ?? { quantity: 0n, value: 0n };
      balances.set(key, { quantity: have.quantity + l.quantity, value: have.value + value });
    }
    out.push({ product: l.product, from: l.from, to: l.to, quantity: l.quantity, value });
  });
  return out;
}

/** A move a command makes: its id is derived by the command from what it belongs to, never a caller's. */
export interface MoveInput {
  id: string;
  kind: MoveKind;
  office: string;
  ref: string;
  reason?: string | null;
  lines: readonly MoveLineInput[];
}

/** The event's payload for a move, valued against the accounts as they stand in trx. */
export async function plannedMove(trx: Kysely<RetailTables>, move: MoveInput): Promise<MovePayload> {
  const lines = await valueMove(trx, move.lines);
  return {
    id: move.id,
    kind: move.kind,
    office: move.office,
    ref: move.ref,
    reason: move.reason ?? null,
    lines: lines.map((l) => ({
      product: l.product,
      from_office: l.from.office,
      from_place: l.from.place,
      to_office: l.to.office,
      to_place: l.to.place,
      quantity: l.quantity.toString(),
      value: l.value.toString(),
    })),
  };
}

/** Values and journals a move in the caller's transaction (which holds the journal's lock). */
export async function moveStock(
  trx: Kysely<RetailTables>,
  journal: Journal<RetailTables>,
  move: MoveInput,
  actor: string,
): Promise<MovePayload> {
  const payload = await plannedMove(trx, move);
  await journal.append(trx, stockMoved, { stream: move.ref, actor, office: move.office, payload });
  return payload;
}
