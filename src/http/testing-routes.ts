// One call per documented route, on the objects of an access world's place (see testing.ts): the access
// matrix asks every caller with it, the bad-input test spoils it.
import { TEST_PASSWORD } from '../testing.ts';
import { COMMUNE, parcel, type Place, type PlaceObjects } from './testing.ts';
import { RETAIL_ROUTE_CALLS } from './testing-routes-retail.ts';

/**
 * A request to a route on the objects of a place, built so that where the gate lets it through the service
 * refuses it: the access matrix asks every caller with it, the bad-input test spoils it.
 */
export interface RouteCall {
  url: string;
  body?: unknown;
  type?: string;
}
type Build = (o: PlaceObjects, w: Place) => RouteCall;
const get =
  (url: (o: PlaceObjects, w: Place) => string): Build =>
  (o, w) => ({ url: url(o, w) });
const post =
  (
    url: (o: PlaceObjects, w: Place) => string,
    body: (o: PlaceObjects, w: Place) => unknown = () => undefined,
  ): Build =>
  (o, w) => ({ url: url(o, w), body: body(o, w) });
const NOBODY = 'stf_00000000000000000000000000000000';
const province = (w: Place) => (w === 'A' ? '01' : '48');
// An unknown commune: accepted nowhere, priced nowhere.
const ITEM = (commune: string) => parcel(commune, '99999');
const NO_DOSSIER = 'HS000000000000';
const dossierCitizen = (w: Place) => ({
  name: 'Lê Thị Hoa',
  cccd: '001185000999',
  phone: '0912000999',
  address: 'Số 1',
  commune: COMMUNE[w],
});
const nothingToDeliver = { item: 'EE000000000VN', recipient_name: 'Lê Văn Hùng', signature: 'signature:s-1' };

