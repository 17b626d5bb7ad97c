// Sales rows into what a receipt shows: lines with their products' names, VAT per rate, and returns.
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import type { Payment, Sale } from './sale.model.ts';
import * as repo from './sale.repository.ts';

export async function toSales(db: Kysely<RetailTables>, rows: readonly repo.SaleRow[]): Promise<Sale[]> {
  const ids = rows.map((r) => r.id);
  const lines = await repo.findSaleLines(db, ids);
  const codes = [...new Set(lines.map((l) => l.product_code))];
  const products = new Map((await repo.findProducts(db, codes)).map((p) => [p.code, p]));
  const returns = await repo.findReturns(db, ids);
  const returnLines = await repo.findReturnLines(
    db,
    returns.map((r) => r.id),
  );
  return rows.map((r) => {
    const mine = lines.filter((l) => l.sale_id === r.id);
    const saleLines = mine.map((l) => {
      const p = products.get(l.product_code);
      return {
        line: Number(l.line_no),
        product: l.product_code,
        barcode: p?.barcode ?? '',
        name_vi: p?.name_vi ?? l.product_code,
        name_en: p?.name_en ?? l.product_code,
        unit: p?.unit ?? '',
        quantity: BigInt(l.quantity),
        unit_price: BigInt(l.unit_price),
        price_kind: l.price_kind === 'promotion' ? ('promotion' as const) : ('list' as const),
        vat_rate: Number(l.vat_rate),
        amount: BigInt(l.amount),
        vat: BigInt(l.vat),
        cost: BigInt(l.cost),
        returned: BigInt(l.returned),
      };
    });
    const rates = [...new Set(saleLines.map((l) => l.vat_rate))].sort((a, b) => a - b);
    return {
      id: r.id,
      office_id: r.office_id,
      province_code: r.province_code,
      clerk_id: r.clerk_id,
      till_session_id: r.till_session_id,
      day: r.day,
      payment: r.payment as Payment,
      total: BigInt(r.total),
      vat: BigInt(r.vat),
      vat_groups: rates.map((rate) => {
        const g = saleLines.filter((l) => l.vat_rate === rate);
        return {
          rate,
          amount: g.reduce((s, l) => s + l.amount, 0n),
          vat: g.reduce((s, l) => s + l.vat, 0n),
        };
      }),
      tendered: r.tendered === null ? null : BigInt(r.tendered),
      change: r.change === null ? null : BigInt(r.change),
      cost: BigInt(r.cost),
      at: r.at,
      seq: BigInt(r.updated_seq),
      lines: saleLines,
      returns: returns
        .filter((x) => x.sale_id === r.id)
        .map((x) => ({
          id: x.id,
          clerk_id: x.clerk_id,
          till_session_id: x.till_session_id,
          reason: x.reason,
          total: BigInt(x.total),
          vat: BigInt(x.vat),
          cost: BigInt(x.cost),
          at: x.at,
          lines: returnLines
            .filter((l) => l.return_id === x.id)
            .map((l) => ({
              line: Number(l.line_no),
              quantity: BigInt(l.quantity),
              amount: BigInt(l.amount),
              vat: BigInt(l.vat),
              cost: BigInt(l.cost),
            })),
        })),
    };
  });
}
