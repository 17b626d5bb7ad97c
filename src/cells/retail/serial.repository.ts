// The retail cell's numbers (receipts BH, orders DH, purchase orders MH, transfers CK, write-offs XH, stocktakes
// KK): the last serial drawn under each prefix, written by the events' projections so replay numbers alike.
import type { Kysely } from '../../storage/index.ts';
import type { RetailTables } from './retail-tables.ts';

type Db = Kysely<RetailTables>;

/** The next serial under a prefix (1 before the first): serials only go up. */
export async function nextSerial(db: Db, prefix: string): Promise<bigint> {
  const row = await db
    .selectFrom('retail_serial')
    .select('last')
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  return row === undefined ? 1n : BigInt(row.last) + 1n;
}

/** Records a number as used. */
export async function saveSerial(db: Db, prefix: string, last: bigint): Promise<void> {
  await db
    .insertInto('retail_serial')
    .values({ prefix, last })
    .onConflict((oc) => oc.column('prefix').doUpdateSet({ last }))
    .execute();
}
