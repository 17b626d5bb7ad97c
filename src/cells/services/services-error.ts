import { DomainError } from '../../platform/errors.ts';

export type ServicesErrorCode =
  | 'invalid_catalogue'
  | 'procedure_not_found'
  | 'agency_not_found'
  | 'invalid_dossier'
  | 'documents_do_not_match'
  | 'fees_do_not_match'
  | 'authorisation_expired'
  | 'dossier_not_found'
  | 'dossier_out_of_order'
  | 'not_your_agency'
  | 'officer_not_eligible'
  | 'dossier_incomplete'
  | 'idempotency_key_reused';

/** The services cell's one error type. */
export class ServicesError extends DomainError<ServicesErrorCode> {
  readonly cell = 'services';
}
