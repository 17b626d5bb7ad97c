// Orders at the counter: placed for a customer from an office's stock (prices of its province today, the carriage
// the delivery cell's tariff), the goods set aside by the stock office, or the order cancelled before the parcel
// leaves. Every refusal comes before anything is written; every change of stock goes through the stock ledger in
// the same transaction as the order's own event.
import { vietnamDay } from '../../../platform/clock.ts';
import { found } from '../../../platform/errors.ts';
import { searchTokens } from '../../../platform/text.ts';
import type { Kysely } from '../../../storage/index.ts';
import { pricesOn } from '../catalogue/index.ts';
import { RetailError } from '../retail-error.ts';
import { checkTillCovers } from '../till-cash.ts';
import type { RetailTables } from '../retail-tables.ts';
import { moveStock } from '../stock/index.ts';
import { bad, checkOrder, vatInside } from './order.checks.ts';
import { orderCancelled, orderPicked, orderPlaced, orderRefunded } from './order.events.ts';
import {
  PACKING_GRAMS,
  UNIT_GRAMS,
  type Order,
  type OrderLinks,
  type Orders,
  type OrdersDeps,
} from './order.model.ts';
import * as repo from './order.repository.ts';

type Trx = Kysely<RetailTables>;
/** The heaviest parcel the delivery cell takes (its parcel service's limit). */
const MAX_GRAMS = 31_500;

export const notFound = (id: string) =>
  new RetailError(
    'order_not_found',
    `No order ${JSON.stringify(id.slice(0, 40))}: check the number (DH…) on the customer's slip`,
    'Không tìm thấy đơn hàng: hãy kiểm tra mã đơn (DH…)',
    { order: id.slice(0, 40) },
  );

const outOfOrder = (o: repo.OrderRow, what: string, whatVi: string) =>
  new RetailError(
    'retail_out_of_order',
    `Order ${o.id} is ${o.state}: it cannot be ${what} now`,
    `Đơn hàng ${o.id} đang ở trạng thái ${o.state}: không thể ${whatVi}`,
    { order: o.id, state: o.state },
  );

/** The order as staff see it, with its lines named. */
export async function loadOrder(db: Trx, id: string): Promise<Order> {
  const r = found(await repo.findOrder(db, id), () => notFound(id));
  return (await toOrders(db, [r]))[0]!;
}

export async function toOrders(db: Trx, rows: readonly repo.OrderRow[]): Promise<Order[]> {
  const lines = await repo.findLines(
    db,
    rows.map((r) => r.id),
  );
  const products = new Map(
    (await repo.findProducts(db, [...new Set(lines.map((l) => l.product_code))])).map((p) => [p.code, p]),
  );
  return rows.map((r) => ({
    id: r.id,
    office_id: r.office_id,
    province_code: r.province_code,
    ordered_at_office: r.ordered_at_office,
    ordered_by: r.ordered_by,
    customer: {
      name: r.customer_name,
      phone: r.customer_phone,
      address: r.customer_address,
      commune: r.customer_commune,
    },
    payment: r.payment as Order['payment'],
    till_session_id: r.till_session_id,
    state: r.state as Order['state'],
    total: BigInt(r.total),
    vat: BigInt(r.vat),
    shipping_fee: BigInt(r.shipping_fee),
    amount_due: BigInt(r.total) + BigInt(r.shipping_fee),
    cost: BigInt(r.cost),
    item_id: r.item_id,
    created_at: r.created_at,
    updated_at: r.updated_at,
    lines: lines
      .filter((l) => l.order_id === r.id)
      .map((l) => {
        const p = products.get(l.product_code);
        return {
          line_no: Number(l.line_no),
          product: l.product_code,
          name_vi: p?.name_vi ?? l.product_code,
          name_en: p?.name_en ?? l.product_code,
          unit: p?.unit ?? '',
          quantity: BigInt(l.quantity),
          unit_price: BigInt(l.unit_price),
          price_kind: l.price_kind === 'promotion' ? ('promotion' as const) : ('list' as const),
          vat_rate: Number(l.vat_rate),
          amount: BigInt(l.amount),
          vat: BigInt(l.vat),
        };
      }),
  }));
}

