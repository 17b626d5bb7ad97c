// The ledger's public shapes and limits: accounts, transfers and their results, what it does and is given.
import type { Kysely } from '../../../storage/index.ts';
import type { Journal } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { FinanceTables } from '../finance-tables.ts';
import type { AccountFlag, SystemTransferRefusal, TransferFlag } from './ledger.events.ts';
import type * as repo from './ledger.repository.ts';

/** The largest amount one transfer may move: 10^15 đồng, far above any real payment. */
export const MAX_AMOUNT = 10n ** 15n;
/**
 * The most each of an account's four totals (debits and credits, posted and pending) may reach, and its posted
 * and pending debits (or credits) together: 10^18 đồng. Twice it still fits a signed 64-bit integer, what both
 * SQLite and PostgreSQL's BIGINT hold; a transfer that would pass it is refused (`overflows_…`).
 */
export const MAX_ACCOUNT_TOTAL = 10n ** 18n;
/**
 * The most a transfer made by hand (a manager's, API or CLI) may take an account's debits or credits to, posted
 * and pending together: 10^17 đồng. The 9 × 10^17 above it is the platform's own, so no one filling an account
 * by hand can make an office refuse its fees, COD and till moves (`overflows_manual_…`).
 */
export const MAX_MANUAL_ACCOUNT_TOTAL = 10n ** 17n;
/** The longest a pending transfer may be held: 30 days. */
export const MAX_TIMEOUT_SECONDS = 30 * 86_400;

export interface Account {
  id: string;
  code: number;
  office_id: string | null;
  holder_id: string | null;
  name: string;
  flags: AccountFlag[];
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  status: 'open' | 'closed';
  opened_at: string;
  closed_at: string | null;
}

export interface OpenAccountInput {
  /** Chosen by the caller when the account must be known before it exists (the chart); else generated. */
  id?: string;
  code: number;
  office_id?: string | null;
  holder_id?: string | null;
  name: string;
  flags?: readonly string[];
}

export interface Transfer {
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: bigint;
  pending_id: string | null;
  flags: TransferFlag[];
  code: number;
  ref: string | null;
  timeout: number;
  state: 'posted' | 'pending' | 'voided' | 'expired';
  expires_at: string | null;
  created_at: string;
}

/** A transfer as a caller asks for it; the id is the idempotency key. */
export interface TransferInput {
  id: string;
  /** Required, except when posting or voiding a pending transfer (then it must match, or be left out). */
  debit_account_id?: string;
  credit_account_id?: string;
  /** Whole đồng > 0. Posting: at most the pending amount, left out for all of it. Voiding: left out. */
  amount?: bigint | string | number;
  pending_id?: string | null;
  /** Seconds a pending transfer is held before it expires; 0 (the default) holds it until posted or voided. */
  timeout?: number;
  flags?: readonly string[];
  /** The kind of transfer (1 to 9999): a payout, a fee, a float… */
  code: number;
  /** The caller's reference: a receipt, a pension line, an item. */
  ref?: string | null;
}

