import type { Kysely } from '../../../storage/index.ts';
import type { Journal } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { isSystemId, newId } from '../../../platform/ids.ts';
import { parseVnd } from '../../../platform/money.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import {
  ACCOUNT_FLAGS,
  accountClosed,
  accountOpened,
  systemTransferRefused,
  TRANSFER_FLAGS,
  transferCreated,
  transferExpired,
  type AccountFlag,
  type SystemTransferRefusal,
  type TransferFlag,
  type TransferPayload,
} from './ledger.events.ts';
import * as repo from './ledger.repository.ts';

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

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export function toAccount(r: repo.AccountRow): Account {
  return {
    id: r.id,
    code: Number(r.code),
    office_id: r.office_id,
    holder_id: r.holder_id,
    name: r.name,
    flags: JSON.parse(r.flags) as AccountFlag[],
    debits_pending: BigInt(r.debits_pending),
    debits_posted: BigInt(r.debits_posted),
    credits_pending: BigInt(r.credits_pending),
    credits_posted: BigInt(r.credits_posted),
    status: r.status as 'open' | 'closed',
    opened_at: r.opened_at,
    closed_at: r.closed_at,
  };
}

function toTransfer(r: repo.TransferRow): Transfer {
  return {
    id: r.id,
    debit_account_id: r.debit_account_id,
    credit_account_id: r.credit_account_id,
    amount: BigInt(r.amount),
    pending_id: r.pending_id,
    flags: JSON.parse(r.flags) as TransferFlag[],
    code: Number(r.code),
    ref: r.ref,
    timeout: Number(r.timeout),
    state: r.state as Transfer['state'],
    expires_at: r.expires_at,
    created_at: r.created_at,
  };
}

/** A stored transfer as alert evidence: JSON, amounts as strings. */
const transferEvidence = (t: Transfer): Record<string, unknown> => ({ ...t, amount: t.amount.toString() });

class Refused extends Error {
  readonly code: TransferResultCode;
  constructor(code: TransferResultCode) {
    super(code);
    this.code = code;
  }
}
const refuse = (code: TransferResultCode): never => {
  throw new Refused(code);
};

/** The live state one batch decides against: accounts and pending transfers, with undo for chains. */
interface State {
  accounts: Map<string, Account | null>;
  transfers: Map<string, Transfer | null>;
}

