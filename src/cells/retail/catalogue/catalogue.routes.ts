// The catalogue's routes: reads for any signed-in staff; imports and edits for `retail.catalogue`, decided on
// the province of what changes (a product's `province_code`, a price row's province). National goods
// (province_code null) are head office's, through the command line only: no role reaches them here.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NATIONAL, type TargetOf } from '../../../http/auth.ts';
import { errorResponses } from '../../../http/errors.ts';
import { pageQuery, pageSchema } from '../../../http/pagination.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import { authorize, refusalOf } from '../../core/index.ts';
import { RetailError } from '../retail-error.ts';
import { CATEGORIES, PRICE_KINDS, priceSchema, productSchema, supplierSchema } from './catalogue.model.ts';
import type { PricedProduct } from './catalogue.repository.ts';
import { PRICE_COLUMNS, PRODUCT_COLUMNS, SUPPLIER_COLUMNS } from './catalogue.rows.ts';
import { MAX_FILE_BYTES, MAX_ROWS, type Catalogue, type ImportResult } from './catalogue.service.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const province = z
  .string()
  .regex(/^\d{2}$/)
  .describe('2-digit province code, e.g. 01');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('YYYY-MM-DD');
const code = z.string().min(1).max(20);

const product = productSchema.meta({ id: 'RetailProduct' });
const price = priceSchema.meta({ id: 'RetailPrice' });
const cardSchema = z.object({ product, prices: z.array(price) }).meta({ id: 'RetailProductCard' });
const pricedSchema = z
  .object({
    code: z.string(),
    barcode: z.string(),
    name_vi: z.string(),
    name_en: z.string(),
    unit: z.string(),
    vat_rate: z.number().int(),
    category: z.string(),
    active: z.boolean(),
    price: vndText('positive').optional(),
    price_kind: z.enum(PRICE_KINDS).optional(),
  })
  .meta({ id: 'RetailPricedProduct' });
const counts = z.object({ added: z.number().int(), changed: z.number().int(), unchanged: z.number().int() });
const importSchema = z
  .object({
    file: z.object({
      name: z.string(),
      sha256: z.string(),
      rows: z.number().int(),
      layout: z.enum(['suppliers', 'products', 'prices']),
    }),
    suppliers: counts,
    products: counts,
    prices: counts,
    seq: z
      .string()
      .nullable()
      .describe('the journal event that recorded the import; null when nothing changed'),
  })
  .meta({ id: 'RetailCatalogueImport' });
const productBody = productSchema.omit({ code: true, barcode: true }).extend({
  barcode: z
    .string()
    .regex(/^\d{13}$/)
    .nullable()
    .optional()
    .describe('EAN-13; leave out for the post’s in-store code (prefix 2)'),
  category: z.enum(CATEGORIES),
});
const priceBody = z.strictObject({
  province_code: province,
  kind: z.enum(PRICE_KINDS),
  valid_from: day,
  valid_to: day.nullable().describe('the last day; null for a list price until the next one'),
  price: vndText('positive').describe('VAT included'),
});

const importJson = (r: ImportResult) => ({ ...r, seq: r.seq === null ? null : r.seq.toString() });
const pricedJson = ({ price, ...p }: PricedProduct) => ({
  ...p,
  ...(price === undefined ? {} : { price: price.toString() }),
});
const placeOf = (code: string | null) => (code === null ? NATIONAL : { officeId: null, provinceCode: code });

