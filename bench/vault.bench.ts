// Issue 9's figures. Restore: a SQLite cell holding 3.3 million events rebuilt from the vault (the last
// sealed snapshot, the sealed segments after it, the complete verify with its replay, the witness's
// countersigned checkpoint), against `restic restore` of the same data dir from a local restic repository.
// Shipping: counter payouts per second with the shipper running beside them (every 200 ms, as `serve` runs
// it), against the same payouts with no shipper, in the same process and database.
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCheckpoints, createJournal, loadOrCreateSigner } from '../src/journal/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { restoreFromVault } from '../src/resilience/restore.ts';
import { newBackupKeyPair, readBackupPrivateKey, readBackupPublicKey } from '../src/resilience/seal.ts';
import { createShipper, serverFiles } from '../src/resilience/shipping.ts';
import { createVaultClient } from '../src/resilience/vault-client.ts';
import { initVaultDir, openVault } from '../src/resilience/vault/index.ts';
import { createStorage, migrateCell, type CellDatabase } from '../src/storage/index.ts';
import { draftAt, itemRecorded, itemsCell, type ItemTables } from './bench-cell.ts';
import { median, type BenchContext, type BenchSuite } from './harness.ts';
import { payAll, prepare } from './payouts.bench.ts';

const PER_TX = 5_000;
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** restic's path, installing Debian's package when it is missing and we may; undefined with the reason noted. */
/** A new restic repository holding one backup of `dir`; the environment its commands need. */
export function resticBackup(tool: string, repo: string, dir: string): NodeJS.ProcessEnv {
  const env = { ...process.env, RESTIC_PASSWORD: 'bench', RESTIC_REPOSITORY: repo };
  execFileSync(tool, ['init', '--quiet'], { env, stdio: 'ignore' });
  execFileSync(tool, ['backup', '--quiet', dir], { env, stdio: 'ignore' });
  return env;
}

