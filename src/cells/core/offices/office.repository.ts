import type { Kysely } from 'kysely';
import type { CoreTables } from '../core-tables.ts';

export type OfficeRow = CoreTables['office'];
type Db = Kysely<CoreTables>;

/** Inserts a newly opened office. */
export async function insertOffice(db: Db, row: OfficeRow): Promise<void> {
  await db.insertInto('office').values(row).execute();
}

/** Changes some columns of one office. */
export async function updateOffice(
  db: Db,
  id: string,
  changes: Partial<Omit<OfficeRow, 'id'>> & { updated_seq: bigint },
): Promise<void> {
  await db.updateTable('office').set(changes).where('id', '=', id).execute();
}

/** One office by id. */
export async function findOffice(db: Db, id: string): Promise<OfficeRow | undefined> {
  return db.selectFrom('office').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The office holding a postcode, open or closed: postcodes are never reused. */
export async function findByPostcode(db: Db, postcode: string): Promise<OfficeRow | undefined> {
  return db.selectFrom('office').selectAll().where('postcode', '=', postcode).executeTakeFirst();
}

/** Open offices whose parent is the given office. */
export async function countOpenChildren(db: Db, parentId: string): Promise<bigint> {
  const row = await db
    .selectFrom('office')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('parent_id', '=', parentId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return BigInt(row.n);
}

/** Whether a commune exists, and in which province. */
export async function findCommuneProvince(db: Db, communeCode: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('geo_commune')
    .select('province_code')
    .where('code', '=', communeCode)
    .executeTakeFirst();
  return row?.province_code;
}

export interface OfficeQuery {
  type?: string;
  provinceCode?: string;
  communeCode?: string;
  postcode?: string;
  parentId?: string;
  status?: string;
  limit: number;
  offset: number;
}

/** Offices matching the filters, by postcode, with the total count. */
export async function findOffices(db: Db, q: OfficeQuery): Promise<{ rows: OfficeRow[]; total: bigint }> {
  let base = db.selectFrom('office');
  if (q.type !== undefined) base = base.where('type', '=', q.type);
  if (q.provinceCode !== undefined) base = base.where('province_code', '=', q.provinceCode);
  if (q.communeCode !== undefined) base = base.where('commune_code', '=', q.communeCode);
  if (q.postcode !== undefined) base = base.where('postcode', '=', q.postcode);
  if (q.parentId !== undefined) base = base.where('parent_id', '=', q.parentId);
  if (q.status !== undefined) base = base.where('status', '=', q.status);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('postcode').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: BigInt(count.n) };
}

/** Every commune's province, for checking a large batch without a query per row. */
export async function communeProvinces(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('geo_commune').select(['code', 'province_code']).execute();
  return new Map(rows.map((r) => [r.code, r.province_code]));
}

/** The identifying columns of every office, for checking a large batch without a query per row. */
export async function officeKeys(
  db: Db,
): Promise<Array<Pick<OfficeRow, 'id' | 'type' | 'province_code' | 'status' | 'postcode'>>> {
  return db.selectFrom('office').select(['id', 'type', 'province_code', 'status', 'postcode']).execute();
}
