// The states of a pension line and the reasons that move it, shared by its events, commands and queries.

/** What can happen to a line, in order. */
export const LINE_STATES = [
  'listed',
  'funded',
  'at_point',
  'at_office',
  'on_round',
  'paid',
  'returned',
  'suspended',
  'recovery',
] as const;
export type LineState = (typeof LINE_STATES)[number];

/** Where a line waits to be paid in cash. */
export const PAYABLE: readonly LineState[] = ['at_point', 'at_office'];
/** The lines whose money the post holds and still owes: funded, not yet paid or returned. */
export const OUTSTANDING: readonly LineState[] = ['funded', 'at_point', 'at_office', 'on_round', 'suspended'];
/** What the agency may stop before payment. */
export const STOPPABLE: readonly LineState[] = ['listed', 'funded', 'at_point', 'at_office', 'on_round'];

export const STOP_REASONS = ['death', 'emigration', 'suspension'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** Why a line went back to the agency unpaid. */
export const RETURN_REASONS = ['not_collected', 'not_funded', ...STOP_REASONS] as const;
