// The ledger's rules for one transfer, apart from any state: its own fields checked, a retry compared with
// what is stored; rows mapped to accounts and transfers, and the refusal a batch decides by.
import { isDomainError } from '../../../platform/errors.ts';
import { parseVnd } from '../../../platform/money.ts';
import { TRANSFER_FLAGS, type AccountFlag, type TransferFlag } from './ledger.events.ts';
import type * as repo from './ledger.repository.ts';
import {
  MAX_AMOUNT,
  MAX_TIMEOUT_SECONDS,
  type Account,
  type Transfer,
  type TransferInput,
  type TransferResultCode,
} from './ledger.types.ts';

export const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

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

export function toTransfer(r: repo.TransferRow): Transfer {
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
export const transferEvidence = (t: Transfer): Record<string, unknown> => ({
  ...t,
  amount: t.amount.toString(),
});

export class Refused extends Error {
  readonly code: TransferResultCode;
  constructor(code: TransferResultCode) {
    super(code);
    this.code = code;
  }
}
export const refuse = (code: TransferResultCode): never => {
  throw new Refused(code);
};

/** The live state one batch decides against: accounts and pending transfers, with undo for chains. */
export interface State {
  accounts: Map<string, Account | null>;
  transfers: Map<string, Transfer | null>;
}

/** Checks one transfer's own fields and gives its normalised flags; the state is checked later. */
export function checkShape(t: TransferInput): { flags: Set<TransferFlag>; amount: bigint | null } {
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
export function difference(
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
