// What a restore report states of the retail cell (stock value per office, sales and returns), and the goods each
// office holds at cost, which finance's inventory accounts must equal once finance has caught up (verify).
import { sql, type Kysely } from 'kysely';
import type { RetailTables } from './retail-tables.ts';

/** Per office, the value at cost of the goods it holds on its shelves (with those picked) and has in transit. */
export async function heldValueByOffice(
  db: Kysely<RetailTables>,
): Promise<Array<{ office_id: string; shelf: bigint; transit: bigint }>> {
  const rows = await db
    .selectFrom('retail_stock')
    .select(['office_id', 'place', sql<bigint | null>`sum(value)`.as('value')])
    .where('place', 'in', ['shelf', 'picked', 'transit'])
    .groupBy(['office_id', 'place'])
    .orderBy('office_id')
    .execute();
  const by = new Map<string, { office_id: string; shelf: bigint; transit: bigint }>();
  for (const r of rows) {
    const o = by.get(r.office_id) ?? { office_id: r.office_id, shelf: 0n, transit: 0n };
    const v = BigInt(r.value ?? 0);
    if (r.place === 'transit') o.transit += v;
    else o.shelf += v;
    by.set(r.office_id, o);
  }
  return [...by.values()];
}

/** Stock value per office, and the sales' and returns' counts and totals, as integer strings. */
export async function retailSummary(db: Kysely<RetailTables>): Promise<Record<string, unknown>> {
  const n = (v: bigint | number | null) => BigInt(v ?? 0).toString();
  const sales = await db
    .selectFrom('retail_sale')
    .select([sql<bigint>`count(*)`.as('count'), sql<bigint | null>`sum(total)`.as('total')])
    .executeTakeFirstOrThrow();
  const returns = await db
    .selectFrom('retail_return')
    .select([sql<bigint>`count(*)`.as('count'), sql<bigint | null>`sum(total)`.as('total')])
    .executeTakeFirstOrThrow();
  return {
    stock_value: Object.fromEntries(
      (await heldValueByOffice(db)).map((o) => [o.office_id, { shelf: n(o.shelf), transit: n(o.transit) }]),
    ),
    sales: { count: n(sales.count), total: n(sales.total) },
    returns: { count: n(returns.count), total: n(returns.total) },
  };
}
