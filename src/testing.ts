// Test support for the whole platform: a configuration over a fresh test place, staff signed in over HTTP,
// the command line run as a child process.
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { randomUUID, type KeyObject } from 'node:crypto';
import { pino } from 'pino';
import { shippedCells, type Platform } from './app.ts';
import type { Role } from './cells/core/index.ts';
import { NAMES, openTestHierarchy } from './cells/core/testing.ts';
import {
  openCashedTill,
  openMonthAtCounters,
  syntheticListFile,
  type PensionLine,
  type Period,
} from './cells/finance/index.ts';
import { SESSION_COOKIE } from './http/auth.ts';
import type { Server } from './http/server.ts';
import type { Clock } from './platform/clock.ts';
import { parseNames } from './platform/people.ts';
import { newBackupKeyPair, readBackupPrivateKey, readBackupPublicKey } from './resilience/seal.ts';
import { createShipper, type Shipper } from './resilience/shipping.ts';
import { createVaultClient, type VaultClient } from './resilience/vault-client.ts';
import { buildVaultServer, openVault } from './resilience/vault/index.ts';
import type { TestPlace } from './storage/testing.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs `postcore ARGS` as its own process with only PATH and `env` set; its exit code and output. */
export function postcore(args: string[], env: Record<string, string> = {}, input = '') {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    input,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Other cells' tests reach the core cell's test fixtures through here, not past its index.
/**
 * Two security officers at an office (`an.ninh` and `bao.ve`, password TEST_PASSWORD), each with a second
 * factor enrolled: their ids and authenticator seeds.
 */
export async function addSecurityOfficers(
  platform: Platform,
  officeId: string,
): Promise<Record<'an.ninh' | 'bao.ve', { id: string; seed: string }>> {
  const out: Record<string, { id: string; seed: string }> = {};
  for (const [n, username] of (['an.ninh', 'bao.ve'] as const).entries()) {
    const s = await platform.core.staff.add(
      {
        username,
        full_name: `Trần Văn ${username}`,
        cccd: `00108500090${n}`,
        phone: `098765430${n}`,
        office_id: officeId,
        roles: ['security_officer'],
        password: TEST_PASSWORD,
      },
      'system:test',
    );
    out[username] = {
      id: s.id,
      seed: (await platform.core.signIn.enrolSecondFactor(s.id, 'system:test')).secret,
    };
  }
  return out;
}

/** The environment that points the command line at a test place. */
export function placeEnv(place: TestPlace): Record<string, string> {
  return place.config.dialect === 'sqlite'
    ? { POSTCORE_DATA_DIR: place.config.dataDir }
    : {
        POSTCORE_DATA_DIR: place.dataDir,
        POSTCORE_DATABASE_URL: place.config.url,
        POSTCORE_SCHEMA_PREFIX: place.config.schemaPrefix ?? '',
      };
}

export { DIVISIONS, NAMES, openTestHierarchy, openTestOffice } from './cells/core/testing.ts';
export { testConfig } from './testing-base.ts';
export { deliveryConsumer } from './cells/finance/index.ts';
export { fillVault } from './cells/finance/testing.ts';
export {
  B_CLERK,
  B_MANAGER,
  balanceOf,
  CLERK,
  MANAGER,
  openDeliveryWorld,
  openTill,
  PARCEL,
  POSTMAN,
  refused,
  type DeliveryWorld,
} from './cells/delivery/testing.ts';

/** The password every test account gets. */
export const TEST_PASSWORD = 'gánh hàng rong qua cầu';

/** Signs an account in through the API and returns its session cookie's value. */
export async function signIn(app: Server, username: string): Promise<string> {
  const r = await callApi(app, {
    method: 'POST',
    url: '/v1/auth/sign-in',
    payload: { username, password: TEST_PASSWORD },
    key: null,
  });
  if (r.cookie === undefined) throw new Error(`${username} could not sign in: ${r.text}`);
  return r.cookie;
}

/**
 * Adds test accounts (username, roles, office) with synthetic CCCDs and phones and signs each in: their ids
 * and session cookies by username.
 */
export async function addSignedInStaff(
  platform: Platform,
  app: Server,
  people: ReadonlyArray<readonly [username: string, roles: readonly Role[], office: string]>,
): Promise<{ ids: Record<string, string>; cookies: Record<string, string> }> {
  const ids: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  for (const [n, [username, roles, office]] of people.entries()) {
    const staff = await platform.core.staff.add(
      {
        username,
        full_name: `Nguyễn Văn ${username}`,
        cccd: `0010850003${String(n + 1).padStart(2, '0')}`,
        phone: `09123457${String(n + 1).padStart(2, '0')}`,
        office_id: office,
        roles: [...roles],
        password: TEST_PASSWORD,
      },
      'system:test',
    );
    ids[username] = staff.id;
    cookies[username] = await signIn(app, username);
  }
  return { ids, cookies };
}

/** A JSON answer of the API as tests read it. */
export type Json = Record<string, unknown> & { code?: string; id?: string; message_vi?: string };

/** One request to the API, as a client sends it. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** The caller's session cookie (its value), or its API token. */
  cookie?: string | undefined;
  bearer?: string | undefined;
  payload?: unknown;
  /** The body's content type, when it is not JSON. */
  type?: string | undefined;
  /**
   * Like a client: a POST carries a fresh Idempotency-Key unless `key` names one (a retry) or is null
   * (none, to see it refused).
   */
  key?: string | null | undefined;
  /** Where the request comes from: each caller its own, so no per-address rate limit bites. */
  remoteAddress?: string | undefined;
}

