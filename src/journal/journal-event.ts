import type { Kysely } from '../storage/index.ts';
import type { z } from 'zod';
import type { MigrationSet } from '../storage/index.ts';

/** An event as stored in a cell's journal. */
export interface JournalEvent<P = unknown> {
  seq: bigint;
  id: string;
  type: string;
  stream: string;
  at: string;
  actor: string;
  office: string | null;
  payload: P;
  prev: string;
  hash: string;
}

/** What a command supplies; the journal adds seq, id, at, prev and hash. */
export interface EventDraft<P = unknown> {
  stream: string;
  actor: string;
  office?: string | null;
  payload: P;
}

/** The tables every cell's database carries for its journal. */
export interface JournalTables {
  /** An event with its payload as the stored canonical JSON text. */
  journal_event: JournalEvent<string>;
  journal_head: { id: bigint; seq: bigint; hash: string };
  /** A consumer's position in another cell's journal, and the hash of the event at it (null before any). */
  journal_consumer: { source: string; seq: bigint; hash: string | null; updated_at: string };
  /** The Merkle tree's complete subtrees over the event hashes (see tree.ts). */
  journal_tree: { level: bigint; idx: bigint; hash: string };
  /** The cell's signed checkpoints (see checkpoint.ts). */
  journal_checkpoint: { size: bigint; root: string; at: string; key_id: string; signature: string };
  /** Tripwire rows planted by detection; nothing else writes or reads them. */
  journal_canary: { name: string; value: string };
}

/**
 * One kind of event: its payload schema (the JSON form that is stored and hashed) and the projection
 * update that runs both live and during replay, so it must depend on the event alone.
 */
export interface EventType<DB, S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly schema: S;
  apply(db: Kysely<DB>, event: JournalEvent<z.output<S>>): Promise<void>;
  /**
   * Optional: the same as applying the events one by one, in fewer statements, for appendMany. Replay
   * always applies one by one, so `postcore verify` proves the two agree on every cell it checks.
   */
  applyMany?(db: Kysely<DB>, events: ReadonlyArray<JournalEvent<z.output<S>>>): Promise<void>;
}

/** Declares an event type; the identity function that lets TypeScript infer the payload. */
export function defineEvent<DB, S extends z.ZodType>(def: EventType<DB, S>): EventType<DB, S> {
  return def;
}

/** A projection table and the columns that order it for digests. */
export interface ProjectionTable {
  table: string;
  key: readonly string[];
}

/** Everything the journal, replay and verify need to know about a cell. */
export interface CellDefinition<DB extends JournalTables = JournalTables> {
  readonly name: string;
  readonly migrations: MigrationSet;
  readonly events: ReadonlyArray<EventType<DB>>;
  readonly projections: readonly ProjectionTable[];
  /**
   * The cell's own invariants, checked by verify on the same snapshot: each returned string names one that
   * does not hold (e.g. "the core cell holds no geography").
   */
  readonly invariants?: (db: Kysely<DB>) => Promise<string[]>;
  /**
   * What a restore report states of the cell so that people can compare it with what they knew (the
   * ledger's balances, pension and COD totals): plain JSON, amounts as integer strings.
   */
  readonly summary?: (db: Kysely<DB>) => Promise<Record<string, unknown>>;
}
