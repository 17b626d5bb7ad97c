// `postcore agency statement|remit`: administrative agencies' fees and charges taken at dossier intake, and
// paying them on. Registered by src/main.ts.
import type { Command } from 'commander';
import { CLI_ACTOR, READS, requestKeyOption, withPlatform } from '../../../cli.ts';
import { requestKey } from '../../../journal/index.ts';
import { newId } from '../../../platform/ids.ts';
import { formatVnd } from '../../../platform/money.ts';

/** Adds `agency` and its commands. */
export function addAgencyCommands(program: Command): void {
  const agencyCommand = program
    .command('agency')
    .description("administrative agencies' fees and charges taken at dossier intake");

  agencyCommand
    .command('statement')
    .description("an agency's fees over a period: collected, remitted, still owed")
    .requiredOption('--agency <code>', "the agency's code in the services catalogue")
    .requiredOption('--from <day>', 'YYYY-MM-DD')
    .requiredOption('--to <day>', 'YYYY-MM-DD')
    .option('--office <id>', 'only what this office took')
    .action(async (opts: { agency: string; from: string; to: string; office?: string }) => {
      await withPlatform(async (p) => {
        const s = await p.finance.agencies.statement(opts.agency, opts.from, opts.to, opts.office);
        for (const c of s.collections)
          process.stdout.write(
            `${c.dossier_id}\t${c.office_id}\t${c.collected_at}\t${c.amount}\t${c.remittance_id ?? 'owed'}\n`,
          );
        process.stdout.write(
          `${s.agency}${s.agency_name === null ? '' : ` (${s.agency_name})`}: collected ${formatVnd(s.collected)}, remitted ${formatVnd(s.remitted)}, outstanding ${formatVnd(s.outstanding)}\n`,
        );
      }, READS);
    });

  agencyCommand
    .command('remit')
    .description('pay an agency the fees taken for it up to a day, from every office (or one)')
    .requiredOption('--agency <code>', "the agency's code in the services catalogue")
    .requiredOption('--through <day>', 'YYYY-MM-DD (Vietnam time)')
    .option('--office <id>', 'only what this office took and owes')
    .option(
      '--key <key>',
      'an idempotency key: run the command again with the same key after an interruption and it pays once (default: a new key, printed)',
      requestKeyOption,
    )
    .action(async (opts: { agency: string; through: string; office?: string; key?: string }) => {
      await withPlatform(async (p) => {
        const key = opts.key ?? newId('key');
        const input = {
          agency: opts.agency,
          through: opts.through,
          ...(opts.office === undefined ? {} : { office: opts.office }),
        };
        const r = await p.finance.agencies.remit(
          input,
          CLI_ACTOR,
          requestKey(`${CLI_ACTOR} agency remit`, key, input),
        );
        process.stdout.write(
          `${r.id}: ${r.dossier_count} dossiers, ${formatVnd(r.total)} to ${r.agency_code} (key ${key})\n`,
        );
      });
    });
}
