// One call per documented route of the retail cell, on the objects of an access world's place: the access matrix
// asks every caller with it, the bad-input test spoils it (see testing-routes.ts).
import { COMMUNE, type Place, type PlaceObjects } from './testing.ts';

type Build = (o: PlaceObjects, w: Place) => { url: string; body?: unknown; type?: string };
const get =
  (url: (o: PlaceObjects, w: Place) => string): Build =>
  (o, w) => ({ url: url(o, w) });
const post =
  (
    url: (o: PlaceObjects, w: Place) => string,
    body: (o: PlaceObjects, w: Place) => unknown = () => undefined,
  ): Build =>
  (o, w) => ({ url: url(o, w), body: body(o, w) });
const province = (w: Place) => (w === 'A' ? '01' : '48');
const NO_STOCK = { order: 'MH00000000', transfer: 'CK00000000', stocktake: 'KK00000000' };
const NO_SALE = 'BH000000000000';

/** The retail routes' calls, by `METHOD /path`. */
export const RETAIL_ROUTE_CALLS: Record<string, Build> = {
  // An unknown product: refused in the service.
  'POST /v1/retail/orders': post(
    () => '/v1/retail/orders',
    (o, w) => ({
      office: o.office.id,
      customer: { name: 'Lê Thị Hoa', phone: '0912000999', address: 'Số 1', commune: COMMUNE[w] },
      lines: [{ product: 'KHONG-CO', quantity: 1 }],
      payment: 'cod',
    }),
  ),
  'POST /v1/retail/orders/{order}/picking': post((o) => `/v1/retail/orders/${o.order}/picking`),
  'POST /v1/retail/orders/{order}/cancellation': post(
    (o) => `/v1/retail/orders/${o.order}/cancellation`,
    () => ({}),
  ),
  // An order not returned: refused in the service.
  'POST /v1/retail/orders/{order}/refund': post(
    (o) => `/v1/retail/orders/${o.order}/refund`,
    (o) => ({ till: o.till }),
  ),
  'GET /v1/retail/orders/{order}': get((o) => `/v1/retail/orders/${o.order}`),
  'GET /v1/retail/offices/{office}/orders': get((o) => `/v1/retail/offices/${o.office.id}/orders?limit=1`),
  'GET /v1/retail/offices/{office}/goods': get((o) => `/v1/retail/offices/${o.office.id}/goods?q=hop`),
  // Retail sales: a barcode in no catalogue, a receipt that does not exist.
  'POST /v1/retail/tills/{id}/quote': post(
    (o) => `/v1/retail/tills/${o.till}/quote`,
    () => ({ lines: [{ barcode: '8930000000002', quantity: 1 }] }),
  ),
  'POST /v1/retail/tills/{id}/sales': post(
    (o) => `/v1/retail/tills/${o.till}/sales`,
    () => ({ lines: [{ barcode: '8930000000002', quantity: 1 }], payment: 'cash', tendered: '100000' }),
  ),
  'POST /v1/retail/tills/{id}/returns': post(
    (o) => `/v1/retail/tills/${o.till}/returns`,
    () => ({ sale: NO_SALE, lines: [{ line: 1, quantity: 1 }], reason: 'Hàng lỗi' }),
  ),
  'GET /v1/retail/tills/{id}/sales': get((o) => `/v1/retail/tills/${o.till}/sales`),
  'GET /v1/retail/offices/{office}/sales': get((o) => `/v1/retail/offices/${o.office.id}/sales`),
  'GET /v1/retail/offices/{office}/sales/{sale}': get(
    (o) => `/v1/retail/offices/${o.office.id}/sales/${NO_SALE}`,
  ),
  'GET /v1/retail/offices/{office}/sales/{sale}/receipt.pdf': get(
    (o) => `/v1/retail/offices/${o.office.id}/sales/${NO_SALE}/receipt.pdf`,
  ),
  'GET /v1/retail/offices/{office}/orderable-goods': get(
    (o) => `/v1/retail/offices/${o.office.id}/orderable-goods?q=tem`,
  ),
  // Report reads: allowed where the caller may read, answered with the (possibly empty) table.
  'GET /v1/retail/offices/{office}/reports/sales': get(
    (o) => `/v1/retail/offices/${o.office.id}/reports/sales?from=2026-12-01&to=2026-12-10`,
  ),
  'GET /v1/retail/provinces/{province}/reports/sales': get(
    (_o, w) => `/v1/retail/provinces/${province(w)}/reports/sales?from=2026-12-01&to=2026-12-10`,
  ),
  'GET /v1/retail/offices/{office}/reports/stock': get(
    (o) => `/v1/retail/offices/${o.office.id}/reports/stock`,
  ),
  'GET /v1/retail/provinces/{province}/reports/stock': get(
    (_o, w) => `/v1/retail/provinces/${province(w)}/reports/stock`,
  ),
  'GET /v1/retail/offices/{office}/reports/slow': get(
    (o) => `/v1/retail/offices/${o.office.id}/reports/slow`,
  ),
  'GET /v1/retail/provinces/{province}/reports/slow': get(
    (_o, w) => `/v1/retail/provinces/${province(w)}/reports/slow`,
  ),
  'GET /v1/retail/offices/{office}/overview': get((o) => `/v1/retail/offices/${o.office.id}/overview`),
  'GET /v1/retail/provinces/{province}/overview': get(
    (_o, w) => `/v1/retail/provinces/${province(w)}/overview`,
  ),
  // The stock module: unknown orders, transfers, stocktakes and products, refused once the gate lets it through.
  'GET /v1/retail/offices/{office}/stock': get((o) => `/v1/retail/offices/${o.office.id}/stock`),
  'GET /v1/retail/products/{product}/stock': get(() => '/v1/retail/products/TEM-5000/stock'),
  'GET /v1/retail/offices/{office}/moves': get((o) => `/v1/retail/offices/${o.office.id}/moves?limit=1`),
  'POST /v1/retail/offices/{office}/purchase-orders': post(
    (o) => `/v1/retail/offices/${o.office.id}/purchase-orders`,
    () => ({ supplier: 'NCC-NONE', lines: [{ product: 'NO-SUCH', quantity: 1, unit_cost: '1000' }] }),
  ),
  'GET /v1/retail/offices/{office}/purchase-orders': get(
    (o) => `/v1/retail/offices/${o.office.id}/purchase-orders?limit=1`,
  ),
  'GET /v1/retail/offices/{office}/purchase-orders/{order}': get(
    (o) => `/v1/retail/offices/${o.office.id}/purchase-orders/${NO_STOCK.order}`,
  ),
  'POST /v1/retail/offices/{office}/purchase-orders/{order}/receipts': post(
    (o) => `/v1/retail/offices/${o.office.id}/purchase-orders/${NO_STOCK.order}/receipts`,
    () => ({ delivery_note: 'PGH-1', lines: [{ product: 'NO-SUCH', quantity: 1 }] }),
  ),
  'POST /v1/retail/offices/{office}/purchase-orders/{order}/closure': post(
    (o) => `/v1/retail/offices/${o.office.id}/purchase-orders/${NO_STOCK.order}/closure`,
    () => ({ reason: 'Hết hàng' }),
  ),
  'POST /v1/retail/offices/{office}/transfers': post(
    (o) => `/v1/retail/offices/${o.office.id}/transfers`,
    (o) => ({ to_office: o.office.id, lines: [{ product: 'NO-SUCH', quantity: 1 }] }),
  ),
  'GET /v1/retail/offices/{office}/transfers': get(
    (o) => `/v1/retail/offices/${o.office.id}/transfers?direction=in&limit=1`,
  ),
  'GET /v1/retail/offices/{office}/transfers/{transfer}': get(
    (o) => `/v1/retail/offices/${o.office.id}/transfers/${NO_STOCK.transfer}`,
  ),
  'POST /v1/retail/offices/{office}/transfers/{transfer}/receipt': post(
    (o) => `/v1/retail/offices/${o.office.id}/transfers/${NO_STOCK.transfer}/receipt`,
    () => ({ lines: [{ product: 'NO-SUCH', received: 1 }] }),
  ),
  'POST /v1/retail/offices/{office}/write-offs': post(
    (o) => `/v1/retail/offices/${o.office.id}/write-offs`,
    () => ({ reason: 'damaged', note: 'Vỡ', lines: [{ product: 'NO-SUCH', quantity: 1 }] }),
  ),
  'POST /v1/retail/offices/{office}/stocktakes': post(
    (o) => `/v1/retail/offices/${o.office.id}/stocktakes`,
    () => ({ reason: 'Kiểm kê', lines: [{ product: 'NO-SUCH', counted: 1 }] }),
  ),
  'GET /v1/retail/offices/{office}/stocktakes': get(
    (o) => `/v1/retail/offices/${o.office.id}/stocktakes?limit=1`,
  ),
  'GET /v1/retail/offices/{office}/stocktakes/{stocktake}': get(
    (o) => `/v1/retail/offices/${o.office.id}/stocktakes/${NO_STOCK.stocktake}`,
  ),
  'POST /v1/retail/offices/{office}/stocktakes/{stocktake}/approval': post(
    (o) => `/v1/retail/offices/${o.office.id}/stocktakes/${NO_STOCK.stocktake}/approval`,
  ),
  'POST /v1/retail/offices/{office}/stocktakes/{stocktake}/rejection': post(
    (o) => `/v1/retail/offices/${o.office.id}/stocktakes/${NO_STOCK.stocktake}/rejection`,
    () => ({ note: 'Đếm lại' }),
  ),
};