/** The API's answer: status, JSON body (empty when the answer is not JSON), raw bytes and text, content type. */
export interface ApiReply<B = Json> {
  status: number;
  body: B;
  raw: Buffer;
  text: string;
  type: string;
  /** The session cookie the answer sets (sign-in), if any. */
  cookie: string | undefined;
}

/** The one in-process API caller: every HTTP test asks the API through it (or through apiCaller). */
export async function callApi<B = Json>(app: Server, r: ApiRequest): Promise<ApiReply<B>> {
  const key = r.key === undefined && r.method === 'POST' ? randomUUID() : r.key;
  const res = await app.inject({
    method: r.method,
    url: r.url,
    ...(r.remoteAddress === undefined ? {} : { remoteAddress: r.remoteAddress }),
    ...(r.cookie === undefined ? {} : { cookies: { [SESSION_COOKIE]: r.cookie } }),
    headers: {
      ...(r.bearer === undefined ? {} : { authorization: `Bearer ${r.bearer}` }),
      ...(r.type === undefined ? {} : { 'content-type': r.type }),
      ...(key === undefined || key === null ? {} : { 'idempotency-key': key }),
    },
    ...(r.payload === undefined ? {} : { payload: r.payload as object }),
  });
  const type = String(res.headers['content-type'] ?? '');
  return {
    status: res.statusCode,
    body: type.includes('json') ? res.json<B>() : ({} as B),
    raw: res.rawPayload,
    text: res.body,
    type,
    cookie: res.cookies.find((c) => c.name === SESSION_COOKIE)?.value,
  };
}

/**
 * Calls the API in-process as a signed-in person (by username, from `cookies`) or as nobody (null), through
 * callApi: a POST carries a fresh Idempotency-Key unless `key` names one (a retry) or is null (none).
 */
export function apiCaller(app: () => Server, cookies: Record<string, string>) {
  return (
    who: string | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    type?: string,
    key?: string | null,
  ) => callApi(app(), { method, url, cookie: who === null ? undefined : cookies[who]!, payload, type, key });
}

/**
 * Opens this month's pension period for Hà Nội (01), payable everywhere from its first day (or takes the
 * `period` given), with a synthetic list of `count` lines paid by the office at `postcode` (commune 00004),
 * and funds it.
 */
export async function openFundedMonth(
  platform: Platform,
  options: { count: number; postcode: string; period?: Period },
): Promise<{ period: Period; total: bigint }> {
  const period =
    options.period ??
    (await openMonthAtCounters(platform.finance, '01', platform.clock.now(), 'system:test'));
  const month = period.months[0]!;
  const file = syntheticListFile({
    count: options.count,
    communes: ['00004'],
    postcodes: [options.postcode],
    periodStart: `${month}-01`,
    names: parseNames(NAMES),
    seed: 3,
  });
  const directory = await platform.core.offices.directory();
  const list = await platform.finance.pensions.importList(
    {
      period_id: period.id,
      file_name: 'ds.csv',
      declared_count: file.count,
      declared_total: file.total,
      source: Readable.from([file.csv]),
    },
    directory,
    'system:test',
  );
  await platform.finance.payouts.fund(
    { period_id: period.id, sha256: list.sha256, reference: 'UNC-1' },
    directory,
    'system:test',
  );
  return { period, total: file.total };
}

