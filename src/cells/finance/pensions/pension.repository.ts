import type { Kysely } from 'kysely';
import type { FinanceTables } from '../finance-tables.ts';

type Db = Kysely<FinanceTables>;
export type PeriodRow = FinanceTables['pension_period'];
export type ListRow = FinanceTables['pension_list'];
export type LineRow = FinanceTables['pension_line'];

export async function insertPeriod(db: Db, row: PeriodRow): Promise<void> {
  await db.insertInto('pension_period').values(row).execute();
}

export async function findPeriod(db: Db, id: string): Promise<PeriodRow | undefined> {
  return db.selectFrom('pension_period').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPeriods(db: Db, provinceCode?: string): Promise<PeriodRow[]> {
  let q = db.selectFrom('pension_period').selectAll();
  if (provinceCode !== undefined) q = q.where('province_code', '=', provinceCode);
  return q.orderBy('id').execute();
}

export async function insertList(db: Db, row: ListRow): Promise<void> {
  await db.insertInto('pension_list').values(row).execute();
}

export async function findList(db: Db, periodId: string, sha256: string): Promise<ListRow | undefined> {
  return db
    .selectFrom('pension_list')
    .selectAll()
    .where('period_id', '=', periodId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

export async function findLists(db: Db, periodId: string): Promise<ListRow[]> {
  return db.selectFrom('pension_list').selectAll().where('period_id', '=', periodId).orderBy('seq').execute();
}

/**
 * Lines many at a time (500 rows per statement), skipping any person already listed for the benefit in the
 * period (the unique index decides, so no query per chunk); returns the ids it did insert.
 */
export async function insertNewLines(db: Db, rows: readonly LineRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const r = await db
      .insertInto('pension_line')
      .values(chunk)
      .onConflict((oc) => oc.columns(['period_id', 'cccd', 'benefit']).doNothing())
      .executeTakeFirst();
    // Almost always every row goes in; only then is it worth asking which did.
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) === chunk.length)
      for (const row of chunk) inserted.add(row.id);
    else {
      const found = await db
        .selectFrom('pension_line')
        .select('id')
        .where(
          'id',
          'in',
          chunk.map((x) => x.id),
        )
        .execute();
      for (const x of found) inserted.add(x.id);
    }
  }
  return inserted;
}

export async function findLines(
  db: Db,
  q: {
    periodId: string;
    postcode?: string;
    cccd?: string;
    nameKey?: string;
    status?: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: LineRow[]; total: bigint }> {
  let base = db.selectFrom('pension_line').where('period_id', '=', q.periodId);
  if (q.postcode !== undefined) base = base.where('office_postcode', '=', q.postcode);
  if (q.cccd !== undefined) base = base.where('cccd', '=', q.cccd);
  if (q.nameKey !== undefined) base = base.where('search_key', 'like', `%${q.nameKey}%`);
  if (q.status !== undefined) base = base.where('status', '=', q.status);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('row').orderBy('id').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: BigInt(count.n) };
}
