import { sql, type Kysely } from 'kysely';
import type { CoreTables } from '../core-tables.ts';

export type ProvinceRow = CoreTables['geo_province'];
export type CommuneRow = CoreTables['geo_commune'];
export interface ProvinceWithCount extends ProvinceRow {
  commune_count: bigint;
}
export interface CommuneWithProvince extends CommuneRow {
  province_name: string;
}

type Db = Kysely<CoreTables>;
const CHUNK = 500;

/** Inserts a province and its communes (the projection of core.geo.province.loaded). */
export async function insertProvince(
  trx: Db,
  province: ProvinceRow,
  communes: readonly CommuneRow[],
): Promise<void> {
  await trx.insertInto('geo_province').values(province).execute();
  for (let i = 0; i < communes.length; i += CHUNK) {
    await trx
      .insertInto('geo_commune')
      .values(communes.slice(i, i + CHUNK))
      .execute();
  }
}

/** All provinces in code order, each with its number of communes. */
export async function listProvinces(db: Db): Promise<ProvinceWithCount[]> {
  return db
    .selectFrom('geo_province as p')
    .selectAll('p')
    .select((eb) =>
      eb
        .selectFrom('geo_commune as c')
        .whereRef('c.province_code', '=', 'p.code')
        .select(eb.fn.countAll<bigint>().as('n'))
        .as('commune_count'),
    )
    .orderBy('p.code')
    .execute() as Promise<ProvinceWithCount[]>;
}

/** One province by its 2-digit code. */
export async function findProvince(db: Db, code: string): Promise<ProvinceRow | undefined> {
  return db.selectFrom('geo_province').selectAll().where('code', '=', code).executeTakeFirst();
}

export interface CommuneQuery {
  provinceCode?: string;
  /** Accent-folded tokens that must all occur in the commune's search key. */
  tokens: readonly string[];
  limit: number;
  offset: number;
}

// LIKE with an explicit escape character behaves the same on SQLite and PostgreSQL.
const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Communes matching a query, in province then commune code order, with the total count. */
export async function findCommunes(
  db: Db,
  q: CommuneQuery,
): Promise<{ rows: CommuneWithProvince[]; total: bigint }> {
  let base = db.selectFrom('geo_commune as c').innerJoin('geo_province as p', 'p.code', 'c.province_code');
  if (q.provinceCode !== undefined) base = base.where('c.province_code', '=', q.provinceCode);
  // Every word of the query must start a word of the name: "ha" finds "Hà Đông", not "Phan Thiết".
  for (const token of q.tokens)
    base = base.where(sql<boolean>`(' ' || c.search_key) like ${`% ${escapeLike(token)}%`} escape '\\'`);
  // Names that hold the query as one phrase come first ("da nang" before "Đại Năng").
  const phrase = `%${escapeLike(q.tokens.join(' '))}%`;
  const [rows, count] = await Promise.all([
    base
      .selectAll('c')
      .select('p.name as province_name')
      .orderBy(sql`case when c.search_key like ${phrase} escape '\\' then 0 else 1 end`)
      .orderBy('c.province_code')
      .orderBy('c.code')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: BigInt(count.n) };
}
