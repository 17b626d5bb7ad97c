// The reference pages made from the code itself: docs/cli.md from the commander program, docs/configuration.md
// from config.ts's SETTINGS. `npm run docs` writes them (scripts/docs.ts); src/docs.test.ts fails when the
// committed pages differ from what the code makes now.
import type { Argument, Command, Option } from 'commander';
import { format, resolveConfig } from 'prettier';
import { SETTINGS, type Setting } from './config.ts';
import { buildProgram } from './main.ts';

/** A generated page: its path from the repository's root and its text. */
export interface ReferencePage {
  path: string;
  text: string;
}

const GENERATED = (source: string) =>
  `<!-- Generated from ${source} by \`npm run docs\`: edit the source, not this page. -->`;

const code = (text: string) => `\`${text}\``;

/** Commander's description and a sentence's full stop. */
const sentence = (text: string) => {
  const t = text.trim();
  if (t === '') return '';
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
};

function optionLine(o: Option): string {
  const notes: string[] = [];
  if (o.mandatory) notes.push('required');
  if (o.argChoices !== undefined) notes.push(`one of ${o.argChoices.map(code).join(', ')}`);
  if (o.defaultValue !== undefined) notes.push(`default ${code(String(o.defaultValue))}`);
  return `- ${code(o.flags)}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}: ${o.description}`;
}

function argumentLine(a: Argument): string {
  const name = a.required
    ? `<${a.name()}${a.variadic ? '...' : ''}>`
    : `[${a.name()}${a.variadic ? '...' : ''}]`;
  return `- ${code(name)}${a.description === '' ? '' : `: ${a.description}`}`;
}

const pathOf = (c: Command): string[] => (c.parent === null ? [c.name()] : [...pathOf(c.parent), c.name()]);

/** Every command under `c`, depth first, in the order help lists them. */
function* walk(c: Command): Generator<Command> {
  for (const sub of c.commands) {
    yield sub;
    yield* walk(sub);
  }
}

function commandSection(c: Command): string {
  const path = pathOf(c).join(' ');
  const depth = pathOf(c).length - 1;
  const out = [`${'#'.repeat(Math.min(depth + 1, 4))} ${code(path)}`, sentence(c.description())];
  if (c.commands.length > 0) {
    out.push(
      `Commands: ${c.commands.map((s) => `[${code(s.name())}](#${anchor(pathOf(s).join(' '))})`).join(', ')}.`,
    );
    if (c.options.length === 0 && c.registeredArguments.length === 0) return out.join('\n\n');
  }
  out.push(['```', `${path} ${c.usage()}`.trimEnd(), '```'].join('\n'));
  if (c.registeredArguments.length > 0)
    out.push(['Arguments:', '', ...c.registeredArguments.map(argumentLine)].join('\n'));
  if (c.options.length > 0) out.push(['Options:', '', ...c.options.map(optionLine)].join('\n'));
  return out.join('\n\n');
}

/** GitHub's anchor for a heading that is one code span. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

/** docs/cli.md: every command of the program, its arguments, options and what they do. */
export function cliReference(program: Command = buildProgram()): string {
  const all = [...walk(program)];
  // What can be run: every command without subcommands, and those with their own options (`demo`).
  const runnable = all.filter((c) => c.commands.length === 0 || c.options.length > 0);
  return [
    GENERATED('the commander program (src/main.ts and the `*.commands.ts` beside each module)'),
    '# Command line',
    `${sentence(program.description())} Run it as ${code('npx postcore <command>')} (or ${code('bin/postcore')}, ` +
      `${code('npm run -s postcore -- <command>')}): each brings the Node 24 that ${code('npm ci')} installed, ` +
      `whatever the machine's own ${code('node')} is. Every command takes ${code('-h, --help')}; ` +
      `${code('postcore --version')} prints the version. A command that cannot do its work prints one line ` +
      `beginning ${code('postcore:')} and exits 1 (set ${code('POSTCORE_DEBUG')} for a stack trace). The settings ` +
      `it reads from the environment are in [configuration.md](configuration.md).`,
    '## Commands',
    runnable
      .map((c) => {
        const path = pathOf(c).join(' ');
        return `- [${code(path)}](#${anchor(path)}): ${c.description()}`;
      })
      .join('\n'),
    ...program.commands.map((top) => [top, ...walk(top)].map(commandSection).join('\n\n')),
  ].join('\n\n');
}

/** docs/configuration.md: every environment variable, its default and meaning, by group. */
export function configurationReference(settings: readonly Setting[] = SETTINGS): string {
  const groups = [...new Set(settings.map((s) => s.group))];
  return [
    GENERATED('`SETTINGS` in src/config.ts'),
    '# Configuration',
    'postcore reads its settings from the environment only; with none set it runs the embedded default ' +
      '(SQLite under `./data`, the demo network, port 8080 on 127.0.0.1). A setting that cannot be used stops ' +
      'the command with one line naming it. The command line is in [cli.md](cli.md).',
    ...groups.map((g) =>
      [
        `## ${g}`,
        settings
          .filter((s) => s.group === g)
          .map(
            (s) =>
              `- ${code(s.name)} (default: ${/^(unset|empty)/.test(s.default) ? s.default : code(s.default)}): ${s.meaning}`,
          )
          .join('\n'),
      ].join('\n\n'),
    ),
  ].join('\n\n');
}

/** Both pages, formatted as the repository's prettier formats them (so `npm run format:check` agrees). */
export async function referencePages(root: URL): Promise<ReferencePage[]> {
  const pages = [
    { path: 'docs/cli.md', text: cliReference() },
    { path: 'docs/configuration.md', text: configurationReference() },
  ];
  const out: ReferencePage[] = [];
  for (const p of pages) {
    const file = new URL(p.path, root);
    const options = (await resolveConfig(file)) ?? {};
    out.push({ path: p.path, text: await format(p.text, { ...options, filepath: file.pathname }) });
  }
  return out;
}
