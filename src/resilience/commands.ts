// The command line of the vault, the backup key and the restore: `postcore vault …`, `postcore keys backup`,
// `postcore restore`. Registered on the main program by src/main.ts.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import type { Command } from 'commander';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../config.ts';
import type { CellDefinition, JournalTables } from '../journal/index.ts';
import { systemClock } from '../platform/clock.ts';
import {
  restoreFromVault,
  restoreReportText,
  type RestoreDeps,
  type RestorePlace,
  type RestoreTarget,
} from './restore.ts';
import { restoreWithProgress } from './restore-progress.ts';
import { newBackupKeyPair, readBackupPrivateKey } from './seal.ts';
import { createVaultClient } from './vault-client.ts';
import { buildVaultServer, initVaultDir, MAX_VAULT_TOKEN_DAYS, openVault } from './vault/index.ts';

export interface ResilienceCommandDeps {
  version: string;
  cellNames: readonly string[];
  parseCells(list: string | undefined): string[];
  definitions(dataDir: string): ReadonlyArray<CellDefinition<JournalTables>>;
  /**
   * Opens the platform for a change of `key` on an approved `keys` request (refused otherwise); `done`
   * journals the new key's fingerprint, closing the request.
   */
  keyChange(
    requestId: string,
    key: 'backup',
  ): Promise<{ done(fingerprint: string): Promise<void>; close(): Promise<void> }>;
}

function writeSecret(file: string, text: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new ConfigError(
        'invalid_config',
        `${file} already exists: a key or token file is never overwritten; choose another path`,
        `Tệp ${file} đã tồn tại`,
      );
    throw err;
  }
}

const days = (text: string): number => {
  const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_VAULT_TOKEN_DAYS))
    throw new ConfigError(
      'invalid_config',
      `--days must be a whole number from 1 to ${MAX_VAULT_TOKEN_DAYS} (got ${JSON.stringify(text)})`,
      '--days không hợp lệ',
    );
  return n;
};

