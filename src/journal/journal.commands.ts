// The journal's commands: `verify` (every cell's chain, checkpoints, replay and invariants), `verify-receipt`
// (a receipt checked offline) and `checkpoint`. Registered on the program by src/main.ts.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openPlatform, parseCells } from '../app.ts';
import { readStdin, withPlatform } from '../cli.ts';
import { ConfigError, loadConfig } from '../config.ts';
import {
  keyIdOf,
  readPublicKey,
  readReceiptText,
  verifyProof,
  type CellVerifyReport,
  type ProofResult,
} from './index.ts';

function printReport(r: CellVerifyReport): void {
  if (r.ok) {
    process.stdout.write(
      `${r.cell}: ok — ${r.events} events${r.since === undefined ? '' : ` after checkpoint ${r.since}`}, head seq ${r.headSeq}, ${r.checkpoints} checkpoints, ` +
        `tables ${r.digest === undefined ? '(replay skipped with --since)' : `${r.digest.slice(0, 16)}…`} (${r.ms} ms)\n`,
    );
    return;
  }
  for (const f of r.failures) {
    process.stdout.write(`${r.cell}: FAILED at seq ${f.seq} [${f.check}] ${f.message}\n`);
  }
}

/** `--since`: a time, or CELL:SIZE pairs. */
function parseSince(text: string): { at: string } | Record<string, number> {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const t = Date.parse(text);
    if (Number.isNaN(t))
      throw new ConfigError(
        'invalid_config',
        `--since ${text} is not a time: use ISO 8601`,
        '--since không hợp lệ',
      );
    return { at: new Date(t).toISOString() };
  }
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const m = /^([a-z]+):(\d{1,15})$/.exec(part.trim());
    if (m === null)
      throw new ConfigError(
        'invalid_config',
        `--since ${JSON.stringify(part)}: name a checkpoint as CELL:SIZE (e.g. finance:12000) or give a time`,
        '--since không hợp lệ',
      );
    parseCells(m[1]);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** Adds `verify`, `verify-receipt` and `checkpoint`. */
export function addJournalCommands(program: Command): void {
  program
    .command('verify')
    .description(
      'check every cell: chain, signed checkpoints (signature, root, consistency), a replay of its journal, invariants',
    )
    .option('--json', 'print the reports as JSON')
    .option('--cell <name>', 'verify one cell only')
    .option(
      '--key <file...>',
      "the post's published checkpoint key(s) (PEM, base64 or the JSON of /v1/checkpoints/key); default: the key file in the data dir",
    )
    .option(
      '--since <checkpoint>',
      'verify only what is newer than a checkpoint: CELL:SIZE (repeatable as a comma list) or a time (ISO 8601)',
    )
    .action(async (opts: { json?: boolean; cell?: string; key?: string[]; since?: string }) => {
      if (opts.cell !== undefined) parseCells(opts.cell);
      const keys = opts.key?.map((file) => readPublicKey(readFileSync(file, 'utf8')));
      const since = opts.since === undefined ? undefined : parseSince(opts.since);
      const platform = await openPlatform(loadConfig(), { mode: 'inspect' });
      let reports: CellVerifyReport[];
      try {
        reports = await platform.verify({
          ...(opts.cell === undefined ? {} : { only: opts.cell }),
          ...(keys === undefined ? {} : { keys }),
          ...(since === undefined ? {} : { since }),
        });
      } finally {
        await platform.close();
      }
      if (opts.json === true)
        process.stdout.write(
          `${JSON.stringify({ ok: reports.every((r) => r.ok), cells: reports }, null, 2)}\n`,
        );
      else reports.forEach(printReport);
      if (!reports.every((r) => r.ok)) process.exitCode = 1;
    });

  program
    .command('verify-receipt')
    .description(
      "check a receipt offline with nothing but the post's public key: event, audit path, checkpoint",
    )
    .argument(
      '<file>',
      "the receipt: its JSON (from the API), or the text of its QR code (PC1:…); '-' for stdin",
    )
    .requiredOption(
      '--key <pubkey>',
      "the post's checkpoint key: a file (PEM, base64 or JSON) or the base64 itself",
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { key: string; json?: boolean }) => {
      const keyText = existsSync(opts.key) ? readFileSync(opts.key, 'utf8') : opts.key;
      const key = readPublicKey(keyText);
      const text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
      let result: ProofResult;
      try {
        result = verifyProof(readReceiptText(text), new Map([[keyIdOf(key), key]]));
      } catch (err) {
        result = { ok: false, check: 'format', message: err instanceof Error ? err.message : String(err) };
      }
      if (opts.json === true) {
        process.stdout.write(
          `${JSON.stringify(result.ok ? { ok: true, cell: result.proof.cell, event: result.proof.event, checkpoint: result.proof.checkpoint } : result, null, 2)}\n`,
        );
      } else if (result.ok) {
        const { event, checkpoint } = result.proof;
        process.stdout.write(
          `ok: ${result.proof.cell} event ${event.seq} (${event.type}, ${event.at}) is in checkpoint ${checkpoint.cell}@${checkpoint.size} signed ${checkpoint.at} by key ${checkpoint.key_id}\n`,
        );
      } else process.stdout.write(`FAILED [${result.check}] ${result.message}\n`);
      if (!result.ok) process.exitCode = 1;
    });

  program
    .command('checkpoint')
    .description(
      "sign a checkpoint now in every cell with new events, and print each cell's newest and the key",
    )
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withPlatform(async (p) => {
        await p.checkpoint(true);
        const latest = await Promise.all(p.cells.map((c) => p.checkpointsOf(c.definition.name).latest()));
        const key = p.checkpointKey();
        if (opts.json === true)
          process.stdout.write(
            `${JSON.stringify({ key, checkpoints: latest.filter((c) => c !== undefined) }, null, 2)}\n`,
          );
        else {
          for (const c of latest)
            if (c !== undefined) process.stdout.write(`${c.cell}@${c.size} root ${c.root} at ${c.at}\n`);
          process.stdout.write(`key ${key.key_id} (Ed25519): ${key.public_key}\n`);
        }
      });
    });
}
