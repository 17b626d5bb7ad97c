// `postcore drill ransomware`: the June 2024 night as a routine. On a fresh data dir it seeds a province's
// pension month with counters and parcels in flight, starts a vault and the platform as their own processes,
// drives counter payouts and parcel scans over HTTP, and at a simulated 03:10 encrypts the delivery cell's
// database files with a random key (after tampering rows). Then: detection, delivery isolated automatically,
// evidence captured, a restore one officer requests and another approves, the restored copy verified and put in
// place, and delivery back in service on two officers' word, while finance pays pensions throughout. It proves
// 0 answered events lost and the money balanced to the đồng, and reports the timeline.
import type { ChildProcess } from 'node:child_process';
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { cellDefinitions, openPlatform, RESTORES_DIR, type Platform } from '../../app.ts';
import { DEMO_PASSWORD, totpFor } from '../../cells/core/index.ts';
import { ConfigError, loadConfig, type Config } from '../../config.ts';
import { systemClock } from '../../platform/clock.ts';
import { formatVnd } from '../../platform/money.ts';
import { keepsCellsInFiles } from '../../storage/index.ts';
import { restoreFromVault, type RestoreReport } from '../restore.ts';
import { newBackupKeyPair, readBackupPrivateKey } from '../seal.ts';
import { createVaultClient } from '../vault-client.ts';
import { initVaultDir, openVault } from '../vault/index.ts';
import { freePort, startPostcore, stopProcess, waitForHttp } from './processes.ts';
import { DRILL_SCALES, seedDrill, type DrillSeed, type DrillSize } from './seed.ts';

export type DrillScale = keyof typeof DRILL_SCALES;

export interface DrillOptions {
  scale: DrillScale;
  /** Other sizes than the scale's (a benchmark's smoke run). */
  size?: DrillSize;
  /** The environment the platform's settings come from (POSTCORE_DATA_DIR: the fresh data dir). */
  env: NodeJS.ProcessEnv;
  /** Progress lines, as the drill goes. */
  progress?: (line: string) => void;
  /** Seconds of ordinary traffic before the attack, and after delivery reopens (default 45 and 20). */
  before?: number;
  after?: number;
  /** Detection's period in the platform, in seconds (default: the platform's own, 5). */
  detectSeconds?: number;
}

export interface DrillStep {
  step: string;
  at: string;
  /** Seconds since the attack (negative before it). */
  offset_s: number;
  /** The time on the night of the story, the attack being at 03:10:00. */
  night: string;
}

interface OpCount {
  count: number;
  amount: string;
}

export interface DrillReport {
  format: 'postcore-drill/1';
  drill: 'ransomware';
  scale: DrillScale;
  ok: boolean;
  failures: string[];
  data_dir: string;
  /** The vault, the offline keys, the processes' logs: outside the data dir, as on other hosts. */
  workspace: string;
  seed: {
    lines: number;
    total: string;
    counters: number;
    parcels: number;
    cod_total: string;
    seconds: number;
  };
  timeline: DrillStep[];
  seconds: {
    detection: number | null;
    isolation: number | null;
    restore: number | null;
    recovery: number | null;
  };
  alerts: Array<{ signal: string; severity: string; raised_at: string; message: string }>;
  /** Alerts ordinary traffic raised before the attack: must be none. */
  alerts_before_attack: number;
  evidence: { id: string; sha256: string; files: number; captured_at: string } | null;
  restore: {
    head_seq: string;
    vault_seq: number;
    events_not_restored: number;
    verified: boolean;
    seconds: number;
    consumers_ahead: number;
  } | null;
  traffic: {
    payouts: { acknowledged: OpCount; during_incident: OpCount; unconfirmed: number; failed: number };
    delivery: {
      acknowledged: number;
      during_incident_refused: number;
      failed_before_isolation: number;
      unconfirmed: number;
      after_reopening: number;
      /** Every answer that was not a success, by status and code. */
      not_answered_2xx: Record<string, number>;
    };
  };
  /** Answered writes whose effect is missing after recovery, and events the vault held but the restore lacks. */
  events_lost: { payouts: number; scans: number; acceptances: number; not_restored: number; total: number };
  money: {
    balanced: boolean;
    ledger_invariants: string[];
    tills: Array<{ till: string; postcode: string; expected: string; ledger: string }>;
    pensions: {
      /** What the drill's clerks were told they paid. */
      paid_expected: string;
      /** The lines the ledger shows paid, their amounts summed. */
      paid_lines: string;
      /** The paid lines in the post's own reconciliation of the month, and its receipts. */
      paid_reconciled: string;
      paid_in_receipts: string;
      list_total: string;
      lines_total: string;
      reconciliation_balanced: boolean;
    };
    cod: { expected: string; recorded: string };
  } | null;
  verify: Array<{ cell: string; ok: boolean; events: string }>;
}

/** One customer at each counter this often. */
const COUNTER_PACE_MS = 250;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function refuse(message: string, vi: string): never {
  throw new ConfigError('invalid_config', message, vi);
}

