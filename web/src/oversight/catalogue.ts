// The goods catalogue as the provincial manager's screens call it: search, a product's card, a product saved,
// a price set, a file imported.
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
