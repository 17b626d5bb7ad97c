// The retail cell's reports for managers: sales per day, office and product (net of returns, with VAT and cost),
// the stock and its value per office and product, and goods that are slow or out of stock. Each is one table
// whose columns say what they hold, rendered as JSON, CSV, XLSX or PDF by report.files.ts.
import { vietnamDay } from '../../../platform/clock.ts';
import type { Kysely } from '../../../storage/index.ts';
import { RetailError } from '../retail-error.ts';
import type { RetailTables } from '../retail-tables.ts';
import * as repo from './report.repository.ts';

import { goodsOverview, type GoodsOverview } from './overview.ts';
export type CellKind = 'text' | 'int' | 'vnd';
export interface ReportColumn {
  key: string;
  vi: string;
  en: string;
  kind: CellKind;
  /** Summed in the totals (numbers are, unless said otherwise). */
  total?: false;
}
export type ReportCell = string | bigint | number | null;
export interface ReportTable {
  /** sales, stock or slow. */
  report: string;
  title_vi: string;
  title_en: string;
  /** What it covers, in words: the offices, the days. */
  scope: string;
  columns: readonly ReportColumn[];
  rows: Array<Record<string, ReportCell>>;
  /** Sums of the numeric columns over the rows. */
  totals: Record<string, bigint>;
}

/** Where a report looks: the offices (the routes resolved and checked them), named for its title. */
export interface ReportScope {
  offices: readonly string[];
  /** e.g. "Bưu cục Phường Ba Đình (01100)" or "Thành phố Hà Nội (34 offices)". */
  label: string;
  /** The office's postcode and name, for the rows. */
  officeLabel(id: string): string;
}

export interface Reports {
  /** Sales per Vietnam day, office and product between two days (at most 92), net of returns. */
  sales(scope: ReportScope, from: string, to: string): Promise<ReportTable>;
  /** The stock held now per office and product, on the shelf, in transit and picked, in units and value. */
  stock(scope: ReportScope): Promise<ReportTable>;
  /** Goods out of stock (an empty shelf) or slow (on the shelf, nothing sold for `days` days). */
  slow(scope: ReportScope, days: number): Promise<ReportTable>;
  /** The goods of some offices now, for their managers: empty shelves, transfers coming, stocktakes to decide. */
  overview(offices: ReadonlyArray<{ id: string; postcode: string; name: string }>): Promise<GoodsOverview>;
}

const col = (key: string, vi: string, en: string, kind: CellKind = 'text'): ReportColumn => ({
  key,
  vi,
  en,
  kind,
});
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 92;

function checkDays(from: string, to: string): void {
  for (const [field, day] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!DAY.test(day) || vietnamDay(new Date(`${day}T12:00:00+07:00`)) !== day)
      throw new RetailError(
        'invalid_retail_input',
        `${field} must be a date that exists, such as 2026-12-08, got ${JSON.stringify(day)}`,
        `Ngày ${field === 'from' ? 'bắt đầu' : 'kết thúc'} không hợp lệ: hãy ghi theo dạng năm-tháng-ngày, ví dụ 2026-12-08`,
        { field },
      );
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (span < 1 || span > MAX_DAYS)
    throw new RetailError(
      'invalid_retail_input',
      `from must be on or before to, at most ${MAX_DAYS} days apart (got ${from} to ${to})`,
      `Khoảng ngày phải từ 1 đến ${MAX_DAYS} ngày, ngày bắt đầu không sau ngày kết thúc`,
      { field: 'to' },
    );
}

function totalsOf(columns: readonly ReportColumn[], rows: ReadonlyArray<Record<string, ReportCell>>) {
  const totals: Record<string, bigint> = {};
  for (const c of columns)
    if (c.kind !== 'text' && c.total !== false)
      totals[c.key] = rows.reduce((sum, r) => sum + BigInt(r[c.key] ?? 0), 0n);
  return totals;
}

