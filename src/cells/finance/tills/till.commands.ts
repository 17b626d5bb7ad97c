// `postcore finance tills`: an office's till sessions. Registered under `finance` by src/main.ts.
import type { Command } from 'commander';
import { formatMoney, officeOf, READS, withPlatform } from '../../../cli.ts';

/** Adds `tills` to the `finance` command. */
export function addTillCommands(financeCommand: Command): void {
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
}
