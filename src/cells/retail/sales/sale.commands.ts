// `postcore retail sale|sales`: a receipt with its returns, an office's sales of a day. Registered by
// src/cells/retail/retail.commands.ts.
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { officeOf, READS, withPlatform } from '../../../cli.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { formatVnd, vndInWords } from '../../../platform/money.ts';
import type { Sale } from './sale.model.ts';
import { salePdf } from './sale.pdf.ts';

const head = (s: Sale) =>
  `${s.id}  ${s.at}  ${s.payment.padEnd(6)}  ${formatVnd(s.total).padStart(14)}  VAT ${formatVnd(s.vat)}  ${s.clerk_id}  ${s.returns.length === 0 ? '' : `${s.returns.length} return(s)`}\n`;

/** Adds the sales commands to `retail`. */
export function addSaleCommands(retail: Command): void {
  retail
    .command('sale <receipt>')
    .description('a sale by its receipt number: lines, VAT per rate, payment, cost and every return')
    .option('--pdf <file>', 'also write the receipt to print, with its proof')
    .action(async (receipt: string, opts: { pdf?: string }) => {
      await withPlatform(async (p) => {
        const s = await p.retail.sales.get(receipt);
        process.stdout.write(head(s));
        for (const l of s.lines)
          process.stdout.write(
            `  ${String(l.line).padStart(3)}  ${l.product.padEnd(12)} ${String(l.quantity).padStart(5)} × ${formatVnd(l.unit_price)} ${l.price_kind === 'promotion' ? '(KM) ' : ''}= ${formatVnd(l.amount)}  VAT ${l.vat_rate}% ${formatVnd(l.vat)}  cost ${formatVnd(l.cost)}  returned ${l.returned}\n`,
          );
        for (const g of s.vat_groups)
          process.stdout.write(`  VAT ${g.rate}%: ${formatVnd(g.vat)} of ${formatVnd(g.amount)}\n`);
        process.stdout.write(`  ${vndInWords(s.total)}\n`);
        if (s.payment === 'cash')
          process.stdout.write(
            `  tendered ${formatVnd(s.tendered ?? 0n)}, change ${formatVnd(s.change ?? 0n)}\n`,
          );
        for (const r of s.returns)
          process.stdout.write(
            `  return ${r.id}  ${r.at}  ${formatVnd(r.total)}  ${r.clerk_id}  ${r.reason}\n`,
          );
        if (opts.pdf !== undefined) {
          const office = await p.core.offices.get(s.office_id);
          const clerk = await p.core.staff.get(s.clerk_id);
          const proof = await p
            .checkpointsOf('retail')
            .prove(s.seq)
            .catch(() => null);
          writeFileSync(opts.pdf, await salePdf(s, { office: office.name, clerk: clerk.full_name }, proof));
        }
      }, READS);
    });

  retail
    .command('sales <office>')
    .description(
      'an office’s sales of a Vietnam day (today unless --day), newest first, with the day’s totals',
    )
    .option('--day <day>', 'YYYY-MM-DD', (v) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new InvalidArgumentError('YYYY-MM-DD');
      return v;
    })
    .action(async (ref: string, opts: { day?: string }) => {
      await withPlatform(async (p) => {
        const office = await officeOf(p, ref);
        const list = await p.retail.sales.list({
          office: office.id,
          day: opts.day ?? vietnamDay(p.clock.now()),
        });
        for (const s of list) process.stdout.write(head(s));
        const sum = (f: (s: Sale) => bigint) => formatVnd(list.reduce((t, s) => t + f(s), 0n));
        process.stdout.write(
          `${list.length} sale(s): ${sum((s) => s.total)} (VAT ${sum((s) => s.vat)}), returned ${sum((s) => s.returns.reduce((t, r) => t + r.total, 0n))}\n`,
        );
      }, READS);
    });
}
