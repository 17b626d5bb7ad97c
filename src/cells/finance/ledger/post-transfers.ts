// The ledger's way in for the platform's own commands: their transfers inside the command's transaction,
// every refusal an error that undoes the whole command.
import type { Kysely } from '../../../storage/index.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { isConflict, isSuccess, type Ledger, type TransferInput } from './ledger.types.ts';

/**
 * Runs the platform's own transfers inside a command's transaction; any refusal throws (insufficient_cash when
 * cash is short; system_transfer_conflict when an id of the platform's was taken, which the ledger has told
 * security of), which undoes the whole command.
 */
export async function postTransfers(
  ledger: Pick<Ledger, 'createTransfersIn'>,
  trx: Kysely<FinanceTables>,
  transfers: TransferInput[],
  actor: string,
  office: string | null,
): Promise<void> {
  const results = await ledger.createTransfersIn(trx, transfers, actor, office);
  const failed = results.find((r) => !isSuccess(r) && r.result !== 'linked_event_failed');
  if (failed !== undefined) {
    if (isConflict(failed.result))
      throw new FinanceError(
        'system_transfer_conflict',
        `The platform's transfer ${failed.id} cannot be made: a transfer with that id and other content exists (${failed.message}). Nothing was changed and security was alerted; ask them before trying again`,
        `Giao dịch hệ thống ${failed.id} không thực hiện được vì mã đã bị một giao dịch khác chiếm. Chưa có gì thay đổi; bộ phận an ninh đã được báo, hãy liên hệ trước khi thử lại`,
        { result: failed.result, transfer: failed.id },
      );
    const short = failed.result === 'exceeds_debits' || failed.result === 'exceeds_credits';
    throw new FinanceError(
      short ? 'insufficient_cash' : 'transfers_failed',
      short
        ? `Not enough money for this: ${failed.message}`
        : `The ledger refused the move: ${failed.message}`,
      short
        ? `Không đủ tiền cho giao dịch này: ${failed.message_vi}`
        : `Sổ cái từ chối: ${failed.message_vi}`,
      { result: failed.result, transfer: failed.id },
    );
  }
}
