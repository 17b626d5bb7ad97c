// The goods catalogue as the provincial manager's screens call it: search, a product's card, a product saved,
// a price set, a province's price list on a day, a file imported; and the provinces' names to show for codes.
import { api, get, post, query } from '../ui/api.ts';

export interface Product {
  code: string;
  barcode: string;
  name_vi: string;
  name_en: string;
  unit: string;
  vat_rate: number;
  category: string;
  supplier_code: string;
  local_province: string | null;
  ocop_stars: number | null;
  province_code: string | null;
  active: boolean;
}

export interface Price {
  product_code: string;
  province_code: string;
  kind: 'list' | 'promotion';
  valid_from: string;
  valid_to: string | null;
  price: string;
}

/** A product on a province's price list of a day: the price that applies, a promotion winning. */
export interface PricedProduct {
  code: string;
  barcode: string;
  name_vi: string;
  name_en: string;
  unit: string;
  active: boolean;
  price?: string;
  price_kind?: 'list' | 'promotion';
}

export interface Province {
  code: string;
  name: string;
}

export interface Problem {
  row: number;
  field: string;
  message: string;
  message_vi: string;
}

export interface ImportResult {
  file: { name: string; rows: number; layout: 'suppliers' | 'products' | 'prices' };
  suppliers: { added: number; changed: number; unchanged: number };
  products: { added: number; changed: number; unchanged: number };
  prices: { added: number; changed: number; unchanged: number };
  seq: string | null;
}

const path = (code: string) => `/v1/retail/products/${encodeURIComponent(code)}`;

export const searchProducts = (q: string, province?: string) =>
  get<{ items: Product[]; total: number }>(`/v1/retail/products${query({ q, province, limit: 50 })}`);
export const productCard = (code: string) => get<{ product: Product; prices: Price[] }>(path(code));
export const saveProduct = ({ code, barcode, ...p }: Product) =>
  api<Product>('PUT', path(code), { body: { ...p, barcode } });
export const setPrice = (code: string, p: Omit<Price, 'product_code'>) =>
  post<{ product: Product; prices: Price[] }>(`${path(code)}/prices`, p);
export const importFile = (province: string, file: File) =>
  api<ImportResult>('POST', `/v1/retail/catalogue${query({ province, file_name: file.name })}`, {
    body: file,
  });

/** A province's whole price list of a day (about 400 lines a province), read page by page. */
export async function priceListOn(province: string, day: string): Promise<PricedProduct[]> {
  const out: PricedProduct[] = [];
  for (;;) {
    const page = await get<{ items: PricedProduct[]; total: number }>(
      `/v1/retail/provinces/${encodeURIComponent(province)}/prices${query({ day, limit: 500, offset: out.length })}`,
    );
    out.push(...page.items);
    if (page.items.length === 0 || out.length >= page.total) return out;
  }
}

let provincesOnce: Promise<Map<string, string>> | null = null;
/** The 34 provinces' names by code, asked once per page load (they change by law, not by the minute). */
export const provinceNames = () =>
  (provincesOnce ??= get<{ items: Province[] }>('/v1/geo/provinces').then(
    (r) => new Map(r.items.map((p) => [p.code, p.name])),
    () => {
      provincesOnce = null;
      return new Map<string, string>();
    },
  ));
