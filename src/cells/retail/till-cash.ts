// Cash given back at the counter (a return, a cancelled or returned prepaid order) leaves the clerk's till, which
// the finance cell keeps. The retail cell refuses a refund the till cannot pay before writing anything: finance
// follows this cell's journal in order, and a refund it could not post would stop every retail posting after it.
import { formatVnd } from '../../platform/money.ts';
import { RetailError } from './retail-error.ts';

/** The cash a clerk's till holds now (the finance cell's ledger). */
export type TillCash = (office: string, clerk: string) => Promise<bigint>;

/** Refuses a refund above what the clerk's till holds; without the finance cell (the cell alone) it checks nothing. */
export async function checkTillCovers(
  tillCash: TillCash | undefined,
  office: string,
  clerk: string,
  refund: bigint,
): Promise<void> {
  if (tillCash === undefined || refund === 0n) return;
  const cash = await tillCash(office, clerk);
  if (cash < refund)
    throw new RetailError(
      'till_cash_short',
      `The refund of ${formatVnd(refund)} is more than the ${formatVnd(cash)} in your till: ask the office manager to move cash into it first`,
      `Quầy của bạn chỉ còn ${formatVnd(cash)}, không đủ hoàn ${formatVnd(refund)} cho khách: hãy đề nghị trưởng bưu cục chuyển thêm tiền vào quầy`,
      { refund: refund.toString(), cash: cash.toString() },
    );
}
