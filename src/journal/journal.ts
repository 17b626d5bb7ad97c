import type { Kysely } from '../storage/index.ts';
import type { z } from 'zod';
import { canonicalJson } from '../platform/canonical-json.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { hashEvent } from './chain.ts';
import { JournalError } from './journal-error.ts';
import type { CellDefinition, EventDraft, EventType, JournalEvent, JournalTables } from './journal-event.ts';
import * as repo from './journal.repository.ts';
import { underSavepoint, writeTransaction } from '../storage/index.ts';

/** A cell's journal: the only way its state changes. */
export interface Journal<DB extends JournalTables> {
  readonly cell: string;
  /**
   * Runs fn in one write transaction: the events it appends and their projections commit together, and
   * commands on one cell queue rather than fail, across processes too.
   */
  transaction<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
  /**
   * Runs fn once the transaction trx belongs to has ended, told whether it committed: what is told to another
   * cell (security's alerts) without holding this transaction open, and never of what it undid. For a trx this
   * journal did not open, at once, as committed. fn's errors are warnings: the transaction's outcome stands.
   */
  afterTransaction(trx: Kysely<DB>, fn: (committed: boolean) => Promise<void>): Promise<void>;
  /** Takes the journal's write lock early, for a command that must read before it decides to append. */
  lock(trx: Kysely<DB>): Promise<{ seq: bigint; hash: string }>;
  /** How many events of a type the journal holds: what has happened, whatever the tables now say. */
  countEvents(db: Kysely<DB>, type: string): Promise<bigint>;
  /** Validates, chains, stores and applies one event inside the caller's transaction. */
  append<S extends z.ZodType>(
    trx: Kysely<DB>,
    type: EventType<DB, S>,
    draft: EventDraft<z.input<S>>,
  ): Promise<JournalEvent<z.output<S>>>;
  /** The same for many events of one type, with one lock and chunked inserts: bulk work. */
  appendMany<S extends z.ZodType>(
    trx: Kysely<DB>,
    type: EventType<DB, S>,
    drafts: ReadonlyArray<EventDraft<z.input<S>>>,
  ): Promise<Array<JournalEvent<z.output<S>>>>;
  /** Appends an event named by its type string, e.g. from an import; unknown types are refused. */
  appendByName(trx: Kysely<DB>, type: string, draft: EventDraft): Promise<JournalEvent>;
  /** Stored events after a seq, in order, payloads parsed from their JSON. */
  readAfter(after: bigint, limit: number): Promise<JournalEvent[]>;
  /** The seq and hash of the last event (seq 0 and the genesis hash for an empty journal). */
  head(): Promise<{ seq: bigint; hash: string }>;
  /**
   * Writes already-chained events (from another copy of this cell's journal) and applies them; used by
   * replay and restore. The chain is checked as they go in.
   */
  importEvents(trx: Kysely<DB>, events: readonly JournalEvent[]): Promise<void>;
  /**
   * Applies events to the projections only, without writing or checking the journal's own tables: verify's
   * replay, after the same snapshot's chain has been checked.
   */
  applyEvents(trx: Kysely<DB>, events: readonly JournalEvent[]): Promise<void>;
}

export interface JournalDeps<DB extends JournalTables> {
  cell: CellDefinition<DB>;
  db: Kysely<DB>;
  clock: Clock;
  /**
   * Group commit: transactions asked for while one is being written wait, then share one commit, each under its
   * own savepoint (a failing one undone alone, the others committed). A cell's writes are serialised by the
   * journal's lock and each commit waits for the disk: with many counters at once, one fsync then serves them
   * all. Alone, a transaction runs as without it. Each caller is answered once its commit is durable.
   */
  groupCommit?: { max: number };
}

const MAX_STREAM = 200;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkDraft(type: string, draft: EventDraft, index: number | undefined): void {
  const where = index === undefined ? '' : ` (draft ${index})`;
  const bad = (field: string, what: string): never => {
    throw new JournalError(
      'invalid_event',
      `Event ${type}${where}: ${field} ${what}`,
      `Sự kiện ${type} không hợp lệ: trường ${field} ${what}`,
      { type, field },
    );
  };
  if (typeof draft.stream !== 'string' || draft.stream.length === 0 || draft.stream.length > MAX_STREAM)
    bad('stream', `must be a non-empty string of at most ${MAX_STREAM} characters`);
  if (typeof draft.actor !== 'string' || draft.actor.length === 0) bad('actor', 'must be a non-empty string');
  if (draft.office !== undefined && draft.office !== null && typeof draft.office !== 'string')
    bad('office', 'must be a string or null');
  // A lone surrogate would be stored as U+FFFD and the event would fail its own hash forever; NUL and other
  // control characters do not belong in identifiers (and PostgreSQL cannot store NUL).
  for (const [field, value] of [
    ['stream', draft.stream],
    ['actor', draft.actor],
    ['office', draft.office],
  ] as const) {
    if (typeof value === 'string' && (!value.isWellFormed() || CONTROL.test(value)))
      bad(field, 'must be well-formed text without control characters');
  }
}

