// `postcore finance accounts` and `finance transfer`: an office's ledger accounts and a manual transfer.
// Registered under `finance` by src/main.ts.
import type { Command } from 'commander';
import { CLI_ACTOR, formatMoney, officeOf, READS, withPlatform } from '../../../cli.ts';
import { isCallerKey } from '../../../platform/ids.ts';
import { ACCOUNT_CODES, accountId, checkManualTransfers, FinanceError, type AccountKind } from '../index.ts';

/** Adds `accounts` and `transfer` to the `finance` command. */
export function addLedgerCommands(financeCommand: Command): void {
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
    .description(
      'post one transfer between an office’s accounts (an account id, or a kind such as vault_cash)',
    )
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
}
