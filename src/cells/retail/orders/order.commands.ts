// `postcore retail order|orders`: an order with its lines and its parcel, and an office's orders (from its stock,
// or placed at its counter) by state. Registered by src/cells/retail/retail.commands.ts.
import { InvalidArgumentError, type Command } from 'commander';
import { officeOf, READS, withPlatform } from '../../../cli.ts';
import { formatVnd } from '../../../platform/money.ts';
import { ORDER_STATES, type Order, type OrderState } from './order.model.ts';

const line = (o: Order) =>
  `${o.id}  ${o.state.padEnd(11)}  ${o.payment.padEnd(7)}  ${formatVnd(o.amount_due).padStart(14)}  ${o.item_id ?? '-'.padEnd(13)}  ${o.customer.name}\n`;

/** Adds the order commands to `retail`. */
export function addOrderCommands(retail: Command): void {
  retail
    .command('order <id>')
    .description('an order: its customer, goods, prices, shipping fee and the parcel that carries it')
    .action(async (id: string) => {
      await withPlatform(async (p) => {
        const o = await p.retail.orders.get(id);
        process.stdout.write(line(o));
        process.stdout.write(
          `  from ${o.office_id}  placed at ${o.ordered_at_office ?? '-'} by ${o.ordered_by}  ${o.created_at}\n`,
        );
        process.stdout.write(
          `  to ${o.customer.name}, ${o.customer.phone}, ${o.customer.address} (${o.customer.commune})\n`,
        );
        for (const l of o.lines)
          process.stdout.write(
            `  ${String(l.line_no).padStart(2)}. ${l.product.padEnd(12)} ${String(l.quantity).padStart(5)} × ${formatVnd(l.unit_price)} = ${formatVnd(l.amount)}  ${l.name_vi}\n`,
          );
        process.stdout.write(
          `  goods ${formatVnd(o.total)} (VAT ${formatVnd(o.vat)})  shipping ${formatVnd(o.shipping_fee)}  cost ${formatVnd(o.cost)}\n`,
        );
      }, READS);
    });

  retail
    .command('orders')
    .description('an office’s orders: from its stock (to pick and send), or placed at its counter')
    .requiredOption('--office <postcode>', 'the office')
    .option('--placed', 'the orders placed at its counter, not those from its stock')
    .option('--state <state>', `one of ${ORDER_STATES.join(', ')}`, (v: string): OrderState => {
      if (!(ORDER_STATES as readonly string[]).includes(v))
        throw new InvalidArgumentError(`--state must be one of ${ORDER_STATES.join(', ')}`);
      return v as OrderState;
    })
    .action(async (opts: { office: string; placed?: boolean; state?: OrderState }) => {
      await withPlatform(async (p) => {
        const office = (await officeOf(p, opts.office)).id;
        const r = await p.retail.orders.list({
          office,
          role: opts.placed === true ? 'ordered' : 'stock',
          ...(opts.state === undefined ? {} : { state: opts.state }),
          limit: 500,
          offset: 0,
        });
        for (const o of r.items) process.stdout.write(line(o));
        process.stderr.write(`${r.items.length} of ${r.total}\n`);
      }, READS);
    });
}
