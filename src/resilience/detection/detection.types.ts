// What every check of detection shares: a finding, the cells it looks at, its thresholds, the detector's
// dependencies and its face.
import type { SIGNALS } from '../../cells/security/index.ts';
import type { Checkpoints, Journal, JournalTables } from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { CellDatabase } from '../../storage/index.ts';
import type { CellShippingStatus } from '../shipping.ts';

type Signal = (typeof SIGNALS)[number];

export interface Finding {
  signal: Signal;
  cell: string | null;
  severity: 'warning' | 'high' | 'critical';
  message: string;
  evidence: Record<string, unknown>;
  /** What makes a finding the same as an open one. */
  key: string;
  /** Isolate the cell at once. */
  isolate: boolean;
}

export interface DetectionCell {
  name: string;
  journal: Pick<Journal<JournalTables>, 'readAfter' | 'head'>;
  db: CellDatabase<JournalTables>['db'];
  /** The cell's SQLite file; undefined on PostgreSQL. */
  file?: string;
  checkpoints?: Pick<Checkpoints, 'get'>;
}

export interface DetectionThresholds {
  /** Events a tick checks at most, for new events and for the sweep over older ones each. */
  eventsPerTick: number;
  /** Full `quick_check` of each SQLite file this often. */
  integritySeconds: number;
  /** Bits per byte over the sampled pages above which a database file is taken as encrypted. */
  entropyBits: number;
  /** An actor's events in one minute above this many, and `burstFactor` times their usual minute, is a burst. */
  burstFloor: number;
  burstFactor: number;
  /** Files of the data dir (outside the databases) removed, renamed or rewritten in one tick: a mass change. */
  massChangeFiles: number;
  /** Seconds the vault may stay unreachable (or behind) before an alert. */
  vaultSeconds: number;
}

export interface DetectorDeps {
  cells: readonly DetectionCell[];
  dataDir: string;
  clock: Clock;
  /** Derives the canaries' contents: a key the server holds (never journaled). */
  canaryKey: Buffer;
  /** The shipper's view of the vault, when the platform ships to one. */
  vault?: () => Promise<CellShippingStatus[]>;
  thresholds?: Partial<DetectionThresholds>;
}

export interface Detector {
  /** Plants the canaries that are missing and takes the first look at the data dir. */
  start(): Promise<void>;
  /**
   * Runs every check once: the findings (the caller raises alerts and isolates), and the checks that could
   * not run. One check failing never hides what the others found.
   */
  tick(): Promise<{ findings: Finding[]; errors: Array<{ check: string; error: unknown }> }>;
  /** Starts the checks of a cell over (its database was replaced by a restored copy). */
  forget(cell: string): void;
}
