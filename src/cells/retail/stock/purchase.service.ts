// Purchase orders: an office manager orders goods for the office from a supplier; the goods arrive in one or
// several receipts (each the supplier's delivery note, one move supplier → shelf at the order's unit cost), and
// the order is received once every line is in, or closed short by the manager.
import type { Kysely } from '../../../storage/index.ts';
import { found } from '../../../platform/errors.ts';
import { RetailError } from '../retail-error.ts';
import type { RetailTables } from '../retail-tables.ts';
import { moveStock } from './stock.ledger.ts';
import { purchaseClosed, purchaseOrdered, purchaseReceived, SERIAL_PREFIXES } from './goods.events.ts';
import { bad, checkLines, orderNotFound, outOfOrder, textOf } from './goods.checks.ts';
import type { Move, PurchaseOrder, Stock, StockActor, StockDeps } from './goods.model.ts';
import * as repo from './goods.repository.ts';
import { movesOf } from './goods.reads.ts';

type Db = Kysely<RetailTables>;

export async function loadOrder(db: Db, id: string): Promise<PurchaseOrder> {
  const r = found(await repo.findOrder(db, id), () => orderNotFound(id));
  return (await toOrders(db, [r]))[0]!;
}

export async function toOrders(db: Db, rows: readonly repo.OrderRow[]): Promise<PurchaseOrder[]> {
  const ids = rows.map((r) => r.id);
  const lines = await repo.findOrderLines(db, ids);
  const moves = await movesOf(db, ids);
  return rows.map((r) => ({
    id: r.id,
    office_id: r.office_id,
    supplier_code: r.supplier_code,
    state: r.state as PurchaseOrder['state'],
    note: r.note,
    created_by: r.created_by,
    created_at: r.created_at,
    updated_at: r.updated_at,
    lines: lines
      .filter((l) => l.order_id === r.id)
      .map((l) => ({
        product: l.product_code,
        quantity: BigInt(l.quantity),
        unit_cost: BigInt(l.unit_cost),
        received: BigInt(l.received),
      })),
    receipts: moves.filter((m: Move) => m.ref === r.id),
  }));
}

