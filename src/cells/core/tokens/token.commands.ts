// `postcore token …`: API tokens issued and revoked. Registered by src/main.ts.
import type { Command } from 'commander';
import { accountOf, CLI_ACTOR, list, officeOf, withPlatform } from '../../../cli.ts';
import { MAX_TOKEN_DAYS } from '../index.ts';

/** Adds `token` and its commands. */
export function addTokenCommands(program: Command): void {
  const tokenCommand = program.command('token').description('API tokens for partners and scripts');

  tokenCommand
    .command('create')
    .description('issue a token for an account; prints the secret once')
    .requiredOption('--username <name>', 'the holder')
    .requiredOption('--name <text>', 'what the token is for')
    .requiredOption('--permissions <list>', 'comma-separated permissions, within the holder’s')
    .option('--office <id or postcode>', 'limit the token to one office')
    .option('--days <n>', `valid for 1 to ${MAX_TOKEN_DAYS} days`, '90')
    .action(
      async (opts: {
        username: string;
        name: string;
        permissions: string;
        office?: string;
        days: string;
      }) => {
        await withPlatform(async (p) => {
          const office = opts.office === undefined ? null : (await officeOf(p, opts.office)).id;
          const { token, apiToken } = await p.core.tokens.issue(
            {
              staff_id: (await accountOf(p, opts.username)).id,
              name: opts.name,
              permissions: list(opts.permissions),
              office_id: office,
              days: /^\d+$/.test(opts.days) ? Number(opts.days) : NaN,
            },
            CLI_ACTOR,
          );
          process.stdout.write(`${apiToken.id} expires ${apiToken.expires_at}\n${token}\n`);
        });
      },
    );

  tokenCommand
    .command('revoke <id>')
    .description('revoke a token at once')
    .requiredOption('--reason <text>', 'why, for the journal')
    .action(async (id: string, opts: { reason: string }) => {
      await withPlatform(async (p) => {
        const t = await p.core.tokens.revoke(id, opts.reason, CLI_ACTOR);
        process.stdout.write(`revoked ${t.id} at ${t.revoked_at}\n`);
      });
    });
}
