// The access matrix, on both dialects: every documented route called by every role, with no credentials, with
// an expired session, a revoked token and a token limited to another office, on something real at the
// caller's office (A) and in another province (C). What each role may do where is written out below, route by
// route, not read from ROLE_GRANTS: a change in who may do what shows here as a failing row, and a route
// without a row (or a row without a route) fails too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES, type Role } from '../cells/core/index.ts';
import { dialectsUnderTest } from '../storage/testing.ts';
import { callApi } from '../testing.ts';
import { documentedRoutes } from './server.ts';
import { addressOf, openAccessWorld, type AccessWorld, type Place } from './testing.ts';
import { ROUTE_CALLS, type RouteCall } from './testing-routes.ts';

/** The order of a row's columns: the ten roles, then the provincial manager's token limited to office B. */
const COLUMNS = [
  'counter_clerk',
  'postman',
  'office_manager',
  'provincial_manager',
  'security_officer',
  'auditor',
  'system_admin',
  'social_insurance_officer',
  'agency_officer',
  'shipper',
  'token_b',
] as const;

// A row gives, per column, the answer on the object at A then on the one at C (one letter for a route whose
// target is not an office of the request: national, the caller's own office, or the caller):
//   y  allowed: the gate lets it through (the request is built to fail later, in the service)
//   -  403 permission_missing      o  403 office_out_of_scope      t  403 token_out_of_scope
//   !  403 with the route's own refusal (its `refusal`)
// Without credentials, with an expired session or a revoked token every route but a public one answers 401.
// The office roles work at A, the provincial ones at Hà Nội's provincial post (A's province), the
// security officer, the auditor and the administrator at the corporation.
type Expectation =
  | { public: true }
  | { permission: string; row: string; refusal?: string }
  | { signedIn: true; row: string; refusal?: string };
