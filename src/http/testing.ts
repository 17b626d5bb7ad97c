// Test support for the API-wide tests (the access matrix, the bad-input property test): a platform with two
// provinces, one signed-in account per role, and an object of every kind at an office of each, so a route can
// be called on something real both in and out of a caller's reach.
import { Readable } from 'node:stream';
import { pino } from 'pino';
import { spawn } from 'node:child_process';
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
import { loadDemoCatalogue } from '../cells/services/index.ts';
import { pricesSet } from '../cells/retail/index.ts';
import { loadTestCatalogue, shelveTestStock } from '../cells/retail/testing.ts';
import { ManualClock } from '../platform/clock.ts';
import { parseNames } from '../platform/people.ts';
import { testPlace, type TestPlace } from '../storage/testing.ts';
import type { Dialect } from '../storage/index.ts';
import { callApi, NAMES, openTestOffice, TEST_PASSWORD, testConfig } from '../testing.ts';
import type { Server } from './server.ts';

const ACTOR = 'system:test';

/** A: a post office in Hà Nội, home of the office roles; C: a post office in Đà Nẵng, another province. */
export type Place = 'A' | 'C';
/** The commune of each place's office. */
export const COMMUNE: Record<Place, string> = { A: '00004', C: '20194' };

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
  /** The ward committee of the place's commune (services catalogue) and a dossier its clerk took in for it. */
  agency: string;
  dossier: string;
  /** An order from the office's stock, placed by its clerk, picked and handed over (retail). */
  order: string;
}

export interface AccessWorld {
  place: TestPlace;
  platform: Platform;
  app: Server;
  clock: ManualClock;
  offices: Offices;
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

/** The offices of the tests over HTTP, by where they stand. */
export type Offices = Record<'HQ' | 'HN' | 'DN' | 'A' | 'B' | 'C', Office>;

/** Opens an office (a made-up address and hours) under `parent`, as the test actor. */
export function openOffice(
  platform: Platform,
  type: string,
  name: string,
  postcode: string,
  commune: string,
  parent?: Office,
): Promise<Office> {
  return openTestOffice(platform.core, type, name, postcode, commune, parent?.id);
}

/** The corporation (HQ), the provincial posts of Hà Nội and Đà Nẵng, offices A and B in Hà Nội, C in Đà Nẵng. */
export async function openOffices(platform: Platform): Promise<Offices> {
  const open = (type: string, name: string, postcode: string, commune: string, parent?: Office) =>
    openOffice(platform, type, name, postcode, commune, parent);
  const HQ = await open('corporation', 'Tổng công ty Bưu điện Việt Nam', '10000', '00004');
  const HN = await open('provincial_post', 'Bưu điện Hà Nội', '11000', '00004', HQ);
  const DN = await open('provincial_post', 'Bưu điện Đà Nẵng', '50000', '20194', HQ);
  const A = await open('post_office', 'Bưu cục Ba Đình', '11100', '00004', HN);
  const B = await open('post_office', 'Bưu cục Hoàn Kiếm', '11200', '00070', HN);
  const C = await open('post_office', 'Bưu cục Hải Châu', '50100', '20194', DN);
  return { HQ, HN, DN, A, B, C };
}

/** Opens the world: offices, accounts signed in over HTTP, and the objects at A and C. */
export async function openAccessWorld(dialect: Dialect): Promise<AccessWorld> {
  // 10 December 2026, 09:00 in Hà Nội: the month's pensions are being paid.
  const clock = new ManualClock('2026-12-10T02:00:00.000Z');
  const place = testPlace(dialect);
  const platform = await openPlatform(testConfig(place), { clock });
  // A drill started here is a stand-in that ends at once: the matrix checks who may start one, not the drill.
  const app = await buildApp(platform, pino({ level: 'silent' }), {
    drills: { launch: () => spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }) },
  });
  const { core, finance, delivery } = platform;
  const offices = await openOffices(platform);
  // A service point under A and under C, so neither office can be closed by a request that reaches it.
  await openOffice(platform, 'service_point', 'Điểm Bưu điện văn hóa xã', '11101', '00004', offices.A);
  await openOffice(platform, 'service_point', 'Điểm Bưu điện văn hóa phường', '50101', '20194', offices.C);
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
    const r = await callApi(app, {
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
      key: null,
    });
    if (r.cookie === undefined) throw new Error(`${username} could not sign in: ${r.text}`);
    return r.cookie;
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
      agency: '',
      dossier: '',
      order: '',
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
  // The services catalogue, and at each place a dossier waiting for its papers (nothing paid) for its ward.
  await loadDemoCatalogue(platform.services.catalogue, ACTOR);
  for (const [p, agency, clerk, commune] of [
    ['A', 'H01.UBND.X00004', accounts.counter_clerk.id, '00004'],
    ['C', 'H48.UBND.X20242', atC.clerk, '20242'],
  ] as const) {
    const procedure = (await platform.services.catalogue.search({ agency, limit: 1, offset: 0 })).items[0]!;
    objects[p].agency = agency;
    objects[p].dossier = (
      await platform.services.dossiers.intake(
        {
          procedure: procedure.code,
          service: 'send',
          citizen: {
            name: 'Lê Thị Hoa',
            cccd: '001185000999',
            phone: '0912000999',
            address: 'Số 1',
            commune,
          },
          documents: [],
        },
        { office_id: objects[p].office.id, clerk_id: clerk, till_session_id: objects[p].till },
      )
    ).id;
  }
  // The retail test catalogue, priced in both places' provinces, a box on each office's shelf and an order sent.
  const retailJournal = platform.cells.find((c) => c.definition.name === 'retail')!.journal;
  await loadTestCatalogue(retailJournal, ACTOR);
  await retailJournal.transaction((trx) =>
    retailJournal.append(trx, pricesSet, {
      stream: 'prices',
      actor: ACTOR,
      payload: {
        prices: [
          {
            product_code: 'HOP-M3',
            province_code: '48',
            kind: 'list',
            valid_from: '2026-01-01',
            valid_to: null,
            price: '12000',
          },
        ],
      },
    }),
  );
  for (const [p, clerk, commune] of [
    ['A', accounts.counter_clerk.id, '00004'],
    ['C', atC.clerk, '20242'],
  ] as const) {
    const office = objects[p].office.id;
    await shelveTestStock(retailJournal, office, [{ product: 'HOP-M3', quantity: 5n, unit_cost: 7_000n }]);
    objects[p].order = (
      await platform.retail.orders.place(
        {
          office,
          customer: { name: 'Lê Thị Hoa', phone: '0912000999', address: 'Số 1', commune },
          lines: [{ product: 'HOP-M3', quantity: 1 }],
          payment: 'cod',
        },
        { office_id: office, clerk_id: clerk, till_session_id: null },
      )
    ).id;
    // Picked, and handed over with the sync below: picking or cancelling it again is refused in the service.
    await platform.retail.orders.pick(objects[p].order, clerk);
  }
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