// What can become of one transfer in a batch. 'created' and 'exists' are success.
export const TRANSFER_RESULTS = {
  created: ['created', 'đã ghi'],
  exists: ['already recorded with the same content; nothing changed', 'đã có từ trước, không thay đổi gì'],
  linked_event_failed: [
    'another transfer of its linked chain failed',
    'một giao dịch khác trong chuỗi liên kết bị lỗi',
  ],
  linked_event_chain_open: [
    'the last transfer of a batch cannot be flagged linked',
    'giao dịch cuối của lô không được đánh dấu liên kết',
  ],
  id_invalid: [
    'id must be 1 to 100 letters, digits, dot, dash, colon or underscore',
    'mã giao dịch không hợp lệ',
  ],
  id_repeated_in_batch: ['the same id appears twice in one batch', 'mã giao dịch lặp lại trong cùng một lô'],
  flags_invalid: ['flags are unknown or cannot go together', 'cờ giao dịch không hợp lệ'],
  amount_invalid: ['amount must be a whole number of đồng above 0', 'số tiền phải là số nguyên dương (đồng)'],
  amount_too_large: ['amount is above 10^15 đồng', 'số tiền quá lớn'],
  code_invalid: ['code must be 1 to 9999', 'mã loại giao dịch phải từ 1 đến 9999'],
  ref_invalid: ['ref must be at most 200 characters', 'tham chiếu quá dài'],
  timeout_invalid: [
    `timeout must be 0 to ${MAX_TIMEOUT_SECONDS} seconds, and only on a pending transfer`,
    'thời hạn giữ tiền không hợp lệ',
  ],
  accounts_must_be_different: ['debit and credit account are the same', 'tài khoản nợ và có phải khác nhau'],
  debit_account_not_found: ['the debit account does not exist', 'không có tài khoản ghi nợ'],
  credit_account_not_found: ['the credit account does not exist', 'không có tài khoản ghi có'],
  debit_account_closed: ['the debit account is closed', 'tài khoản ghi nợ đã đóng'],
  credit_account_closed: ['the credit account is closed', 'tài khoản ghi có đã đóng'],
  overflows_debits_pending: [
    'the debit account’s pending debits would pass 10^18 đồng, the most an account may total',
    'tổng ghi nợ tạm giữ của tài khoản ghi nợ sẽ vượt 10^18 đồng, mức tối đa của một tài khoản',
  ],
  overflows_credits_pending: [
    'the credit account’s pending credits would pass 10^18 đồng, the most an account may total',
    'tổng ghi có tạm giữ của tài khoản ghi có sẽ vượt 10^18 đồng, mức tối đa của một tài khoản',
  ],
  overflows_debits_posted: [
    'the debit account’s posted debits would pass 10^18 đồng, the most an account may total',
    'tổng ghi nợ của tài khoản ghi nợ sẽ vượt 10^18 đồng, mức tối đa của một tài khoản',
  ],
  overflows_credits_posted: [
    'the credit account’s posted credits would pass 10^18 đồng, the most an account may total',
    'tổng ghi có của tài khoản ghi có sẽ vượt 10^18 đồng, mức tối đa của một tài khoản',
  ],
  overflows_debits: [
    'the debit account’s posted and pending debits together would pass 10^18 đồng, the most an account may total',
    'tổng ghi nợ (kể cả tạm giữ) của tài khoản ghi nợ sẽ vượt 10^18 đồng',
  ],
  overflows_credits: [
    'the credit account’s posted and pending credits together would pass 10^18 đồng, the most an account may total',
    'tổng ghi có (kể cả tạm giữ) của tài khoản ghi có sẽ vượt 10^18 đồng',
  ],
  overflows_manual_debits: [
    'the debit account’s posted and pending debits would pass 10^17 đồng, the most a transfer made by hand may take an account to (the rest is kept for the platform’s own transfers): use another account',
    'tổng ghi nợ của tài khoản ghi nợ sẽ vượt 10^17 đồng, mức tối đa cho giao dịch nhập tay (phần còn lại dành cho giao dịch của hệ thống): hãy dùng tài khoản khác',
  ],
  overflows_manual_credits: [
    'the credit account’s posted and pending credits would pass 10^17 đồng, the most a transfer made by hand may take an account to (the rest is kept for the platform’s own transfers): use another account',
    'tổng ghi có của tài khoản ghi có sẽ vượt 10^17 đồng, mức tối đa cho giao dịch nhập tay (phần còn lại dành cho giao dịch của hệ thống): hãy dùng tài khoản khác',
  ],
  exceeds_credits: [
    'the debit account would owe more than it holds (debits must not exceed credits)',
    'tài khoản ghi nợ không đủ số dư',
  ],
  exceeds_debits: [
    'the credit account would go below zero (credits must not exceed debits)',
    'tài khoản ghi có sẽ bị âm (ví dụ quỹ tiền mặt không đủ)',
  ],
  pending_id_required: ['posting or voiding needs pending_id', 'cần mã giao dịch tạm giữ (pending_id)'],
  pending_id_must_be_absent: [
    'only posting or voiding takes a pending_id',
    'chỉ giao dịch xác nhận hoặc hủy mới có pending_id',
  ],
  pending_transfer_not_found: ['no transfer has that pending_id', 'không có giao dịch tạm giữ này'],
  pending_transfer_not_pending: [
    'the transfer named by pending_id was not a pending one',
    'giao dịch được chỉ định không phải giao dịch tạm giữ',
  ],
  pending_transfer_already_posted: [
    'the pending transfer was already posted',
    'giao dịch tạm giữ đã được xác nhận',
  ],
  pending_transfer_already_voided: ['the pending transfer was already voided', 'giao dịch tạm giữ đã bị hủy'],
  pending_transfer_expired: ['the pending transfer expired', 'giao dịch tạm giữ đã hết hạn'],
  pending_transfer_has_different_debit_account_id: [
    'the debit account differs from the pending transfer’s',
    'tài khoản nợ khác với giao dịch tạm giữ',
  ],
  pending_transfer_has_different_credit_account_id: [
    'the credit account differs from the pending transfer’s',
    'tài khoản có khác với giao dịch tạm giữ',
  ],
  exceeds_pending_transfer_amount: [
    'posting more than the pending transfer holds',
    'số tiền xác nhận vượt số tiền tạm giữ',
  ],
  pending_transfer_has_different_amount: [
    'a void must leave out the amount or give the pending amount',
    'số tiền hủy phải bằng số tiền tạm giữ',
  ],
  exists_with_different_debit_account_id: [
    'this id was already used with another debit account',
    'mã giao dịch đã dùng với tài khoản nợ khác',
  ],
  exists_with_different_credit_account_id: [
    'this id was already used with another credit account',
    'mã giao dịch đã dùng với tài khoản có khác',
  ],
  exists_with_different_amount: [
    'this id was already used with another amount',
    'mã giao dịch đã dùng với số tiền khác',
  ],
  exists_with_different_pending_id: [
    'this id was already used with another pending_id',
    'mã giao dịch đã dùng với giao dịch tạm giữ khác',
  ],
  exists_with_different_flags: [
    'this id was already used with other flags',
    'mã giao dịch đã dùng với cờ khác',
  ],
  exists_with_different_code: [
    'this id was already used with another code',
    'mã giao dịch đã dùng với loại khác',
  ],
  exists_with_different_ref: [
    'this id was already used with another ref',
    'mã giao dịch đã dùng với tham chiếu khác',
  ],
  exists_with_different_timeout: [
    'this id was already used with another timeout',
    'mã giao dịch đã dùng với thời hạn khác',
  ],
} as const;
export type TransferResultCode = keyof typeof TRANSFER_RESULTS;

