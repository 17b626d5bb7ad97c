// `postcore services dossier|dossiers|decide`: a dossier with its history, the lists by office or agency (near
// or past the deadline), and an agency's decision recorded for one of its officers. Registered by src/main.ts.
import { InvalidArgumentError, type Command } from 'commander';
import { accountOf, officeOf, READS, requestKeyOption, withPlatform } from '../../../cli.ts';
import { requestKey } from '../../../journal/index.ts';
import { formatVnd } from '../../../platform/money.ts';
import { AGENCY_STATUSES, DOSSIER_STATES, type Dossier, type DossierState } from './dossier.model.ts';

const oneOf =
  <T extends string>(values: readonly T[], what: string) =>
  (v: string): T => {
    if (!(values as readonly string[]).includes(v))
      throw new InvalidArgumentError(`${what} must be one of ${values.join(', ')}`);
    return v as T;
  };

const line = (d: Dossier) =>
  `${d.id}  ${d.state.padEnd(18)}  ${d.procedure_code}  ${d.agency_code}  ${d.citizen.name}  hạn ${d.deadline_day ?? '-'}  hẹn ${d.appointment_day ?? '-'}\n`;

/** Adds the dossier commands to `services`. */
export function addDossierCommands(services: Command): void {
  services
    .command('dossier <id>')
    .description(
      'a dossier as staff see it: its fees, the items carrying it, and every step with who and where',
    )
    .action(async (id: string) => {
      await withPlatform(async (p) => {
        const d = await p.services.dossiers.get(id);
        process.stdout.write(line(d));
        process.stdout.write(
          `  ${d.service}  fees: agency ${formatVnd(d.agency_fee)}, post ${formatVnd(d.post_fee)}  seal ${d.seal_no ?? '-'}\n`,
        );
        for (const l of d.legs)
          process.stdout.write(`  leg ${l.leg_no} ${l.kind} ${l.state} ${l.item_id ?? ''}\n`);
        for (const s of await p.services.dossiers.steps(id))
          process.stdout.write(
            `  ${s.at}  ${s.step.padEnd(22)} ${s.state.padEnd(18)} ${s.actor}${s.note === null ? '' : `  ${s.note}`}\n`,
          );
      }, READS);
    });

  services
    .command('dossiers')
    .description(
      'dossiers of an office or an agency, by state, or near (two working days) or past the deadline',
    )
    .option('--office <postcode>', 'the office that took them in')
    .option('--agency <code>', 'the agency they are for')
    .option('--state <state>', `one of ${DOSSIER_STATES.join(', ')}`, oneOf(DOSSIER_STATES, '--state'))
    .option('--deadline <when>', 'near or past', oneOf(['near', 'past'] as const, '--deadline'))
    .option('--limit <n>', 'at most this many', (v) => {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 1 || n > 500) throw new InvalidArgumentError('1 to 500');
      return n;
    })
    .action(
      async (opts: {
        office?: string;
        agency?: string;
        state?: DossierState;
        deadline?: 'near' | 'past';
        limit?: number;
      }) => {
        await withPlatform(async (p) => {
          const office = opts.office === undefined ? undefined : (await officeOf(p, opts.office)).id;
          const r = await p.services.dossiers.list({
            ...(office === undefined ? {} : { office }),
            ...(opts.agency === undefined ? {} : { agency: opts.agency }),
            ...(opts.state === undefined ? {} : { state: opts.state }),
            ...(opts.deadline === undefined ? {} : { deadline: opts.deadline }),
            limit: opts.limit ?? 100,
            offset: 0,
          });
          for (const d of r.items) process.stdout.write(line(d));
          process.stderr.write(`${r.items.length} of ${r.total}\n`);
        }, READS);
      },
    );

  services
    .command('decide <id>')
    .description(`record an agency's decision for one of its officers: ${AGENCY_STATUSES.join(', ')}`)
    .requiredOption('--officer <username>', 'the agency officer the decision is recorded for')
    .requiredOption('--status <status>', AGENCY_STATUSES.join(', '), oneOf(AGENCY_STATUSES, '--status'))
    .option('--reason <text>', 'why (needed for needs_supplement, extended, suspended, refused)')
    .option('--appointment <day>', 'the day the result will be ready, YYYY-MM-DD')
    .option(
      '--key <key>',
      'an idempotency key: the same decision again records nothing new',
      requestKeyOption,
    )
    .action(
      async (
        id: string,
        opts: { officer: string; status: string; reason?: string; appointment?: string; key?: string },
      ) => {
        await withPlatform(async (p) => {
          const officer = await accountOf(p, opts.officer);
          const input = {
            status: opts.status,
            reason: opts.reason ?? null,
            appointment_day: opts.appointment ?? null,
          };
          const d = await p.services.dossiers.decide(
            id,
            input,
            { id: officer.id, agency: await p.services.officerAgency(officer.id) },
            opts.key === undefined
              ? undefined
              : requestKey(`${officer.id} services decide ${id}`, opts.key, input),
          );
          process.stdout.write(line(d));
        });
      },
    );
}
