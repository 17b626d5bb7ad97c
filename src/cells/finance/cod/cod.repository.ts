import type { Kysely } from 'kysely';
import type { FinanceTables } from '../finance-tables.ts';

type Db = Kysely<FinanceTables>;
export type CollectionRow = FinanceTables['cod_collection'];
export type RemittanceRow = FinanceTables['cod_remittance'];

export async function insertCollection(db: Db, row: CollectionRow): Promise<void> {
  await db.insertInto('cod_collection').values(row).execute();
}

export async function findCollection(db: Db, item: string): Promise<CollectionRow | undefined> {
  return db.selectFrom('cod_collection').selectAll().where('item_id', '=', item).executeTakeFirst();
}

export async function handIn(db: Db, round: string, at: string): Promise<number> {
  const r = await db
    .updateTable('cod_collection')
    .set({ handed_in_at: at })
    .where('round_id', '=', round)
    .where('handed_in_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A payee's collections whose cash is at an office (handed in or taken at a counter) and not yet remitted. */
export async function remittable(db: Db, payee: string, throughAt: string): Promise<CollectionRow[]> {
  return (
    db
      .selectFrom('cod_collection')
      .selectAll()
      .where('payee', '=', payee)
      .where('remittance_id', 'is', null)
      .where('handed_in_at', 'is not', null)
      .where('collected_at', '<', throughAt)
      // An item another cell owns has its COD settled by that cell, never paid to the item's shipper or sender.
      .where('item_id', 'not in', (sub) => sub.selectFrom('cod_owned_item').select('item_id'))
      .orderBy('item_id')
      .execute()
  );
}

export async function insertOwned(db: Db, row: FinanceTables['cod_owned_item']): Promise<void> {
  await db.insertInto('cod_owned_item').values(row).execute();
}

export async function findOwned(db: Db, item: string): Promise<FinanceTables['cod_owned_item'] | undefined> {
  return db.selectFrom('cod_owned_item').selectAll().where('item_id', '=', item).executeTakeFirst();
}

export async function markRemitted(db: Db, items: readonly string[], remittance: string): Promise<number> {
  let n = 0;
  for (let i = 0; i < items.length; i += 500) {
    const r = await db
      .updateTable('cod_collection')
      .set({ remittance_id: remittance })
      .where('item_id', 'in', items.slice(i, i + 500))
      .where('remittance_id', 'is', null)
      .executeTakeFirst();
    n += Number(r.numUpdatedRows);
  }
  return n;
}

export async function insertRemittance(db: Db, row: RemittanceRow): Promise<void> {
  await db.insertInto('cod_remittance').values(row).execute();
}

export async function findRemittance(db: Db, id: string): Promise<RemittanceRow | undefined> {
  return db.selectFrom('cod_remittance').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The items a remittance paid, in id order. */
export async function remittedItems(db: Db, remittance: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cod_collection')
    .select('item_id')
    .where('remittance_id', '=', remittance)
    .orderBy('item_id')
    .execute();
  return rows.map((r) => r.item_id);
}

/** A payee's collections in a period; with `office`, only those collected at that office. */
export async function collectionsOf(
  db: Db,
  payee: string,
  fromAt: string,
  toAt: string,
  office?: string,
): Promise<CollectionRow[]> {
  return db
    .selectFrom('cod_collection')
    .selectAll()
    .where('payee', '=', payee)
    .$if(office !== undefined, (q) => q.where('office_id', '=', office!))
    .where('collected_at', '>=', fromAt)
    .where('collected_at', '<', toAt)
    .orderBy('collected_at')
    .orderBy('item_id')
    .execute();
}

/** A payee's remittances in a period; with `office`, only those that paid out COD collected there. */
export async function remittancesOf(
  db: Db,
  payee: string,
  fromAt: string,
  toAt: string,
  office?: string,
): Promise<RemittanceRow[]> {
  return db
    .selectFrom('cod_remittance')
    .selectAll()
    .where('payee', '=', payee)
    .$if(office !== undefined, (q) =>
      q.where('id', 'in', (sub) =>
        sub
          .selectFrom('cod_collection')
          .select('remittance_id')
          .where('payee', '=', payee)
          .where('office_id', '=', office!)
          .where('remittance_id', 'is not', null),
      ),
    )
    .where('created_at', '>=', fromAt)
    .where('created_at', '<', toAt)
    .orderBy('created_at')
    .execute();
}

/** What each office owes in COD (unremitted) and each postman carries (not handed in): for the invariants. */
export async function codHeld(db: Db) {
  const owed = await db
    .selectFrom('cod_collection')
    .select((eb) => ['office_id', eb.fn.sum<bigint>('amount').as('amount')])
    .where('remittance_id', 'is', null)
    .groupBy('office_id')
    .execute();
  const carried = await db
    .selectFrom('cod_collection')
    .select((eb) => ['office_id', 'holder_id', eb.fn.sum<bigint>('amount').as('amount')])
    .where('place', '=', 'round')
    .where('handed_in_at', 'is', null)
    .groupBy(['office_id', 'holder_id'])
    .execute();
  return { owed, carried };
}

export async function countNotHandedIn(db: Db, round: string): Promise<number> {
  const r = await db
    .selectFrom('cod_collection')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('round_id', '=', round)
    .where('handed_in_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The ledger accounts of the given codes, with their posted totals. */
export async function codAccounts(db: Db, codes: readonly bigint[]) {
  return db
    .selectFrom('ledger_account')
    .select(['id', 'code', 'debits_posted', 'credits_posted'])
    .where('code', 'in', codes)
    .execute();
}
