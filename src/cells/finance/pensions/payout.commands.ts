// `postcore pensions fund|bank-run|stop|close|reconcile|receipt`: the money of a period, from the agency's
// funding to the reconciliation and a payout's receipt. Added under `pensions` by pension.commands.ts.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { CLI_ACTOR, formatMoney, READS, withPlatform } from '../../../cli.ts';
import { ConfigError } from '../../../config.ts';
import { formatVnd } from '../../../platform/money.ts';
import { receiptPdf, reconciliationCsv, reconciliationPdf, reconciliationXlsx } from '../index.ts';

/** Adds the payouts' commands to the `pensions` command. */
export function addPayoutCommands(pensionsCommand: Command): void {
  pensionsCommand
    .command('fund')
    .description(
      "record the agency's money for an accepted list: to the province, then to each paying office",
    )
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
    .description(
      "record the agency's stop-payment for a person: unpaid lines suspended, paid ones to recovery",
    )
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
}