export function restic(ctx: BenchContext): string | undefined {
  const found = () => {
    try {
      return execFileSync('sh', ['-c', 'command -v restic'], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  let path = found();
  if (path === undefined && process.getuid?.() === 0) {
    ctx.note('restic is not installed: apt-get install -y restic');
    try {
      execFileSync('apt-get', ['install', '-y', '-q', 'restic'], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      execFileSync('apt-get', ['update', '-q'], { stdio: 'ignore' });
      execFileSync('apt-get', ['install', '-y', '-q', 'restic'], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    }
    path = found();
  }
  if (path === undefined) ctx.note('skipped the baseline: restic is not installed (apt-get install restic)');
  return path;
}

/**
 * A vault in its own process (`postcore vault serve`), as on its own host: its work does not run on the
 * platform's event loop. Its dir is initialised here with an append and a restore token.
 */
async function startVault(
  dir: string,
): Promise<{ url: string; append: string; restore: string; stop(): Promise<void> }> {
  initVaultDir(dir, systemClock);
  const v = openVault({ dir, clock: systemClock });
  const append = v.tokens.issue('append', 1, systemClock.now()).token;
  const restore = v.tokens.issue('restore', 1, systemClock.now()).token;
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as AddressInfo;
      probe.close(() => resolve(p));
    });
  });
  const child = spawn(process.execPath, [MAIN, 'vault', 'serve', '--dir', dir, '--port', String(port)], {
    env: { ...process.env, POSTCORE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      if (i > 200) throw new Error('the vault process did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    append,
    restore,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

async function benchRestore(ctx: BenchContext): Promise<void> {
  const events = ctx.size(3_300_000, 10_000);
  // A snapshot every 1,000,000 events (the default is 100,000 or 6 hours): the restore replays up to that
  // many events from segments on top of the last one; here the last 300,000 of the 3.3 million.
  const snapshotEvery = ctx.size(1_000_000, 10_000);
  const root = mkdtempSync(join(tmpdir(), 'postcore-bench-vault-'));
  const dataDir = join(root, 'data');
  const storage = await createStorage({ dialect: 'sqlite', dataDir });
  const vault = await startVault(join(root, 'vault'));
  try {
    const { url, append: appendToken, restore: restoreToken } = vault;
    const backup = newBackupKeyPair();
    const cell = await storage.openCell<ItemTables>('items');
    await migrateCell(cell, itemsCell.migrations);
    const journal = createJournal({ cell: itemsCell, db: cell.db, clock: systemClock });
    const keyFile = join(dataDir, 'keys', 'checkpoint.key');
    const signer = loadOrCreateSigner(keyFile);
    const checkpoints = createCheckpoints({ cell: 'items', db: cell.db, signer, clock: systemClock });
    const shipper = createShipper({
      vault: createVaultClient({ url, token: appendToken }),
      recipient: readBackupPublicKey(backup.publicPem, 'backup.pub'),
      cells: [
        {
          name: 'items',
          database: cell as unknown as CellDatabase<unknown>,
          journal,
          checkpoints,
        },
      ],
      files: () =>
        serverFiles(dataDir, [
          { name: 'keys/checkpoint.key', path: keyFile },
          { name: 'keys/checkpoint.key.pub', path: `${keyFile}.pub` },
        ]),
      clock: systemClock,
      checkpointKey: () => signer.published(),
      snapshotEvery: { events: snapshotEvery, seconds: 365 * 86_400 },
      onError: (_c, err) => {
        throw err;
      },
    });
    // Build the cell as a post would fill it: events, a checkpoint every 100,000, shipped as it goes.
    const t0 = performance.now();
    let shipS = 0;
    for (let at = 0; at < events; at += PER_TX) {
      const drafts = Array.from({ length: Math.min(PER_TX, events - at) }, (_, i) => draftAt(at + i));
      await journal.transaction((trx) => journal.appendMany(trx, itemRecorded, drafts));
      if ((at + PER_TX) % 100_000 === 0 || at + PER_TX >= events) {
        await checkpoints.cut(true);
        const s0 = performance.now();
        await shipper.ship();
        shipS += seconds(s0);
      }
    }
    const [status] = await shipper.status();
    if (status?.acked_seq !== String(events)) throw new Error(`the vault holds ${status?.acked_seq}`);
    ctx.note(
      `a SQLite cell of ${events.toLocaleString('en-US')} acceptance events (one projection row each) built ` +
        `in ${seconds(t0).toFixed(0)} s, shipped as it grew (${shipS.toFixed(0)} s of shipping rounds); ` +
        `last snapshot at seq ${status.last_snapshot_seq?.toLocaleString('en-US')}, vault acknowledged ` +
        `${status.acked_seq}, witnessed ${status.witnessed_size}`,
    );
    const sqliteMb = Number(execFileSync('du', ['-sm', dataDir], { encoding: 'utf8' }).split('\t')[0]);
    const vaultMb = Number(
      execFileSync('du', ['-sm', join(root, 'vault')], { encoding: 'utf8' }).split('\t')[0],
    );
    ctx.note(`data dir ${sqliteMb} MB; vault ${vaultMb} MB (sealed snapshots and gzip'd segments)`);
    await storage.close();

    const key = readBackupPrivateKey(backup.privatePem, 'backup.key');
    const ours: number[] = [];
    let phases = '';
    for (let r = 0; r < ctx.repeats; r++) {
      const into = join(root, `restored-${r}`);
      const r0 = performance.now();
      let last = r0;
      const marks: string[] = [];
      const report = await restoreFromVault({
        vault: createVaultClient({ url, token: restoreToken }),
        key,
        cells: ['items'],
        definitions: () => [itemsCell],
        into: { dialect: 'sqlite', dataDir: into },
        target: { latest: true },
        clock: systemClock,
        progress: (line) => {
          const now = performance.now();
          marks.push(`${((now - last) / 1000).toFixed(1)} s to "${line.slice(0, 60)}"`);
          last = now;
        },
      });
      ours.push(seconds(r0));
      const c = report.cells[0];
      if (c?.head_seq !== String(events) || !c.verify.ok || c.witnessed?.size !== events)
        throw new Error(`the restore did not come back whole: ${JSON.stringify(c)}`);
      if (r === 0) phases = marks.join('; ');
      rmSync(into, { recursive: true, force: true });
    }
    ctx.note(`restore phases (first run): ${phases}`);

    const tool = restic(ctx);
    const theirs: number[] = [];
    if (tool !== undefined) {
      const b0 = performance.now();
      const env = resticBackup(tool, join(root, 'restic-repo'), dataDir);
      ctx.note(
        `${execFileSync(tool, ['version'], { encoding: 'utf8' }).trim()}; backup of the data dir took ` +
          `${seconds(b0).toFixed(1)} s; restore is \`restic restore latest --target DIR\` (decrypts and checks ` +
          'every blob, verifies nothing about the data)',
      );
      for (let r = 0; r < ctx.repeats; r++) {
        const target = join(root, `restic-${r}`);
        const r0 = performance.now();
        execFileSync(tool, ['restore', 'latest', '--quiet', '--target', target], { env, stdio: 'ignore' });
        theirs.push(seconds(r0));
        rmSync(target, { recursive: true, force: true });
      }
    }
    ctx.note(
      `restore wall time: postcore ${ours.map((s) => s.toFixed(1)).join(' / ')} s` +
        (theirs.length > 0 ? `; restic ${theirs.map((s) => s.toFixed(1)).join(' / ')} s` : '') +
        ` (goals: under 600 s, at most 1.5× restic, i.e. ratio ≥ 0.67)`,
    );
    ctx.report({
      case: 'restore latest, verified',
      events,
      subjectRuns: ours.map((s) => events / s),
      baseline: 'restic restore of the data dir',
      baselineRuns: theirs.length > 0 ? theirs.map((s) => events / s) : [Number.NaN],
    });
  } finally {
    await vault.stop();
    await storage.close().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchShippingOverhead(ctx: BenchContext): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'postcore-bench-ship-'));
  const dataDir = join(root, 'data');
  const storage = await createStorage({ dialect: 'sqlite', dataDir });
  // The vault's own disk: on this one machine a directory in memory, so that its fsyncs do not queue behind
  // the platform's (the vault runs on another host in production; it still shares the 2 cores here).
  const vaultDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'postcore-bench-vault-'));
  const vault = await startVault(vaultDir);
  try {
    const { url, append: token } = vault;
    const p = await prepare(storage, dataDir, ctx.size(2_000, 10) * ctx.repeats * 4);
    // Some lines of a list are paid by bank, not at counters: each arm gets an equal share of the rest.
    const per = Math.floor(p.lines.length / (3 * ctx.repeats));
    const cell = await storage.openCell('finance');
    const shipper = createShipper({
      vault: createVaultClient({ url, token }),
      recipient: readBackupPublicKey(newBackupKeyPair().publicPem, 'backup.pub'),
      cells: [{ name: 'finance', database: cell, journal: p.journal }],
      files: () => [],
      clock: systemClock,
      onError: (_c, err) => {
        throw err;
      },
    });
    await shipper.ship(); // the first snapshot, as at a platform's first start
    // A server turns its event loop between requests: the shipper's timer gets its turns there.
    const turn = () => new Promise<void>((r) => setImmediate(r));
    const off: number[] = [];
    const on: number[] = [];
    const confirmed: number[] = [];
    let slice = 0;
    const next = () => p.lines.slice(slice * per, ++slice * per);
    for (let r = 0; r < ctx.repeats; r++) {
      off.push(await payAll(p, next(), turn));
      shipper.start(200);
      on.push(await payAll(p, next(), turn));
      // POSTCORE_VAULT_CONFIRM_PAYOUTS: each payout answered once the vault holds its event.
      confirmed.push(await payAll(p, next(), (seq) => shipper.waitAcked('finance', seq, 10_000)));
      await shipper.stop();
    }
    await shipper.ship();
    const [status] = await shipper.status();
    if (status?.lag_events !== '0') throw new Error(`the vault is behind: ${JSON.stringify(status)}`);
    ctx.note(
      `${per} counter payouts per run and arm, one call at a time with a turn of the event loop between ` +
        'them (as requests arrive at a server): shipping off; on (every 200 ms, segments sealed and put ' +
        "over HTTP to a vault process); on and confirmed (each payout waits for the vault's " +
        `acknowledgement). The vault holds every event (seq ${status.acked_seq}).`,
    );
    ctx.note(
      `overhead of shipping ${((1 - median(on) / median(off)) * 100).toFixed(1)}% (goal under 10%); ` +
        `of confirming each payout ${((1 - median(confirmed) / median(off)) * 100).toFixed(1)}%`,
    );
    ctx.report({
      case: 'counter payout, shipping on',
      events: per,
      subjectRuns: on,
      baseline: 'the same payouts, shipping off',
      baselineRuns: off,
    });
    ctx.report({
      case: 'payout confirmed by vault',
      events: per,
      subjectRuns: confirmed,
      baseline: 'the same payouts, shipping off',
      baselineRuns: off,
    });
  } finally {
    await vault.stop();
    await storage.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(vaultDir, { recursive: true, force: true });
  }
}

export const suite: BenchSuite = {
  name: 'vault',
  sections: [
    { name: 'restore', run: benchRestore },
    { name: 'shipping', run: benchShippingOverhead },
  ],
};