/** A post office paying pensions at its counter: its clerk's till holds enough for every line. */
export interface PayingCounter {
  office: { id: string; postcode: string };
  clerk: { id: string; username: string };
  manager: { id: string; username: string };
  till: string;
  lines: PensionLine[];
}

/**
 * Opens a post office in Hà Nội (under a new test hierarchy) with a counter clerk and a manager, a pension
 * list of `count` lines funded for this month and payable at counters from its first day, and the clerk's
 * till opened with enough 500,000 đ notes to pay every line.
 */
export async function openPayingCounter(
  platform: Platform,
  options: { count: number; postcode?: string; clerk?: string; manager?: string },
): Promise<PayingCounter> {
  const postcode = options.postcode ?? '11100';
  const { hanoi } = await openTestHierarchy(platform.core);
  const office = await platform.core.offices.open(
    {
      type: 'post_office',
      name: 'Bưu cục Ba Đình',
      postcode,
      commune_code: '00004',
      address: 'Số 1',
      opening_hours: '7–19',
      parent_id: hanoi.id,
    },
    'system:test',
  );
  await platform.sync();
  const staff = (username: string, role: Role, n: number) =>
    platform.core.staff.add(
      {
        username,
        full_name: `Nguyễn Thị ${username}`,
        cccd: `00118500030${n}`,
        phone: `091234570${n}`,
        office_id: office.id,
        roles: [role],
        password: TEST_PASSWORD,
      },
      'system:test',
    );
  const clerk = await staff(options.clerk ?? 'lan', 'counter_clerk', 1);
  const manager = await staff(options.manager ?? 'hung', 'office_manager', 2);
  const { period, total } = await openFundedMonth(platform, { count: options.count, postcode });
  const till = await openCashedTill(
    platform.finance,
    {
      office_id: office.id,
      clerk_id: clerk.id,
      clerk_name: clerk.full_name,
      manager_id: manager.id,
      notes: (total + 499_999n) / 500_000n,
    },
    'system:test',
  );
  const lines: PensionLine[] = [];
  for (const status of ['at_office', 'at_point']) {
    const { items } = await platform.finance.pensions.lines({
      period_id: period.id,
      status,
      limit: 500,
      offset: 0,
    });
    lines.push(...items);
  }
  return {
    office: { id: office.id, postcode },
    clerk: { id: clerk.id, username: clerk.username },
    manager: { id: manager.id, username: manager.username },
    till,
    lines,
  };
}

/** A vault served in this process on a port of its own, and the platform's shipper to it. */
export interface TestVault {
  url: string;
  shipper: Shipper;
  /** A client holding the restore token. */
  restore: VaultClient;
  /** The backup private key (the offline one). */
  key: KeyObject;
  close(): Promise<void>;
}

/**
 * Starts a vault in `dir` (beside the platform's data dir, never in it) and a shipper of every cell of the
 * platform to it, paused for isolated cells as serve's is.
 */
export async function startTestVault(platform: Platform, dir: string, clock: Clock): Promise<TestVault> {
  const vault = openVault({ dir, clock });
  const server = await buildVaultServer(vault, pino({ level: 'silent' }), 'test');
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  const backup = newBackupKeyPair();
  const shipper = createShipper({
    vault: createVaultClient({ url, token: vault.tokens.issue('append', 1, clock.now()).token }),
    recipient: readBackupPublicKey(backup.publicPem, 'backup.pub'),
    cells: shippedCells(platform),
    files: () => [],
    clock,
    checkpointKey: () => platform.checkpointKey(),
    paused: (cell) => platform.security.modeOf(cell) === 'isolated',
  });
  return {
    url,
    shipper,
    restore: createVaultClient({ url, token: vault.tokens.issue('restore', 1, clock.now()).token }),
    key: readBackupPrivateKey(backup.privatePem, 'backup.key'),
    close: async () => {
      await shipper.stop();
      await server.close();
    },
  };
}

/** Pays the counter's waiting lines one by one through the API, as `who` (its clerk by default). */
export function counterPayer(
  counter: PayingCounter,
  api: ReturnType<typeof apiCaller>,
  who = counter.clerk.username,
) {
  let paid = 0;
  return {
    /** Pays the next waiting line; the API's answer. */
    pay() {
      const l = counter.lines[paid++]!;
      return api(who, 'POST', `/v1/finance/tills/${counter.till}/pension-payouts`, {
        line_id: l.id,
        place: 'counter',
        recipient: 'self',
        cccd: l.cccd,
      });
    },
    /** The line the next pay() takes. */
    get next(): PensionLine {
      return counter.lines[paid]!;
    },
  };
}
