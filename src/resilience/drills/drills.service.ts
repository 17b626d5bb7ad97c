// Drills as a server sees them: started from the security console (`postcore drill ransomware --scale demo` as
// a child process, each on a fresh data dir under <data dir>/drills/, never the live data), or the one drill
// whose own platform this is. A drill is read from its files only: its timeline appended step by step
// (timeline.jsonl), its report once done (report.json), what the console recorded when starting it.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isId, newId } from '../../platform/ids.ts';
import { DRILLS_DIR } from '../evidence.ts';
import { ResilienceError } from '../resilience-error.ts';
import {
  DRILL_RECORD,
  DRILL_REPORT,
  nightTime,
  secondsBetween,
  type DrillPhase,
  type DrillRecordLine,
  type PaidSoFar,
} from './record.ts';

/** What this server reads of a drill's report (postcore-drill/1); it is handed on whole. */
interface DrillReport {
  ok: boolean;
  traffic: { payouts: { acknowledged: PaidSoFar; during_incident: PaidSoFar } };
}

const MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));

/** `postcore <args>` with only PATH and `env` in its environment, its output appended to `log`. */
function startPostcore(args: string[], env: Record<string, string>, log: string): ChildProcess {
  const out = openSync(log, 'a');
  try {
    return spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', out, out],
    });
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(out);
  }
}

/** How `postcore drill ransomware` exits when it is interrupted (SIGINT, SIGTERM). */
const INTERRUPTED = 130;
/** The id a drill's own platform gives the drill it is part of. */
export const OWN_DRILL = 'current';

export type DrillStatus = 'running' | 'passed' | 'failed' | 'stopped';

export interface DrillView {
  id: string;
  scale: 'demo';
  status: DrillStatus;
  started_at: string;
  /** Who started it from the console; null for a drill started on the command line. */
  started_by: string | null;
  finished_at: string | null;
  /** The step reached last, and its phase. */
  last_step: string | null;
  phase: DrillPhase | null;
}

export interface TimelineStep {
  step: string;
  at: string;
  phase: DrillPhase;
  /** Seconds since the attack (negative before it); null until the attack has come. */
  offset_s: number | null;
  /** The time on the night of the story (the attack at 03:10:00); null before the attack. */
  night: string | null;
}

export interface DrillDetail extends DrillView {
  timeline: TimelineStep[];
  paid: {
    /** Every pension the clerks were told they paid so far. */
    total: PaidSoFar;
    /** Paid from the attack until delivery was back in service (or until now, while it is not). */
    during_outage: PaidSoFar | null;
  };
  /** The drill's report, once it is written. */
  report: DrillReport | null;
}

interface StartedRecord {
  id: string;
  scale: 'demo';
  started_at: string;
  started_by: string;
}

interface ExitRecord {
  code: number | null;
  signal: string | null;
  at: string;
}

export interface DrillsDeps {
  /** The platform's data dir: drills started from the console go under its drills/. */
  dataDir: string;
  /** Set on a drill's own platform: that drill's workspace, shown as the one drill; no drill starts here. */
  ownWorkspace?: string;
  /** Starts `postcore <args>` on the drill's data dir (tests hand a stand-in). */
  launch?: (args: string[], env: Record<string, string>, log: string) => ChildProcess;
  /** How many drills are kept (the oldest finished are removed as new ones start); default 5. */
  keep?: number;
  /** `smoke`: the demo cut down for tests (`--size smoke`), on a test server. */
  size?: 'smoke';
  now: () => Date;
}

const notFound = (id: string) =>
  new ResilienceError(
    'drill_not_found',
    `No drill ${id}: list the drills at /v1/drills`,
    `Không có cuộc diễn tập ${id}: xem danh sách các cuộc diễn tập`,
  );

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** The record's lines; a line being written (no newline yet) is left for the next look. */
function readRecord(file: string): DrillRecordLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: DrillRecordLine[] = [];
  for (const line of text.split('\n').slice(0, -1)) {
    try {
      out.push(JSON.parse(line) as DrillRecordLine);
    } catch {
      // a torn line: the drill was killed mid-write
    }
  }
  return out;
}

const minus = (a: PaidSoFar, b: PaidSoFar): PaidSoFar => ({
  count: a.count - b.count,
  amount: (BigInt(a.amount) - BigInt(b.amount)).toString(),
});

