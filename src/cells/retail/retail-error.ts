import { DomainError } from '../../platform/errors.ts';

export type RetailErrorCode =
  | 'invalid_catalogue'
  | 'invalid_barcode'
  | 'product_not_found'
  | 'supplier_not_found'
  | 'price_missing'
  | 'invalid_retail_input'
  | 'insufficient_stock'
  | 'purchase_order_not_found'
  | 'transfer_not_found'
  | 'stocktake_not_found'
  | 'sale_not_found'
  | 'sale_at_other_office'
  | 'order_not_found'
  | 'order_not_yours'
  | 'retail_out_of_order'
  | 'return_exceeds_sale'
  | 'payment_does_not_match'
  | 'idempotency_key_reused'
  | 'received_beyond_order'
  | 'wrong_office'
  | 'second_person_required'
  | 'till_cash_short';

/** The retail cell's one error type. */
export class RetailError extends DomainError<RetailErrorCode> {
  readonly cell = 'retail';
}
