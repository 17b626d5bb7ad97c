// Sales at the counter: a basket priced from the catalogue of the office's province on the Vietnam day, paid in
// cash into the clerk's till or by VietQR, recorded as one sale event with the goods' move shelf → customer;
// and returns against a sale at its office, the goods back at the cost they left at and the cash refunded.
// Every refusal comes before anything is written.
import { vietnamDay } from '../../../platform/clock.ts';
import { found } from '../../../platform/errors.ts';
import { searchKey } from '../../../platform/text.ts';
import type { Kysely } from '../../../storage/index.ts';
import { pricesOn, type PricedProduct } from '../catalogue/index.ts';
import type { Journal, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { RetailError } from '../retail-error.ts';
import { checkTillCovers, type TillCash } from '../till-cash.ts';
import type { RetailTables } from '../retail-tables.ts';
import { moveStock } from '../stock/index.ts';
import { bad, basketOf, returnOf, tenderedOf } from './sale.checks.ts';
import { saleRecorded, saleReturned } from './sale.events.ts';
import type { Sale, SaleAt, SaleInput, Sales } from './sale.model.ts';
import { MAX_CHANGE, MAX_TOTAL, priceLines, shareOf } from './sale.pricing.ts';
import * as repo from './sale.repository.ts';
import { toSales } from './sale.read.ts';

type Trx = Kysely<RetailTables>;

export const saleNotFound = (id: string) =>
  new RetailError(
    'sale_not_found',
    `No sale ${JSON.stringify(id.slice(0, 40))}: check the number on the receipt (BH + postcode + serial)`,
    'Không tìm thấy hóa đơn: hãy kiểm tra số hóa đơn (BH + mã bưu chính + số thứ tự)',
    { sale: id.slice(0, 40) },
  );

export async function loadSale(db: Trx, id: string): Promise<Sale> {
  const row = found(await repo.findSale(db, id), () => saleNotFound(id));
  return (await toSales(db, [row]))[0]!;
}

/** The basket priced: each line's product (active, priced that day in the province) and its amount and VAT. */
async function priceBasket(db: Trx, lines: unknown, province: string, day: string) {
  const basket = basketOf(lines);
  const found = await pricesOn(
    db,
    basket.flatMap((l) => (l.product === undefined ? [] : [l.product])),
    province,
    day,
    basket.flatMap((l) => (l.product === undefined ? [l.barcode!] : [])),
  );
  const byBarcode = new Map([...found.values()].map((p) => [p.barcode, p.code]));
  const codes: string[] = [];
  for (const [i, l] of basket.entries()) {
    const code = l.product ?? byBarcode.get(l.barcode!);
    if (code === undefined)
      throw bad(
        `lines[${i}].barcode`,
        `${l.barcode} is not in the catalogue: search the product by name`,
        `Dòng ${i + 1}: mã vạch ${l.barcode} chưa có trong danh mục hàng; hãy tìm theo tên`,
        { line: i + 1 },
        'product_not_found',
      );
    codes.push(code);
  }
  const products = codes.map(
    (code, i): PricedProduct & { price: bigint; price_kind: 'list' | 'promotion' } => {
      const p = found.get(code);
      const field = basket[i]!.barcode === undefined ? `lines[${i}].product` : `lines[${i}].barcode`;
      if (p === undefined)
        throw bad(
          field,
          `${JSON.stringify(code.slice(0, 40))} is not in the catalogue`,
          `Dòng ${i + 1}: mã hàng ${code.slice(0, 40)} không có trong danh mục`,
          { line: i + 1 },
          'product_not_found',
        );
      if (!p.active)
        throw bad(
          field,
          `${code} is no longer sold`,
          `Dòng ${i + 1}: mặt hàng ${p.name_vi} đã ngừng kinh doanh`,
          { line: i + 1, product: code },
          'product_not_found',
        );
      if (p.price === undefined)
        throw bad(
          field,
          `${code} has no price in province ${province} on ${day}: ask the provincial manager to set one`,
          `Dòng ${i + 1}: mặt hàng ${p.name_vi} chưa có giá bán tại tỉnh ngày ${day}; hãy báo quản lý tỉnh`,
          { line: i + 1, product: code, province, day },
          'price_missing',
        );
      return p as PricedProduct & { price: bigint; price_kind: 'list' | 'promotion' };
    },
  );
  const sums = priceLines(
    products.map((p, i) => ({ unit_price: p.price, quantity: basket[i]!.quantity, vat_rate: p.vat_rate })),
  );
  if (sums.total > MAX_TOTAL)
    throw bad(
      'lines',
      `come to more than ${MAX_TOTAL} ₫: split the sale`,
      'Tổng hóa đơn vượt quá 1.000.000.000 ₫: hãy tách thành nhiều hóa đơn',
    );
  return {
    ...sums,
    lines: products.map((p, i) => ({
      line: i + 1,
      product: p.code,
      barcode: p.barcode,
      name_vi: p.name_vi,
      name_en: p.name_en,
      unit: p.unit,
      quantity: basket[i]!.quantity,
      unit_price: p.price,
      price_kind: p.price_kind,
      vat_rate: p.vat_rate,
      amount: sums.lines[i]!.amount,
      vat: sums.lines[i]!.vat,
    })),
  };
}

/** What the sales module is built over: the cell's database, journal, clock and idempotency keys. */
export interface SalesDeps {
  db: Kysely<RetailTables>;
  journal: Journal<RetailTables>;
  clock: Clock;
  requests: RequestKeys<RetailTables>;
  /**
   * The cash a clerk's till holds now (the finance cell's ledger): a refund above it is refused before anything is
   * written, so that the finance cell, which must post the refund out of that till, is never handed one it cannot.
   */
  tillCash?: TillCash;
}

/** The sales jobs of the retail cell. */
export function createSales(ctx: SalesDeps): Sales {
  const { db, journal, requests, clock } = ctx;
  const today = () => vietnamDay(clock.now());

  return {
    async quote(input, at) {
      const priced = await priceBasket(db, input.lines, at.province_code, today());
      return { lines: priced.lines, vat_groups: priced.groups, total: priced.total, vat: priced.vat };
    },

    async sell(input: SaleInput, at: SaleAt, request) {
      if (typeof input !== 'object' || input === null)
        throw bad('sale', 'must be an object', 'Thiếu thông tin bán hàng');
      const tendered = tenderedOf(input);
      return journal.transaction(async (trx) => {
        const first = await requests.first(trx, request);
        if (first !== null) return loadSale(trx, first);
        const day = today();
        const priced = await priceBasket(trx, input.lines, at.province_code, day);
        if (tendered !== null && tendered < priced.total)
          throw bad(
            'tendered',
            `${tendered} ₫ is less than the total ${priced.total} ₫`,
            `Khách đưa ${tendered} ₫, chưa đủ tổng tiền ${priced.total} ₫`,
            { total: priced.total.toString() },
            'payment_does_not_match',
          );
        if (tendered !== null && tendered - priced.total > MAX_CHANGE)
          throw bad(
            'tendered',
            `${tendered} ₫ exceeds the total by more than ${MAX_CHANGE} ₫: check the figure`,
            'Số tiền khách đưa lớn bất thường so với tổng hóa đơn: hãy kiểm tra lại',
            { total: priced.total.toString() },
            'payment_does_not_match',
          );
        const prefix = `BH${at.postcode}`;
        const serial = await repo.nextSerial(trx, prefix);
        if (serial > 9_999_999n)
          throw new RetailError(
            'retail_out_of_order',
            `Office ${at.postcode} has used up its receipt numbers`,
            'Bưu cục đã dùng hết dãy số hóa đơn',
            {},
          );
        const id = `${prefix}${serial.toString().padStart(7, '0')}`;
        const moveId = `sale:${id}`;
        // The goods leave the shelf first: the ledger values them and refuses what is not there, naming the line.
        const move = await moveStock(
          trx,
          journal,
          {
            id: moveId,
            kind: 'sale',
            office: at.office_id,
            ref: id,
            lines: priced.lines.map((l) => ({
              product: l.product,
              from: { office: at.office_id, place: 'shelf' as const },
              to: { office: at.office_id, place: 'customer' as const },
              quantity: l.quantity,
            })),
          },
          at.clerk_id,
        );
        const costs = move.lines.map((l) => BigInt(l.value));
        const recorded = await journal.append(trx, saleRecorded, {
          stream: id,
          actor: at.clerk_id,
          office: at.office_id,
          payload: {
            id,
            office: at.office_id,
            province: at.province_code,
            clerk: at.clerk_id,
            till_session_id: at.till_session_id,
            day,
            payment: input.payment,
            total: priced.total.toString(),
            vat: priced.vat.toString(),
            vat_groups: priced.groups.map((g) => ({
              rate: g.rate as 0 | 5 | 8 | 10,
              amount: g.amount.toString(),
              vat: g.vat.toString(),
            })),
            tendered: tendered?.toString() ?? null,
            change: tendered === null ? null : (tendered - priced.total).toString(),
            cost: costs.reduce((s, c) => s + c, 0n).toString(),
            move: moveId,
            reference: input.payment === 'vietqr' ? (request?.given ?? null) : null,
            lines: priced.lines.map((l, i) => ({
              line: l.line,
              product: l.product,
              quantity: l.quantity.toString(),
              unit_price: l.unit_price.toString(),
              price_kind: l.price_kind,
              vat_rate: l.vat_rate as 0 | 5 | 8 | 10,
              amount: l.amount.toString(),
              vat: l.vat.toString(),
              cost: costs[i]!.toString(),
            })),
          },
        });
        await requests.answered(trx, request, id, { actor: at.clerk_id, office: at.office_id });
        // What was just written, as a read would give it back (the service test holds the two equal).
        return {
          id,
          office_id: at.office_id,
          province_code: at.province_code,
          clerk_id: at.clerk_id,
          till_session_id: at.till_session_id,
          day,
          payment: input.payment,
          total: priced.total,
          vat: priced.vat,
          vat_groups: priced.groups,
          tendered,
          change: tendered === null ? null : tendered - priced.total,
          cost: costs.reduce((s, c) => s + c, 0n),
          at: recorded.at,
          seq: recorded.seq,
          lines: priced.lines.map((l, i) => ({ ...l, cost: costs[i]!, returned: 0n })),
          returns: [],
        };
      });
    },

    async return(input, at, request) {
      if (typeof input !== 'object' || input === null)
        throw bad('return', 'must be an object', 'Thiếu thông tin trả hàng');
      const asked = returnOf(input);
      return journal.transaction(async (trx) => {
        const first = await requests.first(trx, request);
        if (first !== null)
          return { sale: await loadSale(trx, first.replace(/-\d+$/, '')), return_id: first };
        const sale = await loadSale(trx, typeof input.sale === 'string' ? input.sale.trim() : '');
        if (sale.office_id !== at.office_id)
          throw new RetailError(
            'sale_at_other_office',
            `Sale ${sale.id} was made at another office: goods are taken back where they were sold`,
            'Hóa đơn này được bán tại bưu cục khác: khách trả hàng tại bưu cục đã bán',
            { sale: sale.id },
          );
        const lines = asked.lines.map((l, i) => {
          const sold = sale.lines.find((s) => s.line === l.line);
          if (sold === undefined)
            throw bad(
              `lines[${i}].line`,
              `is not a line of ${sale.id}`,
              `Dòng ${l.line} không có trên hóa đơn`,
              {
                line: l.line,
              },
            );
          const left = sold.quantity - sold.returned;
          if (l.quantity > left)
            throw bad(
              `lines[${i}].quantity`,
              `${l.quantity} of ${sold.product} is more than the ${left} sold on line ${l.line} and not yet returned`,
              `Dòng ${l.line}: chỉ còn ${left} ${sold.unit} ${sold.name_vi} có thể trả (đã bán ${sold.quantity}, đã trả ${sold.returned})`,
              { line: l.line, product: sold.product, left: left.toString() },
              'return_exceeds_sale',
            );
          const before = sale.returns.flatMap((r) => r.lines.filter((x) => x.line === l.line));
          const sum = (k: 'vat' | 'cost') => before.reduce((s, x) => s + x[k], 0n);
          return {
            line: l.line,
            product: sold.product,
            quantity: l.quantity,
            amount: sold.unit_price * l.quantity,
            vat: shareOf(sold.vat, sold.quantity, sum('vat'), l.quantity, sold.returned),
            cost: shareOf(sold.cost, sold.quantity, sum('cost'), l.quantity, sold.returned),
          };
        });
        const refund = lines.reduce((s, l) => s + l.amount, 0n);
        await checkTillCovers(ctx.tillCash, at.office_id, at.clerk_id, refund);
        const id = `${sale.id}-${sale.returns.length + 1}`;
        const moveId = `ret:${id}`;
        await moveStock(
          trx,
          journal,
          {
            id: moveId,
            kind: 'return',
            office: sale.office_id,
            ref: id,
            reason: asked.reason,
            lines: lines.map((l) => ({
              product: l.product,
              from: { office: sale.office_id, place: 'customer' as const },
              to: { office: sale.office_id, place: 'shelf' as const },
              quantity: l.quantity,
              value: l.cost,
            })),
          },
          at.clerk_id,
        );
        const total = (k: 'amount' | 'vat' | 'cost') => lines.reduce((s, l) => s + l[k], 0n).toString();
        await journal.append(trx, saleReturned, {
          stream: sale.id,
          actor: at.clerk_id,
          office: sale.office_id,
          payload: {
            id,
            sale: sale.id,
            office: sale.office_id,
            clerk: at.clerk_id,
            till_session_id: at.till_session_id,
            reason: asked.reason,
            total: total('amount'),
            vat: total('vat'),
            cost: total('cost'),
            move: moveId,
            lines: lines.map((l) => ({
              line: l.line,
              product: l.product,
              quantity: l.quantity.toString(),
              amount: l.amount.toString(),
              vat: l.vat.toString(),
              cost: l.cost.toString(),
            })),
          },
        });
        await requests.answered(trx, request, id, { actor: at.clerk_id, office: sale.office_id });
        return { sale: await loadSale(trx, sale.id), return_id: id };
      });
    },

    get: (id) => loadSale(db, id.trim().toUpperCase()),

    async list(q) {
      return toSales(db, await repo.findSales(db, q));
    },

    async goods(q) {
      const words = searchKey(q.search)
        .split(/\s+/)
        .filter((w) => w.length > 0)
        .slice(0, 5);
      if (words.length === 0) return [];
      const rows = await repo.searchProducts(db, words);
      const codes = rows.map((r) => r.code);
      const prices = await pricesOn(db, codes, q.province, today());
      const shelf = new Map(
        (await repo.shelfOf(db, q.office, codes)).map((r) => [r.product_code, BigInt(r.quantity)]),
      );
      return rows.map((r) => ({
        code: r.code,
        barcode: r.barcode,
        name_vi: r.name_vi,
        name_en: r.name_en,
        unit: r.unit,
        vat_rate: Number(r.vat_rate),
        price: prices.get(r.code)?.price ?? null,
        on_shelf: shelf.get(r.code) ?? 0n,
      }));
    },
  };
}
