// Test support for the API-wide tests (the access matrix, the bad-input property test): a platform with two
// provinces, one signed-in account per role, and an object of every kind at an office of each, so a route can
// be called on something real both in and out of a caller's reach.
import { Readable } from 'node:stream';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../app.ts';
import { ROLE_GRANTS, ROLES, SESSION_HOURS, totpFor, type Office, type Role } from '../cells/core/index.ts';
import {
  accountId,
  openCashedTill,
  openMonthAtCounters,
  receiveVaultCash,
  syntheticListFile,
  type PensionLine,
} from '../cells/finance/index.ts';
import { ManualClock } from '../platform/clock.ts';
import { parseNames } from '../platform/people.ts';
import { testPlace, type TestPlace } from '../storage/testing.ts';
import type { Dialect } from '../storage/index.ts';
import { NAMES, TEST_PASSWORD, testConfig } from '../testing.ts';
import { SESSION_COOKIE } from './auth.ts';
import type { Server } from './server.ts';

const ACTOR = 'system:test';

/** A: a post office in Hà Nội, home of the office roles; C: a post office in Đà Nẵng, another province. */
export type Place = 'A' | 'C';
const COMMUNE: Record<Place, string> = { A: '00004', C: '20194' };

/** Where each role's account works: A's office, Hà Nội's provincial post, or the corporation. */
export const HOME: Record<Role, 'A' | 'HN' | 'HQ'> = {
  counter_clerk: 'A',
  postman: 'A',
  office_manager: 'A',
  shipper: 'A',
  provincial_manager: 'HN',
  social_insurance_officer: 'HN',
  agency_officer: 'HN',
  security_officer: 'HQ',
  auditor: 'HQ',
  system_admin: 'HQ',
};

/** The ids of one place's objects, one of each kind a route can be called on. */
export interface PlaceObjects {
  office: Office;
  /** A clerk who is nobody's principal: staff routes act on them. */
  staff: string;
  /** A disabled clerk (enrolling a second factor for them is refused). */
  disabled: string;
  /** An API token of `staff`, already revoked. */
  token: string;
  account: string;
  transfer: string;
  /** The place's clerk's open till, and its opening cash move (already confirmed). */
  till: string;
  move: string;
  /** The province's pension period, its list, an import job, a counter receipt and a home round. */
  period: string;
  sha256: string;
  job: string;
  receipt: string;
  pensionRound: string;
  /** An item lying at the office, the bag and dispatch that brought it (from the other place) and its round. */
  item: string;
  bag: string;
  dispatch: string;
  round: string;
}

export interface AccessWorld {
  place: TestPlace;
  platform: Platform;
  app: Server;
  clock: ManualClock;
  offices: Record<'HQ' | 'HN' | 'DN' | 'A' | 'B' | 'C', Office>;
  /** Each role's account (at its HOME) and session cookie. */
  accounts: Record<Role, { id: string; username: string; cookie: string }>;
  /** An office manager's session past its hours, and his revoked token. */
  dead: { expiredCookie: string; revokedToken: string };
  /** A token carrying every permission of the provincial manager, limited to office B. */
  officeBToken: string;
  /** The clerk, postman and manager of office C. */
  atC: Record<'clerk' | 'postman' | 'manager', string>;
  objects: Record<Place, PlaceObjects>;
  /** Every cell's journal head, in cell order. */
  heads(): Promise<bigint[]>;
  close(): Promise<void>;
}

/** An EMS parcel of 1.2 kg between two communes, as a counter or a shipper sends it. */
export function parcel(from: string, to: string, extra: Record<string, unknown> = {}) {
  return {
    service: 'ems',
    sender: { name: 'Trần Thị Mai', phone: '0912345678', address: 'Số 12 Đội Cấn', commune: from },
    recipient: { name: 'Lê Văn Hùng', phone: '0987654321', address: 'Số 45 Yersin', commune: to },
    weight_g: 1200,
    length_cm: 30,
    width_cm: 20,
    height_cm: 10,
    ...extra,
  };
}

/** The address of the n-th request: each its own, so no per-address rate limit bites. */
export function addressOf(n: number): string {
  return `10.${Math.floor(n / 62_500) % 250}.${Math.floor(n / 250) % 250}.${n % 250}`;
}

