// What an open platform is: every cell opened over storage, with the jobs that span them (following, checkpoints,
// restore, evidence, verify). openPlatform (open-platform.ts) makes one.
import type { KeyObject } from 'node:crypto';
import type { Core } from '../cells/core/index.ts';
import type { Delivery } from '../cells/delivery/index.ts';
import type { Finance } from '../cells/finance/index.ts';
import type { EvidenceView, Incidents } from '../cells/security/index.ts';
import type { Retail } from '../cells/retail/index.ts';
import type { NoticeSender, Services } from '../cells/services/index.ts';
import type {
  CellDefinition,
  CellVerifyReport,
  Checkpoint,
  Checkpoints,
  Journal,
  JournalTables,
  PublishedKey,
} from '../journal/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { CellDatabase, Storage } from '../storage/index.ts';

/** A cell the platform opened: its definition, database, journal and checkpoints. */
export interface OpenCell<DB extends JournalTables> {
  definition: CellDefinition<DB>;
  database: CellDatabase<DB>;
  journal: Journal<DB>;
  /** Absent when the platform was opened to inspect (it holds no signing key then). */
  checkpoints?: Checkpoints;
}

export interface VerifyOptions {
  /** Verify one cell only. */
  only?: string;
  /** The post's checkpoint keys; by default the public half of the key file in the data dir. */
  keys?: KeyObject[];
  /** Per cell: verify only what is newer than this checkpoint size, or than the newest at or before a time. */
  since?: { at: string } | Partial<Record<string, number>>;
}

export interface Platform {
  /** The server's own files (keys, attachments, evidence, the console's drills), whichever database holds the cells. */
  dataDir: string;
  storage: Storage;
  clock: Clock;
  core: Core;
  finance: Finance;
  delivery: Delivery;
  /** Citizens' dossiers carried between them and state agencies, and the catalogue of procedures. */
  services: Services;
  /** Goods at post offices: the catalogue and prices, stock per office, sales and orders. */
  retail: Retail;
  /** Incident modes of the other cells, two-person requests, detection's alerts (the security cell). */
  security: Incidents;
  cells: ReadonlyArray<OpenCell<JournalTables>>;
  /**
   * Runs the background work once: the finance cell catches up with the core cell's journal (new offices'
   * accounts), the delivery cell's (fees, COD) and the retail cell's (goods, sales, orders), and releases expired
   * pending transfers; the services cell hands its dossiers' legs to the delivery cell, follows its journal, and
   * sends its notices. `serve` runs it every second; delivery's routes run it after each command, so a fee is in
   * the till when the clerk looks.
   */
  sync(): Promise<{
    chart: number;
    delivery: number;
    services: number;
    /** Retail events finance posted (goods, sales, returns, orders). */
    retail: number;
    expired: number;
    /** Dossier legs handed to the delivery cell, what the services cell learned of them, notices sent. */
    legs: number;
    followed: number;
    notices: number;
    /** Orders' parcels handed to the delivery cell, and what the retail cell learned of them. */
    orders: number;
    ordersFollowed: number;
  }>;
  /**
   * From now on the finance cell applies only the events of other cells that `durable(cell)` says are safe
   * (the vault holds them): `serve` does this when the vault confirms writes, so that a restore to what the
   * vault holds never leaves finance with effects of lost events. Undefined from `durable`: nothing yet.
   */
  followDurable(durable: (cell: string) => bigint | undefined): void;
  /**
   * Cuts a signed checkpoint in every cell whose cadence is due (`force`: every cell with new events);
   * `serve` runs it every second. Returns the checkpoints cut.
   */
  checkpoint(force?: boolean): Promise<Checkpoint[]>;
  /** The checkpoints of a cell; `checkpoint_not_found` for a cell postcore does not have. */
  checkpointsOf(cell: string): Checkpoints;
  /** The public key that signs checkpoints, as /v1/checkpoints/key publishes it. */
  checkpointKey(): PublishedKey;
  /**
   * Carries out an approved restore request: the cell (isolated) gets the database restored under
   * `<data dir>/restores/<name>` by `postcore restore` (its report must show it verified), put in place under
   * the running server; the replaced data is kept as evidence. The cell stays isolated until two people
   * return it to service.
   */
  applyRestore(requestId: string, name: string, actor: string): Promise<AppliedRestore>;
  /**
   * What `postcore restore --request ID` has recorded under `<data dir>/restores/` for a restore request: its
   * phases as they end and, once done, its report; `not_started` while nothing is there.
   */
  restoreProgress(requestId: string): Promise<RestoreProgressView>;
  /** Called after a cell's database was replaced (detection starts its checks of that cell over). */
  onCellReplaced(listener: (cell: string) => void): void;
  /**
   * Captures evidence (files and their hashes, alerts, checkpoints, processes, the recent log) into a signed
   * manifest of the chain of custody; `serve` does on every cell shut, officers on demand.
   */
  captureEvidence(
    what: { cell: string | null; reason: string },
    actor: string,
    logs?: () => readonly string[],
  ): Promise<EvidenceView & { path: string }>;
  /**
   * Verifies every open cell: chain, head, checkpoints (signature, root, consistency), replay digest and
   * invariants; one report per cell.
   */
  verify(options?: VerifyOptions): Promise<CellVerifyReport[]>;
  close(): Promise<void>;
}