/** The drill's refusals, before anything is written. */
export function checkDrillPlace(config: Config): void {
  if (!keepsCellsInFiles(config.storage))
    refuse(
      'The ransomware drill encrypts the cells’ database files, so it runs on SQLite files: unset POSTCORE_DATABASE_URL and give a fresh POSTCORE_DATA_DIR',
      'Diễn tập mã độc chạy trên tệp SQLite: bỏ POSTCORE_DATABASE_URL',
    );
  for (const dir of [config.dataDir, `${config.dataDir}.drill`])
    if (existsSync(dir) && readdirSync(dir).length > 0)
      refuse(
        `${dir} is not empty: the drill seeds, attacks and restores its own post, so it runs only on a fresh data dir; set POSTCORE_DATA_DIR to a new directory (nothing was changed)`,
        `Thư mục ${dir} không trống: diễn tập chỉ chạy trên thư mục dữ liệu mới`,
      );
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A signed-in member of staff talking to the platform's API. */
interface Session {
  call(method: string, path: string, body?: unknown): Promise<Answer>;
}

async function request(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  cookie?: string,
): Promise<Answer & { cookie?: string }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie === undefined ? {} : { cookie }),
      // As the web app does: every write carries its own key, so a retried one takes effect once.
      ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    parsed = { text };
  }
  const set = res.headers.get('set-cookie');
  return { status: res.status, body: parsed, ...(set === null ? {} : { cookie: set.split(';')[0]! }) };
}

async function signIn(base: string, username: string, password: string, code?: string): Promise<Session> {
  const r = await request(base, 'POST', '/v1/auth/sign-in', {
    username,
    password,
    ...(code === undefined ? {} : { code }),
  });
  if (r.status !== 200 || r.cookie === undefined)
    throw new Error(`sign-in of ${username} answered ${r.status}: ${JSON.stringify(r.body)}`);
  const cookie = r.cookie;
  return { call: (method, path, body) => request(base, method, path, body, cookie) };
}

function expectOk(what: string, a: Answer, status = 200): Record<string, unknown> {
  if (a.status !== status) throw new Error(`${what} answered ${a.status}: ${JSON.stringify(a.body)}`);
  return a.body;
}

/** One officer's authenticator: each code used once, a fresh 30-second step for each. */
function authenticator(o: DrillSeed['officers'][number]) {
  let last = -1;
  return async (): Promise<string> => {
    for (;;) {
      const now = Date.now();
      const step = Math.floor(now / 30_000);
      const want = Math.max(step, last + 1);
      // The server accepts the next step too (its window is one step).
      if (want <= step + 1) {
        last = want;
        return totpFor(o.username, o.totp_secret).generate({ timestamp: want * 30_000 });
      }
      await sleep((step + 1) * 30_000 - now + 50);
    }
  };
}

interface Officer {
  username: string;
  code: () => Promise<string>;
  session: Session;
}

interface Line {
  id: string;
  cccd: string;
  amount: bigint;
}

interface CounterPlan {
  counter: DrillSeed['counters'][number];
  lines: Line[];
  cash: bigint;
}

type OpKind = 'payout' | 'scan' | 'accept';
interface Op {
  kind: OpKind;
  counter: number;
  /** When the request was sent, and when its answer came. */
  sent: number;
  at: number;
  status: number;
  code: string | undefined;
  ref: string;
  amount: bigint;
  fee: bigint;
}

/** Encrypts a file in place with AES-256-CTR under a key nobody keeps, as ransomware does. */
function encryptInPlace(file: string): void {
  const data = readFileSync(file);
  const cipher = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16));
  writeFileSync(file, Buffer.concat([cipher.update(data), cipher.final()]));
}

/** The seconds between two instants, to a tenth. */
const secondsBetween = (from: number, to: number) => Math.round((to - from) / 100) / 10;

