// The stock module's shapes: what its commands take and what its reads answer.
import type { Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import type { WRITE_OFF_REASONS } from './goods.events.ts';

/** What the stock module is built over (the cell's context). */
export interface StockDeps {
  db: Kysely<RetailTables>;
  journal: Journal<RetailTables>;
  clock: Clock;
  requests: RequestKeys<RetailTables>;
}

/** Who acts, and the office they work at (null for head office and the provinces). */
export interface StockActor {
  staff: string;
  office: string | null;
}

export type WriteOffReason = (typeof WRITE_OFF_REASONS)[number];

export interface OrderInput {
  office: string;
  supplier: string;
  lines: Array<{ product: string; quantity: bigint; unit_cost: bigint }>;
}
export interface ReceiptInput {
  delivery_note: string;
  lines: Array<{ product: string; quantity: bigint }>;
}
export interface TransferInput {
  from_office: string;
  to_office: string;
  note?: string | null;
  lines: Array<{ product: string; quantity: bigint }>;
}
export interface WriteOffInput {
  office: string;
  reason: WriteOffReason;
  note: string;
  lines: Array<{ product: string; quantity: bigint }>;
}
export interface CountInput {
  office: string;
  reason: string;
  lines: Array<{ product: string; counted: bigint }>;
}

export interface PurchaseOrder {
  id: string;
  office_id: string;
  supplier_code: string;
  state: 'open' | 'received' | 'closed';
  note: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  lines: Array<{ product: string; quantity: bigint; unit_cost: bigint; received: bigint }>;
  receipts: Move[];
}

export interface Transfer {
  id: string;
  from_office: string;
  to_office: string;
  state: 'sent' | 'received';
  sent_by: string;
  sent_at: string;
  received_by: string | null;
  received_at: string | null;
  note: string | null;
  lines: Array<{ product: string; sent: bigint; value: bigint; received: bigint | null }>;
}

export interface Stocktake {
  id: string;
  office_id: string;
  state: 'counted' | 'approved' | 'rejected';
  reason: string;
  counted_by: string;
  counted_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /**
   * Per product: the shelf by the ledger when counted, the count, their difference (counted less expected),
   * the shelf now, and the value the difference posts (or posted) at.
   */
  lines: Array<{
    product: string;
    expected: bigint;
    counted: bigint;
    difference: bigint;
    on_shelf: bigint;
    value: bigint;
  }>;
}

export interface Move {
  id: string;
  kind: string;
  office_id: string;
  ref: string;
  reason: string | null;
  actor: string;
  at: string;
  lines: Array<{
    product: string;
    from_office: string;
    from_place: string;
    to_office: string;
    to_place: string;
    quantity: bigint;
    value: bigint;
  }>;
}

export interface WriteOff {
  id: string;
  move: Move;
}

/** An office's goods, per product: on the shelf, in transit (sent, not yet received) and picked for orders. */
export interface OfficeStockLine {
  product: string;
  name_vi: string;
  name_en: string;
  unit: string;
  shelf: { quantity: bigint; value: bigint };
  transit: { quantity: bigint; value: bigint };
  picked: { quantity: bigint; value: bigint };
  quantity: bigint;
  value: bigint;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
export interface PageQuery {
  limit: number;
  offset: number;
}

/** The stock module: purchase orders and receipts, transfers, write-offs, stocktakes, and their reads. */
export interface Stock {
  order(input: OrderInput, by: StockActor, request?: RequestKey): Promise<PurchaseOrder>;
  receive(order: string, input: ReceiptInput, by: StockActor, request?: RequestKey): Promise<PurchaseOrder>;
  closeOrder(order: string, reason: string, by: StockActor, request?: RequestKey): Promise<PurchaseOrder>;
  purchaseOrder(id: string): Promise<PurchaseOrder>;
  purchaseOrders(q: PageQuery & { office: string; state?: string }): Promise<Page<PurchaseOrder>>;

  send(input: TransferInput, by: StockActor, request?: RequestKey): Promise<Transfer>;
  receiveTransfer(
    id: string,
    lines: Array<{ product: string; received: bigint }>,
    by: StockActor,
    request?: RequestKey,
  ): Promise<Transfer>;
  transfer(id: string): Promise<Transfer>;
  transfers(
    q: PageQuery & { office: string; direction: 'in' | 'out'; state?: string },
  ): Promise<Page<Transfer>>;

  writeOff(input: WriteOffInput, by: StockActor, request?: RequestKey): Promise<WriteOff>;

  count(input: CountInput, by: StockActor, request?: RequestKey): Promise<Stocktake>;
  approve(id: string, by: StockActor, request?: RequestKey): Promise<Stocktake>;
  reject(id: string, note: string, by: StockActor, request?: RequestKey): Promise<Stocktake>;
  stocktake(id: string): Promise<Stocktake>;
  stocktakes(q: PageQuery & { office: string; state?: string }): Promise<Page<Stocktake>>;

  officeStock(office: string): Promise<OfficeStockLine[]>;
  /** Offices with the product on their shelf (the route keeps those of the caller's province). */
  onShelves(product: string): Promise<Array<{ office_id: string; quantity: bigint }>>;
  moves(q: PageQuery & { office?: string; product?: string }): Promise<Page<Move>>;
}