/** The purchase jobs of the stock module. */
export function createPurchases(deps: StockDeps): Pick<Stock, 'order' | 'receive' | 'closeOrder'> {
  const { journal, requests } = deps;
  const again = async (trx: Db, first: string | null) => (first === null ? undefined : loadOrder(trx, first));

  async function open(trx: Db, id: string, by: StockActor): Promise<PurchaseOrder> {
    const o = await loadOrder(trx, id);
    // Another office's order answers as one that is not there.
    if (by.office !== null && by.office !== o.office_id) throw orderNotFound(id);
    if (o.state !== 'open')
      throw outOfOrder(
        `Purchase order ${id} is ${o.state}: nothing more is received against it`,
        o.state === 'received'
          ? 'Đơn mua hàng đã nhận đủ hàng'
          : 'Đơn mua hàng đã đóng: hãy lập đơn mới cho số hàng còn thiếu',
        { order: id, state: o.state },
      );
    return o;
  }

  return {
    async order(input, by, request) {
      return journal.transaction(async (trx) => {
        const first = await again(trx, await requests.first(trx, request));
        if (first !== undefined) return first;
        const supplier = textOf('supplier', input.supplier, 40, 'Nhà cung cấp');
        if ((await repo.findSupplier(trx, supplier)) === undefined)
          throw new RetailError(
            'supplier_not_found',
            `supplier ${JSON.stringify(supplier)} is not in the catalogue: check its code`,
            'Nhà cung cấp không có trong danh mục: hãy kiểm tra mã nhà cung cấp',
            { field: 'supplier' },
          );
        const lines = await checkLines(trx, input.lines, (l) => l.quantity);
        lines.forEach((l, i) => {
          if (typeof l.unit_cost !== 'bigint' || l.unit_cost < 0n || l.unit_cost > 999_999_999_999n)
            throw bad(
              `lines[${i}].unit_cost`,
              'must be the cost per unit before VAT in whole đồng',
              `Dòng ${i + 1}: đơn giá nhập (chưa VAT) phải là số đồng nguyên`,
              { line: i + 1 },
            );
        });
        const id = `${SERIAL_PREFIXES.order}${(await repo.nextSerial(trx, SERIAL_PREFIXES.order)).toString().padStart(8, '0')}`;
        await journal.append(trx, purchaseOrdered, {
          stream: id,
          actor: by.staff,
          office: input.office,
          payload: {
            id,
            office: input.office,
            supplier,
            lines: lines.map((l) => ({
              product: l.product,
              quantity: l.quantity.toString(),
              unit_cost: l.unit_cost.toString(),
            })),
          },
        });
        await requests.answered(trx, request, id, { actor: by.staff, office: input.office });
        return loadOrder(trx, id);
      });
    },

    async receive(id, input, by, request) {
      return journal.transaction(async (trx) => {
        const first = await again(trx, await requests.first(trx, request));
        if (first !== undefined) return first;
        const o = await open(trx, id, by);
        const note = textOf('delivery_note', input.delivery_note, 60, 'Số phiếu giao hàng của nhà cung cấp');
        const lines = await checkLines(trx, input.lines, (l) => l.quantity);
        const planned = lines.map((l, i) => {
          const ordered = o.lines.find((x) => x.product === l.product);
          if (ordered === undefined)
            throw new RetailError(
              'received_beyond_order',
              `Line ${i + 1}: ${l.product} is not on purchase order ${id}: order it first`,
              `Dòng ${i + 1}: mặt hàng ${l.product} không có trong đơn mua hàng: hãy lập đơn cho mặt hàng này`,
              { field: `lines[${i}].product`, line: i + 1, product: l.product },
            );
          const left = ordered.quantity - ordered.received;
          if (l.quantity > left)
            throw new RetailError(
              'received_beyond_order',
              `Line ${i + 1}: ${l.quantity} of ${l.product} is more than the ${left} still to come on ${id} (ordered ${ordered.quantity}, received ${ordered.received}): receive at most ${left} and return the rest to the supplier`,
              `Dòng ${i + 1}: nhận ${l.quantity} ${l.product} vượt số còn lại của đơn (${left}): chỉ nhận tối đa ${left}, trả lại phần thừa cho nhà cung cấp`,
              { field: `lines[${i}].quantity`, line: i + 1, product: l.product, left: left.toString() },
            );
          return { ...l, unit_cost: ordered.unit_cost };
        });
        const n = o.receipts.length + 1;
        const move = `rcv:${id}:${n}`;
        const moved = await moveStock(
          trx,
          journal,
          {
            id: move,
            kind: 'receipt',
            office: o.office_id,
            ref: id,
            reason: `phiếu giao ${note}`,
            lines: planned.map((l) => ({
              product: l.product,
              from: { office: o.office_id, place: 'supplier' as const },
              to: { office: o.office_id, place: 'shelf' as const },
              quantity: l.quantity,
              value: l.quantity * l.unit_cost,
            })),
          },
          by.staff,
        );
        const complete = o.lines.every(
          (x) => x.received + (planned.find((l) => l.product === x.product)?.quantity ?? 0n) === x.quantity,
        );
        await journal.append(trx, purchaseReceived, {
          stream: id,
          actor: by.staff,
          office: o.office_id,
          payload: {
            order: id,
            office: o.office_id,
            move,
            delivery_note: note,
            lines: moved.lines.map((l) => ({ product: l.product, quantity: l.quantity, value: l.value })),
            state: complete ? 'received' : 'open',
          },
        });
        await requests.answered(trx, request, id, { actor: by.staff, office: o.office_id });
        return loadOrder(trx, id);
      });
    },

    async closeOrder(id, reason, by, request) {
      return journal.transaction(async (trx) => {
        const first = await again(trx, await requests.first(trx, request));
        if (first !== undefined) return first;
        const o = await open(trx, id, by);
        const why = textOf('reason', reason, 500, 'Lý do đóng đơn');
        await journal.append(trx, purchaseClosed, {
          stream: id,
          actor: by.staff,
          office: o.office_id,
          payload: { order: id, office: o.office_id, reason: why },
        });
        await requests.answered(trx, request, id, { actor: by.staff, office: o.office_id });
        return loadOrder(trx, id);
      });
    },
  };
}
