import type { JournalTables, RequestKeyTables } from '../../journal/index.ts';

/** Every table of the finance cell, as the database returns them (integers as bigint). */
export interface FinanceTables extends JournalTables, RequestKeyTables {
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
  /** The platform's own transfers the ledger refused while finance followed another cell: not made, alerted. */
  ledger_refusal: {
    /** The seq of the refusal's event. */
    seq: bigint;
    transfer_id: string;
    /** The ledger's result code (exists_with_different_amount, overflows_credits_posted, …). */
    result: string;
    /** The cell and event the transfer was derived from. */
    source_cell: string;
    source_seq: bigint;
    debit_account_id: string;
    credit_account_id: string;
    amount: bigint;
    code: bigint;
    ref: string | null;
    at: string;
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
    /** The schedule (YYYY-MM-DD, Vietnam's days): bank transfers, commune points, counters, the close. */
    bank_from: string | null;
    points_from: string | null;
    counters_from: string | null;
    close_on: string | null;
    /** The provincial post that receives the agency's money (set by the first funding). */
    province_office_id: string | null;
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
    /** The seq of the event that funded the list (null until the agency's money has come). */
    funded_seq: bigint | null;
    funding_reference: string | null;
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
    /** See LINE_STATES: listed, funded, at_point, at_office, on_round, paid, returned, suspended, recovery. */
    status: string;
    updated_seq: bigint;
    round_id: string | null;
    receipt_id: string | null;
    /** bank, point, counter or home. */
    paid_place: string | null;
    /** death, emigration or suspension, as the agency reported it, with its reference. */
    stop_reason: string | null;
    stop_reference: string | null;
    /** Why an unpaid line went back to the agency at the close. */
    return_reason: string | null;
  };
  /** How a list's funding was split between the offices that pay it. */
  pension_allocation: {
    period_id: string;
    list_sha256: string;
    postcode: string;
    office_id: string;
    line_count: bigint;
    amount: bigint;
  };
  /** One per paid line (unique): the receipt. */
  pension_payout: {
    id: string;
    line_id: string;
    period_id: string;
    office_id: string;
    place: string;
    /** The till session (counter, point) or the round (home) the cash came out of; null for a bank run. */
    session_id: string | null;
    clerk_id: string | null;
    recipient: string;
    recipient_name: string;
    recipient_cccd: string | null;
    /** The signature or photo reference of a payment at home. */
    evidence: string | null;
    amount: bigint;
    transfer_id: string;
    paid_at: string;
    seq: bigint;
  };
  /** A postman's home round: the cash advanced from the vault, the lines to pay, what came back. */
  pension_round: {
    id: string;
    period_id: string;
    office_id: string;
    postman_id: string;
    postman_name: string;
    day: string;
    status: string;
    line_count: bigint;
    advance: bigint;
    returned: bigint | null;
    opened_by: string;
    opened_at: string;
    closed_by: string | null;
    closed_at: string | null;
  };
  /**
   * Items another cell owns (delivery's `owner`, e.g. `retail`) that carry COD: the owner settles their COD
   * itself, so no remittance pays it to the item's shipper or sender.
   */
  cod_owned_item: {
    item_id: string;
    owner: string;
    /** The delivery journal's seq of the item's acceptance. */
    source_seq: bigint;
  };
  cod_collection: {
    item_id: string;
    /** The delivery journal's seq of the delivery.cod.collected event. */
    source_seq: bigint;
    office_id: string;
    /** The shipper's account id, or `sender:<phone>` for a counter customer. */
    payee: string;
    amount: bigint;
    /** round (a postman's cash) or counter (a clerk's till). */
    place: string;
    holder_id: string;
    round_id: string | null;
    till_session_id: string | null;
    collected_at: string;
    handed_in_at: string | null;
    remittance_id: string | null;
  };
  cod_remittance: {
    id: string;
    payee: string;
    /** The last day (Vietnam time) whose collections it pays. */
    through: string;
    item_count: bigint;
    cod_total: bigint;
    fees: bigint;
    net: bigint;
    created_at: string;
    created_by: string;
    seq: bigint;
  };
  /**
   * One per dossier whose agency fees an office took (services' `services.fees.taken`): owed to the agency until a
   * remittance pays it. The primary key keeps a dossier's fees from being counted twice.
   */
  agency_collection: {
    dossier_id: string;
    /** The services journal's seq of the services.fees.taken event. */
    source_seq: bigint;
    office_id: string;
    /** The administrative agency's code in the services catalogue: the holder of its agency_payable account. */
    agency_code: string;
    agency_name: string;
    amount: bigint;
    /** The ledger transfer that put the amount in the agency's account (dsa:<dossier>). */
    transfer_id: string;
    clerk_id: string;
    till_session_id: string;
    collected_at: string;
    remittance_id: string | null;
  };
  /** A payment to an agency of what offices had collected for it up to a day. */
  agency_remittance: {
    id: string;
    agency_code: string;
    /** The last day (Vietnam time) whose collections it pays. */
    through: string;
    /** The one office it was limited to, or null for every office that owed the agency. */
    office_id: string | null;
    dossier_count: bigint;
    total: bigint;
    created_at: string;
    created_by: string;
    seq: bigint;
  };
}
