#!/usr/bin/env node
// The postcore command line: serve, migrate, verify.
import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import {
  buildApp,
  CELL_NAMES,
  captureEvidenceOnIncident,
  cellDefinitions,
  createPlatformDetector,
  createPlatformShipper,
  GUARDED_CELLS,
  openPlatform,
  parseCells,
  placeNames,
  VERSION,
  type Platform,
  type PlatformOptions,
} from './app.ts';
import { addResilienceCommands } from './resilience/commands.ts';
import { detectOnce } from './resilience/detection/index.ts';
import {
  drillReportText,
  reportPath,
  runRansomwareDrill,
  type DrillScale,
} from './resilience/drill/ransomware.ts';
import { labelPdf, readShipmentCsv } from './cells/delivery/index.ts';
import { CoreError, DEMO_PASSWORD, MAX_TOKEN_DAYS, ROLE_GRANTS } from './cells/core/index.ts';
import {
  ACCOUNT_CODES,
  accountId,
  checkManualTransfers,
  FinanceError,
  syntheticList,
  trialBalanceCsv,
  trialBalancePdf,
  receiptPdf,
  reconciliationCsv,
  reconciliationPdf,
  reconciliationXlsx,
  type AccountKind,
} from './cells/finance/index.ts';
import { isCallerKey, newId } from './platform/ids.ts';
import { sha256Hex } from './platform/hash.ts';
import { formatVnd } from './platform/money.ts';
import { parseNames } from './platform/people.ts';
import { createStorage } from './storage/index.ts';
import { ConfigError, loadConfig } from './config.ts';
import {
  keyIdOf,
  readPublicKey,
  readReceiptText,
  REQUEST_KEY_PATTERN,
  requestKey,
  verifyProof,
  type CellVerifyReport,
  type ProofResult,
} from './journal/index.ts';
import { isDomainError } from './platform/errors.ts';

/** One clear line and a non-zero exit for anything the operator must fix; a stack only with POSTCORE_DEBUG. */
function fail(err: unknown): never {
  if (isDomainError(err)) {
    process.stderr.write(`postcore: ${err.message}\n`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`postcore: unexpected error: ${message}\n`);
    if (process.env['POSTCORE_DEBUG'] !== undefined && err instanceof Error)
      process.stderr.write(`${err.stack}\n`);
  }
  process.exit(1);
}

function printReport(r: CellVerifyReport): void {
  if (r.ok) {
    process.stdout.write(
      `${r.cell}: ok — ${r.events} events${r.since === undefined ? '' : ` after checkpoint ${r.since}`}, head seq ${r.headSeq}, ${r.checkpoints} checkpoints, ` +
        `tables ${r.digest === undefined ? '(replay skipped with --since)' : `${r.digest.slice(0, 16)}…`} (${r.ms} ms)\n`,
    );
    return;
  }
  for (const f of r.failures) {
    process.stdout.write(`${r.cell}: FAILED at seq ${f.seq} [${f.check}] ${f.message}\n`);
  }
}

const program = new Command()
  .name('postcore')
  .description('The core IT platform of a national post that survives ransomware')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('serve the API (PORT, POSTCORE_DATA_DIR or POSTCORE_DATABASE_URL)')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 8080)')
  .addOption(new Option('--cells <list>', 'serve only these cells, comma-separated'))
  .action(async (opts: { port?: string; cells?: string }) => {
    const config = loadConfig(process.env, opts.port === undefined ? {} : { port: opts.port });
    parseCells(opts.cells);
    // The newest log lines are kept in memory too: evidence captured on an incident carries them.
    const recent: string[] = [];
    const ring = {
      write(line: string) {
        recent.push(line.trimEnd());
        if (recent.length > 2500) recent.splice(0, recent.length - 2000);
      },
    };
    const logger =
      config.logLevel === 'silent'
        ? pino({ level: 'silent' })
        : pino(
            { level: config.logLevel, base: { service: 'postcore' } },
            pino.multistream([
              { level: config.logLevel as pino.Level, stream: process.stdout },
              { level: config.logLevel as pino.Level, stream: ring },
            ]),
          );
    // With writes confirmed, finance follows the other cells only as far as the vault holds them: not even
    // while opening, before the shipper knows what the vault holds.
    const confirmed = config.vault?.confirmWrites === true;
    const platform = await openPlatform(config, { demo: config.demo, drain: !confirmed });
    captureEvidenceOnIncident(platform, logger, () => recent);
    if (config.demo)
      logger.warn('demo data with published passwords is loaded: set POSTCORE_DEMO=false for a real post');
    const shipper = createPlatformShipper(platform, config, (cell, err) =>
      logger.warn({ err, cell }, 'shipping to the vault failed; retrying'),
    );
    const app = await buildApp(platform, logger, {
      ...(shipper === undefined ? {} : { shipper, vaultUrl: config.vault!.url }),
      ...(config.vault?.confirmPayouts === true ? { confirmPayoutsMs: config.vault.confirmTimeoutMs } : {}),
      ...(config.vault?.confirmWrites === true ? { confirmWritesMs: config.vault.confirmTimeoutMs } : {}),
      logs: () => recent,
    });
    // With every write confirmed by the vault, finance follows only what the vault holds (nothing it applies
    // can be lost by restoring a cell from the vault).
    if (shipper !== undefined && confirmed) platform.followDurable((cell) => shipper.acked(cell));
    shipper?.start();
    // Detection: canaries planted, then every check every few seconds; a certain finding isolates its cell.
    const detector = createPlatformDetector(platform, config, shipper);
    await detector.start();
    let detecting = false;
    const detection =
      config.detectSeconds === 0
        ? undefined
        : setInterval(
            () => {
              if (detecting) return;
              detecting = true;
              detectOnce(detector, platform.security, GUARDED_CELLS, logger)
                .catch((err: unknown) => logger.error({ err }, 'detection failed'))
                .finally(() => (detecting = false));
            },
            (config.detectSeconds ?? 5) * 1000,
          );
    // Background work: the finance cell follows the core and delivery journals; expired holds are released;
    // each cell signs a checkpoint when its cadence is due.
    let syncing = false;
    const timer = setInterval(() => {
      if (syncing) return;
      syncing = true;
      platform
        .sync()
        .then(() => platform.checkpoint())
        .then((cut) => {
          for (const c of cut) logger.debug({ checkpoint: c }, 'checkpoint signed');
        })
        .catch((err: unknown) => logger.error({ err }, 'background sync failed'))
        .finally(() => (syncing = false));
    }, 1000);
    const stop = async (signal: string) => {
      logger.info({ signal }, 'shutting down');
      clearInterval(timer);
      clearInterval(detection);
      await app.close();
      await shipper?.stop();
      await platform.close();
      process.exit(0);
    };
    process.once('SIGINT', (s) => void stop(s));
    process.once('SIGTERM', (s) => void stop(s));
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      await platform.close();
      const code = err !== null && typeof err === 'object' && 'code' in err ? String(err.code) : '';
      if (code === 'EADDRINUSE')
        fail(
          new ConfigError(
            'invalid_config',
            `Port ${config.port} on ${config.host} is already in use: stop the other server or set PORT`,
            `Cổng ${config.port} đang được dùng`,
          ),
        );
      throw err;
    }
    logger.info(
      { storage: platform.storage.describe(), port: config.port, vault: config.vault?.url ?? null },
      'postcore is serving',
    );
  });

