// `postcore services catalogue import|search|assign-officer`: a catalogue file imported, procedures found, an
// agency officer's account assigned to an agency. The lead's services command registers them.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Platform } from '../../../app.ts';
import { accountOf, CLI_ACTOR, READS, withPlatform } from '../../../cli.ts';
import { ConfigError } from '../../../config.ts';
import { formatVnd } from '../../../platform/money.ts';
import type { Catalogue } from './catalogue.service.ts';

/** Adds `catalogue` and its commands under `services`; `catalogueOf` finds the catalogue in an open platform. */
export function addCatalogueCommands(services: Command, catalogueOf: (p: Platform) => Catalogue): void {
  const catalogue = services
    .command('catalogue')
    .description('the procedures agencies take through the post, and their agencies');

  catalogue
    .command('import <file>')
    .description('import a catalogue file (CSV or XLSX, layout in docs/cells/services.md): all rows or none')
    .option('--province <code>', 'refuse any agency outside this province (2 digits)')
    .action(async (file: string, opts: { province?: string }) => {
      if (opts.province !== undefined && !/^\d{2}$/.test(opts.province))
        throw new ConfigError(
          'invalid_config',
          '--province must be 2 digits, e.g. 01',
          '--province phải có 2 chữ số',
        );
      await withPlatform(async (p) => {
        const r = await catalogueOf(p).importFile(
          { name: basename(file), bytes: readFileSync(file) },
          CLI_ACTOR,
          opts.province === undefined ? {} : { province: opts.province },
        );
        process.stdout.write(
          `${r.file.name} (${r.file.rows} rows, sha256 ${r.file.sha256.slice(0, 16)}…): ` +
            `agencies ${r.agencies.added} added, ${r.agencies.changed} changed, ${r.agencies.unchanged} unchanged; ` +
            `procedures ${r.procedures.added} added, ${r.procedures.changed} changed, ${r.procedures.unchanged} unchanged` +
            `${r.seq === null ? '; nothing new to journal' : `; journal event ${r.seq}`}\n`,
        );
      });
    });

  catalogue
    .command('search [words...]')
    .description('find offered procedures by name or field, with or without accents')
    .option('--province <code>', 'only this province (2 digits)')
    .option('--agency <code>', 'only this agency')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (words: string[], opts: { province?: string; agency?: string; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new ConfigError(
          'invalid_config',
          '--limit must be a whole number from 1 to 500',
          '--limit không hợp lệ',
        );
      await withPlatform(async (p) => {
        const page = await catalogueOf(p).search({
          q: words.join(' '),
          ...(opts.province === undefined ? {} : { province: opts.province }),
          ...(opts.agency === undefined ? {} : { agency: opts.agency }),
          limit,
          offset: 0,
        });
        for (const x of page.items)
          process.stdout.write(
            `${x.code}  ${x.name}  — ${x.agency_name}; lệ phí ${formatVnd(x.agency_fee)}, phí ${formatVnd(x.agency_charge)}, ` +
              `cước ${formatVnd(x.send_tariff)} + ${formatVnd(x.return_tariff)}; ${x.deadline_days} ngày làm việc\n`,
          );
        process.stdout.write(`${page.items.length} of ${page.total}\n`);
      }, READS);
    });

  catalogue
    .command('assign-officer <username> <agency>')
    .description('make an agency officer’s account act for an agency (its dossiers only)')
    .action(async (username: string, agency: string) => {
      await withPlatform(async (p) => {
        const staff = await accountOf(p, username);
        const home = await p.core.principals.office(staff.office_id);
        const a = await catalogueOf(p).assignOfficer(staff.id, agency, CLI_ACTOR, {
          id: staff.id,
          status: staff.status,
          roles: staff.roles,
          province_code: home.provinceCode,
        });
        process.stdout.write(`${username} (${staff.id}) acts for ${a.agency.code} ${a.agency.name}\n`);
      });
    });
}