export interface AppliedRestore {
  request_id: string;
  cell: string;
  head_seq: string;
  /** Where the replaced database went (a file under evidence/replaced/, or a schema). */
  kept: string;
  report_sha256: string;
  /**
   * Cells that had already consumed events of this cell beyond the restored head (events lost with the
   * attack): their effects must be reconciled by hand.
   */
  consumers_ahead: Array<{ consumer: string; position: string; head_seq: string }>;
}

/** A restore's progress as the security console shows it (see restoreProgress). */
export interface RestoreProgressView {
  request_id: string;
  state: 'not_started' | 'running' | 'done' | 'failed';
  /** The directory under restores/ the copy goes to: what applying the request takes. */
  name: string | null;
  cells: string[];
  target: string | null;
  started_at: string | null;
  updated_at: string | null;
  phases: Array<{ phase: string; cell: string | null; at: string; detail: string }>;
  error: { code: string; message: string; message_vi: string } | null;
  /** restore-report.json once the restore is done, and its text (restore-report.txt). */
  report: Record<string, unknown> | null;
  report_text: string | null;
}

/** Where `postcore restore --into` puts a copy for a running server to take: `<data dir>/restores/<name>`. */
export const RESTORES_DIR = 'restores';

export interface PlatformOptions {
  clock?: Clock;
  /**
   * 'serve' and 'migrate' create and migrate cell databases and load the geography on first start;
   * 'inspect' (verify and every command that only reads) opens only a post that exists: a data dir, database
   * file or schema that is not there, or not migrated, is refused naming where it was looked for. It creates
   * nothing (no directory, no key), migrates and loads nothing, and does not catch finance up; the keys are
   * read if they are there, and what needs one that is not (a receipt's proof) is refused naming its file.
   */
  mode?: 'serve' | 'inspect';
  /**
   * Open the demo on first start; `serve` does unless POSTCORE_DEMO=false. `true`: the network, its people,
   * parcels in flight and the day at the demo offices (vault cash, a pension month payable today, rounds);
   * `'network'`: all but the day, for a caller that seeds its own month (the drill).
   */
  demo?: boolean | 'network';
  /**
   * Leave finance's following of the other cells to `sync()` instead of catching up while opening (default
   * true): `serve` with writes confirmed by the vault, whose limit (`followDurable`) is set only afterwards.
   */
  drain?: boolean;
  /** Where the services cell's messages to citizens go (an SMS gateway); by default nowhere but the outbox. */
  notices?: NoticeSender;
}
