// `postcore retail stock|moves|order|receive|close-order|send|receive-transfer|write-off|count|approve|reject`:
// an office's stock and its moves, and the stock module's commands, recorded as the command line's user.
import { InvalidArgumentError, type Command } from 'commander';
import { CLI_ACTOR, formatMoney, officeOf, READS, requestKeyOption, withPlatform } from '../../../cli.ts';
import { requestKey } from '../../../journal/index.ts';
import { formatVnd } from '../../../platform/money.ts';
import { WRITE_OFF_REASONS } from './goods.events.ts';
import type { Stocktake } from './goods.model.ts';

const out = (s: string) => process.stdout.write(`${s}\n`);
const collect = (v: string, prev: string[] = []) => [...prev, v];
const whole = (v: string, what: string) => {
  if (!/^\d{1,12}$/.test(v)) throw new InvalidArgumentError(`${what} must be a whole number`);
  return BigInt(v);
};
/** PRODUCT:QUANTITY[:UNIT_COST] lines. */
const linesOf = (lines: readonly string[] = []) =>
  lines.map((l) => {
    const [product = '', quantity = '', cost] = l.split(':');
    return {
      product,
      quantity: whole(quantity, `--line ${l}: the quantity`),
      unit_cost: cost === undefined ? 0n : whole(cost, `--line ${l}: the unit cost`),
    };
  });