/** Routes of the goods catalogue. */
export function catalogueRoutes(catalogue: Catalogue): FastifyPluginAsyncZod {
  // A product's province: the one it has, or for a new product the one the body gives it.
  const productPlace: TargetOf = async (req) => {
    const had = await catalogue.findProduct((req.params as { code: string }).code.toUpperCase());
    return placeOf(
      had === undefined ? (req.body as { province_code: string | null }).province_code : had.province_code,
    );
  };
  const pricePlace: TargetOf = (req) => placeOf((req.body as { province_code: string }).province_code);
  return async (app) => {
    const tags = ['retail'];
    app.addContentTypeParser(
      ['text/csv', XLSX_TYPE, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES },
      (_req, body, done) => done(null, body),
    );

    app.get(
      '/v1/retail/products',
      {
        schema: {
          tags,
          summary:
            'Search the goods catalogue: words of the names without accents, or an exact barcode or code',
          querystring: pageQuery.extend({
            q: z.string().max(200).optional(),
            category: z.enum(CATEGORIES).optional(),
            province: province.optional().describe('only the products this province maintains'),
            active_only: z.enum(['true', 'false']).optional(),
          }),
          response: { 200: pageSchema(product), ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => {
        const { active_only, ...q } = req.query;
        return catalogue.search({ ...q, active_only: active_only === 'true' });
      },
    );

    app.get(
      '/v1/retail/products/:code',
      {
        schema: {
          tags,
          summary: 'One product with every price it has, by province and period',
          params: z.object({ code }),
          response: { 200: cardSchema, ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => catalogue.product(req.params.code.toUpperCase()),
    );

    app.put(
      '/v1/retail/products/:code',
      {
        schema: {
          tags,
          summary: 'Save a product of your province (new or changed; active false withdraws it)',
          description:
            'Decided on the product’s province (`province_code`; for a new product, the body’s): moving it to ' +
            'another province needs that province too. National goods (null) are changed through the command ' +
            'line only. Without a barcode it keeps its own or gets the post’s in-store EAN-13 (prefix 2). ' +
            'Refusals name the field: `invalid_barcode` (check digit, or a barcode of another product), ' +
            '`supplier_not_found`, `invalid_retail_input`.',
          params: z.object({ code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,19}$/) }),
          body: productBody,
          response: { 200: product, ...errorResponses },
        },
        config: { access: { permission: 'retail.catalogue', target: productPlace } },
      },
      async (req) => {
        const moved = authorize(req.principal!, 'retail.catalogue', placeOf(req.body.province_code));
        if (!moved.allowed) throw refusalOf(moved)!;
        return catalogue.saveProduct({ ...req.body, code: req.params.code.toUpperCase() }, req.principal!.id);
      },
    );

    app.post(
      '/v1/retail/products/:code/prices',
      {
        schema: {
          tags,
          summary: 'Set a list price or a promotion for a product in your province',
          description:
            'Decided on the price’s province. A new list price closes the open-ended one before it on the day ' +
            'before it starts; periods of one kind never overlap; a promotion (a fixed price with a last day) ' +
            'must lie over list prices. Setting the same price again changes nothing.',
          params: z.object({ code }),
          body: priceBody,
          response: { 200: cardSchema, ...errorResponses },
        },
        config: { access: { permission: 'retail.catalogue', target: pricePlace } },
      },
      async (req) =>
        catalogue.setPrice({ ...req.body, product_code: req.params.code.toUpperCase() }, req.principal!.id),
    );

    app.get(
      '/v1/retail/provinces/:province/prices',
      {
        schema: {
          tags,
          summary: 'A province’s price list on a day: products with a list price, a promotion winning',
          params: z.object({ province }),
          querystring: pageQuery.extend({ day: day.optional().describe('default: today in Vietnam') }),
          response: { 200: pageSchema(pricedSchema).extend({ day: z.string() }), ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async (req) => {
        const page = await catalogue.priceList(req.params.province, req.query.day, req.query);
        return { ...page, items: page.items.map(pricedJson) };
      },
    );

    app.get(
      '/v1/retail/suppliers',
      {
        schema: {
          tags,
          summary: 'The suppliers of the goods catalogue',
          response: { 200: z.object({ items: z.array(supplierSchema) }), ...errorResponses },
        },
        config: { access: { signedIn: true } },
      },
      async () => ({ items: await catalogue.suppliers() }),
    );

    app.post(
      '/v1/retail/catalogue',
      {
        bodyLimit: MAX_FILE_BYTES,
        schema: {
          tags,
          summary: 'Import a suppliers, products or prices file of your province: all rows or none',
          description:
            `The body is the file: CSV (UTF-8, Content-Type text/csv) or XLSX (${XLSX_TYPE}, first sheet), at most ` +
            `${MAX_ROWS} rows; its header says which layout (docs/cells/retail.md, “Catalogue files”): suppliers ` +
            `(${SUPPLIER_COLUMNS.join(',')}), products (${PRODUCT_COLUMNS.join(',')}[,dang_ban]) or prices ` +
            `(${PRICE_COLUMNS.join(',')}). Every product and price row must be of \`province\`; a province adds ` +
            'suppliers but changes none. A refusal is 4xx `invalid_catalogue` with `details.problems` (row, field, ' +
            'message, message_vi) and nothing imported. The same file again changes nothing (`seq` null).',
          querystring: z.object({ province, file_name: z.string().max(200).default('catalogue.csv') }),
          response: { 200: importSchema, ...errorResponses },
        },
        config: {
          access: {
            permission: 'retail.catalogue',
            target: (req) => placeOf((req.query as { province: string }).province),
          },
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body))
          throw new RetailError(
            'invalid_catalogue',
            `Send the file as the body with Content-Type text/csv, or the XLSX file as ${XLSX_TYPE}`,
            'Hãy gửi tệp danh mục dạng CSV (text/csv) hoặc tệp Excel (.xlsx)',
            { row: 0, field: 'body' },
          );
        return importJson(
          await catalogue.importFile({ name: req.query.file_name, bytes: req.body }, req.principal!.id, {
            province: req.query.province,
          }),
        );
      },
    );
  };
}