/** Creates the ledger of the finance cell. */
export function createLedger(deps: LedgerDeps): Ledger {
  const { db, journal, clock } = deps;
  // Security is told once a transaction has ended, once per transfer: never while finance's transaction is open
  // (on PostgreSQL that held a connection while security took another), never of a refusal it undid.
  const told = new WeakMap<object, Map<string, { committed: LedgerAlarm; undone: LedgerAlarm | null }>>();
  /** Tells security of `a` when trx ends: if it committed, or even if not (`seen`: a conflict read, not made). */
  const alarm = async (trx: Kysely<FinanceTables>, a: LedgerAlarm, seen: boolean): Promise<void> => {
    if (deps.alarm === undefined) return;
    const raise = deps.alarm;
    let queued = told.get(trx);
    const first = queued === undefined;
    queued ??= new Map();
    told.set(trx, queued);
    const had = queued.get(a.transfer_id);
    // A consumer's refusal of a conflict the batch met replaces its alarm: one per transfer.
    queued.set(a.transfer_id, { committed: a, undone: seen ? a : (had?.undone ?? null) });
    if (!first) return;
    const q = queued;
    await journal.afterTransaction(trx, async (committed) => {
      told.delete(trx);
      for (const e of q.values()) {
        const x = committed ? e.committed : e.undone;
        if (x !== null) await raise(x);
      }
    });
  };

  const badAccount = (field: string, what: string, vi: string, row?: number) =>
    new FinanceError(
      'invalid_account',
      `${row === undefined ? '' : `Row ${row}: `}Account field ${field} ${what}`,
      `${row === undefined ? '' : `Dòng ${row}: `}Trường ${field}: ${vi}`,
      { field, ...(row === undefined ? {} : { row }) },
    );

  async function openAccountsIn(
    trx: Kysely<FinanceTables>,
    inputs: readonly OpenAccountInput[],
    actor: string,
    office: string | null = null,
  ): Promise<Account[]> {
    const batch = inputs.length > 1;
    const payloads = inputs.map((a, i) => {
      const row = batch ? i + 1 : undefined;
      const id = a.id ?? newId('acc');
      if (!ID.test(id))
        throw badAccount(
          'id',
          'must be 1 to 100 letters, digits, dot, dash, colon or underscore',
          'mã tài khoản không hợp lệ',
          row,
        );
      if (!Number.isInteger(a.code) || a.code < 1 || a.code > 9999)
        throw badAccount(
          'code',
          'must be a whole number from 1 to 9999',
          'mã loại tài khoản phải từ 1 đến 9999',
          row,
        );
      const name = typeof a.name === 'string' ? a.name.trim() : '';
      if (name.length < 1 || name.length > 200)
        throw badAccount('name', 'must be 1 to 200 characters', 'tên tài khoản phải có 1–200 ký tự', row);
      const flags = [...new Set(a.flags ?? [])].sort();
      for (const f of flags)
        if (!(ACCOUNT_FLAGS as readonly string[]).includes(f))
          throw badAccount('flags', `has unknown flag ${JSON.stringify(f)}`, `cờ ${f} không tồn tại`, row);
      if (flags.length > 1)
        throw badAccount('flags', 'cannot hold both limits', 'không được đặt cả hai giới hạn', row);
      return {
        id,
        code: a.code,
        office_id: a.office_id ?? null,
        holder_id: a.holder_id ?? null,
        name,
        flags: flags as AccountFlag[],
      };
    });
    const ids = payloads.map((p) => p.id);
    if (new Set(ids).size !== ids.length)
      throw badAccount('id', 'repeats within the batch', 'mã tài khoản bị lặp', undefined);
    const existing = await repo.findAccounts(trx, ids);
    if (existing.length > 0)
      throw badAccount(
        'id',
        `${existing[0]!.id} already exists`,
        'mã tài khoản đã tồn tại',
        ids.indexOf(existing[0]!.id) + 1,
      );
    const events = await journal.appendMany(
      trx,
      accountOpened,
      payloads.map((p) => ({ stream: p.id, actor, office: p.office_id ?? office, payload: p })),
    );
    return events.map((e) => ({
      ...e.payload,
      debits_pending: 0n,
      debits_posted: 0n,
      credits_pending: 0n,
      credits_posted: 0n,
      status: 'open' as const,
      opened_at: e.at,
      closed_at: null,
    }));
  }

  /** Releases due pending transfers inside a locked transaction, so no batch decides against stale holds. */
  async function expireIn(trx: Kysely<FinanceTables>): Promise<number> {
    const due = await repo.findExpired(trx, clock.now().toISOString());
    if (due.length === 0) return 0;
    await journal.appendMany(
      trx,
      transferExpired,
      due.map((t) => ({ stream: t.id, actor: 'system:ledger', office: null, payload: { id: t.id } })),
    );
    return due.length;
  }

  /** Checks one transfer's own fields and gives its normalised flags; the state is checked later. */
  function checkShape(t: TransferInput): { flags: Set<TransferFlag>; amount: bigint | null } {
    if (typeof t.id !== 'string' || !ID.test(t.id)) refuse('id_invalid');
    const flags = new Set<TransferFlag>();
    for (const f of t.flags ?? []) {
      if (!(TRANSFER_FLAGS as readonly string[]).includes(f)) refuse('flags_invalid');
      flags.add(f as TransferFlag);
    }
    const kinds = ['pending', 'post_pending_transfer', 'void_pending_transfer'].filter((k) =>
      flags.has(k as TransferFlag),
    );
    if (kinds.length > 1) refuse('flags_invalid');
    if (!Number.isInteger(t.code) || t.code < 1 || t.code > 9999) refuse('code_invalid');
    if (t.ref !== undefined && t.ref !== null && (typeof t.ref !== 'string' || t.ref.length > 200))
      refuse('ref_invalid');
    const timeout = t.timeout ?? 0;
    if (
      !Number.isInteger(timeout) ||
      timeout < 0 ||
      timeout > MAX_TIMEOUT_SECONDS ||
      (timeout > 0 && !flags.has('pending'))
    )
      refuse('timeout_invalid');
    let amount: bigint | null = null;
    if (t.amount !== undefined && t.amount !== null) {
      try {
        amount = parseVnd(t.amount);
      } catch (err) {
        if (!isDomainError(err)) throw err;
        refuse('amount_invalid');
      }
      if (amount! <= 0n) refuse('amount_invalid');
      if (amount! > MAX_AMOUNT) refuse('amount_too_large');
    }
    const twoPhase = flags.has('post_pending_transfer') || flags.has('void_pending_transfer');
    if (twoPhase && (t.pending_id === undefined || t.pending_id === null)) refuse('pending_id_required');
    if (!twoPhase && t.pending_id !== undefined && t.pending_id !== null) refuse('pending_id_must_be_absent');
    if (!twoPhase && amount === null) refuse('amount_invalid');
    return { flags, amount };
  }

  /** The first field in which a retried transfer differs from the stored one, if any. */
  function difference(
    t: TransferInput,
    stored: Transfer,
    flags: Set<TransferFlag>,
    amount: bigint | null,
    pending: Transfer | null | undefined,
  ): TransferResultCode | null {
    const storedFlags = new Set(stored.flags);
    if (flags.size !== storedFlags.size || [...flags].some((f) => !storedFlags.has(f)))
      return 'exists_with_different_flags';
    if ((t.pending_id ?? null) !== stored.pending_id) return 'exists_with_different_pending_id';
    if (t.debit_account_id !== undefined && t.debit_account_id !== stored.debit_account_id)
      return 'exists_with_different_debit_account_id';
    if (t.credit_account_id !== undefined && t.credit_account_id !== stored.credit_account_id)
      return 'exists_with_different_credit_account_id';
    const asked = amount ?? (pending !== null && pending !== undefined ? pending.amount : stored.amount);
    if (asked !== stored.amount) return 'exists_with_different_amount';
    if (t.code !== stored.code) return 'exists_with_different_code';
    if ((t.ref ?? null) !== stored.ref) return 'exists_with_different_ref';
    if ((t.timeout ?? 0) !== stored.timeout) return 'exists_with_different_timeout';
    return null;
  }

  async function createTransfersIn(
    trx: Kysely<FinanceTables>,
    inputs: readonly TransferInput[],
    actor: string,
    office: string | null = null,
    options: TransferOptions = {},
  ): Promise<TransferResult[]> {
    await expireIn(trx);
    const now = clock.now();
    // Everything the batch can touch, loaded once.
    const transferIds = new Set<string>();
    const accountIds = new Set<string>();
    for (const t of inputs) {
      if (typeof t.id === 'string') transferIds.add(t.id);
      if (typeof t.pending_id === 'string') transferIds.add(t.pending_id);
      if (typeof t.debit_account_id === 'string') accountIds.add(t.debit_account_id);
      if (typeof t.credit_account_id === 'string') accountIds.add(t.credit_account_id);
    }
    const state: State = { accounts: new Map(), transfers: new Map() };
    for (const r of await repo.findTransfers(trx, [...transferIds])) state.transfers.set(r.id, toTransfer(r));
    for (const t of state.transfers.values()) {
      if (t === null) continue;
      accountIds.add(t.debit_account_id);
      accountIds.add(t.credit_account_id);
    }
    for (const r of await repo.findAccounts(trx, [...accountIds])) state.accounts.set(r.id, toAccount(r));

    const results: TransferResult[] = new Array<TransferResult>(inputs.length);
    const accepted: Array<{ index: number; payload: TransferPayload }> = [];
    const seen = new Set<string>();
    const result = (index: number, code: TransferResultCode): TransferResult => ({
      index,
      id: typeof inputs[index]!.id === 'string' ? inputs[index]!.id : '',
      result: code,
      message: TRANSFER_RESULTS[code][0],
      message_vi: TRANSFER_RESULTS[code][1],
    });

    let chainStart = 0;
    let undo: Array<() => void> = [];
    let chainAccepted: Array<{ index: number; payload: TransferPayload }> = [];
    let chainFailed: { index: number; code: TransferResultCode } | null = null;
    const set = <K, V>(map: Map<K, V>, key: K, value: V) => {
      const had = map.has(key);
      const old = map.get(key);
      undo.push(() => (had ? map.set(key, old as V) : map.delete(key)));
      map.set(key, value);
    };

    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i]!;
      const linked = (t.flags ?? []).includes('linked');
      if (chainFailed === null) {
        try {
          const outcome = decide(t, i, linked);
          if (outcome === 'exists') results[i] = result(i, 'exists');
        } catch (err) {
          if (!(err instanceof Refused)) throw err;
          chainFailed = { index: i, code: err.code };
        }
      }
      if (!linked || i === inputs.length - 1) {
        // The chain ends here: keep it all, or undo it all.
        if (chainFailed === null && linked) chainFailed = { index: i, code: 'linked_event_chain_open' };
        if (chainFailed !== null) {
          for (const u of undo.reverse()) u();
          for (let k = chainStart; k <= i; k++)
            results[k] = result(k, k === chainFailed.index ? chainFailed.code : 'linked_event_failed');
        } else {
          for (const a of chainAccepted) {
            results[a.index] = result(a.index, 'created');
            accepted.push(a);
          }
        }
        chainStart = i + 1;
        undo = [];
        chainAccepted = [];
        chainFailed = null;
      }
    }

    function decide(t: TransferInput, index: number, _linked: boolean): 'created' | 'exists' {
      const { flags, amount } = checkShape(t);
      if (seen.has(t.id)) refuse('id_repeated_in_batch');
      seen.add(t.id);
      const stored = state.transfers.get(t.id);
      const pendingId = t.pending_id ?? null;
      const pending = pendingId === null ? null : state.transfers.get(pendingId);
      if (stored !== undefined && stored !== null) {
        const diff = difference(t, stored, flags, amount, pending);
        if (diff !== null) refuse(diff);
        return 'exists';
      }
      let debitId = t.debit_account_id;
      let creditId = t.credit_account_id;
      let value = amount;
      const post = flags.has('post_pending_transfer');
      const voiding = flags.has('void_pending_transfer');
      if (post || voiding) {
        if (pending === undefined || pending === null) return refuse('pending_transfer_not_found');
        if (!pending.flags.includes('pending')) refuse('pending_transfer_not_pending');
        if (pending.state === 'posted') refuse('pending_transfer_already_posted');
        if (pending.state === 'voided') refuse('pending_transfer_already_voided');
        if (
          pending.state === 'expired' ||
          (pending.expires_at !== null && Date.parse(pending.expires_at) <= now.getTime())
        )
          refuse('pending_transfer_expired');
        if (debitId !== undefined && debitId !== pending.debit_account_id)
          refuse('pending_transfer_has_different_debit_account_id');
        if (creditId !== undefined && creditId !== pending.credit_account_id)
          refuse('pending_transfer_has_different_credit_account_id');
        debitId = pending.debit_account_id;
        creditId = pending.credit_account_id;
        if (post) {
          if (value !== null && value > pending.amount) refuse('exceeds_pending_transfer_amount');
          value ??= pending.amount;
        } else {
          if (value !== null && value !== pending.amount) refuse('pending_transfer_has_different_amount');
          value = pending.amount;
        }
      }
      if (debitId === undefined || typeof debitId !== 'string') return refuse('debit_account_not_found');
      if (creditId === undefined || typeof creditId !== 'string') return refuse('credit_account_not_found');
      if (debitId === creditId) refuse('accounts_must_be_different');
      const debit = state.accounts.get(debitId);
      const credit = state.accounts.get(creditId);
      if (debit === undefined || debit === null) return refuse('debit_account_not_found');
      if (credit === undefined || credit === null) return refuse('credit_account_not_found');
      if (debit.status !== 'open') refuse('debit_account_closed');
      if (credit.status !== 'open') refuse('credit_account_closed');
      const a = value!;
      const d = { ...debit };
      const c = { ...credit };
      if (flags.has('pending')) {
        d.debits_pending += a;
        c.credits_pending += a;
      } else if (post || voiding) {
        d.debits_pending -= pending!.amount;
        c.credits_pending -= pending!.amount;
        if (post) {
          d.debits_posted += a;
          c.credits_posted += a;
        }
      } else {
        d.debits_posted += a;
        c.credits_posted += a;
      }
      // TigerBeetle's order: each total on its own, then posted and pending together.
      if (d.debits_pending > MAX_ACCOUNT_TOTAL) refuse('overflows_debits_pending');
      if (c.credits_pending > MAX_ACCOUNT_TOTAL) refuse('overflows_credits_pending');
      if (d.debits_posted > MAX_ACCOUNT_TOTAL) refuse('overflows_debits_posted');
      if (c.credits_posted > MAX_ACCOUNT_TOTAL) refuse('overflows_credits_posted');
      if (d.debits_posted + d.debits_pending > MAX_ACCOUNT_TOTAL) refuse('overflows_debits');
      if (c.credits_posted + c.credits_pending > MAX_ACCOUNT_TOTAL) refuse('overflows_credits');
      if (options.manual === true) {
        const debits = d.debits_posted + d.debits_pending;
        const credits = c.credits_posted + c.credits_pending;
        if (debits > MAX_MANUAL_ACCOUNT_TOTAL && debits > debit.debits_posted + debit.debits_pending)
          refuse('overflows_manual_debits');
        if (credits > MAX_MANUAL_ACCOUNT_TOTAL && credits > credit.credits_posted + credit.credits_pending)
          refuse('overflows_manual_credits');
      }
      if (
        d.flags.includes('debits_must_not_exceed_credits') &&
        d.debits_posted + d.debits_pending > d.credits_posted
      )
        refuse('exceeds_credits');
      if (
        c.flags.includes('credits_must_not_exceed_debits') &&
        c.credits_posted + c.credits_pending > c.debits_posted
      )
        refuse('exceeds_debits');
      const timeout = t.timeout ?? 0;
      const payload: TransferPayload = {
        id: t.id,
        debit_account_id: debitId,
        credit_account_id: creditId,
        amount: a.toString(),
        pending_id: pendingId,
        timeout,
        flags: [...flags].sort(),
        code: t.code,
        ref: t.ref ?? null,
        expires_at:
          flags.has('pending') && timeout > 0 ? new Date(now.getTime() + timeout * 1000).toISOString() : null,
      };
      set(state.accounts, debitId, d);
      set(state.accounts, creditId, c);
      const created: Transfer = {
        ...payload,
        amount: a,
        state: flags.has('pending') ? 'pending' : voiding ? 'voided' : 'posted',
        created_at: now.toISOString(),
      };
      set(state.transfers, t.id, created);
      if (pending !== null && pending !== undefined)
        set(state.transfers, pending.id, { ...pending, state: post ? 'posted' : 'voided' });
      chainAccepted.push({ index, payload });
      return 'created';
    }

    if (accepted.length > 0)
      await journal.appendMany(
        trx,
        transferCreated,
        accepted.map((a) => ({ stream: a.payload.id, actor, office, payload: a.payload })),
      );
    // No caller can choose an id in the platform's namespace: one taken with another body was planted.
    for (const r of results)
      if (isConflict(r.result) && isSystemId(r.id)) {
        const stored = state.transfers.get(r.id);
        await alarm(
          trx,
          {
            transfer_id: r.id,
            result: r.result,
            severity: 'critical',
            message: `The platform's transfer ${r.id} was refused: a transfer with that id and another body exists (${r.result}), which no command of the platform makes; it was not made`,
            evidence: {
              transfer_id: r.id,
              result: r.result,
              actor,
              existing: stored === undefined || stored === null ? null : transferEvidence(stored),
            },
          },
          true,
        );
      }
    return results;
  }

  async function refusedIn(
    trx: Kysely<FinanceTables>,
    refusal: SystemTransferRefusal,
    actor: string,
  ): Promise<void> {
    await journal.append(trx, systemTransferRefused, { stream: refusal.id, actor, payload: refusal });
    const conflict = isConflict(refusal.result as TransferResultCode);
    await alarm(
      trx,
      {
        transfer_id: refusal.id,
        result: refusal.result as TransferResultCode,
        severity: conflict ? 'critical' : 'high',
        message: `The platform's transfer ${refusal.id} (from ${refusal.source_cell} event ${refusal.source_seq}) was refused by the ledger (${refusal.result}) and not made: reconcile it by hand`,
        evidence: { ...refusal },
      },
      false,
    );
  }

  return {
    openAccounts: (inputs, actor, office) =>
      journal.transaction(async (trx) => {
        await journal.lock(trx);
        return openAccountsIn(trx, inputs, actor, office);
      }),
    openAccountsIn,
    async closeAccount(id, actor) {
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const row = await repo.findAccount(trx, id);
        if (row === undefined)
          throw new FinanceError(
            'account_not_found',
            `No account has id ${JSON.stringify(id)}`,
            `Không có tài khoản ${id}`,
            { id },
          );
        const a = toAccount(row);
        if (a.status === 'closed') return a;
        if (a.debits_pending !== 0n || a.credits_pending !== 0n || a.debits_posted !== a.credits_posted)
          throw new FinanceError(
            'account_has_balance',
            `Account ${id} still has a balance or pending transfers: move them first`,
            'Tài khoản còn số dư hoặc giao dịch tạm giữ: hãy chuyển hết trước khi đóng',
            { id },
          );
        await journal.append(trx, accountClosed, { stream: id, actor, office: a.office_id, payload: { id } });
        return toAccount((await repo.findAccount(trx, id))!);
      });
    },
    async getAccount(id) {
      const row = await repo.findAccount(db, id);
      if (row === undefined)
        throw new FinanceError(
          'account_not_found',
          `No account has id ${JSON.stringify(id)}`,
          `Không có tài khoản ${id}`,
          { id },
        );
      return toAccount(row);
    },
    async accountsOf(q) {
      return (
        await repo.findAccountsOf(db, {
          ...(q.officeId === undefined ? {} : { officeId: q.officeId }),
          ...(q.code === undefined ? {} : { code: BigInt(q.code) }),
          ...(q.holderId === undefined ? {} : { holderId: q.holderId }),
        })
      ).map(toAccount);
    },
    async getTransfer(id) {
      const [row] = await repo.findTransfers(db, [id]);
      if (row === undefined)
        throw new FinanceError(
          'invalid_transfer',
          `No transfer has id ${JSON.stringify(id)}`,
          `Không có giao dịch ${id}`,
          { id },
        );
      return toTransfer(row);
    },
    createTransfers: (inputs, actor, office, options) =>
      journal.transaction(async (trx) => {
        await journal.lock(trx);
        return createTransfersIn(trx, inputs, actor, office, options);
      }),
    createTransfersIn,
    refusedIn,
    expirePending: () =>
      journal.transaction(async (trx) => {
        await journal.lock(trx);
        return expireIn(trx);
      }),
    async history(accountId, page) {
      return { items: await repo.findHistory(db, accountId, page) };
    },
  };
}