/** Runs the drill; the report says whether it passed (`ok`) and why not. */
export async function runRansomwareDrill(options: DrillOptions): Promise<DrillReport> {
  const say = options.progress ?? (() => undefined);
  const size = options.size ?? DRILL_SCALES[options.scale];
  // The drill takes its place from the environment and nothing else: its keys are its own, under its data
  // dir, whatever else the operator's environment names.
  const place = {
    POSTCORE_DATA_DIR: options.env['POSTCORE_DATA_DIR'],
    POSTCORE_DATABASE_URL: options.env['POSTCORE_DATABASE_URL'],
    POSTCORE_LOG_LEVEL: 'silent',
    POSTCORE_DEMO: 'false',
  };
  checkDrillPlace(loadConfig(place));
  const config = loadConfig({ ...place, POSTCORE_DATABASE_URL: undefined });
  const dataDir = config.dataDir;
  const workspace = `${dataDir}.drill`;
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(join(workspace, 'offline'), { recursive: true, mode: 0o700 });
  const failures: string[] = [];
  const steps: Array<{ step: string; at: number }> = [];
  const mark = (step: string, at = Date.now()) => {
    steps.push({ step, at });
    say(`${new Date(at).toISOString()}  ${step}`);
    return at;
  };
  mark('drill started');

  // 1. The post before 03:10, seeded in this process on the demo network.
  const seededFrom = Date.now();
  let seed: DrillSeed;
  const plans: CounterPlan[] = [];
  let deliveryFile: string;
  {
    const names: unknown = JSON.parse(
      readFileSync(new URL('../../../assets/people/names.json', import.meta.url), 'utf8'),
    );
    const platform = await openPlatform(config, { demo: true });
    try {
      seed = await seedDrill(platform, size, names);
      deliveryFile = platform.storage.cellFile('delivery');
      for (const c of seed.counters) {
        const lines: Line[] = [];
        for (let offset = 0; offset < c.lines; offset += 500) {
          const page = await platform.finance.pensions.lines({
            period_id: seed.period_id,
            status: 'at_office',
            postcode: c.postcode,
            limit: 500,
            offset,
          });
          for (const l of page.items) lines.push({ id: l.id, cccd: l.cccd, amount: BigInt(l.amount) });
        }
        plans.push({ counter: c, lines, cash: (await platform.finance.tills.get(c.till)).cash });
      }
    } finally {
      await platform.close();
    }
  }
  const seedSeconds = secondsBetween(seededFrom, Date.now());
  mark(
    `seeded: ${seed.lines} pension lines (${formatVnd(seed.total)}), ${seed.counters.length} counters, ${seed.parcels.length} COD parcels`,
  );

  // 2. The vault on "another host", the backup key offline, the platform with every write confirmed.
  const vaultDir = join(workspace, 'vault');
  initVaultDir(vaultDir, systemClock, 3650);
  const v = openVault({ dir: vaultDir, clock: systemClock });
  const appendToken = v.tokens.issue('append', 30, systemClock.now()).token;
  const restoreToken = v.tokens.issue('restore', 30, systemClock.now()).token;
  writeFileSync(join(workspace, 'append.token'), `${appendToken}\n`, { mode: 0o600 });
  writeFileSync(join(workspace, 'offline', 'restore.token'), `${restoreToken}\n`, { mode: 0o600 });
  const keys = newBackupKeyPair();
  writeFileSync(join(workspace, 'offline', 'backup.key'), keys.privatePem, { mode: 0o600 });
  writeFileSync(join(workspace, 'backup.key.pub'), keys.publicPem);
  const children: ChildProcess[] = [];
  try {
    const vaultPort = await freePort();
    const vaultUrl = `http://127.0.0.1:${vaultPort}`;
    const vault = startPostcore(
      ['vault', 'serve', '--dir', vaultDir, '--port', String(vaultPort)],
      { POSTCORE_LOG_LEVEL: 'info' },
      join(workspace, 'vault.log'),
    );
    children.push(vault);
    await waitForHttp(`${vaultUrl}/health`, 60_000, vault, join(workspace, 'vault.log'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const platformEnv: Record<string, string> = {
      POSTCORE_DATA_DIR: dataDir,
      POSTCORE_DEMO: 'false',
      POSTCORE_LOG_LEVEL: 'info',
      POSTCORE_VAULT_URL: vaultUrl,
      POSTCORE_VAULT_TOKEN_FILE: join(workspace, 'append.token'),
      POSTCORE_BACKUP_PUBLIC_KEY_FILE: join(workspace, 'backup.key.pub'),
      POSTCORE_VAULT_CONFIRM_WRITES: 'true',
      POSTCORE_VAULT_CONFIRM_MS: '5000',
      ...(options.detectSeconds === undefined
        ? {}
        : { POSTCORE_DETECT_SECONDS: String(options.detectSeconds) }),
    };
    const server = startPostcore(
      ['serve', '--port', String(port)],
      platformEnv,
      join(workspace, 'platform.log'),
    );
    children.push(server);
    await waitForHttp(`${base}/health`, 600_000, server, join(workspace, 'platform.log'));
    mark('platform serving, shipping every cell to the vault');

    // The two security officers on duty, signed in with their second factor.
    const officers: Officer[] = [];
    for (const o of seed.officers) {
      const code = authenticator(o);
      officers.push({
        username: o.username,
        code,
        session: await signIn(base, o.username, o.password, await code()),
      });
    }
    const [first, second] = officers as [Officer, Officer];
    const officerA = first.session;
    /** One officer asks, the other approves, each with a fresh code; the request's id. */
    const twoPeople = async (
      what: string,
      ask: Officer,
      approver: Officer,
      request: Record<string, unknown>,
      approval: string,
    ): Promise<string> => {
      const asked = expectOk(
        `${what} request`,
        await ask.session.call('POST', '/v1/incidents/requests', { ...request, code: await ask.code() }),
        201,
      );
      const id = String(asked['id']);
      mark(`${what} requested by ${ask.username}`);
      expectOk(
        `${what} approval`,
        await approver.session.call('POST', `/v1/incidents/requests/${id}/decision`, {
          approve: true,
          reason: approval,
          code: await approver.code(),
        }),
      );
      mark(`${what} approved by ${approver.username}`);
      return id;
    };
    // Everything in the vault before the night starts (a national month's first snapshot takes minutes).
    const caughtUp = async (ms: number) => {
      const until = Date.now() + ms;
      for (;;) {
        const s = expectOk('status', await officerA.call('GET', '/v1/status')) as {
          cells: Array<{ cell: string; vault: { lag_events: string } | null }>;
        };
        if (s.cells.every((c) => c.vault !== null && c.vault.lag_events === '0')) return;
        if (Date.now() > until)
          throw new Error(
            `the vault had not caught up after ${ms / 1000} s (see ${join(workspace, 'platform.log')}): ${JSON.stringify(s.cells)}`,
          );
        await sleep(500);
      }
    };
    await caughtUp(1_800_000);
    mark('the vault holds every cell');

    // 3. Traffic: each counter's clerk pays pensions; every fourth customer sends or moves a parcel.
    const ops: Op[] = [];
    let stopTraffic = false;
    const clerks = await Promise.all(plans.map((p) => signIn(base, p.counter.clerk, DEMO_PASSWORD)));
    const counterLoop = async (i: number) => {
      const plan = plans[i]!;
      const clerk = clerks[i]!;
      let nextLine = 0;
      let nextParcel = 0;
      // A busy counter, compressed: a customer every quarter second (one person's pace stays far below the
      // burst detection's floor of 600 events a minute).
      const from = Date.now();
      for (let n = 0; !stopTraffic; n++) {
        const sent = Date.now();
        let op: Omit<Op, 'sent' | 'at' | 'status' | 'code'> = {
          kind: 'payout',
          counter: i,
          ref: '',
          amount: 0n,
          fee: 0n,
        };
        let answer: Answer;
        try {
          if (n % 4 !== 3 && nextLine < plan.lines.length) {
            const l = plan.lines[nextLine++]!;
            op = { kind: 'payout', counter: i, ref: l.id, amount: l.amount, fee: 0n };
            answer = await clerk.call('POST', `/v1/finance/tills/${plan.counter.till}/pension-payouts`, {
              line_id: l.id,
              place: 'counter',
              recipient: 'self',
              cccd: l.cccd,
            });
          } else if (n % 8 === 3 && nextParcel < plan.counter.parcels.length) {
            const item = plan.counter.parcels[nextParcel]!;
            op = { kind: 'scan', counter: i, ref: item, amount: 0n, fee: 0n };
            answer = await clerk.call('POST', `/v1/delivery/offices/${plan.counter.office_id}/scans`, {
              scans: [{ item, code: 'EMC' }],
            });
            if (answer.status === 200) nextParcel++;
          } else {
            const cod = BigInt(150_000 + (n % 7) * 50_000);
            op = { kind: 'accept', counter: i, ref: '', amount: cod, fee: 0n };
            answer = await clerk.call('POST', `/v1/delivery/tills/${plan.counter.till}/items`, {
              service: 'parcel',
              sender: {
                name: 'Cửa hàng Minh Anh',
                phone: '0912345678',
                address: 'Số 12 Đội Cấn',
                commune: plan.counter.commune,
              },
              recipient: {
                name: 'Lê Văn Hùng',
                phone: '0987654321',
                address: `Số ${n + 1} Yersin`,
                commune: seed.destinations[n % seed.destinations.length]!,
              },
              weight_g: 500 + (n % 10) * 100,
              length_cm: 30,
              width_cm: 20,
              height_cm: 10,
              cod_amount: cod.toString(),
            });
            if (answer.status === 201) {
              op.ref = String(answer.body['id']);
              op.fee = BigInt(String(answer.body['fee']));
            }
          }
        } catch (err) {
          // No answer (the connection failed): the clerk was told nothing, and will try again.
          ops.push({ ...op, sent, at: Date.now(), status: 0, code: `network: ${(err as Error).message}` });
          await sleep(Math.max(0, from + (n + 1) * COUNTER_PACE_MS - Date.now()));
          continue;
        }
        const code = typeof answer.body['code'] === 'string' ? answer.body['code'] : undefined;
        ops.push({ ...op, sent, at: Date.now(), status: answer.status, code });
        await sleep(Math.max(0, from + (n + 1) * COUNTER_PACE_MS - Date.now()));
      }
    };
    const traffic = Promise.all(plans.map((_, i) => counterLoop(i)));
    await sleep((options.before ?? 45) * 1000);

    let attack = Date.now();
    let isolatedAt: number | undefined;
    let alerts: Array<{ signal: string; severity: string; raised_at: string; message: string }> = [];
    let alertsBefore: Array<{ message: string }> = [];
    let evidence: DrillReport['evidence'] = null;
    let restoreReport: DrillReport['restore'] = null;
    try {
      // 4. 03:10: rows tampered, then delivery's database files encrypted in place with a key nobody keeps.
      attack = mark('attack: delivery rows tampered, its database files encrypted (03:10)');
      const tamper = new DatabaseSync(deliveryFile);
      try {
        tamper.exec('pragma busy_timeout = 5000');
        tamper.exec(
          'update delivery_item set cod_amount = 0 where id in (select id from delivery_item where cod_amount > 0 limit 25)',
        );
      } finally {
        tamper.close();
      }
      for (const f of [deliveryFile, `${deliveryFile}-wal`, `${deliveryFile}-shm`])
        if (existsSync(f)) encryptInPlace(f);
      writeFileSync(
        join(dataDir, 'DOC-DE-KHOI-PHUC-DU-LIEU.txt'),
        'Your files are encrypted. Pay 50 BTC to recover them.\n',
      );

      // 5. Detection isolates delivery; evidence is captured and shipped.
      const until = Date.now() + 180_000;
      while (isolatedAt === undefined && Date.now() < until) {
        const modes = expectOk('modes', await officerA.call('GET', '/v1/incidents/cells')) as {
          items: Array<{ cell: string; mode: string; changed_at: string | null }>;
        };
        const d = modes.items.find((m) => m.cell === 'delivery');
        if (d?.mode === 'isolated' && d.changed_at !== null) isolatedAt = Date.parse(d.changed_at);
        else await sleep(200);
      }
      const alertsPage = expectOk(
        'alerts',
        await officerA.call('GET', '/v1/alerts?cell=delivery&limit=200'),
      ) as { items: Array<{ signal: string; severity: string; raised_at: string; message: string }> };
      const earlier = expectOk(
        'alerts',
        await officerA.call('GET', '/v1/alerts?limit=200'),
      ) as typeof alertsPage;
      alertsBefore = earlier.items.filter((a) => Date.parse(a.raised_at) < attack);
      if (alertsBefore.length > 0)
        failures.push(
          `ordinary traffic raised ${alertsBefore.length} alert(s) before the attack: ${alertsBefore.map((a) => a.message).join('; ')}`,
        );
      alerts = alertsPage.items
        .filter((a) => Date.parse(a.raised_at) >= attack - 1000)
        .sort((a, b) => a.raised_at.localeCompare(b.raised_at));
      if (alerts.length > 0)
        mark(
          `detected: ${[...new Set(alerts.map((a) => a.signal))].join(', ')}`,
          Date.parse(alerts[0]!.raised_at),
        );
      else failures.push('no alert was raised for delivery after the attack');
      if (isolatedAt === undefined) failures.push('delivery was not isolated within 180 s of the attack');
      else {
        mark('delivery isolated automatically', isolatedAt);
        for (let i = 0; i < 300 && evidence === null; i++) {
          const page = expectOk(
            'evidence',
            await officerA.call('GET', '/v1/incidents/evidence?limit=20'),
          ) as {
            items: Array<{
              id: string;
              cell: string | null;
              sha256: string;
              files: number;
              captured_at: string;
            }>;
          };
          const e = page.items.find((x) => x.cell === 'delivery' && Date.parse(x.captured_at) >= attack);
          if (e !== undefined)
            evidence = { id: e.id, sha256: e.sha256, files: e.files, captured_at: e.captured_at };
          else await sleep(200);
        }
        if (evidence === null) failures.push('no evidence manifest was captured for delivery');
        else
          mark(
            `evidence captured: ${evidence.files} files hashed, manifest ${evidence.sha256.slice(0, 16)}…`,
            Date.parse(evidence.captured_at),
          );

        // 6. Two people: one officer requests the restore, another approves it.
        const requestId = await twoPeople(
          'restore',
          first,
          second,
          {
            kind: 'restore',
            cell: 'delivery',
            target: 'latest',
            reason: 'Khôi phục phân hệ bưu gửi từ kho sao lưu sau sự cố mã độc',
          },
          'Đã xem cảnh báo và bằng chứng; đồng ý khôi phục',
        );

        // 7. The security team restores from the vault with the offline key, into restores/ of the server.
        const name = `delivery-${new Date(attack).toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
        const restoreFrom = mark('restore started from the vault');
        let report: RestoreReport | undefined;
        try {
          report = await restoreFromVault({
            vault: createVaultClient({ url: vaultUrl, token: restoreToken }),
            key: readBackupPrivateKey(keys.privatePem, join(workspace, 'offline', 'backup.key')),
            cells: ['delivery'],
            definitions: cellDefinitions,
            into: { dialect: 'sqlite', dataDir: join(dataDir, RESTORES_DIR, name) },
            target: { latest: true },
            clock: systemClock,
          });
        } catch (err) {
          failures.push(`the restore failed: ${(err as Error).message}`);
        }
        const cell = report?.cells[0];
        if (cell !== undefined) {
          if (!cell.verify.ok)
            failures.push(
              `the restored delivery cell does not verify: ${JSON.stringify(cell.verify.failures)}`,
            );
          const verifiedAt = mark(
            `restored copy verified: head seq ${cell.head_seq}, ${cell.events_not_restored} of the vault's events not restored`,
          );
          const applied = expectOk(
            'apply',
            await officerA.call('POST', `/v1/incidents/requests/${requestId}/apply`, { from: name }),
          );
          const ahead = (applied['consumers_ahead'] as unknown[]).length;
          if (ahead > 0)
            failures.push(
              `consumers were ahead of the restored delivery journal: ${JSON.stringify(applied['consumers_ahead'])}`,
            );
          mark('restored copy in place under the running platform');
          restoreReport = {
            head_seq: cell.head_seq,
            vault_seq: cell.vault_seq,
            events_not_restored: cell.events_not_restored,
            verified: cell.verify.ok,
            seconds: secondsBetween(restoreFrom, verifiedAt),
            consumers_ahead: ahead,
          };

          // 8. Back to service on two people's word: the other officer asks, the first approves.
          await twoPeople(
            'return to service',
            second,
            first,
            {
              kind: 'set_mode',
              cell: 'delivery',
              mode: 'normal',
              reason: 'Đã khôi phục và kiểm tra; mở lại dịch vụ bưu gửi',
            },
            'Đồng ý mở lại dịch vụ',
          );
          const modes = expectOk('modes', await officerA.call('GET', '/v1/incidents/cells')) as {
            items: Array<{ cell: string; mode: string; changed_at: string | null }>;
          };
          const d = modes.items.find((m) => m.cell === 'delivery')!;
          if (d.mode !== 'normal')
            failures.push(`delivery is ${d.mode} after the approved return to service`);
          else mark('delivery back in service', Date.parse(d.changed_at!));
        }
      }
    } catch (err) {
      failures.push(`the drill stopped: ${(err as Error).message}`);
    }
    const reopened = steps.find((s) => s.step.startsWith('delivery back in service'))?.at;
    await sleep((options.after ?? 20) * 1000);
    stopTraffic = true;
    await traffic;
    mark('traffic stopped');
    await caughtUp(300_000).catch((err: unknown) => failures.push((err as Error).message));
    await stopProcess(server);
    await stopProcess(vault);
    mark('platform and vault stopped');

    // 9. The proof, on the data the platform left: every cell verifies, nothing answered is missing, the money balances.
    const end = reopened ?? Number.POSITIVE_INFINITY;
    const inIncident = (o: Op) => o.at >= attack && o.at < end;
    const acknowledged = (o: Op) => o.status === 200 || o.status === 201;
    const sum = (xs: Op[], f: (o: Op) => bigint) => xs.reduce((s, o) => s + f(o), 0n);
    const payouts = ops.filter((o) => o.kind === 'payout');
    const paidAck = payouts.filter(acknowledged);
    const paidDuring = paidAck.filter(inIncident);
    const payoutsUnconfirmed = payouts.filter((o) => o.code === 'vault_not_acknowledged');
    const payoutsFailed = payouts.filter((o) => !acknowledged(o) && o.code !== 'vault_not_acknowledged');
    if (payoutsFailed.length > 0)
      failures.push(
        `${payoutsFailed.length} pension payouts failed: ${JSON.stringify(payoutsFailed.slice(0, 3).map((o) => ({ status: o.status, code: o.code })))}`,
      );
    if (paidDuring.length === 0) failures.push('no pension was paid during the incident');
    const deliveryOps = ops.filter((o) => o.kind !== 'payout');
    const deliveryAck = deliveryOps.filter(acknowledged);
    const isolatedFrom = isolatedAt ?? end;
    // A refusal of a request sent while delivery was shut is what staff were meant to get.
    const refused = deliveryOps.filter((o) => o.code === 'cell_isolated' && o.sent >= attack && o.sent < end);
    const unconfirmedWrites = deliveryOps.filter((o) => o.code === 'vault_not_acknowledged');
    const failedBefore = deliveryOps.filter(
      (o) =>
        !acknowledged(o) &&
        !refused.includes(o) &&
        !unconfirmedWrites.includes(o) &&
        o.sent >= attack - 1000 &&
        o.sent < isolatedFrom,
    );
    const failedOther = deliveryOps.filter(
      (o) =>
        !acknowledged(o) &&
        !refused.includes(o) &&
        !unconfirmedWrites.includes(o) &&
        !failedBefore.includes(o),
    );
    const answers: Record<string, number> = {};
    for (const o of deliveryOps.filter((x) => !acknowledged(x))) {
      const key = `${o.status} ${o.code ?? ''}`.trim();
      answers[key] = (answers[key] ?? 0) + 1;
    }
    if (failedOther.length > 0)
      failures.push(
        `${failedOther.length} delivery writes failed outside the attack's window: ${JSON.stringify(failedOther.slice(0, 3).map((o) => ({ status: o.status, code: o.code, at: new Date(o.at).toISOString() })))}`,
      );
    const afterReopening = deliveryAck.filter((o) => o.sent >= end).length;
    if (reopened !== undefined && afterReopening === 0)
      failures.push('delivery answered no write after it reopened');

    const verify: DrillReport['verify'] = [];
    let money: DrillReport['money'] = null;
    const lost = {
      payouts: 0,
      scans: 0,
      acceptances: 0,
      not_restored: restoreReport?.events_not_restored ?? 0,
      total: 0,
    };
    let platform: Platform | undefined;
    try {
      platform = await openPlatform(config);
      await platform.sync();
      for (const r of await platform.verify()) {
        verify.push({ cell: r.cell, ok: r.ok, events: r.events });
        if (!r.ok) failures.push(`${r.cell} does not verify: ${JSON.stringify(r.failures.slice(0, 3))}`);
      }
      // Payouts answered, and those the vault did not confirm in time but that are recorded, as the receipt shows.
      const paid = new Map<string, bigint>();
      for (let offset = 0; ; offset += 500) {
        const page = await platform.finance.pensions.lines({
          period_id: seed.period_id,
          status: 'paid',
          limit: 500,
          offset,
        });
        for (const l of page.items) paid.set(l.id, BigInt(l.amount));
        if (page.items.length < 500) break;
      }
      for (const o of paidAck) if (paid.get(o.ref) !== o.amount) lost.payouts++;
      const recorded = [...paidAck, ...payoutsUnconfirmed.filter((o) => paid.has(o.ref))];
      // Parcels: each answered acceptance is there with its COD; each answered departure scan is in its tracking.
      for (const o of deliveryAck) {
        try {
          const item = await platform.delivery.items.get(o.ref);
          if (o.kind === 'accept' && item.cod_amount !== o.amount) lost.acceptances++;
          if (
            o.kind === 'scan' &&
            !(await platform.delivery.items.track(o.ref)).events.some((e) => e.code === 'EMC')
          )
            lost.scans++;
        } catch {
          if (o.kind === 'accept') lost.acceptances++;
          else lost.scans++;
        }
      }
      lost.total = lost.payouts + lost.scans + lost.acceptances + lost.not_restored;
      if (lost.total !== 0) failures.push(`events lost: ${JSON.stringify(lost)}`);

      // Money: the ledger's invariants; each till holds its cash less what it paid plus the fees it took; the
      // month's paid lines are exactly the payouts made; cash on delivery is what was accepted, tampering undone.
      const invariants =
        verify.find((r) => r.cell === 'finance')?.ok === true ? [] : ['finance did not verify'];
      const tills = [];
      for (const [i, p] of plans.entries()) {
        const mine = (k: OpKind) => ops.filter((o) => o.counter === i && o.kind === k);
        const expected =
          p.cash -
          sum(
            recorded.filter((o) => o.counter === i),
            (o) => o.amount,
          ) +
          sum(mine('accept').filter(acknowledged), (o) => o.fee);
        const ledger = (await platform.finance.tills.get(p.counter.till)).cash;
        tills.push({
          till: p.counter.till,
          postcode: p.counter.postcode,
          expected: expected.toString(),
          ledger: ledger.toString(),
        });
      }
      const paidExpected = sum(recorded, (o) => o.amount);
      const paidLedger = [...paid.values()].reduce((s, x) => s + x, 0n);
      // The post's own reconciliation of the month: lines by state, against what the agency declared.
      const month = await platform.finance.payouts.reconciliation(seed.period_id);
      const paidState = month.by_state.find((b) => b.state === 'paid')?.amount ?? 0n;
      if (!month.balanced)
        failures.push(`the month's reconciliation does not balance: ${month.problems.join('; ')}`);
      let codRecorded = 0n;
      for (const id of [
        ...seed.parcels,
        ...deliveryAck.filter((o) => o.kind === 'accept').map((o) => o.ref),
      ]) {
        try {
          codRecorded += (await platform.delivery.items.get(id)).cod_amount;
        } catch {
          // counted as lost above
        }
      }
      const codExpected =
        seed.cod_total +
        sum(
          deliveryAck.filter((o) => o.kind === 'accept'),
          (o) => o.amount,
        );
      const balanced =
        invariants.length === 0 &&
        tills.every((t) => t.expected === t.ledger) &&
        paidExpected === paidLedger &&
        paidState === paidLedger &&
        month.balanced &&
        month.lines_total === seed.total &&
        codRecorded === codExpected;
      money = {
        balanced,
        ledger_invariants: invariants,
        tills,
        pensions: {
          paid_expected: paidExpected.toString(),
          paid_lines: paidLedger.toString(),
          paid_reconciled: paidState.toString(),
          paid_in_receipts: month.paid_in_receipts.toString(),
          list_total: seed.total.toString(),
          lines_total: month.lines_total.toString(),
          reconciliation_balanced: month.balanced,
        },
        cod: { expected: codExpected.toString(), recorded: codRecorded.toString() },
      };
      if (!balanced)
        failures.push(
          `the money does not balance${unconfirmedWrites.length + payoutsUnconfirmed.length > 0 ? ` (the vault did not confirm ${unconfirmedWrites.length + payoutsUnconfirmed.length} writes in time: their effects cannot all be tied to an answer)` : ''}: ${JSON.stringify(money)}`,
        );
    } catch (err) {
      failures.push(`the proof could not be made: ${(err as Error).message}`);
    } finally {
      await platform?.close();
    }

    const timeline: DrillStep[] = steps.map((s) => ({
      step: s.step,
      at: new Date(s.at).toISOString(),
      offset_s: secondsBetween(attack, s.at),
      night: nightTime(s.at - attack),
    }));
    const firstAlert = alerts[0] === undefined ? undefined : Date.parse(alerts[0].raised_at);
    const report: DrillReport = {
      format: 'postcore-drill/1',
      drill: 'ransomware',
      scale: options.scale,
      ok: failures.length === 0,
      failures,
      data_dir: dataDir,
      workspace,
      seed: {
        lines: seed.lines,
        total: seed.total.toString(),
        counters: seed.counters.length,
        parcels: seed.parcels.length,
        cod_total: seed.cod_total.toString(),
        seconds: seedSeconds,
      },
      timeline,
      seconds: {
        detection: firstAlert === undefined ? null : secondsBetween(attack, firstAlert),
        isolation: isolatedAt === undefined ? null : secondsBetween(attack, isolatedAt),
        restore: restoreReport?.seconds ?? null,
        recovery: reopened === undefined ? null : secondsBetween(attack, reopened),
      },
      alerts,
      alerts_before_attack: alertsBefore.length,
      evidence,
      restore: restoreReport,
      traffic: {
        payouts: {
          acknowledged: { count: paidAck.length, amount: sum(paidAck, (o) => o.amount).toString() },
          during_incident: { count: paidDuring.length, amount: sum(paidDuring, (o) => o.amount).toString() },
          unconfirmed: payoutsUnconfirmed.length,
          failed: payoutsFailed.length,
        },
        delivery: {
          acknowledged: deliveryAck.length,
          during_incident_refused: refused.length,
          failed_before_isolation: failedBefore.length,
          unconfirmed: unconfirmedWrites.length,
          not_answered_2xx: answers,
          after_reopening: afterReopening,
        },
      },
      events_lost: lost,
      money,
      verify,
    };
    return report;
  } finally {
    for (const c of children) await stopProcess(c, 'SIGKILL').catch(() => undefined);
  }
}

