import { DomainError } from '../../platform/errors.ts';

export type DeliveryErrorCode =
  | 'invalid_item'
  | 'item_not_found'
  | 'office_not_found'
  | 'commune_not_found'
  | 'no_tariff'
  | 's10_exhausted'
  | 'idempotency_key_reused'
  | 'illegal_event_order'
  | 'wrong_office'
  | 'wrong_route'
  | 'invalid_scan'
  | 'bag_not_found'
  | 'bag_not_closed'
  | 'invalid_bag'
  | 'dispatch_not_found'
  | 'round_not_found'
  | 'round_not_open'
  | 'round_has_items'
  | 'round_cash_mismatch'
  | 'not_on_round'
  | 'cod_mismatch'
  | 'delivery_code_required'
  | 'wrong_delivery_code'
  | 'receiver_not_allowed'
  | 'invalid_delivery';

/** The delivery cell's one error type. */
export class DeliveryError extends DomainError<DeliveryErrorCode> {
  readonly cell = 'delivery';
}
