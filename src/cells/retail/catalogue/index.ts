export { pricesOn, type PricedProduct } from './catalogue.repository.ts';
export { catalogueEvents, catalogueLoaded, pricesSet, productSaved } from './catalogue.events.ts';
export {
  CATEGORIES,
  PRICE_KINDS,
  VAT_RATES,
  type Category,
  type PricePayload,
  type ProductPayload,
  type SupplierPayload,
} from './catalogue.model.ts';
export {
  createCatalogue,
  MAX_FILE_BYTES,
  MAX_ROWS,
  type Catalogue,
  type CatalogueDeps,
  type CatalogueFile,
  type ImportResult,
  type PriceInput,
  type ProductCard,
  type ProductInput,
} from './catalogue.service.ts';
export { PRICE_COLUMNS, PRODUCT_COLUMNS, SUPPLIER_COLUMNS } from './catalogue.rows.ts';
export { DEMO_CATALOGUE_FILES, loadDemoCatalogue } from './catalogue.demo.ts';
export { catalogueRoutes } from './catalogue.routes.ts';