export interface TransferResult {
  /** The transfer's position in the batch, from 0. */
  index: number;
  id: string;
  result: TransferResultCode;
  message: string;
  message_vi: string;
}

export const isSuccess = (r: TransferResult): boolean => r.result === 'created' || r.result === 'exists';

/** Whether a result says the id was taken already by a transfer with another body. */
export const isConflict = (code: TransferResultCode): boolean => code.startsWith('exists_with_different_');

/**
 * Whether a refusal of the platform's own transfer would be the same on every retry: its id taken, or a total at
 * its bound. Any other (an account not opened yet) may pass later.
 */
export const isPermanentRefusal = (code: string): boolean =>
  code.startsWith('exists_with_different_') || code.startsWith('overflows_');

/**
 * What security is told when a transfer the platform derived for itself (an id in its namespace) is refused:
 * its id taken by a transfer with another body (critical: nothing of the platform's makes one), or a bound.
 */
export interface LedgerAlarm {
  transfer_id: string;
  result: TransferResultCode;
  severity: 'high' | 'critical';
  message: string;
  evidence: Record<string, unknown>;
}

export interface TransferOptions {
  /** Made by hand (a manager's, API or CLI): no account's totals may grow past MAX_MANUAL_ACCOUNT_TOTAL. */
  manual?: boolean;
}

export interface Ledger {
  openAccounts(
    inputs: readonly OpenAccountInput[],
    actor: string,
    office?: string | null,
  ): Promise<Account[]>;
  /** The same inside a caller's transaction (that holds the journal's lock). */
  openAccountsIn(
    trx: Kysely<FinanceTables>,
    inputs: readonly OpenAccountInput[],
    actor: string,
    office?: string | null,
  ): Promise<Account[]>;
  /** Closes an account with nothing on it: no balance, nothing pending. */
  closeAccount(id: string, actor: string): Promise<Account>;
  getAccount(id: string): Promise<Account>;
  accountsOf(q: { officeId?: string; code?: number; holderId?: string | null }): Promise<Account[]>;
  getTransfer(id: string): Promise<Transfer>;
  /**
   * Creates a batch of transfers, each independently unless flagged `linked` with the next: a linked chain
   * succeeds or fails whole. One result per transfer; what failed changed nothing.
   */
  createTransfers(
    inputs: readonly TransferInput[],
    actor: string,
    office?: string | null,
    options?: TransferOptions,
  ): Promise<TransferResult[]>;
  /** The same inside a caller's transaction (that holds the journal's lock). */
  createTransfersIn(
    trx: Kysely<FinanceTables>,
    inputs: readonly TransferInput[],
    actor: string,
    office?: string | null,
  ): Promise<TransferResult[]>;
  /**
   * Records, in the caller's transaction, that a transfer the platform derived from another cell's event was
   * refused and not made, and alerts security once the transaction commits: what a consumer does instead of
   * stopping at an event whose transfer no retry can make (isPermanentRefusal).
   */
  refusedIn(trx: Kysely<FinanceTables>, refusal: SystemTransferRefusal, actor: string): Promise<void>;
  /** Releases every pending transfer whose timeout has passed; returns how many. */
  expirePending(): Promise<number>;
  history(accountId: string, page: { limit: number; offset: number }): Promise<{ items: repo.BalanceRow[] }>;
}

export interface LedgerDeps {
  db: Kysely<FinanceTables>;
  journal: Journal<FinanceTables>;
  clock: Clock;
  /** Raises security's alert for a refused transfer of the platform's own (none: nobody is told). */
  alarm?: (a: LedgerAlarm) => Promise<void>;
}