const keyOf = (key: string | undefined, what: string, input: unknown) =>
  key === undefined
    ? undefined
    : requestKey(
        `${CLI_ACTOR} retail ${what}`,
        key,
        JSON.parse(
          JSON.stringify(input, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
        ) as unknown,
      );
const stocktakeLines = (s: Stocktake) => {
  out(`${s.id}  ${s.state}  ${s.office_id}  ${s.reason}  counted by ${s.counted_by}`);
  for (const l of s.lines)
    out(
      `  ${l.product.padEnd(14)} expected ${l.expected}  counted ${l.counted}  difference ${l.difference}  ${formatVnd(l.value)}`,
    );
};

/** Adds the stock commands to `retail`. */
export function addStockCommands(retail: Command): void {
  retail
    .command('stock')
    .description('an office’s goods per product: on the shelf, in transit, picked, and their value at cost')
    .requiredOption('--office <postcode>', 'the office (postcode or id)')
    .action(async (opts: { office: string }) => {
      await withPlatform(async (p) => {
        const office = await officeOf(p, opts.office);
        let total = 0n;
        for (const l of await p.retail.stock.officeStock(office.id)) {
          total += l.value;
          out(
            `${l.product.padEnd(14)} ${l.name_vi.slice(0, 36).padEnd(36)} shelf ${String(l.shelf.quantity).padStart(6)}  transit ${String(l.transit.quantity).padStart(5)}  picked ${String(l.picked.quantity).padStart(5)} ${formatMoney(l.value)}`,
          );
        }
        out(`value at cost ${formatVnd(total)}`);
      }, READS);
    });

  retail
    .command('moves')
    .description('goods moved in or out of an office, newest first')
    .requiredOption('--office <postcode>', 'the office (postcode or id)')
    .option('--product <code>', 'of this product only')
    .action(async (opts: { office: string; product?: string }) => {
      await withPlatform(async (p) => {
        const office = await officeOf(p, opts.office);
        const r = await p.retail.stock.moves({
          office: office.id,
          ...(opts.product === undefined ? {} : { product: opts.product }),
          limit: 100,
          offset: 0,
        });
        for (const m of r.items)
          for (const l of m.lines)
            out(
              `${m.at}  ${m.id.padEnd(24)} ${l.product.padEnd(14)} ${l.from_place}→${l.to_place}  ${l.quantity}  ${formatVnd(l.value)}`,
            );
      }, READS);
    });

  retail
    .command('purchase-order')
    .description('order goods for an office from a supplier')
    .requiredOption('--office <postcode>', 'the office')
    .requiredOption('--supplier <code>', 'the supplier’s code')
    .requiredOption(
      '--line <product:quantity:unit_cost>',
      'a line (unit cost before VAT, đồng); repeat',
      collect,
    )
    .option('--key <key>', 'an idempotency key', requestKeyOption)
    .action(async (opts: { office: string; supplier: string; line: string[]; key?: string }) => {
      await withPlatform(async (p) => {
        const office = (await officeOf(p, opts.office)).id;
        const input = { office, supplier: opts.supplier, lines: linesOf(opts.line) };
        const o = await p.retail.stock.order(
          input,
          { staff: CLI_ACTOR, office },
          keyOf(opts.key, 'order', input),
        );
        out(`${o.id}  ${o.state}`);
      });
    });

  retail
    .command('receive <order>')
    .description('receive goods against a purchase order (the supplier’s delivery note)')
    .requiredOption('--note <number>', 'the delivery note’s number')
    .requiredOption('--line <product:quantity>', 'what arrived; repeat', collect)
    .option('--key <key>', 'an idempotency key', requestKeyOption)
    .action(async (order: string, opts: { note: string; line: string[]; key?: string }) => {
      await withPlatform(async (p) => {
        const input = {
          delivery_note: opts.note,
          lines: linesOf(opts.line).map(({ product, quantity }) => ({ product, quantity })),
        };
        const o = await p.retail.stock.receive(
          order,
          input,
          { staff: CLI_ACTOR, office: null },
          keyOf(opts.key, `receive ${order}`, input),
        );
        out(`${o.id}  ${o.state}`);
        for (const l of o.lines) out(`  ${l.product.padEnd(14)} ${l.received}/${l.quantity}`);
      });
    });

  retail
    .command('close-purchase-order <order>')
    .description('close a purchase order short')
    .requiredOption('--reason <text>', 'why')
    .action(async (order: string, opts: { reason: string }) => {
      await withPlatform(async (p) => {
        out((await p.retail.stock.closeOrder(order, opts.reason, { staff: CLI_ACTOR, office: null })).state);
      });
    });

  retail
    .command('send')
    .description('send goods from one office to another')
    .requiredOption('--from <postcode>', 'the sending office')
    .requiredOption('--to <postcode>', 'the receiving office')
    .requiredOption('--line <product:quantity>', 'a line; repeat', collect)
    .option('--key <key>', 'an idempotency key', requestKeyOption)
    .action(async (opts: { from: string; to: string; line: string[]; key?: string }) => {
      await withPlatform(async (p) => {
        const from = (await officeOf(p, opts.from)).id;
        const input = {
          from_office: from,
          to_office: (await officeOf(p, opts.to)).id,
          lines: linesOf(opts.line).map(({ product, quantity }) => ({ product, quantity })),
        };
        const t = await p.retail.stock.send(
          input,
          { staff: CLI_ACTOR, office: from },
          keyOf(opts.key, 'send', input),
        );
        out(`${t.id}  ${t.state}`);
      });
    });

  retail
    .command('receive-transfer <transfer>')
    .description('receive a transfer at the office it was sent to, with the quantities counted')
    .requiredOption('--office <postcode>', 'the receiving office')
    .requiredOption('--line <product:received>', 'a line; repeat', collect)
    .action(async (id: string, opts: { office: string; line: string[] }) => {
      await withPlatform(async (p) => {
        const office = (await officeOf(p, opts.office)).id;
        const lines = linesOf(opts.line).map((l) => ({ product: l.product, received: l.quantity }));
        const t = await p.retail.stock.receiveTransfer(id, lines, { staff: CLI_ACTOR, office });
        for (const l of t.lines) out(`  ${l.product.padEnd(14)} ${l.received}/${l.sent}`);
      });
    });

  retail
    .command('write-off')
    .description(`write goods off an office’s shelf: ${WRITE_OFF_REASONS.join(', ')}`)
    .requiredOption('--office <postcode>', 'the office')
    .requiredOption('--reason <code>', WRITE_OFF_REASONS.join(', '))
    .requiredOption('--note <text>', 'what happened')
    .requiredOption('--line <product:quantity>', 'a line; repeat', collect)
    .action(async (opts: { office: string; reason: string; note: string; line: string[] }) => {
      await withPlatform(async (p) => {
        const office = (await officeOf(p, opts.office)).id;
        const w = await p.retail.stock.writeOff(
          {
            office,
            reason: opts.reason as 'other',
            note: opts.note,
            lines: linesOf(opts.line).map(({ product, quantity }) => ({ product, quantity })),
          },
          { staff: CLI_ACTOR, office },
        );
        out(
          `${w.id}  ${w.move.lines.map((l) => `${l.product} ${l.quantity} ${formatVnd(l.value)}`).join(', ')}`,
        );
      });
    });

  retail
    .command('count')
    .description('record a stocktake of an office’s shelf (it posts once another person approves it)')
    .requiredOption('--office <postcode>', 'the office')
    .requiredOption('--reason <text>', 'why it is counted')
    .requiredOption('--line <product:counted>', 'a line; repeat', collect)
    .action(async (opts: { office: string; reason: string; line: string[] }) => {
      await withPlatform(async (p) => {
        const office = (await officeOf(p, opts.office)).id;
        const lines = linesOf(opts.line).map((l) => ({ product: l.product, counted: l.quantity }));
        stocktakeLines(
          await p.retail.stock.count({ office, reason: opts.reason, lines }, { staff: CLI_ACTOR, office }),
        );
      });
    });

  retail
    .command('stocktake <id>')
    .description('a stocktake with its differences and their value')
    .action(async (id: string) => {
      await withPlatform(async (p) => stocktakeLines(await p.retail.stock.stocktake(id)), READS);
    });

  retail
    .command('approve <stocktake>')
    .description('approve a stocktake: its differences post against the shelf')
    .action(async (id: string) => {
      await withPlatform(async (p) =>
        stocktakeLines(await p.retail.stock.approve(id, { staff: CLI_ACTOR, office: null })),
      );
    });

  retail
    .command('reject <stocktake>')
    .description('reject a stocktake: nothing posts')
    .requiredOption('--note <text>', 'why')
    .action(async (id: string, opts: { note: string }) => {
      await withPlatform(async (p) =>
        stocktakeLines(await p.retail.stock.reject(id, opts.note, { staff: CLI_ACTOR, office: null })),
      );
    });
}
