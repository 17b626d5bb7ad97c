export { codeOfBarcode, pricesOn, type PricedProduct } from './catalogue.repository.ts';
export {
  CATEGORIES,
  catalogueEvents,
  catalogueLoaded,
  PRICE_KINDS,
  pricesSet,
  productSaved,
  VAT_RATES,
  type Category,
  type PricePayload,
  type ProductPayload,
  type SupplierPayload,
} from './catalogue.events.ts';
