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
  till_session: {
    id: string;
    office_id: string;
    clerk_id: string;
    /** The day in Vietnam (UTC+7), YYYY-MM-DD. */
    day: string;
    /** opening (float awaiting its checker), open, closing (cash-up awaiting its checker), closed. */
    status: string;
    float_amount: bigint;
    /** JSON object: note value -> count. */
    float_denominations: string;
    opened_at: string;
    counted_amount: bigint | null;
    counted_denominations: string | null;
    expected_amount: bigint | null;
    /** counted - expected: negative short, positive over. */
    variance: bigint | null;
    variance_reason: string | null;
    closed_by: string | null;
    closed_at: string | null;
    updated_seq: bigint;
  };
  till_movement: {
    id: string;
    session_id: string;
    /** to_till (from the vault) or to_vault. */
    direction: string;
    amount: bigint;
    denominations: string;
    maker_id: string;
    /** The pending ledger transfer that holds the cash until the checker decides. */
    transfer_id: string;
    /** pending, confirmed, rejected. */
    status: string;
    checker_id: string | null;
    reason: string | null;
    created_at: string;
    decided_at: string | null;
  };
  pension_period: {
    id: string;
    province_code: string;
    /** JSON array of YYYY-MM: one month, or several paid together (January and February before Tết). */
    months: string;
    status: string;
    opened_at: string;
    closed_at: string | null;
  };
  pension_list: {
    sha256: string;
    period_id: string;
    file_name: string;
    bytes: bigint;
    line_count: bigint;
    total: bigint;
    accepted_at: string;
    seq: bigint;
  };
  pension_line: {
    id: string;
    period_id: string;
    list_sha256: string;
    /** The row in the agency's file (the header is row 1). */
    row: bigint;
    cccd: string;
    full_name: string;
    search_key: string;
    birth_year: bigint;
    /** LH pension, TC monthly social-insurance allowance, BTXH social assistance. */
    benefit: string;
    amount: bigint;
    commune_code: string;
    office_postcode: string;
    /** ATM bank account, DIEM_CHI commune payment point, QUAY post office counter, TAI_NHA at home. */
    channel: string;
    proxy_name: string | null;
    proxy_cccd: string | null;
    proxy_until: string | null;
    /** listed, then (later issues) funded, paid, unpaid, returned, suspended. */
    status: string;
    updated_seq: bigint;
  };
}
