// What the sales screens exchange with the API: the basket as sent (never a price), the quote and the sale.
export interface BasketLine {
  barcode?: string;
  product?: string;
  name?: string;
  quantity: number;
}

export interface QuoteLine {
  line: number;
  product: string;
  barcode: string;
  name_vi: string;
  name_en: string;
  unit: string;
  quantity: number;
  unit_price: string;
  price_kind: 'list' | 'promotion';
  vat_rate: number;
  amount: string;
  vat: string;
}

export interface VatGroup {
  rate: number;
  amount: string;
  vat: string;
}

export interface Quote {
  lines: QuoteLine[];
  vat_groups: VatGroup[];
  total: string;
  vat: string;
  total_words: string;
  vietqr: string | null;
}

export interface SaleReturn {
  id: string;
  clerk_id: string;
  reason: string;
  total: string;
  vat: string;
  at: string;
  lines: Array<{ line: number; quantity: number; amount: string; vat: string }>;
}

export interface Sale extends Omit<Quote, 'vietqr' | 'lines'> {
  id: string;
  office_id: string;
  clerk_id: string;
  payment: 'cash' | 'vietqr';
  tendered: string | null;
  change: string | null;
  at: string;
  lines: Array<QuoteLine & { returned: number }>;
  returns: SaleReturn[];
  proof?: unknown;
}

export interface Goods {
  code: string;
  barcode: string;
  name_vi: string;
  name_en: string;
  unit: string;
  price: string | null;
  on_shelf: number;
}

/** The basket as the API takes it: each line by barcode or product code. */
export const basketBody = (lines: readonly BasketLine[]) =>
  lines.map((l) =>
    l.barcode !== undefined
      ? { barcode: l.barcode, quantity: l.quantity }
      : { product: l.product!, quantity: l.quantity },
  );

/** A sale's key, also the VietQR transfer's reference: letters and digits only (the QR's field allows no more). */
export function saleKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return `BH${[...b].map((x) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[x % 32]).join('')}`;
}

/** A scanned code added to the basket: a repeated scan adds one to its line. */
export function addScan(lines: readonly BasketLine[], add: BasketLine): BasketLine[] {
  const same = lines.findIndex(
    (l) =>
      (add.barcode !== undefined && l.barcode === add.barcode) ||
      (add.product !== undefined && l.product === add.product),
  );
  if (same < 0) return [...lines, add];
  return lines.map((l, i) =>
    i === same ? { ...l, quantity: Math.min(9999, l.quantity + add.quantity) } : l,
  );
}
