// The retail cell's money in the finance ledger: finance follows the retail journal (a consumer: in order, exactly
// once, its position stored in the same transaction) and posts goods at cost, sales, returns and orders.
import { createHash } from 'node:crypto';
import type { Kysely } from '../../../storage/index.ts';
import type { Journal, JournalEvent } from '../../../journal/index.ts';
import { accountId, ensureOfficeAccount, TRANSFER_CODES, type AccountKind } from '../chart/index.ts';
import { owedCod, settleOwnedCod } from '../cod/index.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { findTransfers, postOrRecordRefusal, type Ledger, type TransferInput } from '../ledger/index.ts';

type Trx = Kysely<FinanceTables>;
const ACTOR = 'system:retail';
const T = TRANSFER_CODES;

// The money contract (docs/cells/retail.md): amounts are decimal strings of VND; other fields are ignored.
interface StockLine {
  product: string;
  from_office: string;
  from_place: string;
  to_office: string;
  to_place: string;
  quantity: number | string;
  value: string;
}
interface StockMoved {
  id: string;
  kind: string;
  office: string;
  lines: StockLine[];
}
interface SaleRecorded {
  id: string;
  office: string;
  clerk: string;
  payment: 'cash' | 'vietqr';
  total: string;
  vat: string;
}
interface SaleReturned {
  id: string;
  office: string;
  clerk: string;
  total: string;
  vat: string;
}
interface OrderPlaced {
  id: string;
  office: string;
  ordered_at_office: string | null;
  clerk: string | null;
  payment: 'cod' | 'prepaid';
  total: string;
  shipping_fee: string;
}
interface OrderDelivered {
  id: string;
  office: string;
  item: string;
  payment: 'cod' | 'prepaid';
  total: string;
  vat: string;
  shipping_fee: string;
  delivered_office: string;
}
interface OrderRefunded {
  id: string;
  office: string;
  clerk: string;
  amount: string;
}

/** Places that hold goods (the retail cell keeps them never below zero) and the account each is held in. */
const HELD: Record<string, AccountKind> = {
  shelf: 'inventory',
  picked: 'inventory',
  transit: 'goods_in_transit',
};

/** The account a place stands for on one side of a line: a held place's own, or where goods come from or go. */
function placeKind(place: string, side: 'from' | 'to'): AccountKind | undefined {
  const held = HELD[place];
  if (held !== undefined) return held;
  switch (place) {
    case 'supplier':
      return 'supplier_payable';
    case 'customer':
      return 'cost_of_goods';
    case 'written_off':
    case 'transit_loss':
      return 'stock_losses';
    case 'stocktake':
      // Counted short: goods leave for the stocktake (a loss); counted over: they come from it (a surplus).
      return side === 'to' ? 'stock_losses' : 'stock_surplus';
    default:
      return undefined;
  }
}

/** What kind of posting a line is, by its places. */
function codeOf(from: string, to: string): number | undefined {
  if (from === 'supplier') return T.stock_received;
  if (to === 'customer') return T.goods_cost;
  if (from === 'customer') return T.goods_cost_returned;
  if (to === 'transit') return T.stock_sent;
  if (to === 'transit_loss') return T.stock_lost_in_transit;
  if (from === 'transit') return T.stock_arrived;
  if (to === 'written_off') return T.stock_written_off;
  if (to === 'stocktake') return T.stocktake_short;
  if (from === 'stocktake') return T.stocktake_over;
  return undefined;
}

/** The ledger's ids are at most 100 characters: a derived id too long is named by its hash instead. */
function transferId(start: string, ...parts: string[]): string {
  const id = `${start}:${parts.join(':')}`;
  if (id.length <= 100) return id;
  return `${start}:${createHash('sha256').update(parts.join(':')).digest('hex')}`;
}

const unknownPlaces = (e: JournalEvent, line: StockLine) =>
  new FinanceError(
    'transfers_failed',
    `Retail event ${e.seq} moves goods from ${line.from_place} to ${line.to_place}, which the chart has no accounts for: finance stops here until it learns them`,
    `Sự kiện bán lẻ ${e.seq} chuyển hàng giữa hai nơi chưa có tài khoản kế toán`,
    { seq: e.seq.toString(), from_place: line.from_place, to_place: line.to_place },
  );

export interface RetailFollowerDeps {
  journal: Journal<FinanceTables>;
  ledger: Pick<Ledger, 'createTransfersIn' | 'openAccountsIn' | 'refusedIn'>;
}

/**
 * Handles the retail cell's events in the finance cell: each stock move's value between inventory, goods in
 * transit, suppliers, cost of goods and losses; a sale into the till (cash) or the office's settlement (VietQR),
 * as revenue and VAT; a return back out of the till; a prepaid order's money held as the customer's deposit; a
 * delivered order out of its COD (never remitted to a shipper: see cod.owned.ts) or its deposit to revenue, VAT
 * and the shipping fee; a refunded deposit back out of the till. Transfer ids derive from the event's ids, so a
 * handler run twice posts once.
 */