const SALES_COLUMNS: ReportColumn[] = [
  col('day', 'Ngày', 'Day'),
  col('office', 'Bưu cục', 'Office'),
  col('product', 'Mã hàng', 'Product'),
  col('name', 'Tên hàng', 'Name'),
  col('sold', 'SL bán', 'Sold', 'int'),
  col('returned', 'SL trả lại', 'Returned', 'int'),
  col('net', 'SL thuần', 'Net', 'int'),
  col('revenue', 'Doanh thu (gồm VAT)', 'Revenue (VAT incl.)', 'vnd'),
  col('vat', 'Thuế GTGT', 'VAT', 'vnd'),
  col('cost', 'Giá vốn', 'Cost of goods', 'vnd'),
  col('margin', 'Lãi gộp', 'Gross margin', 'vnd'),
];

const STOCK_COLUMNS: ReportColumn[] = [
  col('office', 'Bưu cục', 'Office'),
  col('product', 'Mã hàng', 'Product'),
  col('name', 'Tên hàng', 'Name'),
  col('unit', 'ĐVT', 'Unit'),
  col('shelf', 'Trên kệ', 'On the shelf', 'int'),
  col('shelf_value', 'Giá trị trên kệ', 'Shelf value', 'vnd'),
  col('transit', 'Đang chuyển đi', 'In transit', 'int'),
  col('transit_value', 'Giá trị đang chuyển', 'Transit value', 'vnd'),
  col('picked', 'Đã soạn cho đơn', 'Picked for orders', 'int'),
  col('picked_value', 'Giá trị đã soạn', 'Picked value', 'vnd'),
];

const SLOW_COLUMNS: ReportColumn[] = [
  col('office', 'Bưu cục', 'Office'),
  col('product', 'Mã hàng', 'Product'),
  col('name', 'Tên hàng', 'Name'),
  col('status', 'Tình trạng', 'Status'),
  col('shelf', 'Trên kệ', 'On the shelf', 'int'),
  col('shelf_value', 'Giá trị', 'Value', 'vnd'),
  col('last_sold', 'Bán lần cuối', 'Last sold'),
  { ...col('days_since', 'Số ngày chưa bán', 'Days unsold', 'int'), total: false },
];

