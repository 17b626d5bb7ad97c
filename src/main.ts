#!/usr/bin/env node
// The postcore command line: serve, migrate, verify.
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { buildApp, openPlatform, parseCells, VERSION } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { CellVerifyReport } from './journal/index.ts';
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
      `${r.cell}: ok — ${r.events} events, head seq ${r.headSeq}, tables ${r.digest?.slice(0, 16) ?? '-'}… (${r.ms} ms)\n`,
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
    const logger = pino({ level: config.logLevel, base: { service: 'postcore' } });
    const platform = await openPlatform(config, { demo: config.demo });
    const app = await buildApp(platform, logger);
    const stop = async (signal: string) => {
      logger.info({ signal }, 'shutting down');
      await app.close();
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
    logger.info({ storage: platform.storage.describe(), port: config.port }, 'postcore is serving');
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
  .description("check every cell's chain and that a replay of its journal gives the same tables")
  .option('--json', 'print the reports as JSON')
  .option('--cell <name>', 'verify one cell only')
  .action(async (opts: { json?: boolean; cell?: string }) => {
    if (opts.cell !== undefined) parseCells(opts.cell);
    const platform = await openPlatform(loadConfig(), { mode: 'inspect' });
    let reports: CellVerifyReport[];
    try {
      reports = await platform.verify(opts.cell);
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

program.parseAsync().catch(fail);