/** 03:10:00 plus an offset. */
function nightTime(offsetMs: number): string {
  const t = new Date(Date.UTC(2024, 5, 30, 3, 10, 0) + offsetMs);
  return t.toISOString().slice(11, 19);
}

/** The report for a person: the timeline, what was paid, what was lost, the money. */
export function drillReportText(r: DrillReport): string {
  const out: string[] = [];
  out.push(`Ransomware drill (${r.scale}): ${r.ok ? 'PASSED' : 'FAILED'}`);
  out.push(`  data dir ${r.data_dir}; vault, offline keys and logs in ${r.workspace}`);
  out.push(
    `  seeded ${r.seed.lines} pension lines (${formatVnd(BigInt(r.seed.total))}), ${r.seed.counters} counters, ${r.seed.parcels} COD parcels in ${r.seed.seconds} s`,
  );
  out.push('');
  out.push('Timeline (the attack at 03:10:00):');
  for (const s of r.timeline)
    out.push(
      `  ${s.offset_s >= 0 ? s.night : '        '}  ${s.offset_s >= 0 ? `+${s.offset_s.toFixed(1)} s`.padStart(10) : `${s.offset_s.toFixed(1)} s`.padStart(10)}  ${s.step}`,
    );
  out.push('');
  const sec = (x: number | null) => (x === null ? '—' : `${x} s`);
  out.push(
    `Detection ${sec(r.seconds.detection)} · isolation ${sec(r.seconds.isolation)} · restore and verify ${sec(r.seconds.restore)} · back in service ${sec(r.seconds.recovery)} after the attack`,
  );
  const p = r.traffic.payouts;
  out.push(
    `Pensions paid: ${p.acknowledged.count} (${formatVnd(BigInt(p.acknowledged.amount))}); during the incident ${p.during_incident.count} (${formatVnd(BigInt(p.during_incident.amount))}); failed ${p.failed}; unconfirmed by the vault ${p.unconfirmed}`,
  );
  const d = r.traffic.delivery;
  out.push(
    `Parcel writes answered: ${d.acknowledged}; refused while isolated ${d.during_incident_refused}; failed between the attack and isolation ${d.failed_before_isolation}; after reopening ${d.after_reopening}`,
  );
  out.push(
    `Events lost: ${r.events_lost.total} (payouts ${r.events_lost.payouts}, scans ${r.events_lost.scans}, acceptances ${r.events_lost.acceptances}, not restored from the vault ${r.events_lost.not_restored})`,
  );
  if (r.money !== null) {
    out.push(`Money: ${r.money.balanced ? 'balanced to the đồng' : 'DOES NOT BALANCE'}`);
    for (const t of r.money.tills)
      out.push(
        `  till at ${t.postcode}: ledger ${formatVnd(BigInt(t.ledger))}, expected ${formatVnd(BigInt(t.expected))}`,
      );
    out.push(
      `  pensions paid: ${formatVnd(BigInt(r.money.pensions.paid_lines))} in paid lines, ${formatVnd(BigInt(r.money.pensions.paid_expected))} in payouts made, ${formatVnd(BigInt(r.money.pensions.paid_in_receipts))} in receipts; the month's reconciliation ${r.money.pensions.reconciliation_balanced ? 'balances' : 'DOES NOT BALANCE'} (${formatVnd(BigInt(r.money.pensions.lines_total))} of ${formatVnd(BigInt(r.money.pensions.list_total))} declared)`,
    );
    out.push(
      `  cash on delivery: recorded ${formatVnd(BigInt(r.money.cod.recorded))}, accepted ${formatVnd(BigInt(r.money.cod.expected))}`,
    );
  }
  out.push(`Verify: ${r.verify.map((v) => `${v.cell} ${v.ok ? 'ok' : 'FAILED'}`).join(', ')}`);
  for (const f of r.failures) out.push(`FAILED: ${f}`);
  return `${out.join('\n')}\n`;
}

/** The directory a report file goes to must exist; the report path is resolved now. */
export function reportPath(file: string): string {
  const path = resolve(file);
  if (!existsSync(dirname(path)))
    refuse(
      `--report ${file}: the directory ${dirname(path)} does not exist`,
      `Thư mục của tệp báo cáo ${basename(path)} không tồn tại`,
    );
  return path;
}
