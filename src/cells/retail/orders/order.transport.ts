// An order's parcel on the move: each picked order handed to the delivery cell as an item the retail cell owns
// (with COD for an order paid on delivery), and the delivery cell's journal followed (in order, exactly once) for
// what became of it. The goods leave the stock office's books when the item is posted, not before; the sale is
// made when it is delivered; a parcel that came back puts the goods back on the shelf at the cost they left at.
import type { JournalEvent } from '../../../journal/index.ts';
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import { moveStock } from '../stock/index.ts';
import { orderDelivered, orderHandedOver, orderReturned } from './order.events.ts';
import type { OrderCarrier, OrdersDeps } from './order.model.ts';
import * as repo from './order.repository.ts';
import { loadOrder, orderGrams } from './order.service.ts';

type Trx = Kysely<RetailTables>;
const ACTOR = 'system:retail';

/** The key an order's parcel is taken in under: only the platform makes it (it holds ':'). */
export const orderKey = (order: string) => `order:${order}`;

function parseOrderKey(key: unknown): string | undefined {
  if (typeof key !== 'string') return undefined;
  const m = /^order:(DH\d{12})$/.exec(key);
  return m === null ? undefined : m[1];
}

/** Hands every picked order's parcel to the delivery cell; what fails is tried again on the next run. */
export async function carryOrders(
  deps: Pick<OrdersDeps, 'db'>,
  carrier: OrderCarrier,
  limit = 200,
): Promise<{ sent: number; failed: Array<{ key: string; error: string }> }> {
  let sent = 0;
  const failed: Array<{ key: string; error: string }> = [];
  for (const row of await repo.findPicked(deps.db, limit)) {
    const key = orderKey(row.id);
    try {
      const o = await loadOrder(deps.db, row.id);
      await carrier.send({
        key,
        office_id: o.office_id,
        actor: ACTOR,
        recipient: o.customer,
        weight_g: await orderGrams(deps.db, o.lines),
        cod_amount: o.payment === 'cod' ? o.amount_due : 0n,
      });
      sent++;
    } catch (err) {
      failed.push({ key, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { sent, failed };
}

interface AcceptedPayload {
  id: string;
  owner?: string | null;
  owner_key?: string | null;
}
interface DeliveredPayload {
  item: string;
  office: string;
  returning?: boolean;
}

/**
 * Handles the delivery cell's events in the retail cell (a consumer: in order, exactly once, its position stored
 * in this transaction). Only items the retail cell owns matter; the rest are passed over.
 */
export function ordersFollower(deps: Pick<OrdersDeps, 'journal'>) {
  const { journal } = deps;
  return async (trx: Trx, e: JournalEvent): Promise<void> => {
    switch (e.type) {
      case 'delivery.item.accepted': {
        const p = e.payload as AcceptedPayload;
        if (p.owner !== 'retail') return;
        const id = parseOrderKey(p.owner_key);
        if (id === undefined) return;
        const row = await repo.findOrder(trx, id);
        // An order cancelled while its parcel was being taken in stays cancelled: the parcel is the office's to
        // stop (its goods were put back on the shelf with the cancellation).
        if (row === undefined || row.state !== 'picked') return;
        await journal.lock(trx);
        const o = await loadOrder(trx, id);
        const moved = await moveStock(
          trx,
          journal,
          {
            id: `ordship:${o.id}`,
            kind: 'order_shipped',
            office: o.office_id,
            ref: o.id,
            lines: o.lines.map((l) => ({
              product: l.product,
              from: { office: o.office_id, place: 'picked' as const },
              to: { office: o.office_id, place: 'customer' as const },
              quantity: l.quantity,
            })),
          },
          ACTOR,
        );
        const cost = moved.lines.reduce((s, l) => s + BigInt(l.value), 0n);
        await journal.append(trx, orderHandedOver, {
          stream: o.id,
          actor: ACTOR,
          office: o.office_id,
          payload: {
            id: o.id,
            office: o.office_id,
            item: p.id,
            cost: cost.toString(),
            source_seq: e.seq.toString(),
          },
        });
        return;
      }
      case 'delivery.item.delivered': {
        const p = e.payload as DeliveredPayload;
        const row = await repo.findOrderByItem(trx, p.item);
        if (row === undefined || row.state !== 'handed_over') return;
        if (p.returning !== true) {
          await journal.append(trx, orderDelivered, {
            stream: row.id,
            actor: e.actor,
            office: row.office_id,
            payload: {
              id: row.id,
              office: row.office_id,
              item: p.item,
              payment: row.payment === 'prepaid' ? 'prepaid' : 'cod',
              total: BigInt(row.total).toString(),
              vat: BigInt(row.vat).toString(),
              shipping_fee: BigInt(row.shipping_fee).toString(),
              delivered_office: p.office,
              source_seq: e.seq.toString(),
            },
          });
          return;
        }
        // Back at the stock office: the goods onto its shelf at the cost they left at, line by line.
        await journal.lock(trx);
        const left = await repo.moveValues(trx, `ordship:${row.id}`);
        await moveStock(
          trx,
          journal,
          {
            id: `ordret:${row.id}`,
            kind: 'order_returned',
            office: row.office_id,
            ref: row.id,
            lines: left.map((l) => ({
              product: l.product_code,
              from: { office: row.office_id, place: 'customer' as const },
              to: { office: row.office_id, place: 'shelf' as const },
              quantity: BigInt(l.quantity),
              value: BigInt(l.value),
            })),
          },
          e.actor,
        );
        await journal.append(trx, orderReturned, {
          stream: row.id,
          actor: e.actor,
          office: row.office_id,
          payload: { id: row.id, office: row.office_id, item: p.item, source_seq: e.seq.toString() },
        });
        return;
      }
      default:
        return;
    }
  };
}
