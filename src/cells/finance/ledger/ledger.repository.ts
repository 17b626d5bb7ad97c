import { sql, type Kysely } from 'kysely';
import type { FinanceTables } from '../finance-tables.ts';

type Db = Kysely<FinanceTables>;
export type AccountRow = FinanceTables['ledger_account'];
export type TransferRow = FinanceTables['ledger_transfer'];
export type BalanceRow = FinanceTables['ledger_balance'];

/** Stores a newly opened account. */
export async function insertAccount(db: Db, row: AccountRow): Promise<void> {
  await db.insertInto('ledger_account').values(row).execute();
}

/** Marks an account closed. */
export async function closeAccount(db: Db, id: string, at: string, seq: bigint): Promise<void> {
  await db
    .updateTable('ledger_account')
    .set({ status: 'closed', closed_at: at, updated_seq: seq })
    .where('id', '=', id)
    .execute();
}

/** One account by id. */
export async function findAccount(db: Db, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('ledger_account').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Accounts by id, 500 per query. */
export async function findAccounts(db: Db, ids: readonly string[]): Promise<AccountRow[]> {
  const out: AccountRow[] = [];
  for (let i = 0; i < ids.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('ledger_account')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  return out;
}

/** Accounts of an office (and kind, and holder), by code then id. */
export async function findAccountsOf(
  db: Db,
  q: { officeId?: string; code?: bigint; holderId?: string | null },
): Promise<AccountRow[]> {
  let s = db.selectFrom('ledger_account').selectAll();
  if (q.officeId !== undefined) s = s.where('office_id', '=', q.officeId);
  if (q.code !== undefined) s = s.where('code', '=', q.code);
  if (q.holderId !== undefined)
    s = q.holderId === null ? s.where('holder_id', 'is', null) : s.where('holder_id', '=', q.holderId);
  return s.orderBy('code').orderBy('id').execute();
}

/** Transfers by id, 500 per query. */
export async function findTransfers(db: Db, ids: readonly string[]): Promise<TransferRow[]> {
  const out: TransferRow[] = [];
  for (let i = 0; i < ids.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('ledger_transfer')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  return out;
}

/** Pending transfers whose timeout has passed. */
export async function findExpired(db: Db, now: string): Promise<TransferRow[]> {
  return db
    .selectFrom('ledger_transfer')
    .selectAll()
    .where('state', '=', 'pending')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .orderBy('id')
    .execute();
}

/** Stores a transfer. */
export async function insertTransfer(db: Db, row: TransferRow): Promise<void> {
  await db.insertInto('ledger_transfer').values(row).execute();
}

/** Sets what became of a pending transfer. */
export async function setTransferState(db: Db, id: string, state: string): Promise<void> {
  await db.updateTable('ledger_transfer').set({ state }).where('id', '=', id).execute();
}

/** Adds to an account's four balances and records the result in its history, all in the event's seq. */
export async function moveBalance(
  db: Db,
  accountId: string,
  delta: { debits_pending: bigint; debits_posted: bigint; credits_pending: bigint; credits_posted: bigint },
  at: { seq: bigint; transferId: string; at: string },
): Promise<void> {
  const row = await db
    .updateTable('ledger_account')
    .set((eb) => ({
      debits_pending: eb('debits_pending', '+', delta.debits_pending),
      debits_posted: eb('debits_posted', '+', delta.debits_posted),
      credits_pending: eb('credits_pending', '+', delta.credits_pending),
      credits_posted: eb('credits_posted', '+', delta.credits_posted),
      updated_seq: at.seq,
    }))
    .where('id', '=', accountId)
    .returning(['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('ledger_balance')
    .values({
      account_id: accountId,
      seq: at.seq,
      transfer_id: at.transferId,
      debits_pending: BigInt(row.debits_pending),
      debits_posted: BigInt(row.debits_posted),
      credits_pending: BigInt(row.credits_pending),
      credits_posted: BigInt(row.credits_posted),
      at: at.at,
    })
    .execute();
}

/** An account's balance after each transfer that touched it, newest first. */
export async function findHistory(
  db: Db,
  accountId: string,
  q: { limit: number; offset: number },
): Promise<BalanceRow[]> {
  return db
    .selectFrom('ledger_balance')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('seq', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
}

/**
 * A sum of a BIGINT column that cannot overflow the 64-bit integers of SQLite (whose sum() fails) or spill into
 * PostgreSQL's numeric: summed as whole billions and remainders, put together in BigInt. Exact for any number of
 * rows below 9×10^8 whatever their values, and for any realistic number of rows of bounded values.
 */
function splitSum(column: string) {
  return {
    hi: sql<string | number | bigint | null>`sum(${sql.ref(column)} / 1000000000)`,
    lo: sql<string | number | bigint | null>`sum(${sql.ref(column)} % 1000000000)`,
  };
}
const joinSum = (hi: string | number | bigint | null, lo: string | number | bigint | null): bigint =>
  BigInt(hi ?? 0) * 1_000_000_000n + BigInt(lo ?? 0);

/** The ledger's totals, for its invariants: what every debit and credit adds up to, in BigInt. */
export async function totals(db: Db): Promise<{
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
}> {
  const columns = ['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'] as const;
  const r = (await db
    .selectFrom('ledger_account')
    .select(
      columns.flatMap((c) => {
        const s = splitSum(c);
        return [s.hi.as(`${c}_hi`), s.lo.as(`${c}_lo`)];
      }),
    )
    .executeTakeFirstOrThrow()) as Record<string, string | number | bigint | null>;
  const sum = (c: (typeof columns)[number]) => joinSum(r[`${c}_hi`] ?? null, r[`${c}_lo`] ?? null);
  return {
    debits_pending: sum('debits_pending'),
    debits_posted: sum('debits_posted'),
    credits_pending: sum('credits_pending'),
    credits_posted: sum('credits_posted'),
  };
}

/** Accounts of the given codes, with their posted totals (the invariants of those who own them). */
export async function findPostedByCode(db: Db, codes: readonly bigint[]) {
  return db
    .selectFrom('ledger_account')
    .select(['id', 'office_id', 'code', 'holder_id', 'debits_posted', 'credits_posted'])
    .where('code', 'in', codes)
    .execute();
}

/** Accounts whose flag is broken: debits beyond credits, or credits beyond debits. */
export async function findOverdrawn(db: Db): Promise<AccountRow[]> {
  return db
    .selectFrom('ledger_account')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([
          eb('flags', 'like', '%debits_must_not_exceed_credits%'),
          eb(eb('debits_posted', '+', eb.ref('debits_pending')), '>', eb.ref('credits_posted')),
        ]),
        eb.and([
          eb('flags', 'like', '%credits_must_not_exceed_debits%'),
          eb(eb('credits_posted', '+', eb.ref('credits_pending')), '>', eb.ref('debits_posted')),
        ]),
        eb('debits_pending', '<', 0n),
        eb('credits_pending', '<', 0n),
      ]),
    )
    .execute();
}

/** The sum of what live pending transfers hold: it must equal the accounts' pending debits. */
export async function pendingHeld(db: Db): Promise<bigint> {
  const s = splitSum('amount');
  const r = await db
    .selectFrom('ledger_transfer')
    .select([s.hi.as('hi'), s.lo.as('lo')])
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return joinSum(r.hi, r.lo);
}

/** Records a transfer of the platform's own that the ledger refused. */
export async function insertRefusal(db: Db, row: FinanceTables['ledger_refusal']): Promise<void> {
  await db.insertInto('ledger_refusal').values(row).execute();
}

/** The platform's own transfers the ledger refused, oldest first. */
export async function findRefusals(db: Db, limit: number): Promise<Array<FinanceTables['ledger_refusal']>> {
  return db.selectFrom('ledger_refusal').selectAll().orderBy('seq').limit(limit).execute();
}

/**
 * Transfers whose id lies in the platform's namespace (holds `mark`) but that no rule allows: an id that begins
 * with none of the rules' starts, or that carries a code its start does not.
 */
export async function findForeignSystemTransfers(
  db: Db,
  mark: string,
  rules: ReadonlyArray<{ start: string; codes: readonly number[] }>,
  limit: number,
): Promise<TransferRow[]> {
  return db
    .selectFrom('ledger_transfer')
    .selectAll()
    .where('id', 'like', `%${mark}%`)
    .where((eb) =>
      eb.not(
        eb.or(
          rules.map((r) =>
            eb.and([
              eb(sql<string>`substr(id, 1, ${sql.lit(r.start.length)})`, '=', r.start),
              eb('code', 'in', r.codes.map(BigInt)),
            ]),
          ),
        ),
      ),
    )
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** Stores many transfers, 500 rows per statement. */
export async function insertTransfers(db: Db, rows: readonly TransferRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('ledger_transfer')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Sets what became of many pending transfers. */
export async function setTransferStates(db: Db, states: ReadonlyMap<string, string>): Promise<void> {
  const byState = new Map<string, string[]>();
  for (const [id, state] of states) byState.set(state, [...(byState.get(state) ?? []), id]);
  for (const [state, ids] of byState)
    for (let i = 0; i < ids.length; i += 500)
      await db
        .updateTable('ledger_transfer')
        .set({ state })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
}

/** Stores many history rows, 1,000 per statement. */
export async function insertBalances(db: Db, rows: readonly BalanceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('ledger_balance')
      .values(rows.slice(i, i + 1000))
      .execute();
}

/** Writes the final balances of many accounts in one UPDATE … FROM (VALUES …) per 1,000 accounts. */
export async function setBalances(
  db: Db,
  rows: ReadonlyArray<{
    id: string;
    debits_pending: bigint;
    debits_posted: bigint;
    credits_pending: bigint;
    credits_posted: bigint;
    updated_seq: bigint;
  }>,
): Promise<void> {
  const big = (v: bigint) => sql`cast(${v.toString()} as bigint)`;
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows
      .slice(i, i + 1000)
      .map(
        (r) =>
          sql`(${r.id}, ${big(r.debits_pending)}, ${big(r.debits_posted)}, ${big(r.credits_pending)}, ${big(r.credits_posted)}, ${big(r.updated_seq)})`,
      );
    // VALUES columns are column1… on both SQLite and PostgreSQL (SQLite cannot rename them).
    await sql`update ledger_account set debits_pending = v.column2, debits_posted = v.column3,
      credits_pending = v.column4, credits_posted = v.column5, updated_seq = v.column6
      from (values ${sql.join(values)}) as v where ledger_account.id = v.column1`.execute(db);
  }
}

/** An account's balances just before an instant: its last history row before `at` (none: all zero). */
export async function balanceBefore(db: Db, accountId: string, at: string): Promise<BalanceRow | undefined> {
  return db
    .selectFrom('ledger_balance')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('at', '<', at)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Transfers between [from, to) with one side in the office and the other outside it. */
export async function crossOfficeTransfers(
  db: Db,
  officeId: string,
  from: string,
  to: string,
): Promise<TransferRow[]> {
  return db
    .selectFrom('ledger_transfer as t')
    .innerJoin('ledger_account as d', 'd.id', 't.debit_account_id')
    .innerJoin('ledger_account as c', 'c.id', 't.credit_account_id')
    .selectAll('t')
    .where('t.created_at', '>=', from)
    .where('t.created_at', '<', to)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('d.office_id', '=', officeId),
          eb.or([eb('c.office_id', '!=', officeId), eb('c.office_id', 'is', null)]),
        ]),
        eb.and([
          eb('c.office_id', '=', officeId),
          eb.or([eb('d.office_id', '!=', officeId), eb('d.office_id', 'is', null)]),
        ]),
      ]),
    )
    .orderBy('t.seq')
    .execute();
}

/** Whether the platform's transfer of this id was refused and recorded (a consumer sent the event again). */
export async function wasRefused(db: Db, transferId: string): Promise<boolean> {
  const r = await db
    .selectFrom('ledger_refusal')
    .select('seq')
    .where('transfer_id', '=', transferId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
