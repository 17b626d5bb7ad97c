import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import {
  createTempTableLike,
  dropTempTable,
  fencedStatement,
  insertBatch,
  type BulkColumn,
} from '../../../storage/index.ts';
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

// The order in which a line's values are bound; the SQLite INSERT is compiled once per chunk size and
// checked against Kysely's own compilation of the same rows.
const LINE_COLUMNS = [
  'id',
  'period_id',
  'list_sha256',
  'row',
  'cccd',
  'full_name',
  'search_key',
  'birth_year',
  'benefit',
  'amount',
  'commune_code',
  'office_postcode',
  'channel',
  'proxy_name',
  'proxy_cccd',
  'proxy_until',
  'status',
  'updated_seq',
  'round_id',
  'receipt_id',
  'paid_place',
  'stop_reason',
  'stop_reference',
  'return_reason',
] as const satisfies ReadonlyArray<keyof LineRow>;
const PG_TYPES: Record<(typeof LINE_COLUMNS)[number], string> = {
  id: 'text',
  period_id: 'text',
  list_sha256: 'text',
  row: 'bigint',
  cccd: 'text',
  full_name: 'text',
  search_key: 'text',
  birth_year: 'bigint',
  benefit: 'text',
  amount: 'bigint',
  commune_code: 'text',
  office_postcode: 'text',
  channel: 'text',
  proxy_name: 'text',
  proxy_cccd: 'text',
  proxy_until: 'text',
  status: 'text',
  updated_seq: 'bigint',
  round_id: 'text',
  receipt_id: 'text',
  paid_place: 'text',
  stop_reason: 'text',
  stop_reference: 'text',
  return_reason: 'text',
};
// 24 columns x 1,000 rows stays under SQLite's 32,766 bound values.
const SQLITE_CHUNK = 1000;
const sqliteInserts = new Map<number, string>();
const STAGE = 'pension_line_stage';

/**
 * Narrows a query of pension_line to one person's lines in a period, through the primary key: a line's id
 * begins with its period and CCCD (lineId), so no index of its own is needed for the counter's search.
 */
export function personLines<O>(
  q: SelectQueryBuilder<FinanceTables, 'pension_line', O>,
  periodId: string,
  cccd: string,
): SelectQueryBuilder<FinanceTables, 'pension_line', O> {
  const prefix = `pl_${periodId}_${cccd}_`;
  return q.where('id', '>=', prefix).where('id', '<', `${prefix}~`).where('cccd', '=', cccd);
}

/**
 * A temporary table shaped like pension_line, private to this connection and transaction, where a list's
 * rows wait until they are all known to be good.
 */
export async function createStage(db: Db): Promise<void> {
  await createTempTableLike(db, STAGE, 'pension_line');
}

export async function dropStage(db: Db): Promise<void> {
  await dropTempTable(db, STAGE);
}

/**
 * Stages lines: on PostgreSQL a chunk is one array per column; on SQLite one compiled INSERT per chunk size,
 * checked once against Kysely's own compilation of the same rows.
 */
export async function stageLines(db: Db, rows: readonly LineRow[]): Promise<void> {
  const columns = LINE_COLUMNS.map((name) => ({ name, type: PG_TYPES[name] as BulkColumn<LineRow>['type'] }));
  await insertBatch(db, STAGE, columns, rows, { chunk: SQLITE_CHUNK, sql: sqliteInserts, sizes: 8 });
}

interface StagedProblem {
  row: number;
  cccd: string;
  benefit: string;
  first: number;
}

/** Staged rows naming a person and benefit an earlier row of the same list named: the first few, and how many more. */
export async function stagedDuplicates(
  db: Db,
  shown: number,
): Promise<{ rows: StagedProblem[]; more: number }> {
  const r = await sql<{ row: bigint; cccd: string; benefit: string; first: bigint; n: bigint }>`
    with firsts as (select id, min(row) as first from ${sql.raw(STAGE)} group by id having count(*) > 1)
    select s.row, s.cccd, s.benefit, f.first, count(*) over () as n
    from ${sql.raw(STAGE)} s join firsts f on f.id = s.id
    where s.row > f.first order by s.row limit ${shown}`.execute(db);
  const n = r.rows.length === 0 ? 0 : Number(r.rows[0]!.n);
  return {
    rows: r.rows.map((x) => ({
      row: Number(x.row),
      cccd: x.cccd,
      benefit: x.benefit,
      first: Number(x.first),
    })),
    more: Math.max(0, n - r.rows.length),
  };
}

/** Staged rows for someone the period already lists for the benefit (from another list). */
export async function stagedAlreadyListed(
  db: Db,
  shown: number,
): Promise<{ rows: StagedProblem[]; more: number }> {
  const r = await sql<{ row: bigint; cccd: string; benefit: string; n: bigint }>`
    select s.row, s.cccd, s.benefit, count(*) over () as n
    from ${sql.raw(STAGE)} s join pension_line l on l.id = s.id
    order by s.row limit ${shown}`.execute(db);
  const n = r.rows.length === 0 ? 0 : Number(r.rows[0]!.n);
  return {
    rows: r.rows.map((x) => ({ row: Number(x.row), cccd: x.cccd, benefit: x.benefit, first: 0 })),
    more: Math.max(0, n - r.rows.length),
  };
}

/**
 * The staged lines go in at once, in id order, and the stage goes; false, with nothing inserted and the
 * stage kept, if a line's id is taken (someone twice in the list, or already listed in the period).
 */
export async function commitStage(db: Db): Promise<boolean> {
  const cols = sql.join(LINE_COLUMNS.map((c) => sql.ref(c)));
  try {
    // A taken id must not spoil the caller's transaction (PostgreSQL would abandon it).
    await fencedStatement(db, 'pension_stage', () =>
      sql`insert into pension_line (${cols}) select ${cols} from ${sql.raw(STAGE)} order by id`.execute(db),
    );
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    const unique = code === '23505' || /UNIQUE constraint failed/.test(String(err));
    if (!unique) throw err;
    return false;
  }
  await dropStage(db);
  return true;
}

/** Lines joined to the office that holds their money (their list's allocation for their postcode). */
export function linesWithOffice(db: Db) {
  return db
    .selectFrom('pension_line as l')
    .innerJoin('pension_allocation as a', (j) =>
      j
        .onRef('a.period_id', '=', 'l.period_id')
        .onRef('a.list_sha256', '=', 'l.list_sha256')
        .onRef('a.postcode', '=', 'l.office_postcode'),
    );
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
  if (q.cccd !== undefined) base = personLines(base, q.periodId, q.cccd);
  if (q.nameKey !== undefined) base = base.where('search_key', 'like', `%${q.nameKey}%`);
  if (q.status !== undefined) base = base.where('status', '=', q.status);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('row').orderBy('id').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: BigInt(count.n) };
}
