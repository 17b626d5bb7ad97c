// The ledger's way in for the platform's own commands: their transfers inside the command's transaction,
// every refusal an error that undoes the whole command.
import type { Kysely } from '../../../storage/index.ts';
import { formatVnd } from '../../../platform/money.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { findAccount, wasRefused } from './ledger.repository.ts';
import {
  isConflict,
  isPermanentRefusal,
  isSuccess,
  type Ledger,
  type TransferInput,
} from './ledger.types.ts';

/**
 * Who brings the money an account lacks, by the account's code in the chart (1012 vault, 1011 till, 1013 a
 * postman's cash, 2012 pensions payable; the chart depends on the ledger, not the other way): what to do
 * and which role does it.
 */
const REMEDY: Partial<Record<number, readonly [en: string, vi: string]>> = {
  1012: [
    'the vault must be funded first: the office manager (role office_manager) has cash moved in from the provincial post, or the clerk asks for less',
    'Két cần được nhập thêm tiền trước: trưởng bưu cục (vai trò office_manager) nhập tiền từ bưu điện tỉnh, hoặc giao dịch viên đề nghị số tiền nhỏ hơn',
  ],
  1011: [
    'the clerk asks for a move from the vault to the till, which the office manager (role office_manager) confirms',
    'Giao dịch viên đề nghị chuyển tiền từ két sang quầy, trưởng bưu cục (vai trò office_manager) xác nhận',
  ],
  1013: [
    'the postman brings back only the cash he holds; the office manager (role office_manager) counts it',
    'Bưu tá chỉ nộp lại số tiền đang giữ; trưởng bưu cục (vai trò office_manager) kiểm đếm',
  ],
  2012: [
    "the agency's money for this list has not come: the provincial manager (role provincial_manager) records its funding",
    'Chưa có kinh phí BHXH cho danh sách này: quản lý bưu điện tỉnh (vai trò provincial_manager) ghi nhận kinh phí',
  ],
};

/**
 * The refusal of a transfer an account cannot afford, naming the account, what it holds free, what was
 * needed, and who can bring the rest.
 */
async function shortOf(
  trx: Kysely<FinanceTables>,
  transfer: TransferInput | undefined,
  result: string,
): Promise<FinanceError | undefined> {
  // exceeds_debits: the credit side (cash) would go below zero; exceeds_credits: the debit side would owe more.
  const accountId = result === 'exceeds_debits' ? transfer?.credit_account_id : transfer?.debit_account_id;
  if (transfer === undefined || accountId === undefined || transfer.amount === undefined) return undefined;
  const a = await findAccount(trx, accountId);
  if (a === undefined) return undefined;
  const available =
    result === 'exceeds_debits'
      ? BigInt(a.debits_posted) - BigInt(a.credits_posted) - BigInt(a.credits_pending)
      : BigInt(a.credits_posted) - BigInt(a.debits_posted) - BigInt(a.debits_pending);
  const needed = BigInt(transfer.amount);
  const [en, vi] = REMEDY[Number(a.code)] ?? [
    'the office manager (role office_manager) can say where the money should come from',
    'Hãy báo trưởng bưu cục (vai trò office_manager) để bổ sung tiền',
  ];
  return new FinanceError(
    'insufficient_cash',
    `Not enough money: account ${a.id} (${a.name}) holds ${formatVnd(available < 0n ? 0n : available)} free; ${formatVnd(needed)} is needed: ${en}`,
    `Không đủ tiền: ${a.name} (${a.id}) chỉ còn ${formatVnd(available < 0n ? 0n : available)}, cần ${formatVnd(needed)}. ${vi}`,
    {
      result,
      transfer: transfer.id,
      account_id: a.id,
      account_name: a.name,
      available: (available < 0n ? 0n : available).toString(),
      needed: needed.toString(),
    },
  );
}

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
    const named = short
      ? await shortOf(
          trx,
          transfers.find((t) => t.id === failed.id),
          failed.result,
        )
      : undefined;
    if (named !== undefined) throw named;
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

/**
 * Makes one transfer of the platform's while finance follows another cell's journal; whether it was made. A
 * refusal no retry can cure (its id taken, a total at its bound) is recorded (journaled, and security alerted)
 * instead of stopping finance at this event for good, once even when the event is sent again; any other refusal
 * (an account the chart has not opened yet, a till short of cash) throws: finance stops there and tries again.
 */
export async function postOrRecordRefusal(
  ledger: Pick<Ledger, 'createTransfersIn' | 'refusedIn'>,
  trx: Kysely<FinanceTables>,
  t: TransferInput,
  from: { actor: string; office: string | null; cell: string; seq: bigint },
): Promise<boolean> {
  try {
    await postTransfers(ledger, trx, [t], from.actor, from.office);
    return true;
  } catch (err) {
    const result = err instanceof FinanceError ? err.details?.['result'] : undefined;
    if (typeof result !== 'string' || !isPermanentRefusal(result)) throw err;
    if (await wasRefused(trx, t.id)) return false;
    await ledger.refusedIn(
      trx,
      {
        id: t.id,
        result,
        source_cell: from.cell,
        source_seq: from.seq.toString(),
        debit_account_id: t.debit_account_id!,
        credit_account_id: t.credit_account_id!,
        amount: String(t.amount),
        code: t.code,
        ref: t.ref ?? null,
      },
      from.actor,
    );
    return false;
  }
}