const pub = { public: true } as const;
const signedIn = (row: string, refusal?: string): Expectation => ({
  signedIn: true,
  row,
  ...(refusal === undefined ? {} : { refusal }),
});
const needs = (permission: string, row: string, refusal?: string): Expectation => ({
  permission,
  row,
  ...(refusal === undefined ? {} : { refusal }),
});
// prettier-ignore
const EXPECTED: Record<string, Expectation> = {
                                                                                                      // cl po om pm so au sa si ag sh tB
  'GET /health': pub,
  'GET /ready': pub,
  'GET /v1/geo/provinces': pub,
  'GET /v1/geo/provinces/{code}/communes': pub,
  'GET /v1/geo/communes': pub,
  'GET /v1/offices': pub,
  'GET /v1/offices/tree': pub,
  'GET /v1/offices/{id}': pub,
  'POST /v1/offices':                                             needs('office.manage',                '-- -- -- yo -- -- yy -- -- -- tt'),
  'POST /v1/offices/{id}/move':                                   needs('office.manage',                '-- -- -- yo -- -- yy -- -- -- tt'),
  'POST /v1/offices/{id}/close':                                  needs('office.manage',                '-- -- -- yo -- -- yy -- -- -- tt'),
  'GET /v1/staff':                                                needs('staff.read',                   '-- -- yo yo yy yy yy -- -- -- tt'),
  'POST /v1/staff':                                               needs('staff.manage',                 '-- -- yo yo -- -- yy -- -- -- tt'),
  'GET /v1/staff/{id}':                                           needs('staff.read',                   '-- -- yo yo yy yy yy -- -- -- tt'),
  'PUT /v1/staff/{id}/roles':                                     needs('staff.manage',                 '-- -- yo yo -- -- yy -- -- -- tt'),
  'POST /v1/staff/{id}/disable':                                  needs('staff.manage',                 '-- -- yo yo -- -- yy -- -- -- tt'),
  'POST /v1/auth/sign-in': pub,
  'POST /v1/auth/sign-out':                                       signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'POST /v1/auth/password':                                       signedIn(                             'y  y  y  y  y  y  y  y  y  y  !', 'token_out_of_scope'),
  'GET /v1/me':                                                   signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'POST /v1/staff/{id}/second-factor':                            needs('second_factor.enrol',          '-- -- -- -- -- -- yy -- -- -- tt'),
  'GET /v1/tokens':                                               signedIn(                             '-- -- -- -- -- -- yy -- -- -- tt'),
  'POST /v1/tokens':                                              signedIn(                             '-- -- -- -- -- -- yy -- -- -- !!', 'token_out_of_scope'),
  'POST /v1/tokens/{id}/revoke':                                  signedIn(                             '-- -- -- -- -- -- yy -- -- -- tt'),
  'GET /v1/incidents/cells':                                      signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'POST /v1/incidents/cells/{cell}/restrict':                     needs('incident.isolate',             '-  -  -  -  y  -  -  -  -  -  t'),
  'POST /v1/incidents/requests':                                  needs('incident.request',             '-  -  -  -  y  -  y  -  -  -  t'),
  'GET /v1/incidents/requests':                                   needs('audit.read',                   '-  -  -  -  y  y  -  -  -  -  t'),
  'GET /v1/incidents/requests/{id}':                              needs('audit.read',                   '-  -  -  -  y  y  -  -  -  -  t'),
  'POST /v1/incidents/requests/{id}/decision':                    needs('incident.approve',             '-  -  -  -  y  -  y  -  -  -  t'),
  'POST /v1/incidents/evidence':                                  needs('incident.isolate',             '-  -  -  -  y  -  -  -  -  -  t'),
  'GET /v1/incidents/evidence':                                   needs('audit.read',                   '-  -  -  -  y  y  -  -  -  -  t'),
  'POST /v1/incidents/requests/{id}/apply':                       needs('incident.request',             '-  -  -  -  y  -  y  -  -  -  t'),
  'GET /v1/incidents/requests/{id}/restore':                      needs('audit.read',                   '-  -  -  -  y  y  -  -  -  -  t'),
  'GET /v1/alerts':                                               needs('audit.read',                   '-  -  -  -  y  y  -  -  -  -  t'),
  'POST /v1/alerts/{id}/acknowledge':                             needs('incident.request',             '-  -  -  -  y  -  y  -  -  -  t'),
  'GET /v1/checkpoints/key': pub,
  'GET /v1/checkpoints/{cell}': pub,
  'GET /v1/checkpoints/{cell}/latest': pub,
  'GET /v1/checkpoints/{cell}/{size}': pub,
  'GET /v1/checkpoints/{cell}/{size}/consistency': pub,
  'POST /v1/drills':                                              needs('incident.isolate',             '-  -  -  -  y  -  -  -  -  -  t'),
  'GET /v1/drills':                                               needs('audit.read',                   '-  -  -  -  y  y  -  -  -  -  t'),
  'GET /v1/drills/{id}':                                          needs('audit.read',                   '-  -  -  -  y  y  -  -  -  -  t'),
  'GET /v1/status':                                               signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'GET /v1/finance/offices/{office}/accounts':                    needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/finance/accounts/{id}':                                needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/finance/accounts/{id}/history':                        needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/finance/transfers/{id}':                               needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'POST /v1/finance/offices/{office}/transfers':                  needs('ledger.transfer',              '-- -- yo yo -- -- -- -- -- -- tt'),
  'GET /v1/finance/offices/{office}/tills':                       needs('till.operate',                 'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/finance/offices/{office}/tills':                      needs('till.operate',                 'yo -- yo -- -- -- -- -- -- -- tt'),
  'GET /v1/finance/tills/{id}':                                   needs('till.operate',                 'yo -- yo -- -- -- -- -- -- -- tt'),
  'GET /v1/finance/tills/{id}/moves.csv':                         needs('till.operate',                 'yo -- yo -- -- -- -- -- -- -- tt'),
  'GET /v1/finance/tills/{id}/report.pdf':                        needs('till.operate',                 'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/finance/tills/{id}/moves':                            needs('till.operate',                 'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/finance/moves/{id}/decision':                         needs('till.operate',                 'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/finance/tills/{id}/cash-up':                          needs('till.operate',                 'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/finance/tills/{id}/close':                            needs('till.operate',                 'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/finance/pension-periods':                             needs('pension.list.submit',          '-- -- -- -- -- -- -- yo -- -- tt'),
  'GET /v1/finance/pension-periods/{id}':                         needs('pension.list.submit',          '-- -- -- -- -- -- -- yo -- -- tt'),
  'POST /v1/finance/pension-periods/{id}/lists':                  needs('pension.list.submit',          '-- -- -- -- -- -- -- yo -- -- tt'),
  'GET /v1/finance/offices/{office}/pension-periods':             needs('pension.pay',                  'yo yo yo -- -- -- -- -- -- -- tt'),
  'GET /v1/finance/pension-periods/{id}/lines':                   needs('pension.pay',                  'yo yo yo -- -- -- -- -- -- -- tt'),
  'GET /v1/finance/pension-jobs/{id}':                            needs('pension.list.submit',          '-- -- -- -- -- -- -- yo -- -- tt'),
  'POST /v1/finance/pension-periods/{id}/lists/{sha256}/funding': needs('pension.manage',               '-- -- oo yo -- -- -- -- -- -- tt'),
  'POST /v1/finance/pension-periods/{id}/bank-run':               needs('pension.manage',               '-- -- oo yo -- -- -- -- -- -- tt'),
  'POST /v1/finance/pension-periods/{id}/stops':                  needs('pension.list.submit',          '-- -- -- -- -- -- -- yo -- -- tt'),
  'POST /v1/finance/pension-periods/{id}/close':                  needs('pension.manage',               '-- -- oo yo -- -- -- -- -- -- tt'),
  'GET /v1/finance/pension-periods/{id}/reconciliation':          needs('pension.reconciliation.read',  '-- -- -- yo -- yy -- yo -- -- tt'),
  'GET /v1/finance/pension-periods/{id}/reconciliation.csv':      needs('pension.reconciliation.read',  '-- -- -- yo -- yy -- yo -- -- tt'),
  'GET /v1/finance/pension-periods/{id}/reconciliation.xlsx':     needs('pension.reconciliation.read',  '-- -- -- yo -- yy -- yo -- -- tt'),
  'GET /v1/finance/pension-periods/{id}/reconciliation.pdf':      needs('pension.reconciliation.read',  '-- -- -- yo -- yy -- yo -- -- tt'),
  'POST /v1/finance/tills/{id}/pension-payouts':                  needs('pension.pay',                  'yo yo yo -- -- -- -- -- -- -- tt'),
  'GET /v1/finance/pension-receipts/{id}':                        needs('pension.pay',                  'yo yo yo -- -- -- -- -- -- -- tt'),
  'GET /v1/finance/pension-receipts/{id}.pdf':                    needs('pension.pay',                  'yo yo yo -- -- -- -- -- -- -- tt'),
  'POST /v1/finance/offices/{office}/pension-rounds':             needs('pension.manage',               '-- -- yo yo -- -- -- -- -- -- tt'),
  'GET /v1/finance/offices/{office}/pension-rounds':              needs('pension.manage',               '-- -- yo yo -- -- -- -- -- -- tt'),
  'GET /v1/finance/pension-rounds/mine':                          needs('pension.pay',                  'y  y  y  -  -  -  -  -  -  -  t'),
  'GET /v1/finance/pension-rounds/{id}':                          needs('pension.pay',                  'yo yo yo -- -- -- -- -- -- -- tt'),
  'POST /v1/finance/pension-rounds/{id}/payouts':                 needs('pension.pay',                  '!o yo !o -- -- -- -- -- -- -- tt', 'not_your_round'),
  'POST /v1/finance/pension-rounds/{id}/close':                   needs('pension.manage',               '-- -- yo yo -- -- -- -- -- -- tt'),
  'POST /v1/finance/cod-remittances':                             needs('ledger.transfer',              '-- -- yo yo -- -- -- -- -- -- tt'),
  'GET /v1/finance/cod-statements':                               needs('shipment.read',                '-- -- -- -- -- yy -- -- -- !o tt', 'permission_missing'),
  'GET /v1/finance/offices/{office}/trial-balance':               needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/finance/offices/{office}/trial-balance.csv':           needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/finance/offices/{office}/trial-balance.pdf':           needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/finance/offices/{office}/cash-position.csv':           needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/finance/offices/{office}/cash-position.pdf':           needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/finance/offices/{office}/cash-position':               needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'POST /v1/finance/agencies/{agency}/remittances':               needs('ledger.transfer',              '-- -- yo yo -- -- -- -- -- -- tt'),
  'GET /v1/finance/agencies/{agency}/statement':                  needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/delivery/tariffs':                                     signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'POST /v1/delivery/quotes':                                     signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'POST /v1/delivery/tills/{id}/items':                           needs('parcel.accept',                'y! !! !! !! !! !! !! !! !! !! !!', 'not_your_till'),
  'POST /v1/delivery/shipments':                                  needs('shipment.submit',              '-  -  -  -  -  -  -  -  -  y  t'),
  'GET /v1/delivery/items/{id}':                                  needs('office.read',                  'yo yo yo yo yy yy yy -- -- -- tt'),
  'GET /v1/delivery/items/{id}/events':                           needs('office.read',                  'yo yo yo yo yy yy yy -- -- -- tt'),
  'GET /v1/delivery/items/{id}/label.pdf':                        needs('office.read',                  'yo yo yo yo yy yy yy -- -- -- tt'),
  'GET /v1/delivery/shipper/items/{id}/label.pdf':                needs('shipment.read',                '-  -  -  -  -  y  -  -  -  y  t'),
  'GET /v1/delivery/items/{id}/receipt.pdf':                      needs('office.read',                  'yo yo yo yo yy yy yy -- -- -- tt'),
  'GET /v1/delivery/shipper/items/{id}/receipt.pdf':              needs('shipment.read',                '-  -  -  -  -  y  -  -  -  y  t'),
  'GET /v1/delivery/shipper/items':                               needs('shipment.read',                '-  -  -  -  -  y  -  -  -  y  t'),
  'GET /v1/delivery/shipper/items/{id}':                          needs('shipment.read',                '-  -  -  -  -  y  -  -  -  y  t'),
  'GET /v1/delivery/offices/{office}/items':                      needs('office.read',                  'yo yo yo yo yy yy yy -- -- -- tt'),
  'GET /v1/track/{id}': pub,
  'POST /v1/delivery/offices/{office}/scans':                     needs('parcel.accept',                'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/delivery/offices/{office}/bags':                      needs('parcel.accept',                'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/delivery/offices/{office}/dispatches':                needs('parcel.accept',                'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/delivery/offices/{office}/bags/{bag}/receive':        needs('parcel.accept',                'yo -- yo -- -- -- -- -- -- -- tt'),
  'GET /v1/delivery/bags/{id}':                                   needs('office.read',                  'yo yo yo yo yy yy yy -- -- -- tt'),
  'GET /v1/delivery/dispatches/{id}':                             needs('office.read',                  'yo yo yo yo yy yy yy -- -- -- tt'),
  'POST /v1/delivery/offices/{office}/rounds':                    needs('parcel.deliver',               '-- yo yo -- -- -- -- -- -- -- tt'),
  'GET /v1/delivery/offices/{office}/rounds':                     needs('till.approve',                 '-- -- yo yo -- -- -- -- -- -- tt'),
  'GET /v1/delivery/rounds/mine':                                 needs('parcel.deliver',               '-  y  y  -  -  -  -  -  -  -  t'),
  'GET /v1/delivery/rounds/{id}':                                 needs('office.read',                  'yo yo yo yo yy yy yy -- -- -- tt'),
  'POST /v1/delivery/rounds/{id}/deliveries':                     needs('parcel.deliver',               '-- yo yo -- -- -- -- -- -- -- tt'),
  'POST /v1/delivery/rounds/{id}/attempts':                       needs('parcel.deliver',               '-- yo yo -- -- -- -- -- -- -- tt'),
  'POST /v1/delivery/rounds/{id}/close':                          needs('till.approve',                 '-- -- yo yo -- -- -- -- -- -- tt'),
  'POST /v1/delivery/tills/{id}/pickups':                         needs('parcel.accept',                'y! !! !! !! !! !! !! !! !! !! !!', 'not_your_till'),
  'GET /v1/services/procedures':                                  signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'GET /v1/services/procedures/{code}':                           signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'GET /v1/services/agencies':                                    signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'POST /v1/services/catalogue':                                  signedIn(                             '-- -- -- yo -- -- yy -- !o -- tt', 'not_your_agency'),
  'POST /v1/services/agencies/{code}/officers':                   needs('office.manage',                '-- -- -- yo -- -- yy -- -- -- tt'),
  'POST /v1/services/tills/{id}/dossiers':                        needs('dossier.handle',               'y! !! !! !! !! !! !! !! !! !! !!', 'not_your_till'),
  'POST /v1/services/tills/{id}/dossiers/{dossier}/completion':   needs('dossier.handle',               'y! !! !! !! !! !! !! !! !! !! !!', 'not_your_till'),
  'POST /v1/services/offices/{office}/dossiers/{dossier}/supplements':        needs('dossier.handle',   'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/services/offices/{office}/dossiers/{dossier}/result-collection':  needs('dossier.handle',   'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/services/dossiers/{dossier}/decisions':               needs('dossier.agency',               '-- -- -- -- -- -- -- -- !o -- tt', 'not_your_agency'),
  'GET /v1/services/dossiers/{dossier}':                          signedIn(                             'y! !! y! y! !! yy !! !! !! !! !!', 'not_your_agency'),
  'GET /v1/services/offices/{office}/dossiers':                   signedIn(                             'y! !! y! y! !! yy !! !! !! !! !!', 'not_your_agency'),
  'GET /v1/services/agencies/{agency}/dossiers':                  needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/services/agency/dossiers':                             needs('dossier.agency',               '-  -  -  -  -  -  -  -  !  -  t', 'not_your_agency'),
  'POST /v1/retail/tills/{id}/quote':                             needs('retail.sell',                  'y! !! !! !! !! !! !! !! !! !! !!', 'not_your_till'),
  'POST /v1/retail/tills/{id}/sales':                             needs('retail.sell',                  'y! !! !! !! !! !! !! !! !! !! !!', 'not_your_till'),
  'POST /v1/retail/tills/{id}/returns':                           needs('retail.sell',                  'y! !! !! !! !! !! !! !! !! !! !!', 'not_your_till'),
  'GET /v1/retail/tills/{id}/sales':                              needs('retail.sell',                  'y! !! !! !! !! !! !! !! !! !! !!', 'not_your_till'),
  'GET /v1/retail/offices/{office}/sales':                        needs('retail.read',                  'yo -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/sales/{sale}':                 needs('retail.read',                  'yo -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/sales/{sale}/receipt.pdf':     needs('retail.read',                  'yo -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/goods':                        needs('retail.sell',                  'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/retail/orders':                                       needs('retail.sell',                  'y  -  y  -  -  -  -  -  -  -  t'),
  'POST /v1/retail/orders/{order}/picking':                       needs('retail.sell',                  'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/retail/orders/{order}/cancellation':                  needs('retail.sell',                  'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/retail/orders/{order}/refund':                         needs('retail.sell',                  'y! !! !! !! !! !! !! !! !! !! !!', 'not_your_till'),
  'GET /v1/retail/orders/{order}':                                signedIn(                             'y! !! y! y! !! yy !! !! !! !! !!', 'order_not_yours'),
  'GET /v1/retail/offices/{office}/orders':                       needs('retail.read',                  'yo -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/orderable-goods':              needs('retail.sell',                  'y  -  y  -  -  -  -  -  -  -  t'),
  'GET /v1/public/dossiers/{dossier}': pub,
  'GET /v1/retail/offices/{office}/reports/sales':                needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/provinces/{province}/reports/sales':            needs('report.read',                  '-- -- oo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/reports/stock':                needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/provinces/{province}/reports/stock':            needs('report.read',                  '-- -- oo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/reports/slow':                 needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/provinces/{province}/reports/slow':             needs('report.read',                  '-- -- oo yo -- yy -- -- -- -- tt'),
  'GET /v1/finance/offices/{office}/overview':                    needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/finance/provinces/{province}/overview':                needs('report.read',                  '-- -- oo yo -- yy -- -- -- -- tt'),
  'GET /v1/delivery/offices/{office}/overview':                   needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/delivery/provinces/{province}/overview':               needs('report.read',                  '-- -- oo yo -- yy -- -- -- -- tt'),
  'GET /v1/services/offices/{office}/overview':                   needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/services/provinces/{province}/overview':               needs('report.read',                  '-- -- oo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/overview':                     needs('report.read',                  '-- -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/provinces/{province}/overview':                 needs('report.read',                  '-- -- oo yo -- yy -- -- -- -- tt'),
  'POST /v1/finance/tills/{id}/variance-approval':                needs('till.approve',                 '-- -- yo yo -- -- -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/stock':                        needs('retail.read',                   'yo -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/products/{product}/stock':                      needs('retail.read',                   'y  -  y  y  -  y  -  -  -  -  t'),
  'GET /v1/retail/offices/{office}/moves':                        needs('retail.read',                   'yo -- yo yo -- yy -- -- -- -- tt'),
  'POST /v1/retail/offices/{office}/purchase-orders':             needs('retail.stock',                  '-- -- yo yo -- -- -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/purchase-orders':              needs('retail.read',                   'yo -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/purchase-orders/{order}':      needs('retail.read',                   'yo -- yo yo -- yy -- -- -- -- tt'),
  'POST /v1/retail/offices/{office}/purchase-orders/{order}/receipts':needs('retail.stock',                  '-- -- yo yo -- -- -- -- -- -- tt'),
  'POST /v1/retail/offices/{office}/purchase-orders/{order}/closure':needs('retail.stock',                  '-- -- yo yo -- -- -- -- -- -- tt'),
  'POST /v1/retail/offices/{office}/transfers':                   needs('retail.stock',                  '-- -- yo yo -- -- -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/transfers':                    needs('retail.read',                   'yo -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/transfers/{transfer}':         needs('retail.read',                   'yo -- yo yo -- yy -- -- -- -- tt'),
  'POST /v1/retail/offices/{office}/transfers/{transfer}/receipt':needs('retail.sell',                   'yo -- yo -- -- -- -- -- -- -- tt'),
  'POST /v1/retail/offices/{office}/write-offs':                  needs('retail.stock',                  '-- -- yo yo -- -- -- -- -- -- tt'),
  'POST /v1/retail/offices/{office}/stocktakes':                  needs('retail.sell',                   'yo -- yo -- -- -- -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/stocktakes':                   needs('retail.read',                   'yo -- yo yo -- yy -- -- -- -- tt'),
  'GET /v1/retail/offices/{office}/stocktakes/{stocktake}':       needs('retail.read',                   'yo -- yo yo -- yy -- -- -- -- tt'),
  'POST /v1/retail/offices/{office}/stocktakes/{stocktake}/approval':needs('retail.stock',                  '-- -- yo yo -- -- -- -- -- -- tt'),
  'POST /v1/retail/offices/{office}/stocktakes/{stocktake}/rejection':needs('retail.stock',                  '-- -- yo yo -- -- -- -- -- -- tt'),
  'GET /v1/retail/products':                                     signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'GET /v1/retail/products/{code}':                              signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'PUT /v1/retail/products/{code}':                              needs('retail.catalogue',             '-- -- -- yo -- -- -- -- -- -- tt'),
  'POST /v1/retail/products/{code}/prices':                      needs('retail.catalogue',             '-- -- -- yo -- -- -- -- -- -- tt'),
  'GET /v1/retail/provinces/{province}/prices':                  signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'GET /v1/retail/suppliers':                                    signedIn(                             'y  y  y  y  y  y  y  y  y  y  y'),
  'POST /v1/retail/catalogue':                                   needs('retail.catalogue',             '-- -- -- yo -- -- -- -- -- -- tt'),
};

/** Who calls: a role's session, the office-B token, or one of the callers every route but a public one refuses. */
type Caller =
  | { kind: 'role'; role: Role }
  | { kind: 'token_b' }
  | { kind: 'dead'; name: 'no credentials' | 'expired session' | 'revoked token'; code: string };
const CALLERS: Caller[] = [
  ...ROLES.map((role) => ({ kind: 'role', role }) as const),
  { kind: 'token_b' },
  { kind: 'dead', name: 'no credentials', code: 'authentication_required' },
  { kind: 'dead', name: 'expired session', code: 'session_invalid' },
  { kind: 'dead', name: 'revoked token', code: 'token_invalid' },
];
const nameOf = (c: Caller) =>
  c.kind === 'role' ? c.role : c.kind === 'token_b' ? 'token limited to B' : c.name;

/** What a row says for a column at a place. */
function expectedAt(e: Expectation, column: (typeof COLUMNS)[number], w: Place): string {
  if ('public' in e) return 'y';
  const cells = e.row.trim().split(/\s+/);
  assert.equal(cells.length, COLUMNS.length, `a row has ${COLUMNS.length} columns: ${e.row}`);
  const cell = cells[COLUMNS.indexOf(column)]!;
  return cell.length === 1 ? cell : cell[w === 'A' ? 0 : 1]!;
}

/** Whether a route's target is an office of the request (two letters a cell), or not (one). */
const placed = (e: Expectation) =>
  !('public' in e) &&
  e.row
    .trim()
    .split(/\s+/)
    .some((c) => c.length === 2);

const CODES: Record<string, string> = {
  '-': 'permission_missing',
  o: 'office_out_of_scope',
  t: 'token_out_of_scope',
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the access matrix on ${dialect}`, { skip }, () => {
    let world: AccessWorld;
    let n = 0;
    before(async () => {
      world = await openAccessWorld(dialect);
    });
    after(async () => {
      await world?.close();
    });

    const call = async (caller: Caller, method: string, c: RouteCall) => {
      const dead = caller.kind === 'dead' ? caller.name : undefined;
      const key = method !== 'GET' ? `matrix-${++n}` : undefined;
      const res = await callApi<{ code?: string; details?: { permission?: string } }>(world.app, {
        method: method as 'GET',
        url: c.url,
        remoteAddress: addressOf(++n),
        cookie:
          caller.kind === 'role'
            ? world.accounts[caller.role].cookie
            : dead === 'expired session'
              ? world.dead.expiredCookie
              : undefined,
        bearer:
          caller.kind === 'token_b'
            ? world.officeBToken
            : dead === 'revoked token'
              ? world.dead.revokedToken
              : undefined,
        type: c.type,
        key: key ?? null,
        payload: c.body,
      });
      return { status: res.status, code: res.body.code, permission: res.body.details?.permission };
    };

    test('every documented route has a row, and every row a documented route that needs what the row says', () => {
      const documented = [...documentedRoutes(world.app)].sort();
      const missing = documented.filter((r) => !(r in EXPECTED) || !(r in ROUTE_CALLS));
      assert.deepEqual(missing, [], 'routes without a row in the access matrix: add one');
      const gone = Object.keys(EXPECTED).filter((r) => !documented.includes(r));
      assert.deepEqual(gone, [], 'rows for routes that no longer exist');
      assert.deepEqual(
        Object.keys(ROUTE_CALLS).filter((r) => !documented.includes(r)),
        [],
      );
      // The OpenAPI document says what each route needs; the row says the same.
      const doc = world.app.swagger() as { paths: Record<string, Record<string, { description?: string }>> };
      for (const route of documented) {
        const [method, path] = route.split(' ') as [string, string];
        const text = doc.paths[path]?.[method.toLowerCase()]?.description ?? '';
        const e = EXPECTED[route]!;
        const says = /Needs permission `([a-z_.]+)`/.exec(text)?.[1];
        if ('permission' in e) assert.equal(says, e.permission, route);
        else if ('signedIn' in e) assert.match(text, /Needs a signed-in user or an API token/, route);
        else if (path.startsWith('/v1/')) assert.match(text, /Public: /, route);
      }
    });

    test('every route × every caller × A and C: the answer the matrix gives, and no write', async () => {
      const failures: string[] = [];
      // Signing out writes whatever the request, and ends the caller's session: it goes last.
      const journaled = ['POST /v1/auth/sign-out'];
      const routes = [...documentedRoutes(world.app)].sort(
        (a, b) => +(a === 'POST /v1/auth/sign-out') - +(b === 'POST /v1/auth/sign-out'),
      );
      let heads = await world.heads();
      for (const route of routes) {
        const e = EXPECTED[route];
        const build = ROUTE_CALLS[route];
        if (e === undefined || build === undefined) continue;
        const [method] = route.split(' ') as [string];
        for (const w of placed(e) ? (['A', 'C'] as const) : (['A'] as const)) {
          const c = build(world.objects[w], w);
          for (const caller of CALLERS) {
            const r = await call(caller, method, c);
            const where = `${route} at ${w} by ${nameOf(caller)}: ${r.status} ${r.code ?? ''}`;
            // Refused or let through to fail in the service, no request writes anything.
            const now = await world.heads();
            if (!journaled.includes(route) && now.some((h, i) => h !== heads[i]))
              failures.push(`${where} wrote: ${heads.join()} → ${now.join()}`);
            heads = now;
            if (r.status >= 500) {
              failures.push(`${where} (a server error)`);
              continue;
            }
            if (caller.kind === 'dead') {
              if ('public' in e) {
                if (r.status === 401 || r.status === 403) failures.push(`${where} (a public route)`);
              } else if (r.status !== 401 || r.code !== caller.code)
                failures.push(`${where} (want 401 ${caller.code})`);
              continue;
            }
            const want = expectedAt(e, caller.kind === 'role' ? caller.role : 'token_b', w);
            if (want === 'y') {
              if (r.status === 401 || r.status === 403) failures.push(`${where} (want allowed)`);
              continue;
            }
            const code = want === '!' ? (e as { refusal: string }).refusal : CODES[want];
            if (r.status !== 403 || r.code !== code) failures.push(`${where} (want 403 ${code})`);
            else if ('permission' in e && want !== '!' && r.permission !== e.permission)
              failures.push(`${where} names ${r.permission}, not ${e.permission}`);
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  });
}
