// `postcore drill ransomware`: the whole incident rehearsed with real processes. Registered by src/main.ts.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { drillReportText, reportPath, runRansomwareDrill, type DrillScale } from './ransomware.ts';
import { DRILL_SMOKE } from './seed.ts';

/** Adds `drill` and its `ransomware`. */
export function addDrillCommands(program: Command): void {
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
    .addOption(
      new Option(
        '--size <size>',
        'smoke: the scale cut down for tests, 30,000 lines, 30 parcels, 15 s of traffic before the attack and 10 s after',
      )
        .choices(['full', 'smoke'])
        .default('full'),
    )
    .option('--report <file>', 'also write the JSON report here')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { scale: DrillScale; size: 'full' | 'smoke'; report?: string; json?: boolean }) => {
      const file = opts.report === undefined ? undefined : reportPath(opts.report);
      // Interrupted (Ctrl-C, or the console's server shutting down): the drill's vault and platform go too.
      const stop = new AbortController();
      for (const signal of ['SIGINT', 'SIGTERM'] as const)
        process.once(signal, () => {
          stop.abort();
          process.exit(130);
        });
      const report = await runRansomwareDrill({
        scale: opts.scale,
        env: process.env,
        stop: stop.signal,
        ...(opts.size === 'smoke' ? DRILL_SMOKE : {}),
        progress: (line) => process.stderr.write(`${line}\n`),
      });
      if (file !== undefined) writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(
        opts.json === true ? `${JSON.stringify(report, null, 2)}\n` : drillReportText(report),
      );
      if (!report.ok) process.exit(1);
    });
}