/** The reports over the retail cell's tables. */
export function createReports(deps: { db: Kysely<RetailTables>; now: () => Date }): Reports {
  const { db } = deps;
  const names = async (codes: readonly string[]) => repo.productNames(db, codes);
  return {
    async sales(scope, from, to) {
      checkDays(from, to);
      const sold = await repo.soldByDay(db, scope.offices, from, to);
      const fromAt = new Date(`${from}T00:00:00+07:00`).toISOString();
      const toAt = new Date(Date.parse(`${to}T00:00:00+07:00`) + 86_400_000).toISOString();
      const returned = await repo.returnedBetween(db, scope.offices, fromAt, toAt);
      const rows = new Map<
        string,
        { day: string; office: string; product: string; s: repo.SoldRow; r: repo.SoldRow }
      >();
      const zero = (day: string, office_id: string, product_code: string): repo.SoldRow => ({
        day,
        office_id,
        product_code,
        quantity: 0n,
        amount: 0n,
        vat: 0n,
        cost: 0n,
      });
      const at = (day: string, office: string, product: string) => {
        const key = `${day} ${office} ${product}`;
        let row = rows.get(key);
        if (row === undefined) {
          row = { day, office, product, s: zero(day, office, product), r: zero(day, office, product) };
          rows.set(key, row);
        }
        return row;
      };
      for (const s of sold) at(s.day, s.office_id, s.product_code).s = s;
      for (const r of returned) {
        const row = at(vietnamDay(new Date(r.at)), r.office_id, r.product_code).r;
        row.quantity += r.quantity;
        row.amount += r.amount;
        row.vat += r.vat;
        row.cost += r.cost;
      }
      const named = await names([...rows.values()].map((r) => r.product));
      const out = [...rows.values()]
        .sort(
          (a, b) =>
            a.day.localeCompare(b.day) ||
            a.office.localeCompare(b.office) ||
            a.product.localeCompare(b.product),
        )
        .map(({ day, office, product, s, r }) => {
          const revenue = s.amount - r.amount;
          const cost = s.cost - r.cost;
          return {
            day,
            office: scope.officeLabel(office),
            product,
            name: named.get(product)?.name_vi ?? product,
            sold: s.quantity,
            returned: r.quantity,
            net: s.quantity - r.quantity,
            revenue,
            vat: s.vat - r.vat,
            cost,
            margin: revenue - (s.vat - r.vat) - cost,
          };
        });
      return {
        report: 'sales',
        title_vi: 'Doanh số bán hàng theo ngày, bưu cục và mặt hàng',
        title_en: 'Sales by day, office and product',
        scope: `${scope.label}, ${from} – ${to}`,
        columns: SALES_COLUMNS,
        rows: out,
        totals: totalsOf(SALES_COLUMNS, out),
      };
    },

    async stock(scope) {
      const held = await repo.heldAt(db, scope.offices, ['shelf', 'transit', 'picked']);
      const by = new Map<string, Record<string, ReportCell>>();
      for (const h of held) {
        const key = `${h.office_id} ${h.product_code}`;
        const row = by.get(key) ?? {
          office: scope.officeLabel(h.office_id),
          product: h.product_code,
          shelf: 0n,
          shelf_value: 0n,
          transit: 0n,
          transit_value: 0n,
          picked: 0n,
          picked_value: 0n,
        };
        row[h.place] = h.quantity;
        row[`${h.place}_value`] = h.value;
        by.set(key, row);
      }
      const named = await names(held.map((h) => h.product_code));
      const rows = [...by.values()]
        .filter((r) => r['shelf'] !== 0n || r['transit'] !== 0n || r['picked'] !== 0n)
        .map((r) => {
          const p = named.get(String(r['product']));
          return { ...r, name: p?.name_vi ?? String(r['product']), unit: p?.unit ?? '' };
        });
      return {
        report: 'stock',
        title_vi: 'Tồn kho và giá trị theo bưu cục',
        title_en: 'Stock and its value by office',
        scope: `${scope.label}, ${vietnamDay(deps.now())}`,
        columns: STOCK_COLUMNS,
        rows,
        totals: totalsOf(STOCK_COLUMNS, rows),
      };
    },

    overview: (offices) => goodsOverview(db, offices),
    async slow(scope, days) {
      if (!Number.isSafeInteger(days) || days < 1 || days > 365)
        throw new RetailError(
          'invalid_retail_input',
          `days must be a whole number from 1 to 365, got ${days}`,
          'Số ngày phải là số nguyên từ 1 đến 365',
          { field: 'days' },
        );
      const now = deps.now();
      const shelves = await repo.heldAt(db, scope.offices, ['shelf']);
      const last = new Map(
        (await repo.lastSoldAt(db, scope.offices)).map((l) => [`${l.office_id} ${l.product_code}`, l.at]),
      );
      const named = await names(shelves.map((s) => s.product_code));
      const rows: Array<Record<string, ReportCell>> = [];
      for (const s of shelves) {
        const p = named.get(s.product_code);
        if (p !== undefined && p.active !== 1n) continue;
        const at = last.get(`${s.office_id} ${s.product_code}`);
        const since = at === undefined ? null : Math.floor((now.getTime() - Date.parse(at)) / 86_400_000);
        const status =
          s.quantity === 0n ? 'out_of_stock' : since === null || since >= days ? 'slow' : undefined;
        if (status === undefined) continue;
        rows.push({
          office: scope.officeLabel(s.office_id),
          product: s.product_code,
          name: p?.name_vi ?? s.product_code,
          status: status === 'out_of_stock' ? 'Hết hàng' : 'Bán chậm',
          shelf: s.quantity,
          shelf_value: s.value,
          last_sold: at === undefined ? null : vietnamDay(new Date(at)),
          days_since: since === null ? null : BigInt(since),
        });
      }
      rows.sort(
        (a, b) =>
          String(a['status']).localeCompare(String(b['status'])) ||
          String(a['office']).localeCompare(String(b['office'])) ||
          String(a['product']).localeCompare(String(b['product'])),
      );
      return {
        report: 'slow',
        title_vi: `Hàng hết và hàng bán chậm (không bán trong ${days} ngày)`,
        title_en: `Out of stock and slow goods (nothing sold for ${days} days)`,
        scope: `${scope.label}, ${vietnamDay(now)}`,
        columns: SLOW_COLUMNS,
        rows,
        totals: totalsOf(SLOW_COLUMNS, rows),
      };
    },
  };
}
