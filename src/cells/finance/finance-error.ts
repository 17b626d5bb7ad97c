import { DomainError } from '../../platform/errors.ts';

export type FinanceErrorCode =
  | 'invalid_account'
  | 'account_not_found'
  | 'account_closed'
  | 'account_has_balance'
  | 'invalid_transfer'
  | 'transfers_failed';

/** The finance cell's one error type. Per-transfer outcomes are TransferResult codes, not errors. */
export class FinanceError extends DomainError<FinanceErrorCode> {
  readonly cell = 'finance';
}
