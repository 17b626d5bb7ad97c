// What verify reports and what it is given, shared by the walks (on one thread or on workers), the
// journal's checks and the cell's.
import type { KeyObject } from 'node:crypto';
import type { Clock } from '../platform/clock.ts';
import type { Kysely, Storage, StorageConfig } from '../storage/index.ts';
import type { CellDefinition, JournalTables } from './journal-event.ts';

export type VerifyCheck =
  | 'seq'
  | 'prev'
  | 'hash'
  | 'head'
  | 'checkpoint_key'
  | 'checkpoint_signature'
  | 'checkpoint_root'
  | 'checkpoint_consistency'
  | 'tree'
  | 'replay'
  | 'projection'
  | 'invariant'
  | 'consumer'
  | 'canary'
  | 'bookkeeping'
  | 'unknown_table';

export interface VerifyFailure {
  check: VerifyCheck;
  /** The event's seq, or for a projection the journal head it was compared at. */
  seq: string;
  table?: string;
  key?: Record<string, string>;
  message: string;
}

export interface CellVerifyReport {
  cell: string;
  ok: boolean;
  /** Events walked: every one, or with `since` the ones after it. */
  events: string;
  headSeq: string;
  /** Signed checkpoints checked (signature, root from the events, consistency with the one before). */
  checkpoints: number;
  /** The checkpoint size the walk started after (--since); the replay does not run then. */
  since?: number;
  /** Digest of the live projection tables (absent when replay did not run). */
  digest?: string;
  failures: VerifyFailure[];
  ms: number;
}

export interface VerifyDeps<DB extends JournalTables> {
  cell: CellDefinition<DB>;
  db: Kysely<DB>;
  storage: Storage;
  clock: Clock;
  /** Stop collecting chain failures after this many. */
  maxFailures?: number;
  /** The post's checkpoint keys by id; a checkpoint signed by any other key fails verify. */
  keys?: ReadonlyMap<string, KeyObject>;
  /**
   * Verify only what is newer than this checkpoint (a size in this cell, or the newest one at or before a
   * time): the walk starts from its signed root; the replay is skipped.
   */
  since?: number | { at: string };
  /**
   * Walk the journal on worker threads, each with its own connection (large journals; not with `since`);
   * `cell` names the database when it is not the cell's name.
   */
  parallel?: Omit<ParallelOptions, 'cell'> & { cell?: string };
  /**
   * The hash of another cell's event at a seq (undefined past its end, or for no such cell; '' at seq 0 of a
   * cell that is there): checks this cell's consumer positions.
   */
  sourceHash?: (source: string, seq: bigint) => Promise<string | undefined>;
  /**
   * The canary rows detection plants in this cell: their names, and their values when the sealing key they are
   * derived from is at hand. A cell where none were planted yet (never served) has none.
   */
  canaries?: {
    rows: ReadonlyArray<{ name: string; value?: string }>;
    /** Detection planted them (its files are in the data dir): an empty table is then a finding too. */
    planted?: boolean;
  };
}

export interface ParallelOptions {
  /** How a worker opens the cell's database on its own connection. */
  storage: StorageConfig;
  cell: string;
  workers: number;
  /** log2 of the block size; 16 (65,536 events) by default. */
  blockBits?: number;
}

/** What a walk of the chain found, on one thread or on workers. */
export interface ChainWalk {
  failures: VerifyFailure[];
  events: bigint;
  last: { seq: bigint; hash: string };
  /** The recomputed root at `rootAt` (hex), when the walk got that far. */
  rootAt?: string;
}

export interface JournalVerifyReport {
  failures: VerifyFailure[];
  /** Events walked: every one, or with `since` the ones after it. */
  events: bigint;
  /** The last event walked (seq 0 when none was). */
  headSeq: bigint;
  checkpoints: number;
  since?: number;
}
