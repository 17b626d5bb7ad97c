// `postcore pensions …`: periods opened, the agency's lists imported and searched; the payouts' commands
// come from payout.commands.ts; `postcore demo pensions` writes a synthetic list. Registered by src/main.ts.
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { CLI_ACTOR, formatMoney, list, READS, withPlatform } from '../../../cli.ts';
import { ConfigError } from '../../../config.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { formatVnd } from '../../../platform/money.ts';
import { parseNames } from '../../../platform/people.ts';
import { syntheticList } from '../index.ts';
import { addPayoutCommands } from './payout.commands.ts';

/** Adds `pensions` with its commands and the payouts'. */
export function addPensionCommands(program: Command): void {
  const pensionsCommand = program
    .command('pensions')
    .description('pension and benefit payment periods and lists');

  pensionsCommand
    .command('open-period')
    .description('open a payment period for a province')
    .requiredOption('--province <code>', '2-digit province code, e.g. 01')
    .requiredOption('--months <list>', 'YYYY-MM, or up to three consecutive months comma-separated')
    .action(async (opts: { province: string; months: string }) => {
      await withPlatform(async (p) => {
        const period = await p.finance.pensions.openPeriod(
          { province_code: opts.province, months: list(opts.months) },
          CLI_ACTOR,
        );
        process.stdout.write(`${period.id}\n`);
      });
    });

  pensionsCommand
    .command('import <file>')
    .description(
      'import the agency’s list (CSV); refused whole, every bad row named, unless all good and matching the envelope',
    )
    .requiredOption('--period <id>', 'the payment period')
    .requiredOption('--count <n>', 'the envelope: how many lines the agency says the list has')
    .requiredOption('--total <đồng>', 'the envelope: what the lines add up to')
    .action(async (file: string, opts: { period: string; count: string; total: string }) => {
      await withPlatform(async (p) => {
        const size = statSync(file).size;
        const declared = /^\d+$/.test(opts.count) ? Number(opts.count) : NaN;
        let read = 0;
        let shown = '';
        // One status line on a terminal: reading the file, then checking and building rows against the envelope.
        const show = (text: string) => {
          if (!process.stderr.isTTY || text === shown) return;
          shown = text;
          process.stderr.write(`\r${text.padEnd(60)}`);
        };
        const pct = (n: number, of: number) => (of > 0 ? Math.min(100, Math.floor((n * 100) / of)) : 0);
        const progress = async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            read += chunk.length;
            show(`reading ${basename(file)}: ${pct(read, size)}% of ${(size / 1e6).toFixed(1)} MB`);
            yield chunk;
          }
        };
        const onProgress = ({ phase, rows }: { phase: string; rows: number }) => {
          if (phase !== 'receiving') show(`${phase} rows: ${pct(rows, declared)}% (${rows} of ${declared})`);
        };
        const started = Date.now();
        try {
          const l = await p.finance.pensions.importList(
            {
              period_id: opts.period,
              file_name: basename(file),
              declared_count: declared,
              declared_total: opts.total,
              source: progress(createReadStream(file) as AsyncIterable<Buffer>),
              onProgress,
            },
            await p.core.offices.directory(),
            CLI_ACTOR,
          );
          if (process.stderr.isTTY) process.stderr.write('\n');
          process.stdout.write(
            `accepted ${l.line_count} lines, ${formatVnd(l.total)}, sha256 ${l.sha256} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
          );
        } catch (err) {
          if (process.stderr.isTTY) process.stderr.write('\n');
          // Every bad row, one per line, before the one-line summary.
          const problems = isDomainError(err)
            ? (err.details?.['problems'] as
                Array<{ row: number; field: string; message: string }> | undefined)
            : undefined;
          for (const x of problems ?? []) process.stderr.write(`row ${x.row} ${x.field}: ${x.message}\n`);
          throw err;
        }
      });
    });

  pensionsCommand
    .command('lines')
    .description('lines of a period at an office; find someone by CCCD or name')
    .requiredOption('--period <id>', 'the payment period')
    .requiredOption('--office <postcode>', 'the office')
    .option('--cccd <12 digits>', 'one person')
    .option('--name <text>', 'part of the name, accents optional')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (opts: { period: string; office: string; cccd?: string; name?: string; limit: string }) => {
      await withPlatform(async (p) => {
        const r = await p.finance.pensions.lines({
          period_id: opts.period,
          postcode: opts.office,
          ...(opts.cccd === undefined ? {} : { cccd: opts.cccd }),
          ...(opts.name === undefined ? {} : { name: opts.name }),
          limit: Math.min(Math.max(Number(opts.limit) || 50, 1), 10_000),
          offset: 0,
        });
        for (const l of r.items)
          process.stdout.write(
            `${l.cccd} ${l.benefit.padEnd(4)} ${formatMoney(l.amount)} ${l.channel.padEnd(8)} ${l.status.padEnd(7)} ${l.full_name}\n`,
          );
        process.stdout.write(`${r.items.length} of ${r.total}\n`);
      }, READS);
    });

  addPayoutCommands(pensionsCommand);
}

/** Adds `pensions` to the `demo` command: a realistic synthetic list. */
export function addDemoPensionsCommand(demoCommand: Command): void {
  demoCommand
    .command('pensions')
    .description(
      'write a realistic synthetic pension list (CSV) for a province, for demos, tests and benchmarks',
    )
    .requiredOption('--count <n>', 'lines')
    .option('--province <code>', '2-digit province code', '01')
    .option('--month <YYYY-MM>', 'the period’s first month', '2026-12')
    .option('--seed <n>', 'the same seed gives the same list', '1')
    .requiredOption('--out <file>', 'where to write the CSV')
    .action(async (opts: { count: string; province: string; month: string; seed: string; out: string }) => {
      const count = /^\d+$/.test(opts.count) ? Number(opts.count) : NaN;
      if (!(count >= 1 && count <= 10_000_000))
        throw new ConfigError(
          'invalid_config',
          '--count must be a whole number from 1 to 10,000,000',
          '--count không hợp lệ',
        );
      await withPlatform(async (p) => {
        const { communes, offices } = await p.core.offices.directory();
        const inProvince = [...communes].filter(([, prov]) => prov === opts.province).map(([c]) => c);
        const postcodes = [...offices]
          .filter(
            ([, o]) => o.province_code === opts.province && o.type === 'post_office' && o.status === 'open',
          )
          .map(([pc]) => pc);
        if (inProvince.length === 0 || postcodes.length === 0)
          throw new ConfigError(
            'invalid_config',
            `Province ${opts.province} has no communes or no open post offices here: run postcore demo first`,
            'Tỉnh này chưa có bưu cục: hãy chạy postcore demo trước',
          );
        const gen = syntheticList({
          count,
          communes: inProvince,
          postcodes,
          periodStart: `${opts.month}-01`,
          names: parseNames(
            JSON.parse(
              readFileSync(new URL('../../../../assets/people/names.json', import.meta.url), 'utf8'),
            ),
          ),
          seed: Number(opts.seed) || 1,
        });
        const out = createWriteStream(opts.out);
        let r = gen.next();
        while (r.done !== true) {
          if (!out.write(r.value)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          r = gen.next();
        }
        await new Promise<void>((resolve, reject) =>
          out.end((err?: Error | null) => (err ? reject(err) : resolve())),
        );
        process.stdout.write(
          `wrote ${r.value.count} lines, ${formatVnd(r.value.total)}, to ${opts.out}\n` +
            `import with: postcore pensions import ${opts.out} --period <id> --count ${r.value.count} --total ${r.value.total}\n`,
        );
      });
    });
}
