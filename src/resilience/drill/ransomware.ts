// `postcore drill ransomware`: the June 2024 night as a routine. On a fresh data dir it seeds a province's
// pension month with counters and parcels in flight, starts a vault and the platform as their own processes,
// drives counter payouts and parcel scans over HTTP, and at a simulated 03:10 encrypts the delivery cell's
// database files with a random key (after tampering rows). Then: detection, delivery isolated automatically,
// evidence captured, a restore one officer requests and another approves, the restored copy verified and put in
// place, and delivery back in service on two officers' word, while finance pays pensions throughout. It proves
// 0 answered events lost and the money balanced to the đồng, and reports the timeline.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../config.ts';
import { keepsCellsInFiles } from '../../storage/index.ts';
import { caughtUp, sleep } from './api.ts';
import { attackDelivery, type Night } from './attack.ts';
import { stopProcess } from './processes.ts';
import { drillReport, proveOnData, tallyTraffic } from './reckoning.ts';
import { restoreDelivery, returnToService } from './recovery.ts';
import { DRILL_RECORD, DRILL_REPORT } from '../drills/index.ts';
import { createDrillLog, type DrillReport, type DrillScale } from './report.ts';
import { detectAndIsolate, findEvidence } from './response.ts';
import { DRILL_SCALES, type DrillSize } from './seed.ts';
import { startTraffic } from './traffic.ts';
import { placeVault, seedPost, startServing } from './world.ts';

export { drillReportText, type DrillReport, type DrillScale, type DrillStep } from './report.ts';

export interface DrillOptions {
  scale: DrillScale;
  /** Other sizes than the scale's (a benchmark's smoke run). */
  size?: DrillSize;
  /** The environment the platform's settings come from (POSTCORE_DATA_DIR: the fresh data dir). */
  env: NodeJS.ProcessEnv;
  /** Progress lines, as the drill goes. */
  progress?: (line: string) => void;
  /** Seconds of ordinary traffic before the attack, and after delivery reopens (default 45 and 20). */
  before?: number;
  after?: number;
  /** Detection's period in the platform, in seconds (default: the platform's own, 5). */
  detectSeconds?: number;
  /** Aborted: the drill's vault and platform are killed at once (the command was interrupted). */
  stop?: AbortSignal;
}

function refuse(message: string, vi: string): never {
  throw new ConfigError('invalid_config', message, vi);
}

/** The drill's refusals, before anything is written. */
export function checkDrillPlace(config: Config): void {
  if (!keepsCellsInFiles(config.storage))
    refuse(
      'The ransomware drill encrypts the cells’ database files, so it runs on SQLite files: unset POSTCORE_DATABASE_URL and give a fresh POSTCORE_DATA_DIR',
      'Diễn tập mã độc chạy trên tệp SQLite: bỏ POSTCORE_DATABASE_URL',
    );
  for (const dir of [config.dataDir, `${config.dataDir}.drill`])
    if (existsSync(dir) && readdirSync(dir).length > 0)
      refuse(
        `${dir} is not empty: the drill seeds, attacks and restores its own post, so it runs only on a fresh data dir; set POSTCORE_DATA_DIR to a new directory (nothing was changed)`,
        `Thư mục ${dir} không trống: diễn tập chỉ chạy trên thư mục dữ liệu mới`,
      );
}