program
  .command('migrate')
  .description('bring every cell database to the latest migration and load reference data')
  .action(async () => {
    const platform = await openPlatform(loadConfig());
    try {
      const provinces = await platform.core.geo.listProvinces();
      process.stdout.write(
        `migrated ${platform.cells.map((c) => c.definition.name).join(', ')} on ${platform.storage.describe()}; ` +
          `geography: ${provinces.length} provinces, ${provinces.reduce((n, p) => n + p.commune_count, 0)} communes\n`,
      );
    } finally {
      await platform.close();
    }
  });

program
  .command('verify')
  .description(
    'check every cell: chain, signed checkpoints (signature, root, consistency), a replay of its journal, invariants',
  )
  .option('--json', 'print the reports as JSON')
  .option('--cell <name>', 'verify one cell only')
  .option(
    '--key <file...>',
    "the post's published checkpoint key(s) (PEM, base64 or the JSON of /v1/checkpoints/key); default: the key file in the data dir",
  )
  .option(
    '--since <checkpoint>',
    'verify only what is newer than a checkpoint: CELL:SIZE (repeatable as a comma list) or a time (ISO 8601)',
  )
  .action(async (opts: { json?: boolean; cell?: string; key?: string[]; since?: string }) => {
    if (opts.cell !== undefined) parseCells(opts.cell);
    const keys = opts.key?.map((file) => readPublicKey(readFileSync(file, 'utf8')));
    const since = opts.since === undefined ? undefined : parseSince(opts.since);
    const platform = await openPlatform(loadConfig(), { mode: 'inspect' });
    let reports: CellVerifyReport[];
    try {
      reports = await platform.verify({
        ...(opts.cell === undefined ? {} : { only: opts.cell }),
        ...(keys === undefined ? {} : { keys }),
        ...(since === undefined ? {} : { since }),
      });
    } finally {
      await platform.close();
    }
    if (opts.json === true)
      process.stdout.write(
        `${JSON.stringify({ ok: reports.every((r) => r.ok), cells: reports }, null, 2)}\n`,
      );
    else reports.forEach(printReport);
    if (!reports.every((r) => r.ok)) process.exitCode = 1;
  });

/** `--since`: a time, or CELL:SIZE pairs. */
function parseSince(text: string): { at: string } | Record<string, number> {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const t = Date.parse(text);
    if (Number.isNaN(t))
      throw new ConfigError(
        'invalid_config',
        `--since ${text} is not a time: use ISO 8601`,
        '--since không hợp lệ',
      );
    return { at: new Date(t).toISOString() };
  }
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const m = /^([a-z]+):(\d{1,15})$/.exec(part.trim());
    if (m === null)
      throw new ConfigError(
        'invalid_config',
        `--since ${JSON.stringify(part)}: name a checkpoint as CELL:SIZE (e.g. finance:12000) or give a time`,
        '--since không hợp lệ',
      );
    parseCells(m[1]);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

program
  .command('verify-receipt')
  .description(
    "check a receipt offline with nothing but the post's public key: event, audit path, checkpoint",
  )
  .argument(
    '<file>',
    "the receipt: its JSON (from the API), or the text of its QR code (PC1:…); '-' for stdin",
  )
  .requiredOption(
    '--key <pubkey>',
    "the post's checkpoint key: a file (PEM, base64 or JSON) or the base64 itself",
  )
  .option('--json', 'print the result as JSON')
  .action(async (file: string, opts: { key: string; json?: boolean }) => {
    const keyText = existsSync(opts.key) ? readFileSync(opts.key, 'utf8') : opts.key;
    const key = readPublicKey(keyText);
    const text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
    let result: ProofResult;
    try {
      result = verifyProof(readReceiptText(text), new Map([[keyIdOf(key), key]]));
    } catch (err) {
      result = { ok: false, check: 'format', message: err instanceof Error ? err.message : String(err) };
    }
    if (opts.json === true) {
      process.stdout.write(
        `${JSON.stringify(result.ok ? { ok: true, cell: result.proof.cell, event: result.proof.event, checkpoint: result.proof.checkpoint } : result, null, 2)}\n`,
      );
    } else if (result.ok) {
      const { event, checkpoint } = result.proof;
      process.stdout.write(
        `ok: ${result.proof.cell} event ${event.seq} (${event.type}, ${event.at}) is in checkpoint ${checkpoint.cell}@${checkpoint.size} signed ${checkpoint.at} by key ${checkpoint.key_id}\n`,
      );
    } else process.stdout.write(`FAILED [${result.check}] ${result.message}\n`);
    if (!result.ok) process.exitCode = 1;
  });

