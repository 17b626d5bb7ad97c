// Detection: checks that run in the server every few seconds, each finding a journaled alert with its
// evidence, and a cell isolated at once when the finding leaves no doubt (its database file encrypted or not a
// database any more, its chain broken, its canary rows changed, its checkpoint not the one the vault
// countersigned). The other findings are alerts for the security officers. Each family of signals has its own
// file; the detector runs them in turn.
import { createBurstCheck } from './bursts.ts';
import { createCanaries } from './canaries.ts';
import { createChainCheck } from './chain.ts';
import { createDatabaseCheck, unreadableDatabase } from './database.ts';
import type { DetectionThresholds, Detector, DetectorDeps, Finding } from './detection.types.ts';
import { createFileWatch } from './files.ts';
import { createVaultCheck } from './vault.ts';

export const DEFAULT_THRESHOLDS: DetectionThresholds = {
  eventsPerTick: 20_000,
  integritySeconds: 900,
  entropyBits: 7.8,
  burstFloor: 600,
  burstFactor: 10,
  massChangeFiles: 5,
  vaultSeconds: 60,
};

/** Creates the detector over the platform's cells and data dir. */
export function createDetector(deps: DetectorDeps): Detector {
  const t: DetectionThresholds = { ...DEFAULT_THRESHOLDS, ...deps.thresholds };
  const now = () => deps.clock.now().getTime();
  const database = createDatabaseCheck(t, now);
  const chain = createChainCheck(t);
  const bursts = createBurstCheck(t, now);
  const canaries = createCanaries(deps);
  const files = createFileWatch(deps, t, now);
  const vault = createVaultCheck(deps, t, now);

  return {
    forget(cell) {
      chain.forget(cell);
      bursts.forget(cell);
      database.forget(cell);
    },
    async start() {
      await canaries.plant();
      files.look();
    },

    async tick() {
      const out: Finding[] = [];
      const errors: Array<{ check: string; error: unknown }> = [];
      const attempt = async (check: string, run: () => unknown) => {
        try {
          await run();
        } catch (error) {
          errors.push({ check, error });
        }
      };
      for (const cell of deps.cells) {
        await attempt(`cell ${cell.name}`, async () => {
          try {
            if (!(await database.check(cell, out))) return;
            const before = chain.seen(cell.name);
            await chain.check(cell, out);
            const after = chain.seen(cell.name);
            if (before !== undefined && after !== undefined && after > before)
              await bursts.check(cell, before, after, out);
            await canaries.checkRows(cell, out);
          } catch (err) {
            const finding = unreadableDatabase(cell, err);
            if (finding === undefined) throw err;
            out.push(finding);
          }
        });
      }
      await attempt('canary files', () => canaries.checkFiles(out));
      await attempt('data dir files', () => files.check(out));
      await attempt('vault', () => vault.check(out));
      return { findings: out, errors };
    },
  };
}