/** Runs the drill; the report says whether it passed (`ok`) and why not. */
export async function runRansomwareDrill(options: DrillOptions): Promise<DrillReport> {
  const say = options.progress ?? (() => undefined);
  const size = options.size ?? DRILL_SCALES[options.scale];
  // The drill takes its place from the environment and nothing else: its keys are its own, under its data
  // dir, whatever else the operator's environment names.
  const place = {
    POSTCORE_DATA_DIR: options.env['POSTCORE_DATA_DIR'],
    POSTCORE_DATABASE_URL: options.env['POSTCORE_DATABASE_URL'],
    POSTCORE_LOG_LEVEL: 'silent',
    POSTCORE_DEMO: 'false',
  };
  checkDrillPlace(loadConfig(place));
  const config = loadConfig({ ...place, POSTCORE_DATABASE_URL: undefined });
  const dataDir = config.dataDir;
  const workspace = `${dataDir}.drill`;
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(join(workspace, 'offline'), { recursive: true, mode: 0o700 });
  // The timeline as it happens, for the drill's own platform (and the console that started it) to show.
  const log = createDrillLog(say, join(workspace, DRILL_RECORD));
  log.mark('drill started');

  const post = await seedPost(log, config, size);
  const vault = placeVault(workspace);
  const children: ChildProcess[] = [];
  const kill = () => children.forEach((c) => c.kill('SIGKILL'));
  options.stop?.addEventListener('abort', kill);
  try {
    const serving = await startServing(
      log,
      { dataDir, workspace, vault, detectSeconds: options.detectSeconds },
      post.seed,
      children,
    );
    const { officers } = serving;
    const traffic = await startTraffic(serving.base, post.plans, post.seed);
    log.paid = () => {
      const paid = traffic.ops.filter((o) => o.kind === 'payout' && o.status >= 200 && o.status < 300);
      return { count: paid.length, amount: paid.reduce((a, o) => a + o.amount, 0n).toString() };
    };
    await sleep((options.before ?? 45) * 1000);

    const night: Night = {
      attack: Date.now(),
      isolatedAt: undefined,
      alerts: [],
      alertsBefore: [],
      evidence: null,
      restore: null,
    };
    try {
      attackDelivery(log, night, post.deliveryFile, dataDir);
      if (await detectAndIsolate(log, night, officers[0].session)) {
        await findEvidence(log, night, officers[0].session);
        const from = { dataDir, workspace, vaultUrl: serving.vaultUrl, vault };
        if (await restoreDelivery(log, night, officers, from)) await returnToService(log, officers);
      }
    } catch (err) {
      log.failures.push(`the drill stopped: ${(err as Error).message}`);
    }
    const reopened = log.steps.find((s) => s.step.startsWith('delivery back in service'))?.at;
    await sleep((options.after ?? 20) * 1000);
    await traffic.stop();
    log.mark('traffic stopped');
    if (reopened !== undefined) {
      const settled = await traffic.settle();
      if (settled > 0) log.mark(`${settled} unanswered acceptances sent again with their keys, and settled`);
    }
    await caughtUp(officers[0].session, workspace, 300_000).catch((err: unknown) =>
      log.failures.push((err as Error).message),
    );
    await stopProcess(serving.server);
    await stopProcess(serving.vault);
    log.mark('platform and vault stopped');

    // 9. The proof, on the data the platform left: every cell verifies, nothing answered is missing, the money balances.
    const tallies = tallyTraffic(log, traffic.ops, night, reopened);
    const proof = await proveOnData(log, config, post, traffic.ops, tallies, night);
    const report = drillReport(
      log,
      { scale: options.scale, dataDir, workspace },
      post,
      night,
      reopened,
      tallies,
      proof,
    );
    // Whole or not at all: a watcher reads the report only once it is complete.
    const file = join(workspace, DRILL_REPORT);
    writeFileSync(`${file}.part`, `${JSON.stringify(report, null, 2)}\n`);
    renameSync(`${file}.part`, file);
    return report;
  } finally {
    options.stop?.removeEventListener('abort', kill);
    for (const c of children) await stopProcess(c, 'SIGKILL').catch(() => undefined);
  }
}

/** The directory a report file goes to must exist; the report path is resolved now. */
export function reportPath(file: string): string {
  const path = resolve(file);
  if (!existsSync(dirname(path)))
    refuse(
      `--report ${file}: the directory ${dirname(path)} does not exist`,
      `Thư mục của tệp báo cáo ${basename(path)} không tồn tại`,
    );
  return path;
}
