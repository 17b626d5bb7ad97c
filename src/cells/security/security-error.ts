import { DomainError } from '../../platform/errors.ts';

export type SecurityErrorCode =
  | 'invalid_incident'
  | 'unknown_cell'
  | 'mode_unchanged'
  | 'approval_required'
  | 'request_not_found'
  | 'request_not_pending'
  | 'request_expired'
  | 'approver_is_requester'
  | 'alert_not_found'
  | 'evidence_not_found'
  | 'restore_not_approved'
  | 'keys_not_approved'
  | 'cell_isolated'
  | 'cell_read_only';

/** The security cell's one error type. */
export class SecurityError extends DomainError<SecurityErrorCode> {
  readonly cell = 'security';
}
