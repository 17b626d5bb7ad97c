import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import { HELD_PLACES } from './stock.places.ts';
import * as repo from './stock.repository.ts';

/**
 * The stock ledger's invariants: every account is what its moves add up to (what came in less what went out is
 * what is on the shelf), each product's accounts sum to zero in units and value, no held place is below zero or
 * holds value without goods, and no move is empty.
 */
export async function stockInvariants(db: Kysely<RetailTables>): Promise<string[]> {
  const out: string[] = [];
  for (const a of await repo.accountsOffTheirLines(db, 20))
    out.push(
      `stock of ${a.product_code} in ${a.place} at ${a.office_id} is ${a.quantity} worth ${a.value}, but its moves add up to ${a.lines_quantity} worth ${a.lines_value}`,
    );
  for (const p of await repo.productsOutOfBalance(db, 20))
    out.push(`the accounts of ${p.product_code} sum to ${p.quantity} units worth ${p.value}, not zero`);
  for (const a of await repo.heldAccountsWrong(db, HELD_PLACES, 20))
    out.push(`stock of ${a.product_code} in ${a.place} at ${a.office_id} is ${a.quantity} worth ${a.value}`);
  for (const id of await repo.emptyMoves(db, 20)) out.push(`move ${id} has no line`);
  return out;
}
