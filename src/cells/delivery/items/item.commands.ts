// `postcore delivery track|item|announce`: an item as the public and staff see it, its label, and a
// shipper's CSV announced. Registered by src/main.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { placeNames } from '../../../app.ts';
import { accountOf, CLI_ACTOR, READS, requestKeyOption, withPlatform } from '../../../cli.ts';
import { requestKey } from '../../../journal/index.ts';
import { sha256Hex } from '../../../platform/hash.ts';
import { formatVnd } from '../../../platform/money.ts';
import { labelPdf, readShipmentCsv } from '../index.ts';

/** Adds `delivery` and its commands. */
export function addDeliveryCommands(program: Command): void {
  const deliveryCommand = program
    .command('delivery')
    .description('parcels and letters: tracking, shipments, labels');

  deliveryCommand
    .command('track <id>')
    .description('what anyone sees when tracking an item: its events, the recipient masked')
    .action(async (id: string) => {
      await withPlatform(async (p) => {
        const t = await p.delivery.items.track(id);
        process.stdout.write(
          `${t.id}  ${t.service}  ${t.status}  → tỉnh ${t.destination_province}, ${t.recipient} ${t.recipient_phone}\n`,
        );
        for (const e of t.events)
          process.stdout.write(
            `  ${e.at}  ${e.code}  ${e.description_vi}  ${e.office}${e.reason === null ? '' : ` (${e.reason})`}\n`,
          );
      }, READS);
    });

  deliveryCommand
    .command('item <id>')
    .description('an item as staff see it; --label writes its A6 label (PDF)')
    .option('--label <file>', 'write the label here')
    .action(async (id: string, opts: { label?: string }) => {
      await withPlatform(async (p) => {
        const i = await p.delivery.items.get(id);
        process.stdout.write(
          `${i.id}  ${i.service}  ${i.status}  ${i.sender.name} → ${i.recipient.name}  fee ${formatVnd(i.fee)}  COD ${formatVnd(i.cod_amount)}\n`,
        );
        for (const e of await p.delivery.items.events(id))
          process.stdout.write(`  ${e.n}. ${e.at}  ${e.code}  ${e.description_vi}  ${e.office_id}\n`);
        if (opts.label !== undefined) {
          const place = placeNames(p.core);
          const label = async (o: string) => {
            const x = await p.core.offices.get(o);
            return { name: x.name, postcode: x.postcode };
          };
          const places = new Map([
            [i.sender.commune, await place(i.sender.commune)],
            [i.recipient.commune, await place(i.recipient.commune)],
          ]);
          writeFileSync(
            opts.label,
            await labelPdf(i, {
              origin: await label(i.origin_office_id),
              delivery: await label(i.delivery_office_id),
              place: (c) => places.get(c) ?? c,
            }),
          );
        }
      }, READS);
    });

  deliveryCommand
    .command('announce <file>')
    .description(`a shipper's items from a CSV (columns as the API's); prints each id, fee and one-time code`)
    .requiredOption('--shipper <username>', 'the shipper account the items are billed to')
    .option(
      '--key <key>',
      'an idempotency key for the file (default: one made from its content, so the same file announced again makes nothing new)',
      requestKeyOption,
    )
    .action(async (file: string, opts: { shipper: string; key?: string }) => {
      await withPlatform(async (p) => {
        const shipper = await accountOf(p, opts.shipper);
        const text = readFileSync(file, 'utf8');
        const inputs = readShipmentCsv(text);
        const key = opts.key ?? `file-${sha256Hex(text).slice(0, 32)}`;
        const r = await p.delivery.items.announce(
          inputs,
          { id: shipper.id, office_id: shipper.office_id },
          CLI_ACTOR,
          { firstRow: 2, request: requestKey(`${CLI_ACTOR} delivery announce ${shipper.id}`, key, inputs) },
        );
        for (const i of r.items)
          process.stdout.write(`${i.id}\t${i.shipper_key ?? ''}\t${i.fee}\t${i.delivery_code ?? ''}\n`);
        process.stderr.write(`${r.created} new, ${r.items.length - r.created} already announced\n`);
      });
    });
}
