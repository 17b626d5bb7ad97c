// What every command of `postcore` shares: the one way a command fails, opens the platform for its work,
// names its actor and reads the office, account, list and key it is given. The commands themselves live
// beside the modules they serve (`*.commands.ts`); src/main.ts assembles them.
import { InvalidArgumentError } from 'commander';
import { userInfo } from 'node:os';
import { openPlatform, type Platform, type PlatformOptions } from './app.ts';
import { CoreError } from './cells/core/index.ts';
import { loadConfig } from './config.ts';
import { REQUEST_KEY_PATTERN } from './journal/index.ts';
import { found, isDomainError } from './platform/errors.ts';
import { formatVnd } from './platform/money.ts';

/** One clear line and a non-zero exit for anything the operator must fix; a stack only with POSTCORE_DEBUG. */
export function fail(err: unknown): never {
  if (isDomainError(err)) {
    process.stderr.write(`postcore: ${err.message}\n`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`postcore: unexpected error: ${message}\n`);
    if (process.env['POSTCORE_DEBUG'] !== undefined && err instanceof Error)
      process.stderr.write(`${err.stack}\n`);
  }
  process.exit(1);
}

/**
 * Opens the platform for one command (migrating, never loading the demo) and closes it afterwards. A command
 * that only reads passes READS: a post that is not there is refused, and nothing is created.
 */
export async function withPlatform<T>(
  f: (platform: Platform) => Promise<T>,
  options: PlatformOptions = {},
): Promise<T> {
  const platform = await openPlatform(loadConfig(), options);
  try {
    return await f(platform);
  } finally {
    await platform.close();
  }
}

/** For withPlatform: the command only reads, so it opens only a post that exists, and writes nothing. */
export const READS: PlatformOptions = { mode: 'inspect' };

/** Who the journal records as doing what a command does: the operating-system user at the command line. */
export const CLI_ACTOR = `cli:${userInfo().username}`;

/** Reads `--key`: the idempotency key a money-moving or creating command records with what it did. */
export function requestKeyOption(v: string): string {
  if (!REQUEST_KEY_PATTERN.test(v))
    throw new InvalidArgumentError('1 to 100 printable ASCII characters without spaces');
  return v;
}

/** A comma-separated option as its items, blanks dropped. */
export const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** An office named by id (ofc_…) or by its 5-digit postcode. */
export const officeOf = async (p: Platform, ref: string) =>
  /^\d{5}$/.test(ref) ? p.core.offices.getByPostcode(ref) : p.core.offices.get(ref);

/** An account named by its username, without its password hash; `staff_not_found` if there is none. */
export const accountOf = async (p: Platform, username: string) => {
  const { password_hash: _hash, ...staff } = found(
    await p.core.staff.findForSignIn(username),
    () =>
      new CoreError(
        'staff_not_found',
        `No account has username ${username}`,
        `Không có tài khoản ${username}`,
      ),
  );
  return staff;
};

/** Everything on stdin, as UTF-8. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The first line on stdin (a password, never an argument that `ps` would show). */
export const readStdinLine = async (): Promise<string> => (await readStdin()).split(/\r?\n/)[0] ?? '';

/** An amount in đồng right-aligned in a column of 18. */
export const formatMoney = (v: bigint) => formatVnd(v).padStart(18);
