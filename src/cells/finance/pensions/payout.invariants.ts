// The pension payouts' invariants, checked by `postcore verify` on the snapshot it replays.
import { accountId } from '../chart/index.ts';
import { findPostedByCode } from '../ledger/index.ts';
import type { Db } from './payout.context.ts';
import * as repo from './payout.repository.ts';

/**
 * The pension invariants `postcore verify` checks: each office's pensions payable holds exactly what its
 * funded, unpaid lines add up to; the agency's funds at the provinces are passed on in full (zero between
 * commands); every paid line has one receipt of its amount and every receipt one paid line; a postman
 * carries exactly what his open round advanced less what he paid.
 */
export async function pensionInvariants(db: Db): Promise<string[]> {
  const out: string[] = [];
  const owed = new Map((await repo.outstandingByOffice(db)).map((r) => [r.office_id, BigInt(r.amount)]));
  // The chart's own accounts only (an office's, by their known ids): a ledger may hold others of these codes.
  const accounts = (await findPostedByCode(db, [2011n, 2012n, 1013n])).filter(
    (a) =>
      a.office_id !== null &&
      a.id === `${a.office_id}:${a.code}${a.holder_id === null ? '' : `:${a.holder_id}`}`,
  );
  for (const a of accounts) {
    const balance = BigInt(a.credits_posted) - BigInt(a.debits_posted);
    if (Number(a.code) === 2012 && balance !== (owed.get(a.office_id ?? '') ?? 0n))
      out.push(
        `pensions payable ${a.id} holds ${balance} but its unpaid funded lines add up to ${owed.get(a.office_id ?? '') ?? 0n}`,
      );
    if (Number(a.code) === 2011 && balance !== 0n) out.push(`agency funds ${a.id} hold ${balance}, not 0`);
  }
  const bad = await repo.findLinesAtOddsWithReceipts(db);
  for (const b of bad)
    out.push(`pension line ${b.id} is ${b.status} with receipt ${b.receipt ?? 'none'} of ${b.paid ?? 0}`);
  const orphans = await repo.findOrphanPayouts(db);
  for (const o of orphans) out.push(`receipt ${o.id} pays no line`);
  const carried = new Map<string, bigint>();
  for (const r of await repo.findRounds(db, { status: 'open' })) {
    const paid = (await repo.findPayouts(db, r.id)).reduce((s, x) => s + BigInt(x.amount), 0n);
    const key = accountId(r.office_id, 'cash_in_transit', r.postman_id);
    carried.set(key, (carried.get(key) ?? 0n) + BigInt(r.advance) - paid);
  }
  for (const a of accounts)
    if (Number(a.code) === 1013) {
      const cash = BigInt(a.debits_posted) - BigInt(a.credits_posted);
      if (cash !== (carried.get(a.id) ?? 0n))
        out.push(`postman cash ${a.id} holds ${cash} but open rounds account for ${carried.get(a.id) ?? 0n}`);
    }
  return out;
}
