// The COD of items another cell owns (a retail order's parcel): that cell's consumer settles it out of the COD
// payable where it was collected, instead of a remittance paying it to the item's shipper or sender.
import type { Kysely } from '../../../storage/index.ts';
import type { Journal } from '../../../journal/index.ts';
import { formatVnd } from '../../../platform/money.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { codSettled } from './cod.events.ts';
import * as repo from './cod.repository.ts';

/** Whether an item's COD is held for its owning cell (never remitted to its shipper or sender). */
export async function isOwnedCod(db: Kysely<FinanceTables>, item: string): Promise<boolean> {
  return (await repo.findOwned(db, item)) !== undefined;
}

/**
 * Checks that the COD an owning cell settles was collected, is still owed and is what the owner expects; returns
 * the office whose COD payable holds it, or 'settled' when this same owner's `ref` settled it already (a consumer
 * sent the event again). Throws when it was not yet collected (finance follows delivery separately: the owner's
 * consumer stops here and tries again) or was paid elsewhere or differs (a broken contract: it stops too, loudly).
 */
export async function owedCod(
  db: Kysely<FinanceTables>,
  item: string,
  owner: string,
  ref: string,
  amount: bigint,
): Promise<{ office: string } | 'settled'> {
  const c = await repo.findCollection(db, item);
  if (c === undefined)
    throw new FinanceError(
      'transfers_failed',
      `Item ${item}'s COD is not recorded yet: finance has not caught up with the delivery cell; it tries again`,
      `Chưa ghi nhận tiền thu hộ của bưu gửi ${item}: hệ thống sẽ thử lại`,
      { item },
    );
  if (c.remittance_id === `${owner}:${ref}`) return 'settled';
  if (c.remittance_id !== null)
    throw new FinanceError(
      'transfers_failed',
      `Item ${item}'s COD was paid on already (remittance ${c.remittance_id}), but it belongs to ${owner}'s ${ref}: reconcile it by hand`,
      `Tiền thu hộ của bưu gửi ${item} đã được chuyển trả (${c.remittance_id}) nhưng thuộc ${ref}: cần đối soát`,
      { item, remittance: c.remittance_id },
    );
  if (BigInt(c.amount) !== amount)
    throw new FinanceError(
      'transfers_failed',
      `Item ${item}'s COD collected is ${formatVnd(BigInt(c.amount))} but ${owner}'s ${ref} comes to ${formatVnd(amount)}: reconcile it by hand`,
      `Tiền thu hộ của bưu gửi ${item} (${formatVnd(BigInt(c.amount))}) khác giá trị ${ref} (${formatVnd(amount)})`,
      { item },
    );
  return { office: c.office_id };
}

/** Marks an owned item's COD settled by its owner, in the owner's consumer transaction, after its transfers. */
export async function settleOwnedCod(
  journal: Journal<FinanceTables>,
  trx: Kysely<FinanceTables>,
  input: { item: string; owner: string; ref: string; amount: bigint; office: string },
  actor: string,
): Promise<void> {
  await journal.append(trx, codSettled, {
    stream: input.item,
    actor,
    office: input.office,
    payload: { item: input.item, owner: input.owner, ref: input.ref, amount: input.amount.toString() },
  });
}
