import type { JournalTables } from '../../journal/index.ts';

/** Every table of the finance cell, as the database returns them (integers as bigint). */
export interface FinanceTables extends JournalTables {
  ledger_account: {
    id: string;
    /** The account's kind in the chart of accounts (1011 till cash, …). */
    code: bigint;
    office_id: string | null;
    /** The member of staff a till or a postman's cash belongs to. */
    holder_id: string | null;
    name: string;
    /** JSON array, sorted: debits_must_not_exceed_credits, credits_must_not_exceed_debits. */
    flags: string;
    debits_pending: bigint;
    debits_posted: bigint;
    credits_pending: bigint;
    credits_posted: bigint;
    status: string;
    opened_at: string;
    closed_at: string | null;
    updated_seq: bigint;
  };
  ledger_transfer: {
    id: string;
    debit_account_id: string;
    credit_account_id: string;
    amount: bigint;
    pending_id: string | null;
    /** JSON array, sorted: linked, pending, post_pending_transfer, void_pending_transfer. */
    flags: string;
    code: bigint;
    ref: string | null;
    /** Seconds a pending transfer lives; 0 for never, and for every other kind. */
    timeout: bigint;
    /** posted (a plain or a posting transfer), pending, voided (a void), or a pending one's fate. */
    state: string;
    expires_at: string | null;
    created_at: string;
    seq: bigint;
  };
  ledger_balance: {
    account_id: string;
    seq: bigint;
    transfer_id: string;
    debits_pending: bigint;
    debits_posted: bigint;
    credits_pending: bigint;
    credits_posted: bigint;
    at: string;
  };
}