export function retailConsumer(deps: RetailFollowerDeps) {
  const { journal, ledger } = deps;
  const office = (trx: Trx, at: string, kind: AccountKind) =>
    ensureOfficeAccount(ledger, trx, at, kind, ACTOR);
  return async (trx: Trx, e: JournalEvent): Promise<void> => {
    const post = async (transfers: TransferInput[], at: string) => {
      let made = true;
      for (const t of transfers)
        if (BigInt(t.amount!) > 0n)
          made =
            (await postOrRecordRefusal(ledger, trx, t, {
              actor: ACTOR,
              office: at,
              cell: 'retail',
              seq: e.seq,
            })) && made;
      return made;
    };
    /** Where a prepaid order's deposit is held: where its deposit went (the order's office otherwise). */
    const depositOf = async (order: string, at: string) => {
      const [t] = await findTransfers(trx, [transferId('rod', order)]);
      return t?.credit_account_id ?? (await office(trx, at, 'customer_deposits'));
    };
    switch (e.type) {
      case 'retail.stock.moved': {
        const p = e.payload as StockMoved;
        const byPair = new Map<string, TransferInput>();
        for (const line of p.lines) {
          const debitKind = placeKind(line.to_place, 'to');
          const creditKind = placeKind(line.from_place, 'from');
          if (debitKind === undefined || creditKind === undefined) throw unknownPlaces(e, line);
          // Goods set aside for an order stay on the office's inventory.
          if (debitKind === creditKind && line.from_office === line.to_office) continue;
          const code = codeOf(line.from_place, line.to_place);
          if (code === undefined) throw unknownPlaces(e, line);
          // A place that holds no goods (a supplier, a customer, a loss) is on the books of the office it meets.
          const debitOffice = HELD[line.to_place] === undefined ? line.from_office : line.to_office;
          const creditOffice = HELD[line.from_place] === undefined ? line.to_office : line.from_office;
          const debit = await office(trx, debitOffice, debitKind);
          const credit = await office(trx, creditOffice, creditKind);
          const key = `${debit}|${credit}|${code}`;
          const t = byPair.get(key) ?? {
            id: transferId('stk', p.id, String(byPair.size)),
            debit_account_id: debit,
            credit_account_id: credit,
            amount: 0n,
            code,
            ref: p.id,
          };
          t.amount = BigInt(t.amount!) + BigInt(line.value);
          byPair.set(key, t);
        }
        await post([...byPair.values()], p.office);
        return;
      }
      case 'retail.sale.recorded': {
        const p = e.payload as SaleRecorded;
        const into =
          p.payment === 'cash'
            ? accountId(p.office, 'till_cash', p.clerk)
            : accountId(p.office, 'settlement');
        const vat = BigInt(p.vat);
        await post(
          [
            {
              id: transferId('rsl', p.id, 'net'),
              debit_account_id: into,
              credit_account_id: accountId(p.office, 'sales_revenue'),
              amount: BigInt(p.total) - vat,
              code: T.retail_sale,
              ref: p.id,
            },
            {
              id: transferId('rsl', p.id, 'vat'),
              debit_account_id: into,
              credit_account_id: await office(trx, p.office, 'vat_payable'),
              amount: vat,
              code: T.retail_sale_vat,
              ref: p.id,
            },
          ],
          p.office,
        );
        return;
      }
      case 'retail.sale.returned': {
        const p = e.payload as SaleReturned;
        const till = accountId(p.office, 'till_cash', p.clerk);
        const vat = BigInt(p.vat);
        await post(
          [
            {
              id: transferId('rrt', p.id, 'net'),
              debit_account_id: accountId(p.office, 'sales_revenue'),
              credit_account_id: till,
              amount: BigInt(p.total) - vat,
              code: T.retail_refund,
              ref: p.id,
            },
            {
              id: transferId('rrt', p.id, 'vat'),
              debit_account_id: await office(trx, p.office, 'vat_payable'),
              credit_account_id: till,
              amount: vat,
              code: T.retail_refund_vat,
              ref: p.id,
            },
          ],
          p.office,
        );
        return;
      }
      case 'retail.order.placed': {
        const p = e.payload as OrderPlaced;
        if (p.payment !== 'prepaid') return;
        const at = p.ordered_at_office ?? p.office;
        await post(
          [
            {
              id: transferId('rod', p.id),
              debit_account_id: accountId(at, 'till_cash', p.clerk ?? 'unknown'),
              credit_account_id: await office(trx, p.office, 'customer_deposits'),
              amount: BigInt(p.total) + BigInt(p.shipping_fee),
              code: T.order_deposit,
              ref: p.id,
            },
          ],
          at,
        );
        return;
      }
      case 'retail.order.delivered': {
        const p = e.payload as OrderDelivered;
        const amount = BigInt(p.total) + BigInt(p.shipping_fee);
        let from: string;
        let settle = false;
        if (p.payment === 'cod') {
          const owed = await owedCod(trx, p.item, 'retail', p.id, amount);
          from = accountId(owed === 'settled' ? p.delivered_office : owed.office, 'cod_payable');
          settle = owed !== 'settled';
        } else from = await depositOf(p.id, p.office);
        const vat = BigInt(p.vat);
        const part = (name: string, credit: string, value: bigint, code: number): TransferInput => ({
          id: transferId('ror', p.id, name),
          debit_account_id: from,
          credit_account_id: credit,
          amount: value,
          code,
          ref: p.id,
        });
        await post(
          [
            part('net', accountId(p.office, 'sales_revenue'), BigInt(p.total) - vat, T.order_revenue),
            part('vat', await office(trx, p.office, 'vat_payable'), vat, T.order_vat),
            part('ship', accountId(p.office, 'fee_revenue'), BigInt(p.shipping_fee), T.order_shipping),
          ],
          p.office,
        );
        if (settle)
          await settleOwnedCod(
            journal,
            trx,
            { item: p.item, owner: 'retail', ref: p.id, amount, office: p.delivered_office },
            ACTOR,
          );
        return;
      }
      case 'retail.order.refunded': {
        const p = e.payload as OrderRefunded;
        await post(
          [
            {
              id: transferId('rrf', p.id),
              debit_account_id: await depositOf(p.id, p.office),
              credit_account_id: accountId(p.office, 'till_cash', p.clerk),
              amount: BigInt(p.amount),
              code: T.order_refund,
              ref: p.id,
            },
          ],
          p.office,
        );
        return;
      }
      default:
        return;
    }
  };
}
