import { DomainError } from '../platform/errors.ts';

export type JournalErrorCode =
  | 'unknown_event_type'
  | 'invalid_payload'
  | 'invalid_event'
  | 'consumer_out_of_order'
  | 'consumer_diverged'
  | 'replay_failed'
  | 'tree_not_covered'
  | 'invalid_key'
  | 'checkpoint_not_found'
  | 'checkpoint_inconsistent'
  | 'event_not_found';

/** Errors of the journal: an event refused before anything is written, or a replay that cannot proceed. */
export class JournalError extends DomainError<JournalErrorCode> {
  readonly cell = 'journal';
}
