// The platform's own commands: `serve` (the API, the background work, shipping and detection), `migrate`
// and `demo`. Registered on the program by src/main.ts.
import { Option, type Command } from 'commander';
import { pino } from 'pino';
import {
  buildApp,
  CELL_NAMES,
  captureEvidenceOnIncident,
  createPlatformDetector,
  createPlatformShipper,
  GUARDED_CELLS,
  loggedNotices,
  openPlatform,
  parseCells,
} from './app.ts';
import { DEMO_PASSWORD } from './cells/core/index.ts';
import { fail } from './cli.ts';
import { ConfigError, loadConfig } from './config.ts';
import { detectOnce } from './resilience/detection/index.ts';
import { createStorage } from './storage/index.ts';

/** Adds `serve` and `migrate`. */
export function addServeCommands(program: Command): void {
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
      const platform = await openPlatform(config, {
        demo: config.demo,
        drain: !confirmed,
        // No SMS gateway is wired: the outbox's messages to citizens go to the log.
        notices: loggedNotices((line) => logger.info(line)),
      });
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
        ...(config.vietqr === undefined ? {} : { vietqr: config.vietqr }),
        ...(config.drillWorkspace === undefined ? {} : { drills: { ownWorkspace: config.drillWorkspace } }),
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
}

/** Adds `demo` (loading the demo network and staff); returns it, for the cells' demo commands. */
export function addDemoCommand(program: Command): Command {
  return program
    .command('demo')
    .description(
      'load the demo network and staff if they are not there; --reset --yes deletes every cell first',
    )
    .option(
      '--reset',
      'delete every cell database and load the demo afresh (refused when POSTCORE_DEMO=false)',
    )
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
}