program
  .command('checkpoint')
  .description(
    "sign a checkpoint now in every cell with new events, and print each cell's newest and the key",
  )
  .option('--json', 'print as JSON')
  .action(async (opts: { json?: boolean }) => {
    await withPlatform(async (p) => {
      await p.checkpoint(true);
      const latest = await Promise.all(p.cells.map((c) => p.checkpointsOf(c.definition.name).latest()));
      const key = p.checkpointKey();
      if (opts.json === true)
        process.stdout.write(
          `${JSON.stringify({ key, checkpoints: latest.filter((c) => c !== undefined) }, null, 2)}\n`,
        );
      else {
        for (const c of latest)
          if (c !== undefined) process.stdout.write(`${c.cell}@${c.size} root ${c.root} at ${c.at}\n`);
        process.stdout.write(`key ${key.key_id} (Ed25519): ${key.public_key}\n`);
      }
    });
  });

/**
 * Opens the platform for one command (migrating, never loading the demo) and closes it afterwards. A command
 * that only reads passes READS: a post that is not there is refused, and nothing is created.
 */
async function withPlatform<T>(
  f: (platform: Platform) => Promise<T>,
  options: PlatformOptions = {},
): Promise<T> {
  const platform = await openPlatform(loadConfig(), options);
  try {
    return await f(platform);
  } finally {
    await platform.close();
  }
}

const CLI_ACTOR = `cli:${userInfo().username}`;

/** Reads `--key`: the idempotency key a money-moving or creating command records with what it did. */
function requestKeyOption(v: string): string {
  if (!REQUEST_KEY_PATTERN.test(v))
    throw new InvalidArgumentError('1 to 100 printable ASCII characters without spaces');
  return v;
}
/** For withPlatform: the command only reads, so it opens only a post that exists, and writes nothing. */
const READS: PlatformOptions = { mode: 'inspect' };
const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
/** An office named by id (ofc_…) or by its 5-digit postcode. */
const officeOf = async (p: Platform, ref: string) =>
  /^\d{5}$/.test(ref) ? p.core.offices.getByPostcode(ref) : p.core.offices.get(ref);
const accountOf = async (p: Platform, username: string) => {
  const found = await p.core.staff.findForSignIn(username);
  if (found === undefined)
    throw new CoreError(
      'staff_not_found',
      `No account has username ${username}`,
      `Không có tài khoản ${username}`,
    );
  const { password_hash: _hash, ...staff } = found;
  return staff;
};
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
const readStdinLine = async (): Promise<string> => (await readStdin()).split(/\r?\n/)[0] ?? '';

