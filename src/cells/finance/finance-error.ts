import { DomainError } from '../../platform/errors.ts';

export type FinanceErrorCode =
  | 'invalid_account'
  | 'account_not_found'
  | 'account_closed'
  | 'account_has_balance'
  | 'invalid_transfer'
  | 'transfers_failed'
  | 'invalid_cash_count'
  | 'denominations_do_not_add_up'
  | 'till_not_found'
  | 'till_already_open'
  | 'till_not_open'
  | 'till_has_pending_movements'
  | 'movement_not_found'
  | 'movement_already_decided'
  | 'same_person'
  | 'variance_reason_required'
  | 'variance_needs_manager'
  | 'insufficient_cash'
  | 'not_your_till'
  | 'invalid_day'
  | 'idempotency_key_reused'
  | 'period_not_found'
  | 'invalid_period'
  | 'period_closed'
  | 'pension_list_rejected'
  | 'invalid_list_file';

/** The finance cell's one error type. Per-transfer outcomes are TransferResult codes, not errors. */
export class FinanceError extends DomainError<FinanceErrorCode> {
  readonly cell = 'finance';
}
