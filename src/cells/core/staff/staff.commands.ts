// `postcore staff …`: accounts added, listed, disabled and given a second factor. Registered by src/main.ts.
import { Option, type Command } from 'commander';
import { accountOf, CLI_ACTOR, list, officeOf, READS, readStdinLine, withPlatform } from '../../../cli.ts';
import { ConfigError } from '../../../config.ts';
import { ROLE_GRANTS } from '../index.ts';

/** Adds `staff` and its commands. */
export function addStaffCommands(program: Command): void {
  const staffCommand = program.command('staff').description('staff and partner accounts');

  staffCommand
    .command('add')
    .description('add an account; the password is read from the first line of stdin')
    .requiredOption('--username <name>', '3–32 characters, no accents')
    .requiredOption('--name <full name>', 'full name, with accents')
    .option('--cccd <12 digits>', 'citizen identity number (required for the post’s own staff)')
    .requiredOption('--phone <mobile>', 'Vietnamese mobile, 09… or +84…')
    .requiredOption('--office <id or postcode>', 'the account’s office')
    .requiredOption('--roles <list>', 'comma-separated roles')
    .action(
      async (opts: {
        username: string;
        name: string;
        cccd?: string;
        phone: string;
        office: string;
        roles: string;
      }) => {
        const password = await readStdinLine();
        await withPlatform(async (p) => {
          const office = await officeOf(p, opts.office);
          const staff = await p.core.staff.add(
            {
              username: opts.username,
              full_name: opts.name,
              cccd: opts.cccd ?? null,
              phone: opts.phone,
              office_id: office.id,
              roles: list(opts.roles),
              password,
            },
            CLI_ACTOR,
          );
          process.stdout.write(
            `added ${staff.username} (${staff.id}) at ${office.postcode} ${office.name}: ${staff.roles.join(', ')}\n`,
          );
          if (staff.roles.some((r) => ROLE_GRANTS[r].secondFactor)) {
            const e = await p.core.signIn.enrolSecondFactor(staff.id, CLI_ACTOR);
            process.stdout.write(
              `this role needs a second factor; give the holder, in person, this TOTP seed (shown once):\n  ${e.secret}\n  ${e.uri}\n`,
            );
          }
        });
      },
    );

  staffCommand
    .command('list')
    .description('list accounts, by username')
    .option('--office <id or postcode>', 'only this office')
    .addOption(
      new Option('--status <status>', 'only active or disabled accounts').choices(['active', 'disabled']),
    )
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(
      async (opts: { office?: string; status?: 'active' | 'disabled'; limit: string; json?: boolean }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
          throw new ConfigError(
            'invalid_config',
            '--limit must be a whole number from 1 to 100000',
            '--limit không hợp lệ',
          );
        await withPlatform(async (p) => {
          const office = opts.office === undefined ? undefined : await officeOf(p, opts.office);
          const page = await p.core.staff.list({
            ...(office === undefined ? {} : { office: office.id }),
            ...(opts.status === undefined ? {} : { status: opts.status }),
            limit,
            offset: 0,
          });
          if (opts.json === true) process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
          else {
            for (const s of page.items)
              process.stdout.write(
                `${s.username.padEnd(20)} ${s.status.padEnd(8)} ${s.roles.join(',').padEnd(24)} ${s.full_name}\n`,
              );
            process.stdout.write(`${page.items.length} of ${page.total}\n`);
          }
        }, READS);
      },
    );

  staffCommand
    .command('disable <username>')
    .description('disable an account: it can no longer sign in, and its sessions and tokens stop working')
    .requiredOption('--reason <text>', 'why, for the journal')
    .action(async (username: string, opts: { reason: string }) => {
      await withPlatform(async (p) => {
        const staff = await p.core.staff.disable((await accountOf(p, username)).id, opts.reason, CLI_ACTOR);
        process.stdout.write(`disabled ${staff.username} (${staff.id})\n`);
      });
    });

  staffCommand
    .command('second-factor <username>')
    .description('enrol (or replace) an account’s TOTP second factor; prints the seed once')
    .action(async (username: string) => {
      await withPlatform(async (p) => {
        const e = await p.core.signIn.enrolSecondFactor((await accountOf(p, username)).id, CLI_ACTOR);
        process.stdout.write(`TOTP seed for ${username} (shown once):\n  ${e.secret}\n  ${e.uri}\n`);
      });
    });
}
