import { DomainError } from '../../platform/errors.ts';

export type CoreErrorCode = 'province_not_found' | 'invalid_geography';

/** The core cell's one error type. */
export class CoreError extends DomainError<CoreErrorCode> {
  readonly cell = 'core';
}