/** One call per documented route, by `METHOD /path`. */
export const ROUTE_CALLS: Record<string, Build> = {
  'GET /health': get(() => '/health'),
  'GET /ready': get(() => '/ready'),
  'GET /v1/geo/provinces': get(() => '/v1/geo/provinces'),
  'GET /v1/geo/provinces/{code}/communes': get(
    (_o, w) => `/v1/geo/provinces/${province(w)}/communes?limit=1`,
  ),
  'GET /v1/geo/communes': get((_o, w) => `/v1/geo/communes?province=${province(w)}&limit=1`),
  'GET /v1/offices': get(() => '/v1/offices?limit=1'),
  'GET /v1/offices/tree': get((o) => `/v1/offices/tree?root=${o.office.id}`),
  'GET /v1/offices/{id}': get((o) => `/v1/offices/${o.office.id}`),
  // Under the office, in a commune that does not exist.
  'POST /v1/offices': post(
    () => '/v1/offices',
    (o) => ({
      type: 'service_point',
      name: 'Điểm mới',
      postcode: o.office.postcode.slice(0, 4) + '9',
      commune_code: '99999',
      address: 'Số 2',
      opening_hours: '7–19',
      parent_id: o.office.id,
    }),
  ),
  'POST /v1/offices/{id}/move': post(
    (o) => `/v1/offices/${o.office.id}/move`,
    () => ({ commune_code: '99999', address: 'Số 3' }),
  ),
  // The office has a service point open under it.
  'POST /v1/offices/{id}/close': post(
    (o) => `/v1/offices/${o.office.id}/close`,
    () => ({ reason: 'Sáp nhập' }),
  ),
  'GET /v1/staff': get((o) => `/v1/staff?office=${o.office.id}&limit=1`),
  // Two fields wrong, so that spoiling one leaves the request refused.
  'POST /v1/staff': post(
    () => '/v1/staff',
    (o) => ({
      username: '!',
      cccd: '12345',
      full_name: 'X',
      phone: '0912345678',
      office_id: o.office.id,
      roles: ['counter_clerk'],
      password: TEST_PASSWORD,
    }),
  ),
  'GET /v1/staff/{id}': get((o) => `/v1/staff/${o.staff}`),
  'PUT /v1/staff/{id}/roles': post(
    (o) => `/v1/staff/${o.staff}/roles`,
    () => ({ roles: [] }),
  ),
  // Disabled already.
  'POST /v1/staff/{id}/disable': post(
    (o) => `/v1/staff/${o.disabled}/disable`,
    () => ({ reason: 'Nghỉ việc' }),
  ),
  'POST /v1/auth/sign-in': post(
    () => '/v1/auth/sign-in',
    // Too long a password: refused before any account is looked at, so nothing is journaled.
    () => ({ username: 'counter.clerk', password: 'x'.repeat(201) }),
  ),
  'POST /v1/auth/sign-out': post(() => '/v1/auth/sign-out'),
  'POST /v1/auth/password': post(
    () => '/v1/auth/password',
    () => ({ current_password: TEST_PASSWORD, new_password: 'short' }),
  ),
  'GET /v1/me': get(() => '/v1/me'),
  // A disabled account gets no second factor.
  'POST /v1/staff/{id}/second-factor': post((o) => `/v1/staff/${o.disabled}/second-factor`),
  'GET /v1/tokens': get((o) => `/v1/tokens?staff=${o.staff}`),
  'POST /v1/tokens': post(
    () => '/v1/tokens',
    (o) => ({ staff_id: o.staff, name: '', permissions: ['office.read'], days: 0 }),
  ),
  // Already revoked: the answer is the token as it stands.
  'POST /v1/tokens/{id}/revoke': post(
    (o) => `/v1/tokens/${o.token}/revoke`,
    () => ({ reason: 'Đổi máy' }),
  ),
  'GET /v1/incidents/cells': get(() => '/v1/incidents/cells'),
  // A demo drill: the access world's drills are stand-ins that end at once.
  'POST /v1/drills': post(
    () => '/v1/drills',
    () => ({ scale: 'demo' }),
  ),
  'GET /v1/drills': get(() => '/v1/drills'),
  'GET /v1/drills/{id}': get(() => '/v1/drills/drl_00000000000000000000000000000000'),
  'POST /v1/incidents/cells/{cell}/restrict': post(
    () => '/v1/incidents/cells/nowhere/restrict',
    () => ({ mode: 'read-only', reason: 'Thử quyền' }),
  ),
  'POST /v1/incidents/requests': post(
    () => '/v1/incidents/requests',
    () => ({ kind: 'set_mode', cell: 'nowhere', mode: 'isolated', reason: 'Thử quyền', code: '000000' }),
  ),
  'GET /v1/incidents/requests': get(() => '/v1/incidents/requests?limit=1'),
  'GET /v1/incidents/requests/{id}': get(() => '/v1/incidents/requests/irq_nope'),
  'POST /v1/incidents/requests/{id}/decision': post(
    () => '/v1/incidents/requests/irq_nope/decision',
    () => ({ approve: true, reason: 'Thử quyền', code: '000000' }),
  ),
  // No cell has that name.
  'POST /v1/incidents/evidence': post(
    () => '/v1/incidents/evidence',
    () => ({ cell: 'nowhere', reason: 'Thử quyền' }),
  ),
  'GET /v1/incidents/evidence': get(() => '/v1/incidents/evidence?limit=1'),
  'GET /v1/incidents/requests/{id}/restore': get(() => '/v1/incidents/requests/irq_nope/restore'),
  'POST /v1/incidents/requests/{id}/apply': post(
    () => '/v1/incidents/requests/irq_nope/apply',
    () => ({ from: 'nothing' }),
  ),
  'GET /v1/alerts': get(() => '/v1/alerts?limit=1'),
  'POST /v1/alerts/{id}/acknowledge': post(
    () => '/v1/alerts/alr_nope/acknowledge',
    () => ({ note: 'Thử quyền' }),
  ),
  'GET /v1/checkpoints/key': get(() => '/v1/checkpoints/key'),
  'GET /v1/checkpoints/{cell}': get(() => '/v1/checkpoints/core'),
  'GET /v1/checkpoints/{cell}/latest': get(() => '/v1/checkpoints/core/latest'),
  'GET /v1/checkpoints/{cell}/{size}': get(() => '/v1/checkpoints/core/1'),
  'GET /v1/checkpoints/{cell}/{size}/consistency': get(() => '/v1/checkpoints/core/2/consistency?from=1'),
  'GET /v1/status': get(() => '/v1/status'),
  'GET /v1/finance/offices/{office}/accounts': get((o) => `/v1/finance/offices/${o.office.id}/accounts`),
  'GET /v1/finance/accounts/{id}': get((o) => `/v1/finance/accounts/${o.account}`),
  'GET /v1/finance/accounts/{id}/history': get((o) => `/v1/finance/accounts/${o.account}/history?limit=1`),
  'GET /v1/finance/transfers/{id}': get((o) => `/v1/finance/transfers/${o.transfer}`),
  // Between accounts that do not exist.
  'POST /v1/finance/offices/{office}/transfers': post(
    (o) => `/v1/finance/offices/${o.office.id}/transfers`,
    (o) => ({
      transfers: [
        {
          id: 'matrix-1',
          debit_account_id: `${o.office.id}:0000`,
          credit_account_id: `${o.office.id}:0001`,
          amount: '1',
          code: 1,
        },
      ],
    }),
  ),
  'GET /v1/finance/offices/{office}/tills': get((o) => `/v1/finance/offices/${o.office.id}/tills`),
  // Notes that do not add up to the amount.
  'POST /v1/finance/offices/{office}/tills': post(
    (o) => `/v1/finance/offices/${o.office.id}/tills`,
    () => ({ amount: '1000', denominations: { '500': 1 } }),
  ),
  'GET /v1/finance/tills/{id}': get((o) => `/v1/finance/tills/${o.till}`),
  'GET /v1/finance/tills/{id}/moves.csv': get((o) => `/v1/finance/tills/${o.till}/moves.csv`),
  'GET /v1/finance/tills/{id}/report.pdf': get((o) => `/v1/finance/tills/${o.till}/report.pdf`),
  'POST /v1/finance/tills/{id}/moves': post(
    (o) => `/v1/finance/tills/${o.till}/moves`,
    () => ({ direction: 'to_vault', amount: '1000', denominations: { '500': 1 } }),
  ),
  // Decided already, when the till opened.
  'POST /v1/finance/moves/{id}/decision': post(
    (o) => `/v1/finance/moves/${o.move}/decision`,
    () => ({ confirm: true }),
  ),
  'POST /v1/finance/tills/{id}/cash-up': post(
    (o) => `/v1/finance/tills/${o.till}/cash-up`,
    () => ({ amount: '1000', denominations: { '500': 1 } }),
  ),
  // Not cashed up.
  'POST /v1/finance/tills/{id}/close': post((o) => `/v1/finance/tills/${o.till}/close`),
  // The managers' overviews: allowed where the caller may read, answered with the figures of the reach.
  'GET /v1/finance/offices/{office}/overview': get((o) => `/v1/finance/offices/${o.office.id}/overview`),
  'GET /v1/finance/provinces/{province}/overview': get(
    (_o, w) => `/v1/finance/provinces/${province(w)}/overview`,
  ),
  'GET /v1/delivery/offices/{office}/overview': get((o) => `/v1/delivery/offices/${o.office.id}/overview`),
  'GET /v1/delivery/provinces/{province}/overview': get(
    (_o, w) => `/v1/delivery/provinces/${province(w)}/overview`,
  ),
  'GET /v1/services/offices/{office}/overview': get((o) => `/v1/services/offices/${o.office.id}/overview`),
  'GET /v1/services/provinces/{province}/overview': get(
    (_o, w) => `/v1/services/provinces/${province(w)}/overview`,
  ),
  // A till not counted up: refused once the gate lets it through.
  'POST /v1/finance/tills/{id}/variance-approval': post(
    (o) => `/v1/finance/tills/${o.till}/variance-approval`,
  ),
  'POST /v1/finance/pension-periods': post(
    () => '/v1/finance/pension-periods',
    (_o, w) => ({ province_code: province(w), months: ['tháng 13'] }),
  ),
  'GET /v1/finance/pension-periods/{id}': get((o) => `/v1/finance/pension-periods/${o.period}`),
  // An envelope the (empty) file does not match.
  'POST /v1/finance/pension-periods/{id}/lists': (o) => ({
    url: `/v1/finance/pension-periods/${o.period}/lists?count=1&total=1&wait=5`,
    body: '',
    type: 'text/csv',
  }),
  'GET /v1/finance/pension-periods/{id}/lines': get(
    (o) => `/v1/finance/pension-periods/${o.period}/lines?office=${o.office.postcode}&limit=1`,
  ),
  'GET /v1/finance/pension-jobs/{id}': get((o) => `/v1/finance/pension-jobs/${o.job}`),
  // Funded already.
  'POST /v1/finance/pension-periods/{id}/lists/{sha256}/funding': post(
    (o) => `/v1/finance/pension-periods/${o.period}/lists/${o.sha256}/funding`,
    (_o, w) => ({ reference: `UNC-${w}` }),
  ),
  'POST /v1/finance/pension-periods/{id}/bank-run': post(
    (o) => `/v1/finance/pension-periods/${o.period}/bank-run`,
  ),
  'POST /v1/finance/pension-periods/{id}/stops': post(
    (o) => `/v1/finance/pension-periods/${o.period}/stops`,
    () => ({ cccd: '001045000001', reason: 'death', reference: 'CV-1', effective_date: 'hôm qua' }),
  ),
  // The period closes in 2099.
  'POST /v1/finance/pension-periods/{id}/close': post((o) => `/v1/finance/pension-periods/${o.period}/close`),
  'GET /v1/finance/pension-periods/{id}/reconciliation': get(
    (o) => `/v1/finance/pension-periods/${o.period}/reconciliation`,
  ),
  'GET /v1/finance/pension-periods/{id}/reconciliation.csv': get(
    (o) => `/v1/finance/pension-periods/${o.period}/reconciliation.csv`,
  ),
  'GET /v1/finance/pension-periods/{id}/reconciliation.xlsx': get(
    (o) => `/v1/finance/pension-periods/${o.period}/reconciliation.xlsx`,
  ),
  'GET /v1/finance/pension-periods/{id}/reconciliation.pdf': get(
    (o) => `/v1/finance/pension-periods/${o.period}/reconciliation.pdf`,
  ),
  'POST /v1/finance/tills/{id}/pension-payouts': post(
    (o) => `/v1/finance/tills/${o.till}/pension-payouts`,
    () => ({ line_id: 'pln_nope', place: 'counter', recipient: 'self', cccd: '001045000001' }),
  ),
  'GET /v1/finance/pension-receipts/{id}': get((o) => `/v1/finance/pension-receipts/${o.receipt}`),
  'GET /v1/finance/pension-receipts/{id}.pdf': get((o) => `/v1/finance/pension-receipts/${o.receipt}.pdf`),
  'POST /v1/finance/offices/{office}/pension-rounds': post(
    (o) => `/v1/finance/offices/${o.office.id}/pension-rounds`,
    (o) => ({ period_id: o.period, postman_id: NOBODY, line_ids: ['pln_nope'] }),
  ),
  'GET /v1/finance/offices/{office}/pension-rounds': get(
    (o) => `/v1/finance/offices/${o.office.id}/pension-rounds`,
  ),
  'GET /v1/finance/offices/{office}/pension-periods': get(
    (o) => `/v1/finance/offices/${o.office.id}/pension-periods`,
  ),
  'GET /v1/finance/pension-rounds/mine': get(() => '/v1/finance/pension-rounds/mine'),
  'GET /v1/finance/pension-rounds/{id}': get((o) => `/v1/finance/pension-rounds/${o.pensionRound}`),
  'POST /v1/finance/pension-rounds/{id}/payouts': post(
    (o) => `/v1/finance/pension-rounds/${o.pensionRound}/payouts`,
    () => ({ line_id: 'pln_nope', recipient: 'self', cccd: '001045000001', evidence: 'signature:s-1' }),
  ),
  'POST /v1/finance/pension-rounds/{id}/close': post(
    (o) => `/v1/finance/pension-rounds/${o.pensionRound}/close`,
    () => ({ returned: '-1' }),
  ),
  // A counter customer with nothing collected, paid at the office; a day that is not one.
  'POST /v1/finance/cod-remittances': post(
    () => '/v1/finance/cod-remittances',
    (o) => ({ payee: 'sender:+84912345678', through: 'hôm nay', office: o.office.id }),
  ),
  'GET /v1/finance/cod-statements': get(
    (o) =>
      `/v1/finance/cod-statements?payee=${encodeURIComponent('sender:+84912345678')}&from=x&to=y&office=${o.office.id}`,
  ),
  'GET /v1/finance/offices/{office}/trial-balance': get(
    (o) => `/v1/finance/offices/${o.office.id}/trial-balance?day=2026-12-10`,
  ),
  'GET /v1/finance/offices/{office}/trial-balance.csv': get(
    (o) => `/v1/finance/offices/${o.office.id}/trial-balance.csv?day=2026-12-10`,
  ),
  'GET /v1/finance/offices/{office}/trial-balance.pdf': get(
    (o) => `/v1/finance/offices/${o.office.id}/trial-balance.pdf?day=2026-12-10`,
  ),
  'GET /v1/finance/offices/{office}/cash-position.csv': get(
    (o) => `/v1/finance/offices/${o.office.id}/cash-position.csv`,
  ),
  'GET /v1/finance/offices/{office}/cash-position.pdf': get(
    (o) => `/v1/finance/offices/${o.office.id}/cash-position.pdf`,
  ),
  'GET /v1/finance/offices/{office}/cash-position': get(
    (o) => `/v1/finance/offices/${o.office.id}/cash-position`,
  ),
  'GET /v1/delivery/tariffs': get(() => '/v1/delivery/tariffs'),
  'POST /v1/delivery/quotes': post(
    () => '/v1/delivery/quotes',
    (_o, w) => ITEM(COMMUNE[w]),
  ),
  'POST /v1/delivery/tills/{id}/items': post(
    (o) => `/v1/delivery/tills/${o.till}/items`,
    (_o, w) => ITEM(COMMUNE[w]),
  ),
  'POST /v1/delivery/shipments': post(
    () => '/v1/delivery/shipments',
    (_o, w) => ({ items: [ITEM(COMMUNE[w])] }),
  ),
  'GET /v1/delivery/items/{id}': get((o) => `/v1/delivery/items/${o.item}`),
  'GET /v1/delivery/items/{id}/events': get((o) => `/v1/delivery/items/${o.item}/events`),
  'GET /v1/delivery/items/{id}/label.pdf': get((o) => `/v1/delivery/items/${o.item}/label.pdf`),
  'GET /v1/delivery/shipper/items/{id}/label.pdf': get(
    (o) => `/v1/delivery/shipper/items/${o.item}/label.pdf`,
  ),
  'GET /v1/delivery/items/{id}/receipt.pdf': get((o) => `/v1/delivery/items/${o.item}/receipt.pdf`),
  'GET /v1/delivery/shipper/items/{id}/receipt.pdf': get(
    (o) => `/v1/delivery/shipper/items/${o.item}/receipt.pdf`,
  ),
  'GET /v1/delivery/shipper/items': get(() => '/v1/delivery/shipper/items?limit=1'),
  'GET /v1/delivery/shipper/items/{id}': get((o) => `/v1/delivery/shipper/items/${o.item}`),
  'GET /v1/delivery/offices/{office}/items': get((o) => `/v1/delivery/offices/${o.office.id}/items?limit=1`),
  'GET /v1/track/{id}': get((o) => `/v1/track/${o.item}`),
  'POST /v1/delivery/offices/{office}/scans': post(
    (o) => `/v1/delivery/offices/${o.office.id}/scans`,
    () => ({ scans: [{ item: 'EE000000000VN', code: 'EMC' }] }),
  ),
  'POST /v1/delivery/offices/{office}/bags': post(
    (o) => `/v1/delivery/offices/${o.office.id}/bags`,
    (o) => ({ destination: o.office.id, items: ['EE000000000VN'] }),
  ),
  'POST /v1/delivery/offices/{office}/dispatches': post(
    (o) => `/v1/delivery/offices/${o.office.id}/dispatches`,
    (o) => ({ destination: o.office.id, bags: ['BG0000000000000000'] }),
  ),
  'POST /v1/delivery/offices/{office}/bags/{bag}/receive': post(
    (o) => `/v1/delivery/offices/${o.office.id}/bags/BG0000000000000000/receive`,
  ),
  'GET /v1/delivery/bags/{id}': get((o) => `/v1/delivery/bags/${o.bag}`),
  'GET /v1/delivery/dispatches/{id}': get((o) => `/v1/delivery/dispatches/${o.dispatch}`),
  'POST /v1/delivery/offices/{office}/rounds': post(
    (o) => `/v1/delivery/offices/${o.office.id}/rounds`,
    () => ({ items: ['EE000000000VN'] }),
  ),
  'GET /v1/delivery/offices/{office}/rounds': get((o) => `/v1/delivery/offices/${o.office.id}/rounds`),
  'GET /v1/delivery/rounds/mine': get(() => '/v1/delivery/rounds/mine?day=2026-11-25'),
  'GET /v1/delivery/rounds/{id}': get((o) => `/v1/delivery/rounds/${o.round}`),
  'POST /v1/delivery/rounds/{id}/deliveries': post(
    (o) => `/v1/delivery/rounds/${o.round}/deliveries`,
    () => nothingToDeliver,
  ),
  'POST /v1/delivery/rounds/{id}/attempts': post(
    (o) => `/v1/delivery/rounds/${o.round}/attempts`,
    () => ({ item: 'EE000000000VN', reason: '11', action: 'A' }),
  ),
  // Its item is still out.
  'POST /v1/delivery/rounds/{id}/close': post(
    (o) => `/v1/delivery/rounds/${o.round}/close`,
    () => ({ counted: '0' }),
  ),
  'POST /v1/delivery/tills/{id}/pickups': post(
    (o) => `/v1/delivery/tills/${o.till}/pickups`,
    () => nothingToDeliver,
  ),
  'GET /v1/retail/products': get(() => '/v1/retail/products?q=tem&limit=1'),
  'GET /v1/retail/products/{code}': get(() => '/v1/retail/products/ZZ-NONE'),
  // A new product of the place's province from a supplier nobody knows: refused once the gate lets it through.
  'PUT /v1/retail/products/{code}': (_o, w) => ({
    url: '/v1/retail/products/ZZ-NONE',
    body: {
      name_vi: 'Hàng thử',
      name_en: 'Test goods',
      unit: 'cái',
      vat_rate: 10,
      category: 'other',
      supplier_code: 'NCC-NOBODY',
      local_province: null,
      ocop_stars: null,
      province_code: province(w),
      active: true,
    },
  }),
  'POST /v1/retail/products/{code}/prices': post(
    () => '/v1/retail/products/ZZ-NONE/prices',
    (_o, w) => ({
      province_code: province(w),
      kind: 'list',
      valid_from: '2027-01-01',
      valid_to: null,
      price: '1000',
    }),
  ),
  'GET /v1/retail/provinces/{province}/prices': get(
    (_o, w) => `/v1/retail/provinces/${province(w)}/prices?limit=1`,
  ),
  'GET /v1/retail/suppliers': get(() => '/v1/retail/suppliers'),
  'POST /v1/retail/catalogue': (_o, w) => ({
    url: `/v1/retail/catalogue?province=${province(w)}`,
    body: 'khong,phai,danh,muc',
    type: 'text/csv',
  }),
  'GET /v1/services/procedures': get(() => '/v1/services/procedures?limit=1'),
  'GET /v1/services/procedures/{code}': get(() => '/v1/services/procedures/0.000000.000.00.00.H00'),
  'GET /v1/services/agencies': get(() => '/v1/services/agencies'),
  // Not a catalogue file: refused by name once the gate lets it through.
  'POST /v1/services/catalogue': (_o, w) => ({
    url: `/v1/services/catalogue?province=${province(w)}`,
    body: 'khong,phai,danh,muc',
    type: 'text/csv',
  }),
  'POST /v1/services/agencies/{code}/officers': post(
    (o) => `/v1/services/agencies/${o.agency}/officers`,
    () => ({ staff_id: NOBODY }),
  ),
  'POST /v1/services/tills/{id}/dossiers': post(
    (o) => `/v1/services/tills/${o.till}/dossiers`,
    (_o, w) => ({ procedure: '0.000000.000.00.00.H00', service: 'send', citizen: dossierCitizen(w) }),
  ),
  'POST /v1/services/tills/{id}/dossiers/{dossier}/completion': post(
    (o) => `/v1/services/tills/${o.till}/dossiers/${NO_DOSSIER}/completion`,
    () => ({ documents: [] }),
  ),
  'POST /v1/services/offices/{office}/dossiers/{dossier}/supplements': post(
    (o) => `/v1/services/offices/${o.office.id}/dossiers/${NO_DOSSIER}/supplements`,
    () => ({ documents: [{ key: 'giay_to', form: 'copy', count: 1 }] }),
  ),
  'POST /v1/services/offices/{office}/dossiers/{dossier}/result-collection': post(
    (o) => `/v1/services/offices/${o.office.id}/dossiers/${NO_DOSSIER}/result-collection`,
  ),
  // The dossier waits for its papers: no decision is in order.
  'POST /v1/services/dossiers/{dossier}/decisions': post(
    (o) => `/v1/services/dossiers/${o.dossier}/decisions`,
    () => ({ status: 'done' }),
  ),
  'GET /v1/services/dossiers/{dossier}': get((o) => `/v1/services/dossiers/${o.dossier}`),
  'GET /v1/services/offices/{office}/dossiers': get(
    (o) => `/v1/services/offices/${o.office.id}/dossiers?limit=1`,
  ),
  'GET /v1/services/agencies/{agency}/dossiers': get(
    (o) => `/v1/services/agencies/${o.agency}/dossiers?limit=1`,
  ),
  'GET /v1/services/agency/dossiers': get(() => '/v1/services/agency/dossiers?limit=1'),
  'GET /v1/public/dossiers/{dossier}': get((o) => `/v1/public/dossiers/${o.dossier}?phone=0912000111`),
  // Not a day: refused once the gate lets it through, nothing paid.
  'POST /v1/finance/agencies/{agency}/remittances': post(
    (o) => `/v1/finance/agencies/${o.agency}/remittances`,
    (o) => ({ through: 'hom-qua', office: o.office.id }),
  ),
  'GET /v1/finance/agencies/{agency}/statement': get(
    (o) => `/v1/finance/agencies/${o.agency}/statement?from=2026-12-01&to=2026-12-10&office=${o.office.id}`,
  ),
  ...RETAIL_ROUTE_CALLS,
};
