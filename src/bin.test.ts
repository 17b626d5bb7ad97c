import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'postcore');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
/** The machine's PATH without the project's node_modules/.bin: whatever `node` the machine has (often 20). */
const MACHINE_PATH = (process.env['PATH'] ?? '')
  .split(delimiter)
  .filter((d) => !d.includes('node_modules'))
  .join(delimiter);
const machineNode = spawnSync('node', ['--version'], { encoding: 'utf8', env: { PATH: MACHINE_PATH } });

const run = (command: string, args: string[], cwd = ROOT, env: Record<string, string> = {}) => {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: MACHINE_PATH, HOME: process.env['HOME'] ?? tmpdir(), ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe(`bin/postcore brings its own Node 24 (the machine has ${machineNode.stdout?.trim() || 'no node'})`, () => {
  test('run from anywhere, through a symlink as npm links it, it runs postcore on the pinned Node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'postcore-bin-'));
    try {
      symlinkSync(BIN, join(dir, 'postcore'));
      const r = run(join(dir, 'postcore'), ['--version'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), version);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a command's output and exit code come through unchanged", () => {
    const dir = mkdtempSync(join(tmpdir(), 'postcore-bin-'));
    try {
      const r = run(BIN, ['verify', '--cell', 'parcels'], dir, { POSTCORE_DATA_DIR: join(dir, 'data') });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^postcore: Unknown cell "parcels"/);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('npx postcore runs it too', { skip: run('npx', ['--version']).code !== 0 && 'no npx' }, () => {
    const r = run('npx', ['--offline', '--no', '--', 'postcore', '--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), version);
  });
});
