// Verifying every open cell: chain, head, checkpoints, replay digest, canaries and invariants.
import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Config } from '../config.ts';
import {
  keyIdOf,
  readSignerPublicKey,
  verifyCell,
  type CellVerifyReport,
  type JournalTables,
} from '../journal/index.ts';
import type { Clock } from '../platform/clock.ts';
import { readSecretBoxKey } from '../platform/secret-box.ts';
import { canaryKeyOf, canaryRows, canariesPlanted } from '../resilience/detection/index.ts';
import type { Storage } from '../storage/index.ts';
import type { OpenCell, VerifyOptions } from './platform.ts';

export interface VerifyDeps {
  config: Config;
  storage: Storage;
  clock: Clock;
  cells: ReadonlyArray<OpenCell<JournalTables>>;
  /** The platform's signer, when it holds the checkpoint key; its public half is trusted. */
  signer: { publicKey: KeyObject } | undefined;
}

/** Platform.verify: see there. */
export async function verifyPlatform(deps: VerifyDeps, options: VerifyOptions): Promise<CellVerifyReport[]> {
  const { config, storage, clock, cells, signer } = deps;
  const own = signer?.publicKey ?? readSignerPublicKey(config.checkpointKeyFile);
  const trusted = options.keys ?? (own === undefined ? [] : [own]);
  const keys = new Map(trusted.map((k) => [keyIdOf(k), k]));
  const reports: CellVerifyReport[] = [];
  // The canaries' values are derived from the sealing key; without it (a copy checked elsewhere) only
  // their names are checked. Verify never creates the key.
  const sealing = readSecretBoxKey(config.secretKeyFile);
  const canaryKey = sealing === undefined ? undefined : canaryKeyOf(sealing);
  const sourceHash = async (source: string, seq: bigint) => {
    const journal = cells.find((x) => x.definition.name === source)?.journal;
    if (journal === undefined) return undefined;
    if (seq === 0n) return ''; // the start of a journal that is there
    const [event] = await journal.readAfter(seq - 1n, 1);
    return event?.seq === seq ? event.hash : undefined;
  };
  for (const c of cells) {
    const name = c.definition.name;
    if (options.only !== undefined && name !== options.only) continue;
    const since =
      options.since === undefined ? undefined : 'at' in options.since ? options.since : options.since[name];
    reports.push(
      await verifyCell({
        cell: c.definition,
        db: c.database.db,
        storage,
        clock,
        keys,
        sourceHash,
        canaries: { rows: canaryRows(name, canaryKey), planted: canariesPlanted(config.dataDir) },
        ...(since === undefined ? {} : { since: since as number | { at: string } }),
        parallel: { storage: config.storage, workers: availableParallelism() },
      }),
    );
  }
  return reports;
}
