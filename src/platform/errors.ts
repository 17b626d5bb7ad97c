/**
 * Base of every cell's error type. Domain code throws these with a closed set of codes; the HTTP layer maps
 * `code` to a status in one table, so nothing here knows about HTTP.
 */
export abstract class DomainError<C extends string = string> extends Error {
  /** The cell that raised the error ('platform', 'core', 'journal', ...): lets logs and the UI say where. */
  abstract readonly cell: string;
  readonly code: C;
  /** What Vietnamese-speaking staff should do next; shown as is, so it must never leak internals. */
  readonly messageVi: string;
  readonly details?: Record<string, unknown>;

  constructor(
    code: C,
    message: string,
    messageVi: string,
    details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    // new.target so stack traces and logs name the concrete cell error, not DomainError.
    this.name = new.target.name;
    this.code = code;
    this.messageVi = messageVi;
    this.details = details;
  }
}

export type PlatformErrorCode =
  | 'invalid_amount'
  | 'invalid_id'
  | 'invalid_json'
  | 'invalid_text'
  | 'invalid_phone'
  | 'invalid_cccd'
  | 'invalid_s10'
  | 'weak_password'
  | 'secret_unreadable';

/** Errors from the shared kernel, mostly input that fails validation at an edge. */
export class PlatformError extends DomainError<PlatformErrorCode> {
  readonly cell = 'platform';
}

/** Narrows to a DomainError with its code as a plain string (instanceof alone yields DomainError<any>). */
export function isDomainError(err: unknown): err is DomainError<string> {
  return err instanceof DomainError;
}

/** The row when there is one, else the refusal `missing` builds (the one find-or-throw every module uses). */
export function found<T>(row: T | undefined | null, missing: () => DomainError): T {
  if (row === undefined || row === null) throw missing();
  return row;
}
