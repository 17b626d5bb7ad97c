// Real processes for the drill and the tests that need them: postcore's own command line started as a child
// (the platform, the vault), a free port, waiting for a health check, and a clean stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** postcore's command line. */
export const MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a !== null ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts `postcore <args>` with only PATH and `env` in its environment; its output goes to `log` (appended)
 * or nowhere.
 */
export function startPostcore(args: string[], env: Record<string, string>, log?: string): ChildProcess {
  const out = log === undefined ? 'ignore' : openSync(log, 'a');
  try {
    return spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', POSTCORE_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', out, out],
    });
  } finally {
    // The child holds its own copy of the descriptor.
    if (typeof out === 'number') closeSync(out);
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Resolves once `url` answers 2xx; fails if `child` exits first or after `ms` (`log`: where to look then). */
export async function waitForHttp(
  url: string,
  ms = 60_000,
  child?: ChildProcess,
  log?: string,
): Promise<void> {
  const look = log === undefined ? '' : `; its log is ${log}`;
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (child !== undefined && exited(child))
      throw new Error(
        `the process serving ${url} exited (${child.exitCode ?? child.signalCode}) before it answered${look}`,
      );
    if (Date.now() > until) throw new Error(`${url} did not answer within ${Math.round(ms / 1000)} s${look}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stops a child with `signal` and waits for it to exit (SIGKILL after `ms`). */
export async function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  ms = 30_000,
): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  await gone;
  clearTimeout(timer);
}