/** Opens the world: offices, accounts signed in over HTTP, and the objects at A and C. */
export async function openAccessWorld(dialect: Dialect): Promise<AccessWorld> {
  // 10 December 2026, 09:00 in Hà Nội: the month's pensions are being paid.
  const clock = new ManualClock('2026-12-10T02:00:00.000Z');
  const place = testPlace(dialect);
  const platform = await openPlatform(testConfig(place), { clock });
  const app = await buildApp(platform, pino({ level: 'silent' }));
  const { core, finance, delivery } = platform;
  const open = (type: string, name: string, postcode: string, commune: string, parent?: Office) =>
    core.offices.open(
      {
        type,
        name,
        postcode,
        commune_code: commune,
        address: 'Số 1',
        opening_hours: '7:00–19:00',
        ...(parent === undefined ? {} : { parent_id: parent.id }),
      },
      ACTOR,
    );
  const offices = {} as AccessWorld['offices'];
  offices.HQ = await open('corporation', 'Tổng công ty Bưu điện Việt Nam', '10000', '00004');
  offices.HN = await open('provincial_post', 'Bưu điện Hà Nội', '11000', '00004', offices.HQ);
  offices.DN = await open('provincial_post', 'Bưu điện Đà Nẵng', '50000', '20194', offices.HQ);
  offices.A = await open('post_office', 'Bưu cục Ba Đình', '11100', '00004', offices.HN);
  offices.B = await open('post_office', 'Bưu cục Hoàn Kiếm', '11200', '00070', offices.HN);
  offices.C = await open('post_office', 'Bưu cục Hải Châu', '50100', '20194', offices.DN);
  // A service point under A and under C, so neither office can be closed by a request that reaches it.
  await open('service_point', 'Điểm Bưu điện văn hóa xã', '11101', '00004', offices.A);
  await open('service_point', 'Điểm Bưu điện văn hóa phường', '50101', '20194', offices.C);
  await platform.sync();

  let n = 0;
  const add = async (username: string, role: Role, office: Office) => {
    n++;
    const partner = ['shipper', 'agency_officer', 'social_insurance_officer'].includes(role);
    return core.staff.add(
      {
        username,
        full_name: `Nguyễn Thị ${username}`,
        cccd: partner ? null : `0011850001${String(n).padStart(2, '0')}`,
        phone: `09123461${String(n).padStart(2, '0')}`,
        office_id: office.id,
        roles: [role],
        password: TEST_PASSWORD,
      },
      ACTOR,
    );
  };
  const seeds = new Map<string, string>();
  const accounts = {} as AccessWorld['accounts'];
  for (const role of ROLES) {
    const s = await add(role.replaceAll('_', '.'), role, offices[HOME[role]]);
    if (role === 'security_officer' || role === 'system_admin')
      seeds.set(s.username, (await core.signIn.enrolSecondFactor(s.id, ACTOR)).secret);
    accounts[role] = { id: s.id, username: s.username, cookie: '' };
  }
  const atC = {
    clerk: (await add('clerk.c', 'counter_clerk', offices.C)).id,
    postman: (await add('postman.c', 'postman', offices.C)).id,
    manager: (await add('manager.c', 'office_manager', offices.C)).id,
  };
  let address = 0;
  const signIn = async (username: string) => {
    const seed = seeds.get(username);
    const r = await app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      remoteAddress: addressOf(++address),
      payload: {
        username,
        password: TEST_PASSWORD,
        ...(seed === undefined
          ? {}
          : { code: totpFor(username, seed).generate({ timestamp: clock.now().getTime() }) }),
      },
    });
    const cookie = r.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    if (cookie === undefined) throw new Error(`${username} could not sign in: ${r.body}`);
    return cookie;
  };
  // A session signed in more than SESSION_HOURS ago: everyone else signs in after the clock has moved on.
  const expired = await add('expired.session', 'office_manager', offices.A);
  const expiredCookie = await signIn(expired.username);
  clock.advance((SESSION_HOURS + 1) * 3_600_000);
  for (const role of ROLES) accounts[role].cookie = await signIn(accounts[role].username);
  // A token that was the office manager's whole reach, revoked; the provincial manager's whole reach as a
  // token limited to office B.
  const tokenOf = async (role: Role, office: Office) =>
    core.tokens.issue(
      {
        staff_id: accounts[role].id,
        name: 'Kịch bản',
        permissions: ROLE_GRANTS[role].permissions,
        office_id: office.id,
        days: 30,
      },
      accounts[role].id,
    );
  const revoked = await tokenOf('office_manager', offices.A);
  await core.tokens.revoke(revoked.apiToken.id, 'Lộ mã', accounts.office_manager.id);
  const elsewhere = await tokenOf('provincial_manager', offices.B);

  const objects = {} as Record<Place, PlaceObjects>;
  const names = parseNames(NAMES);
  const directory = await core.offices.directory();
  for (const [p, province, clerk, postman, manager, from] of [
    ['A', '01', accounts.counter_clerk.id, accounts.postman.id, accounts.office_manager.id, '20194'],
    ['C', '48', atC.clerk, atC.postman, atC.manager, '00004'],
  ] as const) {
    const office = offices[p];
    const staff = await add(`staff.${p.toLowerCase()}`, 'counter_clerk', office);
    const disabled = await add(`disabled.${p.toLowerCase()}`, 'counter_clerk', office);
    await core.staff.disable(disabled.id, 'Nghỉ việc', ACTOR);
    const issued = await core.tokens.issue(
      { staff_id: staff.id, name: 'Báo cáo', permissions: ['office.read'], office_id: null, days: 30 },
      staff.id,
    );
    await core.tokens.revoke(issued.apiToken.id, 'Đổi máy', staff.id);
    const transfer = `world-cash-${p}`;
    const till = await openCashedTill(
      finance,
      {
        office_id: office.id,
        clerk_id: clerk,
        clerk_name: 'Nguyễn Thu Hà',
        manager_id: manager,
        notes: 40n,
        cash_in_id: transfer,
      },
      ACTOR,
    );
    const move = (await finance.tills.movements(till))[0]!.id;

    // The province's month, every channel open now, the period closing far ahead; a list of the office's.
    const period = await openMonthAtCounters(finance, province, clock.now(), ACTOR);
    const month = period.months[0]!;
    const file = syntheticListFile({
      count: 12,
      communes: [COMMUNE[p]],
      postcodes: [office.postcode],
      periodStart: `${month}-01`,
      names,
      seed: p === 'A' ? 5 : 6,
    });
    const { job } = await finance.pensions.startImport(
      {
        period_id: period.id,
        file_name: 'ds.csv',
        declared_count: file.count,
        declared_total: file.total,
        source: Readable.from([file.csv]),
      },
      directory,
      ACTOR,
      30_000,
    );
    if (job.list === null) throw new Error(`the ${p} list was not imported: ${JSON.stringify(job.error)}`);
    await finance.payouts.fund(
      { period_id: period.id, sha256: job.list.sha256, reference: `UNC-${p}` },
      directory,
      ACTOR,
    );
    // The bank-account lines are paid at once, so a bank run the tests ask for finds nothing left to pay.
    await finance.payouts.payBankTransfers(period.id, ACTOR);
    const lines: PensionLine[] = [];
    for (const status of ['at_office', 'at_point']) {
      const page = await finance.pensions.lines({ period_id: period.id, status, limit: 500, offset: 0 });
      lines.push(...page.items);
    }
    const [first, ...rest] = lines;
    if (first === undefined) throw new Error(`the ${p} list has no line to pay in cash`);
    const receipt = await finance.payouts.pay(
      {
        line_id: first.id,
        session_id: till,
        place: first.status === 'at_point' ? 'point' : 'counter',
        office_province: province,
        recipient: 'self',
        cccd: first.cccd,
      },
      clerk,
    );
    await receiveVaultCash(finance, office.id, 100_000_000n, ACTOR, `world-vault-${p}`);
    let pensionRound: string | undefined;
    const why: string[] = [];
    for (const l of rest) {
      try {
        pensionRound = (
          await finance.payouts.openRound(
            {
              period_id: period.id,
              office_id: office.id,
              postman_id: postman,
              postman_name: 'Lê Văn Tư',
              line_ids: [l.id],
            },
            manager,
          )
        ).id;
        break;
      } catch (err) {
        // Not a home line (under 80, paid at the counter): try the next.
        why.push(String((err as Error).message));
      }
    }
    if (pensionRound === undefined)
      throw new Error(`the ${p} list has no line for a home round: ${why.join('; ')}`);

    // An item from the other place's commune, accepted at this office and bagged to the other place.
    const accepted = await delivery.items.accept(
      parcel(COMMUNE[p], from),
      { office_id: office.id, clerk_id: clerk, till_session_id: till },
      clerk,
    );
    const other = offices[p === 'A' ? 'C' : 'A'];
    const bag = await delivery.transport.closeBag(
      { office: office.id, destination: other.id, items: [accepted.id] },
      clerk,
    );
    const dispatch = await delivery.transport.dispatch(
      { office: office.id, destination: other.id, bags: [bag.id] },
      clerk,
    );
    objects[p] = {
      office,
      staff: staff.id,
      disabled: disabled.id,
      token: issued.apiToken.id,
      account: accountId(office.id, 'vault_cash'),
      transfer,
      till,
      move,
      period: period.id,
      sha256: job.list.sha256,
      job: job.id,
      receipt: receipt.id,
      pensionRound,
      item: accepted.id,
      bag: bag.id,
      dispatch: dispatch.id,
      round: '',
    };
  }
  // Each bag arrives at the other place, and its item goes out on a round there: the item and the round at a
  // place are the other place's acceptance; its bag and dispatch stay the ones it sent.
  for (const [p, q, postman] of [
    ['A', 'C', accounts.postman.id],
    ['C', 'A', atC.postman],
  ] as const) {
    await delivery.transport.receiveBag(objects[q].bag, objects[p].office.id, postman);
  }
  const itemAt = { A: objects.C.item, C: objects.A.item };
  for (const [p, postman] of [
    ['A', accounts.postman.id],
    ['C', atC.postman],
  ] as const) {
    objects[p].round = (
      await delivery.rounds.open({ office: objects[p].office.id, postman, items: [itemAt[p]] }, postman)
    ).id;
  }
  objects.A.item = itemAt.A;
  objects.C.item = itemAt.C;
  await platform.sync();

  return {
    place,
    platform,
    app,
    clock,
    offices,
    accounts,
    dead: { expiredCookie, revokedToken: revoked.token },
    officeBToken: elsewhere.token,
    atC,
    objects,
    async heads() {
      const out: bigint[] = [];
      for (const c of platform.cells) out.push((await c.journal.head()).seq);
      return out;
    },
    async close() {
      await app.close();
      await platform.close();
      await place.remove();
    },
  };
}

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
};
