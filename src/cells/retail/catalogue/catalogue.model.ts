// The catalogue's rows as its events carry them: a supplier, a product, a price; and the closed sets they use.
import { z } from 'zod';
import { vndText } from '../../../platform/vnd-schema.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const province = z.string().regex(/^\d{2}$/);

export const CATEGORIES = [
  'stamps',
  'stationery',
  'packaging',
  'phone_cards',
  'local_specialities',
  'consumer_goods',
  'books',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const VAT_RATES = [0, 5, 8, 10] as const;
export const PRICE_KINDS = ['list', 'promotion'] as const;

export const supplierSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/),
  name: z.string().min(2).max(200),
  tax_code: z.string().regex(/^\d{10}(\d{3})?$/),
  phone: z.string().regex(/^\+84\d{8,10}$/),
  address: z.string().min(5).max(200),
});
export type SupplierPayload = z.infer<typeof supplierSchema>;

export const productSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,19}$/),
  /** EAN-13, its check digit checked by the command that writes it. */
  barcode: z.string().regex(/^\d{13}$/),
  name_vi: z.string().min(2).max(200),
  name_en: z.string().min(2).max(200),
  unit: z.string().min(1).max(20),
  vat_rate: z.union([z.literal(0), z.literal(5), z.literal(8), z.literal(10)]),
  category: z.enum(CATEGORIES),
  supplier_code: z.string().min(2).max(40),
  local_province: province.nullable(),
  ocop_stars: z.number().int().min(3).max(5).nullable(),
  province_code: province.nullable(),
  active: z.boolean(),
});
export type ProductPayload = z.infer<typeof productSchema>;

export const priceSchema = z.strictObject({
  product_code: z.string().min(3).max(20),
  province_code: province,
  kind: z.enum(PRICE_KINDS),
  valid_from: day,
  valid_to: day.nullable(),
  price: vndText('positive'),
});
export type PricePayload = z.infer<typeof priceSchema>;
