// Receipts of pension payouts, by their id or by the line they paid.
import { found } from '../../../platform/errors.ts';
import { FinanceError } from '../finance-error.ts';
import type { PayoutContext } from './payout.context.ts';
import * as repo from './payout.repository.ts';
import type { Payouts, PayoutsDeps } from './payout.types.ts';

/** Reads receipts. */
export function receiptJobs(
  deps: PayoutsDeps,
  ctx: PayoutContext,
): Pick<Payouts, 'receipt' | 'receiptOfLine'> {
  const { db } = deps;
  const { toReceipt } = ctx;
  return {
    async receipt(id) {
      return toReceipt(
        db,
        found(
          await repo.findPayout(db, id),
          () =>
            new FinanceError(
              'receipt_not_found',
              `No receipt has id ${JSON.stringify(id)}`,
              'Không tìm thấy biên nhận',
              {
                id,
              },
            ),
        ),
      );
    },
    async receiptOfLine(lineId) {
      const p = await repo.findPayoutOfLine(db, lineId);
      if (p === undefined)
        throw new FinanceError(
          'receipt_not_found',
          `Line ${lineId} has not been paid`,
          'Dòng này chưa được chi trả',
          {
            id: lineId,
          },
        );
      return toReceipt(db, p);
    },
  };
}
