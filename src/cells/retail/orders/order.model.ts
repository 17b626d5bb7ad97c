// The orders module's shapes: an order's states, what a clerk fills in, what the module asks of the other cells
// (the office's place, the delivery cell's tariff and carriage), and the module's interface.
import type { Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';

export const ORDER_STATES = [
  'placed',
  'picked',
  'handed_over',
  'delivered',
  'returned',
  'cancelled',
  /** Returned, and its prepaid deposit given back at a counter. */
  'refunded',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const ORDER_PAYMENTS = ['cod', 'prepaid'] as const;
export type OrderPayment = (typeof ORDER_PAYMENTS)[number];

/**
 * Grams per unit by category, for the parcel's weight (the catalogue holds no weights): what a unit of each
 * weighs packed, rounded up; the box and its filling add PACKING_GRAMS.
 */
export const UNIT_GRAMS: Readonly<Record<string, number>> = {
  stamps: 5,
  stationery: 100,
  packaging: 200,
  phone_cards: 10,
  local_specialities: 250,
  consumer_goods: 1100,
  books: 400,
  other: 500,
};
export const PACKING_GRAMS = 100;
/** The box every order travels in: 30 × 20 × 10 cm (1 kg of volumetric weight). */
export const ORDER_BOX = { length_cm: 30, width_cm: 20, height_cm: 10 } as const;

/** What a clerk fills in for a customer. */
export interface OrderInput {
  /** The office whose stock it is picked from and that sends the parcel. */
  office: string;
  customer: { name: string; phone: string; address: string; commune: string };
  lines: ReadonlyArray<{ product: string; quantity: number }>;
  payment: string;
}

export interface OrderLine {
  line_no: number;
  product: string;
  name_vi: string;
  name_en: string;
  unit: string;
  quantity: bigint;
  unit_price: bigint;
  price_kind: 'list' | 'promotion';
  vat_rate: number;
  amount: bigint;
  vat: bigint;
}

/** An order as staff see it. */
export interface Order {
  id: string;
  office_id: string;
  province_code: string;
  ordered_at_office: string | null;
  ordered_by: string;
  customer: { name: string; phone: string; address: string; commune: string };
  payment: OrderPayment;
  till_session_id: string | null;
  state: OrderState;
  /** The goods, VAT included. */
  total: bigint;
  vat: bigint;
  shipping_fee: bigint;
  /** What the customer pays in all: goods and carriage (the COD amount of a cod order). */
  amount_due: bigint;
  /** Value at cost of the goods once they left (0 before). */
  cost: bigint;
  item_id: string | null;
  created_at: string;
  updated_at: string;
  lines: OrderLine[];
}

/** An office as the orders module needs it: its province (prices) and postcode (order numbers). */
export interface OrderOffice {
  id: string;
  province_code: string;
  postcode: string;
}

/** What the orders module asks of the other cells, in-process. */
export interface OrderLinks {
  /** An open office, or undefined. */
  office(id: string): Promise<OrderOffice | undefined>;
  /** Whether a commune code is one of the network's communes. */
  communeExists(commune: string): Promise<boolean>;
  /** The delivery cell's tariff for the parcel from an office to a customer's commune (no COD fee). */
  shippingFee(input: { office: string; commune: string; weight_g: number }): Promise<bigint>;
}

/** What the retail cell asks of the delivery cell: an order's parcel taken in, under a key only the platform makes. */
export interface OrderCarrier {
  /**
   * Takes the parcel in at the stock office as an item the retail cell owns (`order:<id>`), carrying COD when
   * the customer pays on delivery; the same key again answers the same item. The retail cell learns its id by
   * following the delivery journal.
   */
  send(input: {
    key: string;
    office_id: string;
    actor: string;
    recipient: { name: string; phone: string; address: string; commune: string };
    weight_g: number;
    cod_amount: bigint;
  }): Promise<string>;
}

export interface OrdersDeps {
  db: Kysely<RetailTables>;
  journal: Journal<RetailTables>;
  clock: Clock;
  requests: RequestKeys<RetailTables>;
  links?: OrderLinks;
  /** The cash a clerk's till holds (finance): a deposit given back above it is refused, nothing written. */
  tillCash?: (office: string, clerk: string) => Promise<bigint>;
}

/** The clerk placing an order: their office (from their till or their session), and the till for prepaid. */
export interface OrderDesk {
  office_id: string;
  clerk_id: string;
  till_session_id: string | null;
}

export interface OrderQuery {
  /** Orders from this office's stock (stock) or placed at it (ordered). */
  office: string;
  role: 'stock' | 'ordered';
  state?: OrderState;
  limit: number;
  offset: number;
}

export interface Orders {
  /**
   * Places an order from an office's stock at the prices of its province today, the shipping fee quoted by the
   * delivery cell; prepaid: paid now into the clerk's till. The same request under the same key answers the
   * first order.
   */
  place(input: OrderInput, desk: OrderDesk, request?: RequestKey): Promise<Order>;
  /** Sets the goods of a placed order aside at its stock office (shelf → picked). */
  pick(id: string, actor: string, request?: RequestKey): Promise<Order>;
  /**
   * Cancels an order not yet handed over: picked goods back on the shelf; a prepaid deposit given back in cash
   * from the canceller's till.
   */
  cancel(
    id: string,
    by: { actor: string; till_session_id: string | null; office_id: string | null },
    request?: RequestKey,
  ): Promise<Order>;
  /**
   * Gives a returned prepaid order's deposit back in cash from the refunding clerk's till, at the office that sent
   * it or the one it was ordered at; once.
   */
  refund(
    id: string,
    by: { actor: string; till_session_id: string; office_id: string },
    request?: RequestKey,
  ): Promise<Order>;
  get(id: string): Promise<Order>;
  list(q: OrderQuery): Promise<{ items: Order[]; total: number; limit: number; offset: number }>;
  /** Goods on an office's shelf with their price today, searched by name or code: what may be ordered. */
  goods(
    office: string,
    q: string,
  ): Promise<
    Array<{
      code: string;
      name_vi: string;
      name_en: string;
      unit: string;
      category: string;
      price: bigint | null;
      on_shelf: bigint;
    }>
  >;
}