program
  .command('drill')
  .description('rehearse an incident on a fresh data dir, end to end, with real processes')
  .command('ransomware')
  .description(
    'seed a post, start a vault and the platform, encrypt delivery at 03:10, then detect, isolate, restore with two officers and reopen; exits 1 unless 0 events are lost and the money balances',
  )
  .addOption(
    new Option('--scale <scale>', 'demo: a province, 100,000 lines; national: 3.3 million')
      .choices(['demo', 'national'])
      .default('demo'),
  )
  .option('--report <file>', 'also write the JSON report here')
  .option('--json', 'print the report as JSON')
  .action(async (opts: { scale: DrillScale; report?: string; json?: boolean }) => {
    const file = opts.report === undefined ? undefined : reportPath(opts.report);
    const report = await runRansomwareDrill({
      scale: opts.scale,
      env: process.env,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    if (file !== undefined) writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      opts.json === true ? `${JSON.stringify(report, null, 2)}\n` : drillReportText(report),
    );
    if (!report.ok) process.exit(1);
  });

const demoCommand = program
  .command('demo')
  .description(
    'load the demo network and staff if they are not there; --reset --yes deletes every cell first',
  )
  .option('--reset', 'delete every cell database and load the demo afresh (refused when POSTCORE_DEMO=false)')
  .option('--yes', 'confirm --reset')
  .action(async (opts: { reset?: boolean; yes?: boolean }) => {
    const config = loadConfig();
    if (opts.reset === true) {
      if (!config.demo)
        throw new ConfigError(
          'invalid_config',
          'POSTCORE_DEMO=false marks this as a real post: postcore demo --reset will not delete it',
          'Đây là dữ liệu thật (POSTCORE_DEMO=false): không được xóa',
        );
      if (opts.yes !== true)
        throw new ConfigError(
          'invalid_config',
          'postcore demo --reset deletes every cell database: add --yes to confirm',
          'Lệnh này xóa toàn bộ dữ liệu: thêm --yes để xác nhận',
        );
      const storage = await createStorage(config.storage);
      try {
        for (const cell of CELL_NAMES) await storage.dropCell(cell);
      } finally {
        await storage.close();
      }
    }
    const platform = await openPlatform(config, { demo: true });
    try {
      const offices = await platform.core.offices.list({ limit: 1, offset: 0 });
      const staff = await platform.core.staff.list({ limit: 1, offset: 0 });
      process.stdout.write(
        `demo on ${platform.storage.describe()}: ${offices.total} offices, ${staff.total} staff; ` +
          `sign in as in the README (password ${DEMO_PASSWORD})\n`,
      );
    } finally {
      await platform.close();
    }
  });

const staffCommand = program.command('staff').description('staff and partner accounts');

staffCommand
  .command('add')
  .description('add an account; the password is read from the first line of stdin')
  .requiredOption('--username <name>', '3–32 characters, no accents')
  .requiredOption('--name <full name>', 'full name, with accents')
  .option('--cccd <12 digits>', 'citizen identity number (required for the post’s own staff)')
  .requiredOption('--phone <mobile>', 'Vietnamese mobile, 09… or +84…')
  .requiredOption('--office <id or postcode>', 'the account’s office')
  .requiredOption('--roles <list>', 'comma-separated roles')
  .action(
    async (opts: {
      username: string;
      name: string;
      cccd?: string;
      phone: string;
      office: string;
      roles: string;
    }) => {
      const password = await readStdinLine();
      await withPlatform(async (p) => {
        const office = await officeOf(p, opts.office);
        const staff = await p.core.staff.add(
          {
            username: opts.username,
            full_name: opts.name,
            cccd: opts.cccd ?? null,
            phone: opts.phone,
            office_id: office.id,
            roles: list(opts.roles),
            password,
          },
          CLI_ACTOR,
        );
        process.stdout.write(
          `added ${staff.username} (${staff.id}) at ${office.postcode} ${office.name}: ${staff.roles.join(', ')}\n`,
        );
        if (staff.roles.some((r) => ROLE_GRANTS[r].secondFactor)) {
          const e = await p.core.signIn.enrolSecondFactor(staff.id, CLI_ACTOR);
          process.stdout.write(
            `this role needs a second factor; give the holder, in person, this TOTP seed (shown once):\n  ${e.secret}\n  ${e.uri}\n`,
          );
        }
      });
    },
  );

staffCommand
  .command('list')
  .description('list accounts, by username')
  .option('--office <id or postcode>', 'only this office')
  .addOption(
    new Option('--status <status>', 'only active or disabled accounts').choices(['active', 'disabled']),
  )
  .option('--limit <n>', 'at most this many', '100')
  .option('--json', 'print JSON')
  .action(
    async (opts: { office?: string; status?: 'active' | 'disabled'; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
        throw new ConfigError(
          'invalid_config',
          '--limit must be a whole number from 1 to 100000',
          '--limit không hợp lệ',
        );
      await withPlatform(async (p) => {
        const office = opts.office === undefined ? undefined : await officeOf(p, opts.office);
        const page = await p.core.staff.list({
          ...(office === undefined ? {} : { office: office.id }),
          ...(opts.status === undefined ? {} : { status: opts.status }),
          limit,
          offset: 0,
        });
        if (opts.json === true) process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
        else {
          for (const s of page.items)
            process.stdout.write(
              `${s.username.padEnd(20)} ${s.status.padEnd(8)} ${s.roles.join(',').padEnd(24)} ${s.full_name}\n`,
            );
          process.stdout.write(`${page.items.length} of ${page.total}\n`);
        }
      }, READS);
    },
  );

staffCommand
  .command('disable <username>')
  .description('disable an account: it can no longer sign in, and its sessions and tokens stop working')
  .requiredOption('--reason <text>', 'why, for the journal')
  .action(async (username: string, opts: { reason: string }) => {
    await withPlatform(async (p) => {
      const staff = await p.core.staff.disable((await accountOf(p, username)).id, opts.reason, CLI_ACTOR);
      process.stdout.write(`disabled ${staff.username} (${staff.id})\n`);
    });
  });

staffCommand
  .command('second-factor <username>')
  .description('enrol (or replace) an account’s TOTP second factor; prints the seed once')
  .action(async (username: string) => {
    await withPlatform(async (p) => {
      const e = await p.core.signIn.enrolSecondFactor((await accountOf(p, username)).id, CLI_ACTOR);
      process.stdout.write(`TOTP seed for ${username} (shown once):\n  ${e.secret}\n  ${e.uri}\n`);
    });
  });

const tokenCommand = program.command('token').description('API tokens for partners and scripts');

tokenCommand
  .command('create')
  .description('issue a token for an account; prints the secret once')
  .requiredOption('--username <name>', 'the holder')
  .requiredOption('--name <text>', 'what the token is for')
  .requiredOption('--permissions <list>', 'comma-separated permissions, within the holder’s')
  .option('--office <id or postcode>', 'limit the token to one office')
  .option('--days <n>', `valid for 1 to ${MAX_TOKEN_DAYS} days`, '90')
  .action(
    async (opts: { username: string; name: string; permissions: string; office?: string; days: string }) => {
      await withPlatform(async (p) => {
        const office = opts.office === undefined ? null : (await officeOf(p, opts.office)).id;
        const { token, apiToken } = await p.core.tokens.issue(
          {
            staff_id: (await accountOf(p, opts.username)).id,
            name: opts.name,
            permissions: list(opts.permissions),
            office_id: office,
            days: /^\d+$/.test(opts.days) ? Number(opts.days) : NaN,
          },
          CLI_ACTOR,
        );
        process.stdout.write(`${apiToken.id} expires ${apiToken.expires_at}\n${token}\n`);
      });
    },
  );

tokenCommand
  .command('revoke <id>')
  .description('revoke a token at once')
  .requiredOption('--reason <text>', 'why, for the journal')
  .action(async (id: string, opts: { reason: string }) => {
    await withPlatform(async (p) => {
      const t = await p.core.tokens.revoke(id, opts.reason, CLI_ACTOR);
      process.stdout.write(`revoked ${t.id} at ${t.revoked_at}\n`);
    });
  });

const financeCommand = program
  .command('finance')
  .description('the ledger, tills and reports of the finance cell');
const formatMoney = (v: bigint) => formatVnd(v).padStart(18);

financeCommand
  .command('accounts')
  .description('an office’s accounts and balances')
  .requiredOption('--office <id or postcode>', 'the office')
  .option('--json', 'print JSON')
  .action(async (opts: { office: string; json?: boolean }) => {
    await withPlatform(async (p) => {
      const office = await officeOf(p, opts.office);
      await p.sync();
      const accounts = await p.finance.ledger.accountsOf({ officeId: office.id });
      if (opts.json === true)
        process.stdout.write(
          `${JSON.stringify({ items: accounts }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
        );
      else
        for (const a of accounts)
          process.stdout.write(
            `${String(a.code).padEnd(5)} ${formatMoney(a.debits_posted - a.credits_posted)}  ${a.id}  ${a.name}\n`,
          );
    }, READS);
  });

financeCommand
  .command('transfer')
  .description('post one transfer between an office’s accounts (an account id, or a kind such as vault_cash)')
  .requiredOption('--office <id or postcode>', 'the office')
  .requiredOption('--id <id>', 'the transfer’s id: its idempotency key')
  .requiredOption('--debit <account>', 'account id or kind')
  .requiredOption('--credit <account>', 'account id or kind')
  .requiredOption('--amount <đồng>', 'whole đồng')
  .option('--code <n>', 'kind of transfer, 1 to 9999', '900')
  .option('--ref <text>', 'your reference')
  .action(
    async (opts: {
      office: string;
      id: string;
      debit: string;
      credit: string;
      amount: string;
      code: string;
      ref?: string;
    }) => {
      await withPlatform(async (p) => {
        const office = await officeOf(p, opts.office);
        await p.sync();
        const account = (x: string) => (x in ACCOUNT_CODES ? accountId(office.id, x as AccountKind) : x);
        const transfer = {
          id: opts.id,
          debit_account_id: account(opts.debit),
          credit_account_id: account(opts.credit),
          amount: opts.amount,
          code: /^\d+$/.test(opts.code) ? Number(opts.code) : NaN,
          ref: opts.ref ?? null,
        };
        if (!isCallerKey(opts.id))
          throw new FinanceError(
            'invalid_transfer',
            `--id ${JSON.stringify(opts.id)} must be 1 to 100 letters, digits, ".", "_" or "-", beginning with a letter or digit; ids with ":" are the platform's own`,
            '--id chỉ gồm chữ cái, chữ số, ".", "_" hoặc "-"; mã có dấu ":" dành cho hệ thống',
            { field: '--id' },
          );
        // The same rules as the API: this office's accounts, never a till's.
        await checkManualTransfers(p.finance.ledger, office.id, [transfer]);
        const [r] = await p.finance.ledger.createTransfers([transfer], CLI_ACTOR, office.id, {
          manual: true,
        });
        if (r!.result !== 'created' && r!.result !== 'exists')
          throw new FinanceError(
            'transfers_failed',
            `Transfer ${opts.id} refused: ${r!.result}: ${r!.message}`,
            r!.message_vi,
            { result: r!.result },
          );
        process.stdout.write(`${r!.result} ${opts.id}\n`);
      });
    },
  );

financeCommand
  .command('trial-balance')
  .description('an office’s trial balance for a day (Vietnam time)')
  .requiredOption('--office <id or postcode>', 'the office')
  .requiredOption('--day <YYYY-MM-DD>', 'the day')
  .addOption(
    new Option('--format <format>', 'text, csv or pdf').choices(['text', 'csv', 'pdf']).default('text'),
  )
  .option('--out <file>', 'write to this file instead of stdout')
  .action(async (opts: { office: string; day: string; format: 'text' | 'csv' | 'pdf'; out?: string }) => {
    await withPlatform(async (p) => {
      const office = await officeOf(p, opts.office);
      const tb = await p.finance.reports.trialBalance(office.id, opts.day);
      let output: string | Buffer;
      if (opts.format === 'csv') output = trialBalanceCsv(tb);
      else if (opts.format === 'pdf') output = await trialBalancePdf(tb, office.name, p.clock.now());
      else
        output =
          tb.lines
            .map(
              (l) =>
                `${String(l.code).padEnd(5)} ${formatMoney(l.debit_balance)} ${formatMoney(l.credit_balance)}  ${l.name}`,
            )
            .join('\n') +
          `\n${'total'.padEnd(5)} ${formatMoney(tb.total_debit_balance)} ${formatMoney(tb.total_credit_balance)}  ${tb.balanced ? 'balanced' : 'NOT BALANCED'}\n`;
      if (opts.out !== undefined) writeFileSync(opts.out, output);
      else process.stdout.write(output);
      if (!tb.balanced) process.exitCode = 1;
    }, READS);
  });

financeCommand
  .command('cash-position')
  .description('the cash an office holds now: vault, tills, postmen')
  .requiredOption('--office <id or postcode>', 'the office')
  .action(async (opts: { office: string }) => {
    await withPlatform(async (p) => {
      const office = await officeOf(p, opts.office);
      const c = await p.finance.reports.cashPosition(office.id);
      process.stdout.write(`vault      ${formatMoney(c.vault)}\n`);
      for (const t of c.tills) process.stdout.write(`till       ${formatMoney(t.cash)}  ${t.name}\n`);
      process.stdout.write(`with postmen ${formatMoney(c.in_transit)}\ntotal      ${formatMoney(c.total)}\n`);
    }, READS);
  });

financeCommand
  .command('tills')
  .description('an office’s till sessions')
  .requiredOption('--office <id or postcode>', 'the office')
  .option('--day <YYYY-MM-DD>', 'only this day')
  .action(async (opts: { office: string; day?: string }) => {
    await withPlatform(async (p) => {
      const office = await officeOf(p, opts.office);
      for (const t of await p.finance.tills.list({
        officeId: office.id,
        ...(opts.day === undefined ? {} : { day: opts.day }),
      }))
        process.stdout.write(
          `${t.id}  ${t.day}  ${t.status.padEnd(8)} ${formatMoney(t.cash)}  clerk ${t.clerk_id}\n`,
        );
    }, READS);
  });

const pensionsCommand = program
  .command('pensions')
  .description('pension and benefit payment periods and lists');

pensionsCommand
  .command('open-period')
  .description('open a payment period for a province')
  .requiredOption('--province <code>', '2-digit province code, e.g. 01')
  .requiredOption('--months <list>', 'YYYY-MM, or up to three consecutive months comma-separated')
  .action(async (opts: { province: string; months: string }) => {
    await withPlatform(async (p) => {
      const period = await p.finance.pensions.openPeriod(
        { province_code: opts.province, months: list(opts.months) },
        CLI_ACTOR,
      );
      process.stdout.write(`${period.id}\n`);
    });
  });

pensionsCommand
  .command('import <file>')
  .description(
    'import the agency’s list (CSV); refused whole, every bad row named, unless all good and matching the envelope',
  )
  .requiredOption('--period <id>', 'the payment period')
  .requiredOption('--count <n>', 'the envelope: how many lines the agency says the list has')
  .requiredOption('--total <đồng>', 'the envelope: what the lines add up to')
  .action(async (file: string, opts: { period: string; count: string; total: string }) => {
    await withPlatform(async (p) => {
      const size = statSync(file).size;
      const declared = /^\d+$/.test(opts.count) ? Number(opts.count) : NaN;
      let read = 0;
      let shown = '';
      // One status line on a terminal: reading the file, then checking and building rows against the envelope.
      const show = (text: string) => {
        if (!process.stderr.isTTY || text === shown) return;
        shown = text;
        process.stderr.write(`\r${text.padEnd(60)}`);
      };
      const pct = (n: number, of: number) => (of > 0 ? Math.min(100, Math.floor((n * 100) / of)) : 0);
      const progress = async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          read += chunk.length;
          show(`reading ${basename(file)}: ${pct(read, size)}% of ${(size / 1e6).toFixed(1)} MB`);
          yield chunk;
        }
      };
      const onProgress = ({ phase, rows }: { phase: string; rows: number }) => {
        if (phase !== 'receiving') show(`${phase} rows: ${pct(rows, declared)}% (${rows} of ${declared})`);
      };
      const started = Date.now();
      try {
        const l = await p.finance.pensions.importList(
          {
            period_id: opts.period,
            file_name: basename(file),
            declared_count: declared,
            declared_total: opts.total,
            source: progress(createReadStream(file) as AsyncIterable<Buffer>),
            onProgress,
          },
          await p.core.offices.directory(),
          CLI_ACTOR,
        );
        if (process.stderr.isTTY) process.stderr.write('\n');
        process.stdout.write(
          `accepted ${l.line_count} lines, ${formatVnd(l.total)}, sha256 ${l.sha256} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
        );
      } catch (err) {
        if (process.stderr.isTTY) process.stderr.write('\n');
        // Every bad row, one per line, before the one-line summary.
        const problems = isDomainError(err)
          ? (err.details?.['problems'] as Array<{ row: number; field: string; message: string }> | undefined)
          : undefined;
        for (const x of problems ?? []) process.stderr.write(`row ${x.row} ${x.field}: ${x.message}\n`);
        throw err;
      }
    });
  });

pensionsCommand
  .command('lines')
  .description('lines of a period at an office; find someone by CCCD or name')
  .requiredOption('--period <id>', 'the payment period')
  .requiredOption('--office <postcode>', 'the office')
  .option('--cccd <12 digits>', 'one person')
  .option('--name <text>', 'part of the name, accents optional')
  .option('--limit <n>', 'at most this many', '50')
  .action(async (opts: { period: string; office: string; cccd?: string; name?: string; limit: string }) => {
    await withPlatform(async (p) => {
      const r = await p.finance.pensions.lines({
        period_id: opts.period,
        postcode: opts.office,
        ...(opts.cccd === undefined ? {} : { cccd: opts.cccd }),
        ...(opts.name === undefined ? {} : { name: opts.name }),
        limit: Math.min(Math.max(Number(opts.limit) || 50, 1), 10_000),
        offset: 0,
      });
      for (const l of r.items)
        process.stdout.write(
          `${l.cccd} ${l.benefit.padEnd(4)} ${formatMoney(l.amount)} ${l.channel.padEnd(8)} ${l.status.padEnd(7)} ${l.full_name}\n`,
        );
      process.stdout.write(`${r.items.length} of ${r.total}\n`);
    }, READS);
  });

pensionsCommand
  .command('fund')
  .description("record the agency's money for an accepted list: to the province, then to each paying office")
  .requiredOption('--period <id>', 'the payment period')
  .requiredOption('--list <sha256>', 'the list, by its SHA-256')
  .requiredOption('--reference <text>', "the agency's transfer reference")
  .action(async (opts: { period: string; list: string; reference: string }) => {
    await withPlatform(async (p) => {
      const f = await p.finance.payouts.fund(
        { period_id: opts.period, sha256: opts.list, reference: opts.reference },
        await p.core.offices.directory(),
        CLI_ACTOR,
      );
      for (const a of f.allocations)
        process.stdout.write(
          `${a.postcode}  ${String(a.line_count).padStart(8)} lines ${formatMoney(a.amount)}\n`,
        );
      process.stdout.write(`funded ${formatVnd(f.total)} to ${f.allocations.length} offices\n`);
    });
  });

pensionsCommand
  .command('bank-run')
  .description('pay every funded bank-account line of the period (from its bank day)')
  .requiredOption('--period <id>', 'the payment period')
  .action(async (opts: { period: string }) => {
    await withPlatform(async (p) => {
      const r = await p.finance.payouts.payBankTransfers(opts.period, CLI_ACTOR);
      process.stdout.write(`paid ${r.line_count} lines by bank transfer, ${formatVnd(r.amount)}\n`);
    });
  });

pensionsCommand
  .command('stop')
  .description("record the agency's stop-payment for a person: unpaid lines suspended, paid ones to recovery")
  .requiredOption('--period <id>', 'the payment period')
  .requiredOption('--cccd <12 digits>', 'the person')
  .addOption(
    new Option('--reason <reason>', 'why')
      .choices(['death', 'emigration', 'suspension'])
      .makeOptionMandatory(),
  )
  .requiredOption('--reference <text>', "the agency's notice")
  .requiredOption('--date <YYYY-MM-DD>', 'effective from')
  .option('--benefit <LH|TC|BTXH>', 'only this benefit')
  .action(
    async (opts: {
      period: string;
      cccd: string;
      reason: 'death';
      reference: string;
      date: string;
      benefit?: string;
    }) => {
      await withPlatform(async (p) => {
        const r = await p.finance.payouts.stop(
          {
            period_id: opts.period,
            cccd: opts.cccd,
            reason: opts.reason,
            reference: opts.reference,
            effective_date: opts.date,
            ...(opts.benefit === undefined ? {} : { benefit: opts.benefit }),
          },
          CLI_ACTOR,
        );
        for (const x of r) process.stdout.write(`${x.line_id} ${x.outcome}\n`);
      });
    },
  );

pensionsCommand
  .command('close')
  .description('close the period after its last day: unpaid lines and their money go back to the agency')
  .requiredOption('--period <id>', 'the payment period')
  .action(async (opts: { period: string }) => {
    await withPlatform(async (p) => {
      const r = await p.finance.payouts.closePeriod(opts.period, CLI_ACTOR);
      process.stdout.write(`returned ${r.returned_count} lines, ${formatVnd(r.returned_amount)}\n`);
    });
  });

pensionsCommand
  .command('reconcile')
  .description(
    'the reconciliation per office, channel and state against the envelope; exits 1 if it does not balance',
  )
  .requiredOption('--period <id>', 'the payment period')
  .addOption(
    new Option('--format <format>', 'output').choices(['text', 'csv', 'xlsx', 'pdf']).default('text'),
  )
  .option('--out <file>', 'write here (needed for xlsx and pdf)')
  .action(async (opts: { period: string; format: 'text' | 'csv' | 'xlsx' | 'pdf'; out?: string }) => {
    await withPlatform(async (p) => {
      const r = await p.finance.payouts.reconciliation(opts.period);
      if (opts.format === 'text') {
        for (const x of r.by_state)
          process.stdout.write(
            `${x.state.padEnd(10)} ${String(x.count).padStart(9)} ${formatMoney(x.amount)}\n`,
          );
        process.stdout.write(
          `${'total'.padEnd(10)} ${String(r.lines_count).padStart(9)} ${formatMoney(r.lines_total)}\n`,
        );
        process.stdout.write(
          `${'envelope'.padEnd(10)} ${String(r.envelope.count).padStart(9)} ${formatMoney(r.envelope.total)}\n`,
        );
      } else {
        if (opts.out === undefined && opts.format !== 'csv')
          throw new ConfigError(
            'invalid_config',
            `--out FILE is needed for ${opts.format}`,
            `Cần --out TỆP cho định dạng ${opts.format}`,
          );
        const body =
          opts.format === 'csv'
            ? await reconciliationCsv(r)
            : opts.format === 'xlsx'
              ? await reconciliationXlsx(r, new Date())
              : await reconciliationPdf(r, new Date());
        if (opts.out === undefined) process.stdout.write(body);
        else writeFileSync(opts.out, body);
      }
      process.stdout.write(
        r.balanced ? 'balanced to the đồng\n' : `NOT BALANCED: ${r.problems.join('; ')}\n`,
      );
      if (!r.balanced) process.exitCode = 1;
    }, READS);
  });

pensionsCommand
  .command('receipt <id>')
  .description('a payout receipt; --pdf writes the printable one, --json the one verify-receipt checks')
  .option('--pdf <file>', 'write the PDF here')
  .option('--json <file>', 'write the receipt with its proof as JSON here')
  .action(async (id: string, opts: { pdf?: string; json?: string }) => {
    await withPlatform(async (p) => {
      const r = await p.finance.payouts.receipt(id);
      process.stdout.write(
        `${r.id}  ${r.full_name}  ${formatVnd(r.amount)} (${r.amount_words})  ${r.place}  ${r.paid_at}\n`,
      );
      const proof = r.place === 'bank' ? null : await p.checkpointsOf('finance').prove(r.seq);
      if (opts.json !== undefined)
        writeFileSync(
          opts.json,
          `${JSON.stringify({ ...r, amount: r.amount.toString(), seq: r.seq.toString(), proof }, null, 2)}\n`,
        );
      if (opts.pdf !== undefined)
        writeFileSync(
          opts.pdf,
          await receiptPdf(
            r,
            {
              office: (await p.core.offices.get(r.office_id)).name,
              clerk:
                r.clerk_id === null
                  ? 'Chuyển khoản ngân hàng'
                  : (await p.core.staff.get(r.clerk_id)).full_name,
            },
            proof,
          ),
        );
    }, READS);
  });

const deliveryCommand = program
  .command('delivery')
  .description('parcels and letters: tracking, shipments, labels');

deliveryCommand
  .command('track <id>')
  .description('what anyone sees when tracking an item: its events, the recipient masked')
  .action(async (id: string) => {
    await withPlatform(async (p) => {
      const t = await p.delivery.items.track(id);
      process.stdout.write(
        `${t.id}  ${t.service}  ${t.status}  → tỉnh ${t.destination_province}, ${t.recipient} ${t.recipient_phone}\n`,
      );
      for (const e of t.events)
        process.stdout.write(
          `  ${e.at}  ${e.code}  ${e.description_vi}  ${e.office}${e.reason === null ? '' : ` (${e.reason})`}\n`,
        );
    }, READS);
  });

deliveryCommand
  .command('item <id>')
  .description('an item as staff see it; --label writes its A6 label (PDF)')
  .option('--label <file>', 'write the label here')
  .action(async (id: string, opts: { label?: string }) => {
    await withPlatform(async (p) => {
      const i = await p.delivery.items.get(id);
      process.stdout.write(
        `${i.id}  ${i.service}  ${i.status}  ${i.sender.name} → ${i.recipient.name}  fee ${formatVnd(i.fee)}  COD ${formatVnd(i.cod_amount)}\n`,
      );
      for (const e of await p.delivery.items.events(id))
        process.stdout.write(`  ${e.n}. ${e.at}  ${e.code}  ${e.description_vi}  ${e.office_id}\n`);
      if (opts.label !== undefined) {
        const place = placeNames(p.core);
        const label = async (o: string) => {
          const x = await p.core.offices.get(o);
          return { name: x.name, postcode: x.postcode };
        };
        const places = new Map([
          [i.sender.commune, await place(i.sender.commune)],
          [i.recipient.commune, await place(i.recipient.commune)],
        ]);
        writeFileSync(
          opts.label,
          await labelPdf(i, {
            origin: await label(i.origin_office_id),
            delivery: await label(i.delivery_office_id),
            place: (c) => places.get(c) ?? c,
          }),
        );
      }
    }, READS);
  });

deliveryCommand
  .command('announce <file>')
  .description(`a shipper's items from a CSV (columns as the API's); prints each id, fee and one-time code`)
  .requiredOption('--shipper <username>', 'the shipper account the items are billed to')
  .option(
    '--key <key>',
    'an idempotency key for the file (default: one made from its content, so the same file announced again makes nothing new)',
    requestKeyOption,
  )
  .action(async (file: string, opts: { shipper: string; key?: string }) => {
    await withPlatform(async (p) => {
      const shipper = await accountOf(p, opts.shipper);
      const text = readFileSync(file, 'utf8');
      const inputs = readShipmentCsv(text);
      const key = opts.key ?? `file-${sha256Hex(text).slice(0, 32)}`;
      const r = await p.delivery.items.announce(
        inputs,
        { id: shipper.id, office_id: shipper.office_id },
        CLI_ACTOR,
        { firstRow: 2, request: requestKey(`${CLI_ACTOR} delivery announce ${shipper.id}`, key, inputs) },
      );
      for (const i of r.items)
        process.stdout.write(`${i.id}\t${i.shipper_key ?? ''}\t${i.fee}\t${i.delivery_code ?? ''}\n`);
      process.stderr.write(`${r.created} new, ${r.items.length - r.created} already announced\n`);
    });
  });

const codCommand = program.command('cod').description('cash on delivery owed to shippers and senders');

codCommand
  .command('statement')
  .description("a payee's COD over a period: collected, remitted, still owed")
  .requiredOption('--payee <payee>', 'a shipper username, or sender:<+84 phone>')
  .requiredOption('--from <day>', 'YYYY-MM-DD')
  .requiredOption('--to <day>', 'YYYY-MM-DD')
  .action(async (opts: { payee: string; from: string; to: string }) => {
    await withPlatform(async (p) => {
      const payee = opts.payee.startsWith('sender:') ? opts.payee : (await accountOf(p, opts.payee)).id;
      const s = await p.finance.cod.statement(payee, opts.from, opts.to);
      for (const c of s.collections)
        process.stdout.write(
          `${c.item_id}\t${c.collected_at}\t${c.amount}\t${c.remittance_id ?? (c.handed_in_at === null ? 'with postman' : 'owed')}\n`,
        );
      process.stdout.write(
        `collected ${formatVnd(s.collected)}, remitted ${formatVnd(s.remitted)}, outstanding ${formatVnd(s.outstanding)} (with postmen ${formatVnd(s.with_postmen)})\n`,
      );
    }, READS);
  });

codCommand
  .command('remit')
  .description("pay a payee's COD handed in up to a day, less the fees billed to it")
  .requiredOption('--payee <payee>', 'a shipper username, or sender:<+84 phone>')
  .requiredOption('--through <day>', 'YYYY-MM-DD (Vietnam time)')
  .option(
    '--key <key>',
    'an idempotency key: run the command again with the same key after an interruption and it pays once (default: a new key, printed)',
    requestKeyOption,
  )
  .action(async (opts: { payee: string; through: string; key?: string }) => {
    await withPlatform(async (p) => {
      const payee = opts.payee.startsWith('sender:') ? opts.payee : (await accountOf(p, opts.payee)).id;
      const key = opts.key ?? newId('key');
      const input = { payee, through: opts.through };
      const r = await p.finance.cod.remit(input, CLI_ACTOR, requestKey(`${CLI_ACTOR} cod remit`, key, input));
      process.stdout.write(
        `${r.id}: ${r.item_count} items, COD ${formatVnd(r.cod_total)}, fees ${formatVnd(r.fees)}, net ${formatVnd(r.net)} (key ${key})\n`,
      );
    });
  });

demoCommand
  .command('pensions')
  .description(
    'write a realistic synthetic pension list (CSV) for a province, for demos, tests and benchmarks',
  )
  .requiredOption('--count <n>', 'lines')
  .option('--province <code>', '2-digit province code', '01')
  .option('--month <YYYY-MM>', 'the period’s first month', '2026-12')
  .option('--seed <n>', 'the same seed gives the same list', '1')
  .requiredOption('--out <file>', 'where to write the CSV')
  .action(async (opts: { count: string; province: string; month: string; seed: string; out: string }) => {
    const count = /^\d+$/.test(opts.count) ? Number(opts.count) : NaN;
    if (!(count >= 1 && count <= 10_000_000))
      throw new ConfigError(
        'invalid_config',
        '--count must be a whole number from 1 to 10,000,000',
        '--count không hợp lệ',
      );
    await withPlatform(async (p) => {
      const { communes, offices } = await p.core.offices.directory();
      const inProvince = [...communes].filter(([, prov]) => prov === opts.province).map(([c]) => c);
      const postcodes = [...offices]
        .filter(
          ([, o]) => o.province_code === opts.province && o.type === 'post_office' && o.status === 'open',
        )
        .map(([pc]) => pc);
      if (inProvince.length === 0 || postcodes.length === 0)
        throw new ConfigError(
          'invalid_config',
          `Province ${opts.province} has no communes or no open post offices here: run postcore demo first`,
          'Tỉnh này chưa có bưu cục: hãy chạy postcore demo trước',
        );
      const gen = syntheticList({
        count,
        communes: inProvince,
        postcodes,
        periodStart: `${opts.month}-01`,
        names: parseNames(
          JSON.parse(readFileSync(new URL('../assets/people/names.json', import.meta.url), 'utf8')),
        ),
        seed: Number(opts.seed) || 1,
      });
      const out = createWriteStream(opts.out);
      let r = gen.next();
      while (r.done !== true) {
        if (!out.write(r.value)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        r = gen.next();
      }
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      process.stdout.write(
        `wrote ${r.value.count} lines, ${formatVnd(r.value.total)}, to ${opts.out}\n` +
          `import with: postcore pensions import ${opts.out} --period <id> --count ${r.value.count} --total ${r.value.total}\n`,
      );
    });
  });

addResilienceCommands(program, {
  version: VERSION,
  cellNames: CELL_NAMES,
  parseCells,
  definitions: cellDefinitions,
  async keyChange(requestId, key) {
    // Only the request is read and closed here: finance's following of the other cells is serve's to do.
    const platform = await openPlatform(loadConfig({ ...process.env, POSTCORE_LOG_LEVEL: 'silent' }), {
      drain: false,
    });
    try {
      await platform.security.keysChangeable(requestId, key);
    } catch (err) {
      await platform.close();
      throw err;
    }
    return {
      async done(fingerprint) {
        await platform.security.keysChanged({ request_id: requestId, key, fingerprint }, CLI_ACTOR);
      },
      close: () => platform.close(),
    };
  },
});

program.parseAsync().catch(fail);