/** The parcel's weight: each unit by its category, and the box. */
export async function orderGrams(db: Trx, lines: ReadonlyArray<{ product: string; quantity: bigint }>) {
  const products = new Map(
    (
      await repo.findProducts(
        db,
        lines.map((l) => l.product),
      )
    ).map((p) => [p.code, p]),
  );
  return lines.reduce(
    (g, l) => g + (UNIT_GRAMS[products.get(l.product)?.category ?? 'other'] ?? 500) * Number(l.quantity),
    PACKING_GRAMS,
  );
}

const pickLines = (o: Order, from: 'shelf' | 'picked', to: 'shelf' | 'picked') =>
  o.lines.map((l) => ({
    product: l.product,
    from: { office: o.office_id, place: from },
    to: { office: o.office_id, place: to },
    quantity: l.quantity,
  }));

/** The counter jobs of the orders module. */
export function createOrderDesk(deps: OrdersDeps): Orders {
  const { db, journal, requests, clock } = deps;
  const links = (): OrderLinks => {
    if (deps.links === undefined)
      throw new Error('the orders module was opened without its links to the network');
    return deps.links;
  };
  const answerFirst = async (trx: Trx, first: string | null) =>
    first === null ? undefined : loadOrder(trx, first);
  /** A prepaid order's deposit given back in cash from the clerk's till (finance posts it). */
  const giveBack = (trx: Trx, o: Order, by: { actor: string; office_id: string; till_session_id: string }) =>
    journal.append(trx, orderRefunded, {
      stream: o.id,
      actor: by.actor,
      office: by.office_id,
      payload: {
        id: o.id,
        office: by.office_id,
        clerk: by.actor,
        till_session_id: by.till_session_id,
        amount: o.amount_due.toString(),
      },
    });

  return {
    async place(input, desk, request) {
      const o = checkOrder(input);
      const net = links();
      const office = await net.office(o.office);
      if (office === undefined)
        throw bad(
          'office',
          `${JSON.stringify(o.office.slice(0, 40))} is not an open post office`,
          'Bưu cục có hàng không tồn tại hoặc đã đóng',
        );
      if (!(await net.communeExists(o.customer.commune)))
        throw bad(
          'customer.commune',
          `${o.customer.commune} is not the code of a commune`,
          'Xã/phường của khách hàng không có trong danh mục: hãy chọn lại',
        );
      if (o.payment === 'prepaid' && desk.till_session_id === null)
        throw bad(
          'payment',
          'prepaid needs your open till: open it, or take cash on delivery',
          'Trả trước cần quầy thu ngân đang mở của bạn',
        );
      const day = vietnamDay(clock.now());
      const prices = await pricesOn(
        db,
        o.lines.map((l) => l.product),
        office.province_code,
        day,
      );
      const lines = o.lines.map((l, i) => {
        const p = prices.get(l.product);
        if (p === undefined || !p.active)
          throw bad(
            `lines[${i}].product`,
            `${l.product} is not a product on sale: search the catalogue`,
            `Dòng ${i + 1}: mã hàng ${l.product} không có hoặc đã ngừng bán`,
            'product_not_found',
          );
        if (p.price === undefined || p.price_kind === undefined)
          throw bad(
            `lines[${i}].product`,
            `${l.product} has no price in province ${office.province_code} on ${day}: ask the province to set one`,
            `Dòng ${i + 1}: mặt hàng ${l.product} chưa có giá bán tại tỉnh này`,
            'price_missing',
          );
        const amount = p.price * l.quantity;
        return {
          product: l.product,
          quantity: l.quantity.toString(),
          unit_price: p.price.toString(),
          price_kind: p.price_kind,
          vat_rate: p.vat_rate,
          amount: amount.toString(),
          vat: vatInside(amount, p.vat_rate).toString(),
        };
      });
      const weight = await orderGrams(db, o.lines);
      if (weight > MAX_GRAMS)
        throw bad(
          'lines',
          `weigh about ${weight} g, over the ${MAX_GRAMS} g a parcel may: split the order`,
          `Đơn hàng nặng khoảng ${weight} g, quá ${MAX_GRAMS} g của một bưu kiện: hãy tách đơn`,
        );
      const shipping = await net.shippingFee({
        office: office.id,
        commune: o.customer.commune,
        weight_g: weight,
      });
      const total = lines.reduce((s, l) => s + BigInt(l.amount), 0n);
      const vat = lines.reduce((s, l) => s + BigInt(l.vat), 0n);
      const prefix = `DH${office.postcode}`;
      return journal.transaction(async (trx) => {
        const again = await answerFirst(trx, await requests.first(trx, request));
        if (again !== undefined) return again;
        await checkShelf(trx, office.id, o.lines);
        const serial = await repo.nextSerial(trx, prefix);
        if (serial > 9_999_999n)
          throw bad(
            'office',
            `${office.postcode} has used up its order numbers`,
            'Bưu cục đã dùng hết dãy mã đơn hàng',
          );
        const id = `${prefix}${serial.toString().padStart(7, '0')}`;
        await journal.append(trx, orderPlaced, {
          stream: id,
          actor: desk.clerk_id,
          office: desk.office_id,
          payload: {
            id,
            office: office.id,
            province: office.province_code,
            ordered_at_office: desk.office_id,
            clerk: desk.clerk_id,
            till_session_id: o.payment === 'prepaid' ? desk.till_session_id : null,
            payment: o.payment,
            total: total.toString(),
            vat: vat.toString(),
            shipping_fee: shipping.toString(),
            day,
            customer: o.customer,
            lines,
          },
        });
        await requests.answered(trx, request, id, { actor: desk.clerk_id, office: desk.office_id });
        return loadOrder(trx, id);
      });
    },
    async pick(id, actor, request) {
      return journal.transaction(async (trx) => {
        const again = await answerFirst(trx, await requests.first(trx, request));
        if (again !== undefined) return again;
        const o = await loadOrder(trx, id);
        if (o.state !== 'placed') throw outOfOrder(await rowOf(trx, id), 'picked', 'lấy hàng');
        await moveStock(
          trx,
          journal,
          {
            id: `ordpick:${o.id}`,
            kind: 'order_picked',
            office: o.office_id,
            ref: o.id,
            lines: pickLines(o, 'shelf', 'picked'),
          },
          actor,
        );
        await journal.append(trx, orderPicked, {
          stream: o.id,
          actor,
          office: o.office_id,
          payload: { id: o.id, office: o.office_id },
        });
        await requests.answered(trx, request, o.id, { actor, office: o.office_id });
        return loadOrder(trx, o.id);
      });
    },
    async cancel(id, by, request) {
      return journal.transaction(async (trx) => {
        const again = await answerFirst(trx, await requests.first(trx, request));
        if (again !== undefined) return again;
        const o = await loadOrder(trx, id);
        if (o.state !== 'placed' && o.state !== 'picked')
          throw outOfOrder(await rowOf(trx, id), 'cancelled', 'hủy (hàng đã giao cho bưu chính)');
        if (o.payment === 'prepaid' && (by.till_session_id === null || by.office_id === null))
          throw bad(
            'till',
            'is needed: the prepaid deposit is given back in cash from your open till',
            'Cần quầy thu ngân đang mở của bạn để hoàn tiền khách đã trả trước',
          );
        if (o.payment === 'prepaid')
          await checkTillCovers(deps.tillCash, by.office_id!, by.actor, o.amount_due);
        const unpicked = o.state === 'picked';
        if (unpicked)
          await moveStock(
            trx,
            journal,
            {
              id: `ordunpick:${o.id}`,
              kind: 'order_unpicked',
              office: o.office_id,
              ref: o.id,
              lines: pickLines(o, 'picked', 'shelf'),
            },
            by.actor,
          );
        await journal.append(trx, orderCancelled, {
          stream: o.id,
          actor: by.actor,
          office: o.office_id,
          payload: { id: o.id, office: o.office_id, unpicked },
        });
        if (o.payment === 'prepaid')
          await giveBack(trx, o, {
            actor: by.actor,
            office_id: by.office_id!,
            till_session_id: by.till_session_id!,
          });
        await requests.answered(trx, request, o.id, { actor: by.actor, office: o.office_id });
        return loadOrder(trx, o.id);
      });
    },
    async refund(id, by, request) {
      return journal.transaction(async (trx) => {
        const again = await answerFirst(trx, await requests.first(trx, request));
        if (again !== undefined) return again;
        const o = await loadOrder(trx, id);
        if (o.state !== 'returned' || o.payment !== 'prepaid')
          throw outOfOrder(
            await rowOf(trx, id),
            'refunded',
            o.state === 'refunded' ? 'hoàn tiền (đã hoàn rồi)' : 'hoàn tiền (chỉ đơn trả trước đã hoàn về)',
          );
        if (by.office_id !== o.office_id && by.office_id !== o.ordered_at_office)
          throw new RetailError(
            'order_not_yours',
            `Order ${o.id} was neither placed at nor sent from your till's office: the deposit is given back at one of those`,
            'Đơn hàng không thuộc bưu cục của quầy bạn: khách nhận lại tiền tại bưu cục đã đặt hoặc đã gửi hàng',
            { order: o.id },
          );
        await checkTillCovers(deps.tillCash, by.office_id, by.actor, o.amount_due);
        await giveBack(trx, o, by);
        await requests.answered(trx, request, o.id, { actor: by.actor, office: by.office_id });
        return loadOrder(trx, o.id);
      });
    },
    get: (id) => loadOrder(db, id),
    async list(q) {
      const { rows, total } = await repo.listOrders(db, q);
      return { items: await toOrders(db, rows), total, limit: q.limit, offset: q.offset };
    },
    async goods(office, q) {
      const tokens = searchTokens(q.slice(0, 100)).slice(0, 5);
      const rows = await repo.searchShelf(db, office, tokens, 30);
      const o = await links().office(office);
      const prices =
        o === undefined
          ? new Map<string, { price?: bigint }>()
          : await pricesOn(
              db,
              rows.map((r) => r.code),
              o.province_code,
              vietnamDay(clock.now()),
            );
      return rows.map((r) => ({
        code: r.code,
        name_vi: r.name_vi,
        name_en: r.name_en,
        unit: r.unit,
        category: r.category,
        price: prices.get(r.code)?.price ?? null,
        on_shelf: BigInt(r.on_shelf),
      }));
    },
  };
}

const rowOf = async (trx: Trx, id: string) => (await repo.findOrder(trx, id))!;

/** Refuses an order whose goods the stock office's shelf does not hold now (nothing is set aside until picked). */
async function checkShelf(
  trx: Trx,
  office: string,
  lines: ReadonlyArray<{ product: string; quantity: bigint }>,
): Promise<void> {
  const shelf = await repo.shelfOf(
    trx,
    office,
    lines.map((l) => l.product),
  );
  lines.forEach((l, i) => {
    const have = shelf.get(l.product) ?? 0n;
    if (have < l.quantity)
      throw bad(
        `lines[${i}].quantity`,
        `${l.product}: office ${office} has ${have} on the shelf, fewer than ${l.quantity}: lower the quantity or order from another office`,
        `Dòng ${i + 1}: mặt hàng ${l.product} chỉ còn ${have} tại bưu cục (cần ${l.quantity}); hãy giảm số lượng hoặc đặt từ bưu cục khác`,
        'insufficient_stock',
        { product: l.product, office, available: have.toString() },
      );
  });
}
