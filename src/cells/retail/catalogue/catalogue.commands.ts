// `postcore retail catalogue import`, `postcore retail products`, `postcore retail price set`: head office's
// hand on the catalogue, national goods included (no province scope at the command line).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { CLI_ACTOR, READS, withPlatform } from '../../../cli.ts';
import { ConfigError } from '../../../config.ts';
import { formatVnd } from '../../../platform/money.ts';
import { PRICE_KINDS } from './catalogue.model.ts';

const bad = (en: string, vi: string) => new ConfigError('invalid_config', en, vi);

/** Adds the catalogue's commands under `retail`. */
export function addCatalogueCommands(retail: Command): void {
  retail
    .command('catalogue')
    .description('the goods catalogue’s files')
    .command('import <file>')
    .description(
      'import a suppliers, products or prices file (CSV or XLSX, layouts in docs/cells/retail.md): all rows or none',
    )
    .action(async (file: string) => {
      await withPlatform(async (p) => {
        const r = await p.retail.catalogue.importFile(
          { name: basename(file), bytes: readFileSync(file) },
          CLI_ACTOR,
        );
        const c = r[r.file.layout];
        process.stdout.write(
          `${r.file.name} (${r.file.layout}, ${r.file.rows} rows, sha256 ${r.file.sha256.slice(0, 16)}…): ` +
            `${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged` +
            `${r.seq === null ? '; nothing new to journal' : `; journal event ${r.seq}`}\n`,
        );
      });
    });

  retail
    .command('products')
    .description('find products by name (with or without accents), barcode or code')
    .option('--search <q>', 'words of the name, or a barcode or code')
    .option('--province <code>', 'only the products this province maintains (2 digits)')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (opts: { search?: string; province?: string; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw bad('--limit must be a whole number from 1 to 500', '--limit không hợp lệ');
      await withPlatform(async (p) => {
        const page = await p.retail.catalogue.search({
          ...(opts.search === undefined ? {} : { q: opts.search }),
          ...(opts.province === undefined ? {} : { province: opts.province }),
          limit,
          offset: 0,
        });
        for (const x of page.items)
          process.stdout.write(
            `${x.code.padEnd(16)} ${x.barcode}  ${x.name_vi}  (${x.unit}, VAT ${x.vat_rate}%, ${x.category}` +
              `${x.province_code === null ? '' : `, tỉnh ${x.province_code}`}${x.active ? '' : ', ngừng bán'})\n`,
          );
        process.stdout.write(`${page.items.length} of ${page.total}\n`);
      }, READS);
    });

  retail
    .command('price')
    .description('prices of goods')
    .command('set <product> <province> <price>')
    .description(
      'set a list price (or with --promotion a fixed price for a period) of a product in a province',
    )
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD')
    .option('--to <day>', 'last day, YYYY-MM-DD (required for a promotion)')
    .option('--promotion', 'a promotion rather than a list price')
    .action(
      async (
        product: string,
        province: string,
        price: string,
        opts: { from: string; to?: string; promotion?: boolean },
      ) => {
        if (!/^\d{2}$/.test(province))
          throw bad('<province> must be 2 digits, e.g. 01', 'Mã tỉnh phải có 2 chữ số');
        if (!/^[1-9]\d{0,11}$/.test(price))
          throw bad('<price> must be a positive whole number of đồng', 'Giá phải là số đồng nguyên dương');
        const kind = opts.promotion === true ? PRICE_KINDS[1] : PRICE_KINDS[0];
        await withPlatform(async (p) => {
          const card = await p.retail.catalogue.setPrice(
            {
              product_code: product.toUpperCase(),
              province_code: province,
              kind,
              valid_from: opts.from,
              valid_to: opts.to ?? null,
              price,
            },
            CLI_ACTOR,
          );
          for (const x of card.prices.filter((r) => r.province_code === province))
            process.stdout.write(
              `${x.kind.padEnd(9)} ${x.valid_from} → ${x.valid_to ?? '…'}  ${formatVnd(BigInt(x.price))}\n`,
            );
        });
      },
    );
}
