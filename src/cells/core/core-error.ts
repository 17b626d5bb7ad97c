import { DomainError } from '../../platform/errors.ts';

export type CoreErrorCode =
  | 'province_not_found'
  | 'invalid_geography'
  | 'commune_not_found'
  | 'office_not_found'
  | 'invalid_office'
  | 'postcode_taken'
  | 'invalid_office_parent'
  | 'office_closed'
  | 'office_has_open_children'
  | 'invalid_staff'
  | 'username_taken'
  | 'cccd_taken'
  | 'staff_not_found'
  | 'staff_disabled'
  | 'sign_in_failed'
  | 'account_locked'
  | 'session_invalid'
  | 'second_factor_required'
  | 'second_factor_not_enrolled'
  | 'second_factor_wrong'
  | 'token_invalid'
  | 'token_not_found'
  | 'token_scope_too_wide'
  | 'invalid_token_request'
  | 'permission_missing'
  | 'office_out_of_scope'
  | 'token_out_of_scope'
  | 'role_not_assignable'
  | 'assignee_not_eligible';

/** The core cell's one error type. */
export class CoreError extends DomainError<CoreErrorCode> {
  readonly cell = 'core';
}
