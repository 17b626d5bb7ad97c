// What a restore report states of the finance cell: every account's balance, and the pension, COD and agency fee
// totals.
import { sql, type Kysely } from 'kysely';
import type { FinanceTables } from './finance-tables.ts';

/** Every account's posted and pending balance, and the money paid and collected, as integer strings. */
export async function financeSummary(db: Kysely<FinanceTables>): Promise<Record<string, unknown>> {
  const accounts = await db
    .selectFrom('ledger_account')
    .select(['id', 'debits_posted', 'credits_posted', 'debits_pending', 'credits_pending'])
    .orderBy('id')
    .execute();
  const payouts = await db
    .selectFrom('pension_payout')
    .select([sql<bigint>`count(*)`.as('count'), sql<bigint | null>`sum(amount)`.as('amount')])
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('pension_line')
    .select([sql<bigint>`count(*)`.as('count'), sql<bigint | null>`sum(amount)`.as('amount')])
    .executeTakeFirstOrThrow();
  const cod = await db
    .selectFrom('cod_collection')
    .select([sql<bigint>`count(*)`.as('count'), sql<bigint | null>`sum(amount)`.as('amount')])
    .executeTakeFirstOrThrow();
  const remitted = await db
    .selectFrom('cod_remittance')
    .select([sql<bigint>`count(*)`.as('count'), sql<bigint | null>`sum(net)`.as('amount')])
    .executeTakeFirstOrThrow();
  const fees = await db
    .selectFrom('agency_collection')
    .select([sql<bigint>`count(*)`.as('count'), sql<bigint | null>`sum(amount)`.as('amount')])
    .executeTakeFirstOrThrow();
  const feesRemitted = await db
    .selectFrom('agency_remittance')
    .select([sql<bigint>`count(*)`.as('count'), sql<bigint | null>`sum(total)`.as('amount')])
    .executeTakeFirstOrThrow();
  const n = (v: bigint | number | null) => BigInt(v ?? 0).toString();
  let debits = 0n;
  let credits = 0n;
  for (const a of accounts) {
    debits += a.debits_posted;
    credits += a.credits_posted;
  }
  return {
    accounts: Object.fromEntries(
      accounts.map((a) => [
        a.id,
        {
          balance: (a.debits_posted - a.credits_posted).toString(),
          debits_posted: a.debits_posted.toString(),
          credits_posted: a.credits_posted.toString(),
          pending: (a.debits_pending - a.credits_pending).toString(),
        },
      ]),
    ),
    ledger: {
      accounts: accounts.length,
      debits_posted: debits.toString(),
      credits_posted: credits.toString(),
    },
    pensions: {
      lines: n(lines.count),
      lines_amount: n(lines.amount),
      paid: n(payouts.count),
      paid_amount: n(payouts.amount),
    },
    cod: {
      collected: n(cod.count),
      collected_amount: n(cod.amount),
      remittances: n(remitted.count),
      remitted_net: n(remitted.amount),
    },
    agencies: {
      collected: n(fees.count),
      collected_amount: n(fees.amount),
      remittances: n(feesRemitted.count),
      remitted_amount: n(feesRemitted.amount),
    },
  };
}
