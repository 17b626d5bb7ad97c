import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import * as repo from './sale.repository.ts';

/** Every sale's lines sum to its total, VAT and cost; no line is returned beyond what it sold. */
export async function saleInvariants(db: Kysely<RetailTables>): Promise<string[]> {
  return [
    ...(await repo.salesOutOfBalance(db)).map(
      (id) => `sale ${id}: its lines do not sum to its total, VAT or cost`,
    ),
    ...(await repo.linesOverReturned(db)).map((l) => `sale line ${l}: more units returned than sold`),
  ];
}
