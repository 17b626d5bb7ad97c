import { DomainError } from '../platform/errors.ts';

export type ResilienceErrorCode =
  | 'invalid_backup_key'
  | 'seal_wrong_key'
  | 'seal_corrupt'
  | 'vault_unauthorized'
  | 'vault_token_expired'
  | 'vault_forbidden'
  | 'vault_hash_mismatch'
  | 'vault_object_missing'
  | 'vault_entry_invalid'
  | 'vault_segment_gap'
  | 'vault_checkpoint_refused'
  | 'vault_log_broken'
  | 'vault_unreachable'
  | 'vault_not_acknowledged'
  | 'restore_target_invalid'
  | 'restore_before_first_snapshot'
  | 'restore_destination_exists'
  | 'restore_verify_failed'
  | 'restore_source_invalid'
  | 'drill_not_found'
  | 'drill_not_here';

/** Errors of the vault, shipping, sealing and restore: each says what failed and what to do. */
export class ResilienceError extends DomainError<ResilienceErrorCode> {
  readonly cell = 'resilience';
}
