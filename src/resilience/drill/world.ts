// The world before the night: a province's pension month seeded with counters and parcels in flight, then
// the vault on "another host" with the backup key offline, and the platform serving with every write confirmed
// by the vault.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPlatform } from '../../app.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../cells/core/index.ts';
import type { Config } from '../../config.ts';
import { systemClock } from '../../platform/clock.ts';
import { formatVnd } from '../../platform/money.ts';
import { newBackupKeyPair } from '../seal.ts';
import { initVaultDir, openVault } from '../vault/index.ts';
import { caughtUp, signInOfficers, type Officer } from './api.ts';
import { freePort, startPostcore, waitForHttp } from './processes.ts';
import { secondsBetween, type DrillLog } from './report.ts';
import { seedDrill, type DrillSeed, type DrillSize } from './seed.ts';

interface Line {
  id: string;
  cccd: string;
  amount: bigint;
}

/** A counter of the seeded post: the pension lines it pays and the cash its till starts with. */
export interface CounterPlan {
  counter: DrillSeed['counters'][number];
  lines: Line[];
  cash: bigint;
}

export interface SeededPost {
  seed: DrillSeed;
  plans: CounterPlan[];
  /** The delivery cell's SQLite file, the one the attack encrypts. */
  deliveryFile: string;
  seconds: number;
}

/** 1. The post before 03:10, seeded in this process on the demo network. */
export async function seedPost(log: DrillLog, config: Config, size: DrillSize): Promise<SeededPost> {
  const seededFrom = Date.now();
  let seed: DrillSeed;
  const plans: CounterPlan[] = [];
  let deliveryFile: string;
  {
    const names: unknown = JSON.parse(
      readFileSync(new URL('../../../assets/people/names.json', import.meta.url), 'utf8'),
    );
    const platform = await openPlatform(config, { demo: 'network' });
    try {
      seed = await seedDrill(platform, size, names);
      deliveryFile = platform.storage.cellFile('delivery');
      for (const c of seed.counters) {
        const lines: Line[] = [];
        for (let offset = 0; offset < c.lines; offset += 500) {
          const page = await platform.finance.pensions.lines({
            period_id: seed.period_id,
            status: 'at_office',
            postcode: c.postcode,
            limit: 500,
            offset,
          });
          for (const l of page.items) lines.push({ id: l.id, cccd: l.cccd, amount: BigInt(l.amount) });
        }
        plans.push({ counter: c, lines, cash: (await platform.finance.tills.get(c.till)).cash });
      }
    } finally {
      await platform.close();
    }
  }
  const seedSeconds = secondsBetween(seededFrom, Date.now());
  log.mark(
    `seeded: ${seed.lines} pension lines (${formatVnd(seed.total)}), ${seed.counters.length} counters, ${seed.parcels.length} COD parcels`,
  );
  return { seed, plans, deliveryFile, seconds: seedSeconds };
}

/** The vault's directory and what the security team keeps offline to restore from it. */
export interface VaultPlace {
  dir: string;
  restoreToken: string;
  keys: ReturnType<typeof newBackupKeyPair>;
}

/** 2. The vault on "another host", the backup key offline. */
export function placeVault(workspace: string): VaultPlace {
  const vaultDir = join(workspace, 'vault');
  initVaultDir(vaultDir, systemClock, 3650);
  const v = openVault({ dir: vaultDir, clock: systemClock });
  const appendToken = v.tokens.issue('append', 30, systemClock.now()).token;
  const restoreToken = v.tokens.issue('restore', 30, systemClock.now()).token;
  writeFileSync(join(workspace, 'append.token'), `${appendToken}\n`, { mode: 0o600 });
  writeFileSync(join(workspace, 'offline', 'restore.token'), `${restoreToken}\n`, { mode: 0o600 });
  const keys = newBackupKeyPair();
  writeFileSync(join(workspace, 'offline', 'backup.key'), keys.privatePem, { mode: 0o600 });
  writeFileSync(join(workspace, 'backup.key.pub'), keys.publicPem);
  return { dir: vaultDir, restoreToken, keys };
}

export interface Serving {
  vaultUrl: string;
  /** The platform's API. */
  base: string;
  vault: ChildProcess;
  server: ChildProcess;
  /** The two security officers on duty. */
  officers: [Officer, Officer];
}

/**
 * 2. The vault and the platform as their own processes (each pushed to `children` as it starts, for the
 * caller to stop), the platform with every write confirmed, the officers signed in, the vault caught up.
 */
export async function startServing(
  log: DrillLog,
  place: { dataDir: string; workspace: string; vault: VaultPlace; detectSeconds: number | undefined },
  seed: DrillSeed,
  children: ChildProcess[],
): Promise<Serving> {
  const { dataDir, workspace } = place;
  const vaultPort = await freePort();
  const vaultUrl = `http://127.0.0.1:${vaultPort}`;
  const vault = startPostcore(
    ['vault', 'serve', '--dir', place.vault.dir, '--port', String(vaultPort)],
    { POSTCORE_LOG_LEVEL: 'info' },
    join(workspace, 'vault.log'),
  );
  children.push(vault);
  await waitForHttp(`${vaultUrl}/health`, 60_000, vault, join(workspace, 'vault.log'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const platformEnv: Record<string, string> = {
    POSTCORE_DATA_DIR: dataDir,
    POSTCORE_DEMO: 'false',
    POSTCORE_LOG_LEVEL: 'info',
    POSTCORE_VAULT_URL: vaultUrl,
    POSTCORE_VAULT_TOKEN_FILE: join(workspace, 'append.token'),
    POSTCORE_BACKUP_PUBLIC_KEY_FILE: join(workspace, 'backup.key.pub'),
    POSTCORE_VAULT_CONFIRM_WRITES: 'true',
    POSTCORE_VAULT_CONFIRM_MS: '5000',
    // The platform serves the drill's timeline to the officers signed in to its web app.
    POSTCORE_DRILL_WORKSPACE: workspace,
    ...(place.detectSeconds === undefined ? {} : { POSTCORE_DETECT_SECONDS: String(place.detectSeconds) }),
  };
  const server = startPostcore(
    ['serve', '--port', String(port)],
    platformEnv,
    join(workspace, 'platform.log'),
  );
  children.push(server);
  await waitForHttp(`${base}/health`, 600_000, server, join(workspace, 'platform.log'));
  log.mark('platform serving, shipping every cell to the vault');
  log.note(
    `watch the drill at ${base}/security/drill, signed in as security (password ${DEMO_PASSWORD}, authenticator secret ${DEMO_TOTP_SECRET}) or as auditor`,
  );

  const officers = await signInOfficers(base, seed);
  // Everything in the vault before the night starts (a national month's first snapshot takes minutes).
  await caughtUp(officers[0].session, workspace, 1_800_000);
  log.mark('the vault holds every cell');
  return { vaultUrl, base, vault, server, officers };
}