/** The drills a server shows, and starting one from the console. */
export function createDrills(deps: DrillsDeps) {
  const root = join(deps.dataDir, DRILLS_DIR);
  const keep = deps.keep ?? 5;
  const launch = deps.launch ?? startPostcore;
  const running = new Map<string, ChildProcess>();

  const workspaceOf = (id: string) =>
    id === OWN_DRILL && deps.ownWorkspace !== undefined ? deps.ownWorkspace : join(root, id, 'data.drill');

  function exists(id: string): boolean {
    if (deps.ownWorkspace !== undefined) return id === OWN_DRILL;
    return isId('drl', id) && existsSync(join(root, id, 'drill.json'));
  }

  function detail(id: string): DrillDetail {
    if (!exists(id)) throw notFound(id);
    const workspace = workspaceOf(id);
    const record = readRecord(join(workspace, DRILL_RECORD));
    const report = readJson<DrillReport>(join(workspace, DRILL_REPORT));
    const started =
      deps.ownWorkspace === undefined ? readJson<StartedRecord>(join(root, id, 'drill.json')) : null;
    const exit = deps.ownWorkspace === undefined ? readJson<ExitRecord>(join(root, id, 'exit.json')) : null;
    const status: DrillStatus =
      report !== null
        ? report.ok
          ? 'passed'
          : 'failed'
        : deps.ownWorkspace !== undefined || running.has(id)
          ? 'running'
          : // Ended with an error of its own: failed; interrupted (killed, or 130 on SIGTERM): stopped.
            exit !== null && exit.signal === null && exit.code !== 0 && exit.code !== INTERRUPTED
            ? 'failed'
            : 'stopped';
    const attack = record.find((l) => l.phase === 'attack');
    const attackMs = attack === undefined ? undefined : Date.parse(attack.at);
    const timeline = record.map((l) => {
      const at = Date.parse(l.at);
      return {
        step: l.step,
        at: l.at,
        phase: l.phase,
        offset_s: attackMs === undefined ? null : secondsBetween(attackMs, at),
        night: attackMs === undefined || at < attackMs ? null : nightTime(at - attackMs),
      };
    });
    const zero = { count: 0, amount: '0' };
    const last = record.at(-1);
    const total = last?.paid ?? zero;
    const back = record.find((l) => l.step.startsWith('delivery back in service'));
    const first = record[0];
    return {
      id,
      scale: 'demo',
      status,
      started_at: started?.started_at ?? first?.at ?? deps.now().toISOString(),
      started_by: started?.started_by ?? null,
      finished_at:
        report !== null ? (record.at(-1)?.at ?? null) : status === 'running' ? null : (exit?.at ?? null),
      last_step: last?.step ?? null,
      phase: last?.phase ?? null,
      timeline,
      paid: {
        total: report?.traffic.payouts.acknowledged ?? total,
        during_outage:
          report !== null
            ? report.traffic.payouts.during_incident
            : attack === undefined
              ? null
              : minus((back ?? last)!.paid, attack.paid),
      },
      report,
    };
  }

  const view = (d: DrillDetail): DrillView => {
    const { timeline: _t, paid: _p, report: _r, ...rest } = d;
    return rest;
  };

  /** The ids of the console's drills, newest first. */
  function ids(): string[] {
    if (deps.ownWorkspace !== undefined) return [OWN_DRILL];
    if (!existsSync(root)) return [];
    return readdirSync(root)
      .filter((n) => isId('drl', n) && existsSync(join(root, n, 'drill.json')))
      .sort()
      .reverse();
  }

  /** Removes the oldest drills that are not running, so that at most `keep` remain with the new one. */
  function prune(): void {
    const finished = ids().filter((id) => !running.has(id));
    for (const id of finished.slice(Math.max(0, keep - 1 - running.size)))
      rmSync(join(root, id), { recursive: true, force: true });
  }

  return {
    /** The drills, newest first (on a drill's own platform: that drill). */
    list(): DrillView[] {
      return ids().map((id) => view(detail(id)));
    },

    /** One drill: its timeline so far, the pensions paid, its report once done. */
    get: detail,

    /**
     * Starts a demo drill on a fresh data dir under drills/, unless one is running: then that one is
     * answered (`started: false`), so a second click or a retry starts nothing.
     */
    start(actor: string): { drill: DrillDetail; started: boolean } {
      if (deps.ownWorkspace !== undefined)
        throw new ResilienceError(
          'drill_not_here',
          'This platform is itself a drill’s: it shows that drill, and starts none; start drills from the post’s own console',
          'Hệ thống này là của một cuộc diễn tập: hãy bắt đầu diễn tập từ bảng điều khiển an ninh của hệ thống chính',
        );
      const current = [...running.keys()][0];
      if (current !== undefined) return { drill: detail(current), started: false };
      prune();
      const id = newId('drl');
      const dir = join(root, id);
      mkdirSync(dir, { recursive: true });
      const started: StartedRecord = {
        id,
        scale: 'demo',
        started_at: deps.now().toISOString(),
        started_by: actor,
      };
      writeFileSync(join(dir, 'drill.json'), `${JSON.stringify(started)}\n`);
      // Only PATH and the drill's own data dir: never the platform's database URL, keys or vault.
      const child = launch(
        ['drill', 'ransomware', '--scale', 'demo', ...(deps.size === undefined ? [] : ['--size', deps.size])],
        { POSTCORE_DATA_DIR: join(dir, 'data') },
        join(dir, 'drill.log'),
      );
      running.set(id, child);
      child.once('exit', (code, signal) => {
        const exit: ExitRecord = { code, signal, at: deps.now().toISOString() };
        try {
          writeFileSync(join(dir, 'exit.json'), `${JSON.stringify(exit)}\n`);
        } catch {
          // removed meanwhile
        }
        running.delete(id);
      });
      return { drill: detail(id), started: true };
    },

    /** Stops the drills still running (the server is shutting down); each is then shown as stopped. */
    async close(): Promise<void> {
      await Promise.all(
        [...running.values()].map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

export type Drills = ReturnType<typeof createDrills>;
