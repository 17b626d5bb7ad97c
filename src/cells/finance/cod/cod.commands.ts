// `postcore cod statement|remit`: cash on delivery owed to a payee, and paying it. Registered by src/main.ts.
import type { Command } from 'commander';
import { accountOf, CLI_ACTOR, READS, requestKeyOption, withPlatform } from '../../../cli.ts';
import { requestKey } from '../../../journal/index.ts';
import { newId } from '../../../platform/ids.ts';
import { formatVnd } from '../../../platform/money.ts';

/** Adds `cod` and its commands. */
export function addCodCommands(program: Command): void {
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
        const r = await p.finance.cod.remit(
          input,
          CLI_ACTOR,
          requestKey(`${CLI_ACTOR} cod remit`, key, input),
        );
        process.stdout.write(
          `${r.id}: ${r.item_count} items, COD ${formatVnd(r.cod_total)}, fees ${formatVnd(r.fees)}, net ${formatVnd(r.net)} (key ${key})\n`,
        );
      });
    });
}
