// `postcore finance trial-balance` and `finance cash-position`. Registered under `finance` by src/main.ts.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { formatMoney, officeOf, READS, withPlatform } from '../../../cli.ts';
import { trialBalanceCsv, trialBalancePdf } from '../index.ts';

/** Adds `trial-balance` and `cash-position` to the `finance` command. */
export function addReportCommands(financeCommand: Command): void {
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
        process.stdout.write(
          `with postmen ${formatMoney(c.in_transit)}\ntotal      ${formatMoney(c.total)}\n`,
        );
      }, READS);
    });
}
