import type { RequestKey } from '../../../journal/index.ts';
import type { VatGroup } from './sale.pricing.ts';

export const PAYMENTS = ['cash', 'vietqr'] as const;
export type Payment = (typeof PAYMENTS)[number];

/** A basket line as the counter sends it: a scanned barcode or a product code, and how many. No price. */
export interface BasketLine {
  barcode?: string;
  product?: string;
  quantity: number;
}

export interface SaleInput {
  lines: readonly BasketLine[];
  payment: Payment;
  /** Cash handed over (cash), a decimal string of VND. */
  tendered?: string;
  /** The clerk saw the transfer arrive (VietQR). */
  transfer_confirmed?: boolean;
}

/** Where a sale is made: the clerk's open till at an office, and what the receipt and prices need of the office. */
export interface SaleAt {
  office_id: string;
  postcode: string;
  province_code: string;
  clerk_id: string;
  till_session_id: string;
}

/** Where a return is taken: the returning clerk's own open till (at the sale's office). */
export type ReturnAt = Pick<SaleAt, 'office_id' | 'clerk_id' | 'till_session_id'>;

export interface ReturnInput {
  sale: string;
  lines: ReadonlyArray<{ line: number; quantity: number }>;
  reason: string;
}

export interface SaleLine {
  line: number;
  product: string;
  barcode: string;
  name_vi: string;
  name_en: string;
  unit: string;
  quantity: bigint;
  unit_price: bigint;
  price_kind: 'list' | 'promotion';
  vat_rate: number;
  amount: bigint;
  vat: bigint;
  cost: bigint;
  returned: bigint;
}

export interface SaleReturn {
  id: string;
  clerk_id: string;
  till_session_id: string;
  reason: string;
  total: bigint;
  vat: bigint;
  cost: bigint;
  at: string;
  lines: Array<{ line: number; quantity: bigint; amount: bigint; vat: bigint; cost: bigint }>;
}

/** A sale as its receipt shows it, with what was returned against it. */
export interface Sale {
  id: string;
  office_id: string;
  province_code: string;
  clerk_id: string;
  till_session_id: string;
  day: string;
  payment: Payment;
  total: bigint;
  vat: bigint;
  vat_groups: VatGroup[];
  tendered: bigint | null;
  change: bigint | null;
  cost: bigint;
  at: string;
  /** The journal position of its event: its receipt's proof. */
  seq: bigint;
  lines: SaleLine[];
  returns: SaleReturn[];
}

/** A basket priced without writing anything: what the screen shows before payment, and the VietQR to pay it. */
export interface Quote {
  lines: Array<Omit<SaleLine, 'cost' | 'returned' | 'line'> & { line: number }>;
  vat_groups: VatGroup[];
  total: bigint;
  vat: bigint;
}

/** The sales module: sales at a till, returns against them, and their reads. */
export interface Sales {
  /** Prices a basket at the office on today's Vietnam day (refusing what a sale would refuse but stock). */
  quote(input: Pick<SaleInput, 'lines'>, at: Pick<SaleAt, 'province_code'>): Promise<Quote>;
  /** Records a sale: one sale event and the goods shelf→customer, in one transaction; idempotent. */
  sell(input: SaleInput, at: SaleAt, request?: RequestKey): Promise<Sale>;
  /** Takes goods back against a sale at its office, refunding cash from the clerk's till; idempotent. */
  return(input: ReturnInput, at: ReturnAt, request?: RequestKey): Promise<{ sale: Sale; return_id: string }>;
  /** A sale with its returns, by receipt number. */
  get(id: string): Promise<Sale>;
  /** An office's sales of a Vietnam day (one till's, when given), newest first. */
  list(q: { office: string; day: string; till?: string }): Promise<Sale[]>;
  /** Products with today's price in a province and what the office has on its shelf, by name, code or barcode. */
  goods(q: { office: string; province: string; search: string }): Promise<GoodsRow[]>;
}

export interface GoodsRow {
  code: string;
  barcode: string;
  name_vi: string;
  name_en: string;
  unit: string;
  vat_rate: number;
  price: bigint | null;
  on_shelf: bigint;
}
