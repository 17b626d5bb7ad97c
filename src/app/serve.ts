// What `serve` runs beside the HTTP server: the shipper to the vault, evidence captured on every incident, and
// detection over the cells and the data dir.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import {
  canaryKeyOf,
  createDetector,
  type DetectionThresholds,
  type Detector,
} from '../resilience/detection/index.ts';
import { readBackupPublicKey } from '../resilience/seal.ts';
import { createShipper, serverFiles, type ShippedCell, type Shipper } from '../resilience/shipping.ts';
import { createVaultClient } from '../resilience/vault-client.ts';
import { loadOrCreateSecretBoxKey } from '../platform/secret-box.ts';
import type { CellDatabase } from '../storage/index.ts';
import type { Platform } from './platform.ts';

/** Every open cell as the shipper takes it: database, journal and checkpoints. */
export function shippedCells(platform: Platform): ShippedCell[] {
  return platform.cells.map((c) => ({
    name: c.definition.name,
    database: c.database as CellDatabase<unknown>,
    journal: c.journal,
    ...(c.checkpoints === undefined ? {} : { checkpoints: c.checkpoints }),
  }));
}

/**
 * The shipper of every open cell to the configured vault: segments, snapshots, checkpoints for the witness,
 * and the keys and attachments a restore needs. `serve` starts it; undefined when no vault is configured.
 */
export function createPlatformShipper(
  platform: Platform,
  config: Config,
  onError: (cell: string, err: unknown) => void,
): Shipper | undefined {
  const v = config.vault;
  if (v === undefined) return undefined;
  return createShipper({
    vault: createVaultClient({ url: v.url, token: v.token }),
    recipient: readBackupPublicKey(v.backupPublicKey, v.backupPublicKeyFile),
    cells: shippedCells(platform),
    files: () =>
      serverFiles(config.dataDir, [
        { name: 'keys/secret-box.key', path: config.secretKeyFile },
        { name: 'keys/checkpoint.key', path: config.checkpointKeyFile },
        { name: 'keys/checkpoint.key.pub', path: `${config.checkpointKeyFile}.pub` },
      ]),
    clock: platform.clock,
    checkpointKey: () => platform.checkpointKey(),
    snapshotEvery: v.snapshotEvery,
    onError,
    paused: (cell) => platform.security.modeOf(cell) === 'isolated',
  });
}

/**
 * Captures evidence whenever a cell is shut (by detection or by an officer), in the background: the
 * manifest is journaled and written under the data dir, and the shipper takes it to the vault.
 */
export function captureEvidenceOnIncident(
  platform: Platform,
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>,
  logs?: () => readonly string[],
): { settled(): Promise<void> } {
  let pending: Promise<unknown> = Promise.resolve();
  platform.security.onModeChange((cell, mode) => {
    if (mode === 'normal') return;
    pending = pending.then(() =>
      platform
        .captureEvidence({ cell, reason: `cell ${cell} set to ${mode}` }, 'system:evidence', logs)
        .then((e) =>
          log.warn({ evidence: e.id, sha256: e.sha256, cell, files: e.files }, 'evidence captured'),
        )
        .catch((err: unknown) => log.error({ err, cell }, 'evidence capture failed')),
    );
  });
  return { settled: () => pending.then(() => undefined) };
}

/**
 * The detector over the platform's cells and data dir (canaries keyed from the sealing key; the vault's view
 * from the shipper when there is one). `serve` plants its canaries and runs it every few seconds.
 */
export function createPlatformDetector(
  platform: Platform,
  config: Config,
  shipper?: Shipper,
  thresholds?: Partial<DetectionThresholds>,
): Detector {
  const key = loadOrCreateSecretBoxKey(config.secretKeyFile);
  const detector = createDetector({
    cells: platform.cells.map((c) => ({
      name: c.definition.name,
      journal: c.journal,
      db: c.database.db,
      ...fileOf(platform.storage.cellFileIfAny(c.definition.name)),
      ...(c.checkpoints === undefined ? {} : { checkpoints: c.checkpoints }),
    })),
    dataDir: config.dataDir,
    clock: platform.clock,
    canaryKey: canaryKeyOf(key),
    ...(shipper === undefined ? {} : { vault: () => shipper.status() }),
    ...(thresholds === undefined ? {} : { thresholds }),
  });
  platform.onCellReplaced((cell) => detector.forget(cell));
  return detector;
}

/** `{ file }` for a cell kept in a file, nothing for one in a schema: how a detector's cell takes it. */
function fileOf(file: string | undefined): { file?: string } {
  return file === undefined ? {} : { file };
}