/** Adds the vault, backup-key and restore commands to the program. */
export function addResilienceCommands(program: Command, deps: ResilienceCommandDeps): void {
  const vault = program
    .command('vault')
    .description('the backup vault: a separate process with its own data and tokens');

  vault
    .command('init')
    .description(
      'create a vault directory with its witness key, and issue its first append and restore tokens',
    )
    .requiredOption('--dir <dir>', "the vault's own data directory (on another host than the platform)")
    .option('--retention-days <n>', 'keep every object at least this long', '3650')
    .option(
      '--append-token-file <file>',
      'write the append token here (for the platform) instead of printing it',
    )
    .option(
      '--restore-token-file <file>',
      'write the restore token here (keep it offline) instead of printing it',
    )
    .option('--days <n>', 'how long the tokens last', '365')
    .action(
      (opts: {
        dir: string;
        retentionDays: string;
        appendTokenFile?: string;
        restoreTokenFile?: string;
        days: string;
      }) => {
        const retention = days(opts.retentionDays);
        const d = days(opts.days);
        initVaultDir(opts.dir, systemClock, retention);
        const v = openVault({ dir: opts.dir, clock: systemClock });
        for (const kind of ['append', 'restore'] as const) {
          const { token, record } = v.tokens.issue(kind, d, systemClock.now());
          const file = kind === 'append' ? opts.appendTokenFile : opts.restoreTokenFile;
          if (file !== undefined) {
            writeSecret(file, `${token}\n`);
            process.stdout.write(
              `${kind} token ${record.id} (until ${record.expires_at}) written to ${file}\n`,
            );
          } else process.stdout.write(`${kind} token ${record.id} (until ${record.expires_at}): ${token}\n`);
        }
        process.stdout.write(`vault ready in ${resolve(opts.dir)}; witness key ${v.witness.keyId}\n`);
      },
    );

  vault
    .command('token')
    .description('issue another vault token (shown once; the vault keeps only its hash)')
    .requiredOption('--dir <dir>', "the vault's data directory")
    .requiredOption('--kind <kind>', 'append (the platform) or restore (the security team, offline)')
    .option('--days <n>', 'how long it lasts', '365')
    .option('--out <file>', 'write it to this file (mode 0600) instead of printing it')
    .action((opts: { dir: string; kind: string; days: string; out?: string }) => {
      if (opts.kind !== 'append' && opts.kind !== 'restore')
        throw new ConfigError(
          'invalid_config',
          `--kind must be append or restore (got ${JSON.stringify(opts.kind)})`,
          '--kind không hợp lệ',
        );
      if (!existsSync(resolve(opts.dir, 'vault.json')))
        throw new ConfigError(
          'invalid_config',
          `${opts.dir} is not a vault: run postcore vault init --dir ${opts.dir} first`,
          'Chưa khởi tạo kho sao lưu',
        );
      const v = openVault({ dir: opts.dir, clock: systemClock });
      const { token, record } = v.tokens.issue(opts.kind, days(opts.days), systemClock.now());
      if (opts.out !== undefined) {
        writeSecret(opts.out, `${token}\n`);
        process.stdout.write(
          `${record.kind} token ${record.id} (until ${record.expires_at}) written to ${opts.out}\n`,
        );
      } else
        process.stdout.write(`${record.kind} token ${record.id} (until ${record.expires_at}): ${token}\n`);
    });

  vault
    .command('serve')
    .description('serve the vault (write-once objects, its log, the witness) on its own port')
    .requiredOption('--dir <dir>', "the vault's data directory")
    .option('-p, --port <port>', 'port', '8090')
    .option('--host <host>', 'interface', '127.0.0.1')
    .action(async (opts: { dir: string; port: string; host: string }) => {
      if (!existsSync(resolve(opts.dir, 'vault.json')))
        throw new ConfigError(
          'invalid_config',
          `${opts.dir} is not a vault: run postcore vault init --dir ${opts.dir} first`,
          'Chưa khởi tạo kho sao lưu',
        );
      const port = /^\d{1,5}$/.test(opts.port) ? Number(opts.port) : NaN;
      if (!(port >= 1 && port <= 65535))
        throw new ConfigError(
          'invalid_config',
          `--port must be a port number from 1 to 65535 (got ${JSON.stringify(opts.port)})`,
          '--port không hợp lệ',
        );
      const logger = pino({
        level: process.env['POSTCORE_LOG_LEVEL'] ?? 'info',
        base: { service: 'postcore-vault' },
      });
      const v = openVault({ dir: opts.dir, clock: systemClock });
      const app = await buildVaultServer(v, logger, deps.version);
      const stop = async (signal: string) => {
        logger.info({ signal }, 'vault shutting down');
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', (s) => void stop(s));
      process.once('SIGTERM', (s) => void stop(s));
      await app.listen({ port, host: opts.host });
      logger.info(
        { dir: resolve(opts.dir), port, witness: v.witness.keyId, store: v.store.describe },
        'vault is serving',
      );
    });

  program
    .command('keys')
    .description('keys the post keeps apart from its servers')
    .command('backup')
    .description(
      'create the backup key pair: the private key goes offline with the security team, the .pub to the platform',
    )
    .requiredOption(
      '--out <file>',
      'where to write the PRIVATE key (never inside the data dir); the public key goes to FILE.pub',
    )
    .option(
      '--request <id>',
      'the approved keys request (kind keys, key backup): needed when a backup key is in use already',
    )
    .action(async (opts: { out: string; request?: string }) => {
      const file = resolve(opts.out);
      const dataDir = loadConfig().dataDir;
      const rel = relative(dataDir, file);
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)))
        throw new ConfigError(
          'invalid_config',
          `${file} is inside the data directory ${dataDir}: the backup private key must never be on the platform's disk; write it to removable media or the security team's machine`,
          'Khóa bí mật sao lưu không được đặt trong thư mục dữ liệu',
        );
      // Replacing the key backups are sealed to is a change of keys: two people, as a restore is.
      const inUse = process.env['POSTCORE_BACKUP_PUBLIC_KEY_FILE'];
      if (opts.request === undefined && inUse !== undefined && inUse !== '' && existsSync(inUse))
        throw new ConfigError(
          'invalid_config',
          `A backup key is in use (${inUse}): replacing it needs a keys request ({"kind":"keys","key":"backup"}) one security officer made and another approved; give its id with --request`,
          'Đang có khóa sao lưu: thay khóa cần yêu cầu đã được người thứ hai phê duyệt (--request)',
        );
      const change = opts.request === undefined ? undefined : await deps.keyChange(opts.request, 'backup');
      try {
        const { privatePem, publicPem } = newBackupKeyPair();
        writeSecret(`${file}.pub`, publicPem);
        writeSecret(file, privatePem);
        const fingerprint = createHash('sha256').update(publicPem).digest('hex');
        await change?.done(fingerprint);
        process.stdout.write(
          `backup private key: ${file} (keep it offline)\nbackup public key:  ${file}.pub (give it to the platform as POSTCORE_BACKUP_PUBLIC_KEY_FILE)\nfingerprint ${fingerprint}` +
            `${opts.request === undefined ? '' : `; request ${opts.request} is done`}\n`,
        );
      } finally {
        await change?.close();
      }
    });

  program
    .command('restore')
    .description('rebuild cells from the vault into a new place, verify them, and write a restore report')
    .requiredOption('--vault <url>', 'the vault, e.g. http://vault.internal:8090')
    .option('--token <token>', 'the restore token (pcvr_…)')
    .option('--token-file <file>', 'a file holding the restore token')
    .requiredOption('--key <file>', 'the backup PRIVATE key')
    .requiredOption(
      '--into <dir>',
      'a new, empty data directory (with POSTCORE_DATABASE_URL: the files; the cells go to new schemas)',
    )
    .option('--cell <name>', 'restore one cell only (default: every cell)')
    .option(
      '--to <target>',
      'a seq (with --cell) or a time (ISO 8601); default: the latest event the vault holds',
    )
    .option('--report <file>', 'also write the JSON report here')
    .option(
      '--request <id>',
      'the approved restore request this carries out: its phases go to <into>.progress.json for the security console',
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (opts: {
        vault: string;
        token?: string;
        tokenFile?: string;
        key: string;
        into: string;
        cell?: string;
        to?: string;
        report?: string;
        request?: string;
        json?: boolean;
      }) => {
        const token =
          opts.token ??
          (opts.tokenFile === undefined ? undefined : readFileSync(opts.tokenFile, 'utf8').trim());
        if (token === undefined)
          throw new ConfigError(
            'invalid_config',
            'Give the restore token with --token or --token-file',
            'Thiếu mã khôi phục',
          );
        const cells = deps.parseCells(opts.cell);
        const target: RestoreTarget =
          opts.to === undefined
            ? { latest: true }
            : /^\d{1,15}$/.test(opts.to)
              ? { seq: BigInt(opts.to) }
              : { at: opts.to };
        let keyText: string;
        try {
          keyText = readFileSync(opts.key, 'utf8');
        } catch (err) {
          throw new ConfigError(
            'invalid_config',
            `--key ${opts.key} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
            'Không đọc được khóa',
          );
        }
        const key = readBackupPrivateKey(keyText, opts.key);
        const env = process.env;
        const url = env['POSTCORE_DATABASE_URL'];
        const into: RestorePlace =
          url === undefined || url === ''
            ? { dialect: 'sqlite', dataDir: resolve(opts.into) }
            : {
                dialect: 'postgres',
                dataDir: resolve(opts.into),
                url,
                schemaPrefix: env['POSTCORE_SCHEMA_PREFIX'] ?? '',
              };
        const run = (d: RestoreDeps) =>
          opts.request === undefined ? restoreFromVault(d) : restoreWithProgress(d, opts.request);
        const report = await run({
          vault: createVaultClient({ url: opts.vault, token }),
          key,
          cells,
          definitions: (dir) => deps.definitions(dir),
          into,
          target,
          clock: systemClock,
          progress: (line) => {
            if (opts.json !== true) process.stderr.write(`${line}\n`);
          },
        });
        if (opts.report !== undefined) writeFileSync(opts.report, `${JSON.stringify(report, null, 2)}\n`);
        process.stdout.write(
          opts.json === true ? `${JSON.stringify(report, null, 2)}\n` : restoreReportText(report),
        );
      },
    );
}
