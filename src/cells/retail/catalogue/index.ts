export { codeOfBarcode, pricesOn, type PricedProduct } from './catalogue.repository.ts';
