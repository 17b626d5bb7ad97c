import { sql, type Kysely } from 'kysely';
import type { FinanceTables } from '../finance-tables.ts';

type Db = Kysely<FinanceTables>;
/** Whether the ledger already refused this transfer of the platform's (a resent event is not refused twice). */
export { wasRefused } from '../ledger/index.ts';
export type CollectionRow = FinanceTables['agency_collection'];
export type RemittanceRow = FinanceTables['agency_remittance'];

export async function insertCollection(db: Db, row: CollectionRow): Promise<void> {
  await db.insertInto('agency_collection').values(row).execute();
}

export async function findCollection(db: Db, dossier: string): Promise<CollectionRow | undefined> {
  return db.selectFrom('agency_collection').selectAll().where('dossier_id', '=', dossier).executeTakeFirst();
}

/** An agency's collections not yet remitted, taken before `throughAt`; with `offices`, only at those offices. */
export async function remittable(
  db: Db,
  agency: string,
  throughAt: string,
  offices?: readonly string[],
): Promise<CollectionRow[]> {
  return db
    .selectFrom('agency_collection')
    .selectAll()
    .where('agency_code', '=', agency)
    .where('remittance_id', 'is', null)
    .where('collected_at', '<', throughAt)
    .$if(offices !== undefined, (q) => q.where('office_id', 'in', offices!))
    .orderBy('dossier_id')
    .execute();
}

export async function markRemitted(db: Db, dossiers: readonly string[], remittance: string): Promise<number> {
  let n = 0;
  for (let i = 0; i < dossiers.length; i += 500) {
    const r = await db
      .updateTable('agency_collection')
      .set({ remittance_id: remittance })
      .where('dossier_id', 'in', dossiers.slice(i, i + 500))
      .where('remittance_id', 'is', null)
      .executeTakeFirst();
    n += Number(r.numUpdatedRows);
  }
  return n;
}

export async function insertRemittance(db: Db, row: RemittanceRow): Promise<void> {
  await db.insertInto('agency_remittance').values(row).execute();
}

export async function findRemittance(db: Db, id: string): Promise<RemittanceRow | undefined> {
  return db.selectFrom('agency_remittance').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The dossiers a remittance paid, in id order. */
export async function remittedDossiers(db: Db, remittance: string): Promise<string[]> {
  const rows = await db
    .selectFrom('agency_collection')
    .select('dossier_id')
    .where('remittance_id', '=', remittance)
    .orderBy('dossier_id')
    .execute();
  return rows.map((r) => r.dossier_id);
}

/** The offices that keep an account for an agency (where its fees were ever taken), in id order. */
export async function officesOf(db: Db, agency: string, code: bigint): Promise<string[]> {
  const rows = await db
    .selectFrom('ledger_account')
    .select('office_id')
    .where('code', '=', code)
    .where('holder_id', '=', agency)
    .orderBy('office_id')
    .execute();
  return rows.map((r) => r.office_id).filter((o): o is string => o !== null);
}

/** An agency's collections in a period; with `offices`, only those taken at these offices. */
export async function collectionsOf(
  db: Db,
  agency: string,
  fromAt: string,
  toAt: string,
  offices?: readonly string[],
): Promise<CollectionRow[]> {
  return db
    .selectFrom('agency_collection')
    .selectAll()
    .where('agency_code', '=', agency)
    .$if(offices !== undefined, (q) => q.where('office_id', 'in', offices!))
    .where('collected_at', '>=', fromAt)
    .where('collected_at', '<', toAt)
    .orderBy('collected_at')
    .orderBy('dossier_id')
    .execute();
}

/** An agency's remittances in a period; with `offices`, only those that paid what was taken at these offices. */
export async function remittancesOf(
  db: Db,
  agency: string,
  fromAt: string,
  toAt: string,
  offices?: readonly string[],
): Promise<RemittanceRow[]> {
  return db
    .selectFrom('agency_remittance')
    .selectAll()
    .where('agency_code', '=', agency)
    .$if(offices !== undefined, (q) =>
      q.where('id', 'in', (sub) =>
        sub
          .selectFrom('agency_collection')
          .select('remittance_id')
          .where('agency_code', '=', agency)
          .where('office_id', 'in', offices!)
          .where('remittance_id', 'is not', null),
      ),
    )
    .where('created_at', '>=', fromAt)
    .where('created_at', '<', toAt)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** For the invariants: what each agency's account at each office should hold (its unremitted collections). */
export async function owedByAccount(db: Db) {
  return db
    .selectFrom('agency_collection')
    .select((eb) => ['office_id', 'agency_code', eb.fn.sum<bigint>('amount').as('amount')])
    .where('remittance_id', 'is', null)
    .groupBy(['office_id', 'agency_code'])
    .execute();
}

/** The agencies' accounts, with their posted totals. */
export async function agencyAccounts(db: Db, code: bigint) {
  return db
    .selectFrom('ledger_account')
    .select(['id', 'office_id', 'holder_id', 'debits_posted', 'credits_posted'])
    .where('code', '=', code)
    .orderBy('id')
    .execute();
}

/**
 * Collections whose transfer is missing or says something else (amount, code, or an account other than the
 * agency's at the office): at most `limit`.
 */
export async function collectionsWithoutTheirTransfer(
  db: Db,
  accountCode: number,
  transferCode: bigint,
  limit: number,
) {
  return db
    .selectFrom('agency_collection as c')
    .leftJoin('ledger_transfer as t', 't.id', 'c.transfer_id')
    .select([
      'c.dossier_id',
      'c.transfer_id',
      'c.amount',
      't.id as found',
      't.amount as transfer_amount',
      't.code as transfer_code',
      't.credit_account_id',
      't.state',
    ])
    .where((eb) =>
      eb.or([
        eb('t.id', 'is', null),
        eb('t.amount', '<>', eb.ref('c.amount')),
        eb('t.code', '<>', transferCode),
        eb('t.state', '<>', 'posted'),
        eb('t.credit_account_id', '<>', sql<string>`c.office_id || ${`:${accountCode}:`} || c.agency_code`),
      ]),
    )
    .orderBy('c.dossier_id')
    .limit(limit)
    .execute();
}

/**
 * Remittances whose collections, or whose transfers (dsr:<remittance>:<office>, ref the remittance), do not add
 * up to their total: at most `limit`.
 */
export async function remittanceTotals(db: Db, transferCode: bigint) {
  const paid = await db
    .selectFrom('agency_collection')
    .select((eb) => [
      'remittance_id',
      eb.fn.sum<bigint>('amount').as('amount'),
      eb.fn.countAll<bigint>().as('n'),
    ])
    .where('remittance_id', 'is not', null)
    .groupBy('remittance_id')
    .execute();
  const moved = await db
    .selectFrom('ledger_transfer')
    .select((eb) => ['ref', eb.fn.sum<bigint>('amount').as('amount')])
    .where('code', '=', transferCode)
    .groupBy('ref')
    .execute();
  const remittances = await db
    .selectFrom('agency_remittance')
    .select(['id', 'agency_code', 'total', 'dossier_count'])
    .execute();
  return { paid, moved, remittances };
}
