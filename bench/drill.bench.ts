// The ransomware drill as a benchmark: how long the post's delivery service is down when its database is
// encrypted at 03:10, from the attack to delivery back in service (detection, isolation, evidence, two-person
// approved restore from the vault, verify, reopen), with finance paying throughout. The figure compared is
// from delivery isolated to back in service, against the usual way back in the same run: `restic restore` of
// the whole data dir from its last backup and the server started on it (every service down meanwhile, and
// whatever came after that backup lost). Detection's seconds are in the notes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DRILL_SCALES,
  freePort,
  runRansomwareDrill,
  startPostcore,
  stopProcess,
  waitForHttp,
} from '../src/resilience/drill/index.ts';
import type { BenchContext, BenchSuite } from './harness.ts';
import { restic, resticBackup } from './vault.bench.ts';

const seconds = (from: number) => (performance.now() - from) / 1000;

async function ransomware(ctx: BenchContext): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'postcore-bench-drill-'));
  const dataDir = join(root, 'data');
  try {
    const demo = DRILL_SCALES.demo;
    const size = {
      // Not fewer than 30,000: a smoke run's counters must still have lines to pay when the attack comes.
      lines: ctx.size(demo.lines, 30_000),
      counters: demo.counters,
      parcels: ctx.size(demo.parcels, 30),
    };
    const report = await runRansomwareDrill({
      scale: 'demo',
      size,
      env: { PATH: process.env['PATH'], POSTCORE_DATA_DIR: dataDir },
    });
    if (!report.ok) throw new Error(`the drill failed: ${report.failures.join('; ')}`);
    const s = report.seconds;
    ctx.note(
      `demo drill, ${size.lines.toLocaleString('en-US')} lines, ${size.counters} counters, ${size.parcels} COD parcels: ` +
        `detected ${s.detection} s, isolated ${s.isolation} s, restore and verify ${s.restore} s, back in service ${s.recovery} s after the attack; ` +
        `${report.traffic.payouts.during_incident.count} pensions paid during the incident; events lost ${report.events_lost.total}; ` +
        `money ${report.money?.balanced === true ? 'balanced' : 'NOT balanced'}`,
    );
    const events = Number(report.restore!.head_seq);

    // The usual way back: the whole data dir from a backup, the server started again on it.
    const tool = restic(ctx);
    const theirs: number[] = [];
    if (tool !== undefined) {
      const env = resticBackup(tool, join(root, 'restic-repo'), dataDir);
      for (let r = 0; r < ctx.repeats; r++) {
        const target = join(root, `restic-${r}`);
        const r0 = performance.now();
        execFileSync(tool, ['restore', 'latest', '--quiet', '--target', target], { env, stdio: 'ignore' });
        const port = await freePort();
        const server = startPostcore(['serve', '--port', String(port)], {
          POSTCORE_DATA_DIR: join(target, dataDir),
          POSTCORE_DEMO: 'false',
          POSTCORE_DETECT_SECONDS: '0',
        });
        try {
          await waitForHttp(`http://127.0.0.1:${port}/health`, 600_000, server);
          theirs.push(seconds(r0));
        } finally {
          await stopProcess(server);
          rmSync(target, { recursive: true, force: true });
        }
      }
      ctx.note(
        `restic restore of the whole data dir and the server started on it: ${theirs.map((x) => x.toFixed(1)).join(' / ')} s ` +
          '(the server must stop first, and everything after the last backup is lost)',
      );
    }
    // Like for like: from the cell cut off to it serving again, against restoring everything and starting
    // again (which also needs someone to notice first, and stops pensions too while it runs).
    const back = s.recovery! - s.isolation!;
    ctx.note(
      `postcore: ${back.toFixed(1)} s from delivery isolated to back in service, finance serving throughout`,
    );
    ctx.report({
      case: 'isolated to in service',
      events,
      subjectRuns: [events / back],
      baseline: 'restic restore data dir + start',
      baselineRuns: theirs.length > 0 ? theirs.map((x) => events / x) : [Number.NaN],
    });
  } finally {
    rmSync(root, { recursive: true, force: true }); // the data dir and its workspace beside it
  }
}

export const suite: BenchSuite = {
  name: 'drill',
  sections: [{ name: 'ransomware', run: ransomware }],
};