/** Names every failing field of a payload, so the caller knows what to fix. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map(
      (i) =>
        `payload${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`,
    )
    .join('; ');
}

function parsePayload<S extends z.ZodType>(
  type: EventType<unknown, S>,
  payload: unknown,
  where: string,
): z.output<S> {
  const parsed = type.schema.safeParse(payload);
  if (!parsed.success) {
    const detail = describeIssues(parsed.error);
    throw new JournalError(
      'invalid_payload',
      `Event ${type.type}${where} refused, nothing was written: ${detail}`,
      `Sự kiện ${type.type} bị từ chối, không có gì được ghi: ${detail}`,
      { type: type.type, issues: parsed.error.issues.slice(0, 10) },
    );
  }
  return parsed.data;
}

function canonicalPayload(type: string, payload: unknown): string {
  try {
    return canonicalJson(payload);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new JournalError(
      'invalid_payload',
      `Event ${type} refused, its payload is not plain JSON: ${detail}`,
      `Sự kiện ${type} bị từ chối: dữ liệu không phải JSON hợp lệ`,
      { type },
    );
  }
}

/** Creates the journal of one cell over that cell's database. */
export function createJournal<DB extends JournalTables>(deps: JournalDeps<DB>): Journal<DB> {
  const { cell, clock } = deps;
  const types = new Map<string, EventType<DB>>();
  for (const t of cell.events) {
    if (!t.type.startsWith(`${cell.name}.`))
      throw new Error(`event type ${t.type} does not belong to cell ${cell.name}`);
    if (types.has(t.type)) throw new Error(`event type ${t.type} declared twice`);
    types.set(t.type, t);
  }
  const j = (db: Kysely<DB>) => db as unknown as Kysely<JournalTables>;
  const insertCache: repo.InsertCache = new Map();
  // The head as of the lock, per open transaction: once a transaction holds the lock, no one else moves the
  // head, so a command that locks, then appends to the ledger and to its own events, asks the database once.
  const heads = new WeakMap<object, repo.HeadRow>();
  // What runs once each open transaction ends, by its trx (journal.transaction opens them).
  const ending = new WeakMap<object, Array<(committed: boolean) => Promise<void>>>();
  // SQLite's write transaction runs on a connection, not a Kysely transaction: one journal.transaction opened is
  // as much a transaction as one that says so.
  const open = (trx: Kysely<DB>) => trx.isTransaction || ending.has(trx);
  const lockHead = async (trx: Kysely<DB>): Promise<repo.HeadRow> => {
    const known = open(trx) ? heads.get(trx) : undefined;
    if (known !== undefined) return known;
    const head = await repo.lockHead(j(trx));
    if (open(trx)) heads.set(trx, head);
    return head;
  };
  const runEnding = async (
    hooks: ReadonlyArray<(committed: boolean) => Promise<void>>,
    committed: boolean,
  ) => {
    for (const h of hooks)
      await h(committed).catch((err: unknown) =>
        process.emitWarning(`after a transaction of cell ${cell.name}: ${String(err)}`),
      );
  };
  async function single<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    const hooks: Array<(committed: boolean) => Promise<void>> = [];
    let result: T;
    try {
      result = await writeTransaction(deps.db, (trx) => {
        ending.set(trx, hooks);
        return fn(trx);
      });
    } catch (err) {
      await runEnding(hooks, false);
      throw err;
    }
    await runEnding(hooks, true);
    return result;
  }

  // Group commit: the transactions waiting while one is written, taken together.
  interface Waiting {
    fn: (trx: Kysely<DB>) => Promise<unknown>;
    resolve: (value: unknown) => void;
    reject: (err: unknown) => void;
  }
  const waiting: Waiting[] = [];
  let writing = false;
  async function together(batch: readonly Waiting[]): Promise<void> {
    const outcomes: Array<{ ok: boolean; value: unknown; hooks: Array<(c: boolean) => Promise<void>> }> = [];
    try {
      await writeTransaction(deps.db, async (trx) => {
        for (const [i, w] of batch.entries()) {
          const hooks: Array<(committed: boolean) => Promise<void>> = [];
          ending.set(trx, hooks);
          try {
            outcomes.push({
              ok: true,
              value: await underSavepoint(trx, `journal_group_${i}`, () => w.fn(trx)),
              hooks,
            });
          } catch (err) {
            // Its appends were undone with it: the head is read again by the next one.
            heads.delete(trx);
            outcomes.push({ ok: false, value: err, hooks });
          }
        }
      });
    } catch (err) {
      for (const [i, w] of batch.entries()) {
        await runEnding(outcomes[i]?.hooks ?? [], false);
        w.reject(err);
      }
      return;
    }
    for (const [i, w] of batch.entries()) {
      const o = outcomes[i]!;
      await runEnding(o.hooks, o.ok);
      if (o.ok) w.resolve(o.value);
      else w.reject(o.value);
    }
  }
  async function drain(max: number): Promise<void> {
    writing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.splice(0, max);
        if (batch.length === 1) {
          const [w] = batch;
          await single(w!.fn).then(w!.resolve, w!.reject);
        } else await together(batch);
      }
    } finally {
      writing = false;
    }
  }
  function transaction<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    const group = deps.groupCommit;
    if (group === undefined) return single(fn);
    return new Promise<T>((resolve, reject) => {
      waiting.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!writing) void drain(group.max);
    });
  }

  const registered = <S extends z.ZodType>(type: EventType<DB, S>): void => {
    if (types.get(type.type) !== (type as unknown as EventType<DB>)) {
      throw new JournalError(
        'unknown_event_type',
        `Event type ${type.type} is not registered in cell ${cell.name}; nothing was written`,
        `Loại sự kiện ${type.type} không thuộc phân hệ ${cell.name}`,
        { type: type.type },
      );
    }
  };

  async function appendPrepared<S extends z.ZodType>(
    trx: Kysely<DB>,
    type: EventType<DB, S>,
    drafts: ReadonlyArray<EventDraft<z.input<S>>>,
  ): Promise<Array<JournalEvent<z.output<S>>>> {
    registered(type);
    // Everything is validated before the first write, so a refused draft leaves no trace.
    const prepared = drafts.map((draft, i) => {
      const where = drafts.length > 1 ? ` (draft ${i})` : '';
      checkDraft(type.type, draft, drafts.length > 1 ? i : undefined);
      const data = parsePayload(type as EventType<unknown, S>, draft.payload, where);
      return { draft, data, payload: canonicalPayload(type.type, draft.payload) };
    });
    if (prepared.length === 0) return [];
    const head = await lockHead(trx);
    const at = clock.now().toISOString();
    let seq = head.seq;
    let prev = head.hash;
    const rows: repo.EventRow[] = [];
    const events: Array<JournalEvent<z.output<S>>> = [];
    for (const p of prepared) {
      seq += 1n;
      const row: repo.EventRow = {
        seq,
        id: newId('evt'),
        type: type.type,
        stream: p.draft.stream,
        at,
        actor: p.draft.actor,
        office: p.draft.office ?? null,
        payload: p.payload,
        prev,
        hash: '',
      };
      // hashEvent reads every field but hash, which is filled in from it.
      row.hash = hashEvent(row);
      rows.push(row);
      events.push({ ...row, payload: p.data });
      prev = row.hash;
    }
    await repo.insertEvents(j(trx), rows, insertCache);
    await repo.setHead(j(trx), { seq, hash: prev });
    if (open(trx)) heads.set(trx, { seq, hash: prev });
    if (type.applyMany !== undefined && events.length > 1) await type.applyMany(trx, events);
    else for (const e of events) await type.apply(trx, e);
    return events;
  }

  const toEvent = (row: repo.EventRow): JournalEvent => ({
    ...row,
    payload: JSON.parse(row.payload) as unknown,
  });

  /** The event's type and its payload parsed by the type's schema; unknown types and bad payloads throw. */
  const typed = (e: JournalEvent): { type: EventType<DB>; data: unknown } => {
    const type = types.get(e.type);
    if (type === undefined) {
      throw new JournalError(
        'unknown_event_type',
        `Cell ${cell.name}: event seq ${e.seq} has unknown type ${e.type}`,
        `Sự kiện số ${e.seq} có loại không xác định ${e.type}`,
        { seq: e.seq.toString(), type: e.type },
      );
    }
    return { type, data: parsePayload(type as EventType<unknown>, e.payload, ` at seq ${e.seq}`) };
  };
  /** Applies events in order; a run of one type with `applyMany` goes in one call, as when appended. */
  const applyAll = async (trx: Kysely<DB>, applied: Array<{ type: EventType<DB>; event: JournalEvent }>) => {
    for (let i = 0; i < applied.length;) {
      const { type } = applied[i]!;
      let end = i + 1;
      if (type.applyMany !== undefined) while (end < applied.length && applied[end]!.type === type) end++;
      const run = applied.slice(i, end).map((a) => a.event);
      try {
        if (run.length > 1) await type.applyMany!(trx, run);
        else await type.apply(trx, run[0]!);
      } catch (err) {
        const first = run[0]!;
        const detail = err instanceof Error ? err.message : String(err);
        const seqs = run.length > 1 ? `seq ${first.seq}..${run.at(-1)!.seq}` : `seq ${first.seq}`;
        throw new JournalError(
          'replay_failed',
          `Cell ${cell.name}: applying event ${seqs} (${first.type}) failed: ${detail}`,
          `Không áp dụng được sự kiện số ${first.seq} của phân hệ ${cell.name}`,
          { seq: first.seq.toString(), type: first.type },
          { cause: err },
        );
      }
      i = end;
    }
  };

  return {
    cell: cell.name,
    transaction,
    async afterTransaction(trx, fn) {
      const hooks = ending.get(trx);
      if (hooks === undefined) await runEnding([fn], true);
      else hooks.push(fn);
    },
    lock: (trx) => lockHead(trx),
    countEvents: (db, type) => repo.countEventsOfType(j(db), type),
    async append(trx, type, draft) {
      const [event] = await appendPrepared(trx, type, [draft]);
      return event!;
    },
    appendMany: appendPrepared,
    async appendByName(trx, typeName, draft) {
      const type = types.get(typeName);
      if (type === undefined) {
        throw new JournalError(
          'unknown_event_type',
          `Unknown event type ${JSON.stringify(typeName)} for cell ${cell.name}; nothing was written`,
          `Loại sự kiện ${typeName} không tồn tại trong phân hệ ${cell.name}`,
          { type: typeName },
        );
      }
      const [event] = await appendPrepared(trx, type, [draft]);
      return event as JournalEvent;
    },
    async readAfter(after, limit) {
      return (await repo.readEventsAfter(j(deps.db), after, limit)).map(toEvent);
    },
    head: () => repo.readHead(j(deps.db)),
    async importEvents(trx, events) {
      if (events.length === 0) return;
      let head = await lockHead(trx);
      const rows: repo.EventRow[] = [];
      const applied: Array<{ type: EventType<DB>; event: JournalEvent }> = [];
      for (const e of events) {
        const payload = canonicalPayload(e.type, e.payload);
        if (e.seq !== head.seq + 1n || e.prev !== head.hash || hashEvent({ ...e, payload }) !== e.hash) {
          throw new JournalError(
            'replay_failed',
            `Cell ${cell.name}: event seq ${e.seq} does not extend the chain at seq ${head.seq}`,
            `Nhật ký phân hệ ${cell.name} bị đứt tại số thứ tự ${e.seq}`,
            { seq: e.seq.toString() },
          );
        }
        const { type, data } = typed(e);
        rows.push({ ...e, payload });
        applied.push({ type, event: { ...e, payload: data } });
        head = { seq: e.seq, hash: e.hash };
      }
      await repo.insertEvents(j(trx), rows, insertCache);
      await repo.setHead(j(trx), head);
      if (open(trx)) heads.set(trx, head);
      await applyAll(trx, applied);
    },
    async applyEvents(trx, events) {
      await applyAll(
        trx,
        events.map((e) => {
          const { type, data } = typed(e);
          return { type, event: { ...e, payload: data } };
        }),
      );
    },
  };
}

/** How many events of a type a cell's journal holds (for a cell's invariants). */
export function countEventsOfType<DB extends JournalTables>(db: Kysely<DB>, type: string): Promise<bigint> {
  return repo.countEventsOfType(db as unknown as Kysely<JournalTables>, type);
}
