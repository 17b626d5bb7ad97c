// Idempotency keys as the journal records them: a command that takes a client's key appends, in its own
// transaction, one `<cell>.request.answered` event naming the key, a hash of the request and what it answered.
// So a retry after a committed command finds the first answer, two concurrent requests under one key make one
// effect (the second waits for the journal's lock, then finds the first), and replay rebuilds the record.
import type { Kysely } from '../storage/index.ts';
import { z } from 'zod';
import { canonicalJson } from '../platform/canonical-json.ts';
import { sha256Hex } from '../platform/hash.ts';
import { defineEvent, type EventType, type JournalTables, type ProjectionTable } from './journal-event.ts';
import type { Journal } from './journal.ts';
import * as repo from './request-key.repository.ts';
import type { RequestKeyTables } from './request-key.repository.ts';

export type { RequestKeyTables } from './request-key.repository.ts';

/** What a client's idempotency key stands for inside a cell. */
export interface RequestKey {
  /** SHA-256 of who asks, for what, and the client's key: one person's key never meets another's. */
  key: string;
  /** SHA-256 of the request's canonical JSON: the same key with another request is refused. */
  request: string;
  /** The key as the client sent it, for messages only; the journal keeps only the hash. */
  given: string;
}

/** 1 to 100 printable ASCII characters, no space: a UUID, a ULID or any client-made token fits. */
export const REQUEST_KEY_PATTERN = /^[\x21-\x7e]{1,100}$/;

/**
 * The key a command records: `scope` names who asks and for what (the actor and the route), `request` is
 * what they asked (plain JSON: parameters and body), hashed canonically so key order does not matter.
 */
export function requestKey(scope: string, given: string, request: unknown): RequestKey {
  return {
    key: sha256Hex(`${scope}\n${given}`),
    request: sha256Hex(canonicalJson(request)),
    given,
  };
}

/** The projection of the answered keys, for a cell's definition (digested by verify). */
export const REQUEST_KEY_TABLE: ProjectionTable = { table: 'request_key', key: ['key'] };

const answeredSchema = z.object({
  key: z.string().regex(/^[0-9a-f]{64}$/),
  request: z.string().regex(/^[0-9a-f]{64}$/),
  result: z.string().min(1).max(200),
});

/** The event a cell registers to record its answered keys: `<cell>.request.answered`. */
export function requestAnswered<DB extends JournalTables & RequestKeyTables>(
  cell: string,
): EventType<DB, typeof answeredSchema> {
  return defineEvent<DB, typeof answeredSchema>({
    type: `${cell}.request.answered`,
    schema: answeredSchema,
    apply: (db, e) =>
      repo.insertRequestKey(db as unknown as Kysely<RequestKeyTables>, {
        key: e.payload.key,
        request: e.payload.request,
        result: e.payload.result,
        actor: e.actor,
        at: e.at,
      }),
  });
}

/** A cell's keyed commands' two steps, both inside the command's own transaction. */
export interface RequestKeys<DB> {
  /**
   * Takes the journal's lock, then returns what the first request under this key answered (null when this
   * request is the first, or has no key: the server's own callers, the seed and tests); the same key with a
   * different request throws the cell's idempotency_key_reused.
   */
  first(trx: Kysely<DB>, req: RequestKey | undefined): Promise<string | null>;
  /** Records what this request answered (an id the command can load again), with the command's events. */
  answered(
    trx: Kysely<DB>,
    req: RequestKey | undefined,
    result: string,
    by: { actor: string; office: string | null },
  ): Promise<void>;
}

export interface RequestKeysDeps<DB extends JournalTables & RequestKeyTables> {
  journal: Journal<DB>;
  event: EventType<DB, typeof answeredSchema>;
  /** The cell's own idempotency_key_reused error with these messages. */
  reused(message: string, messageVi: string, details: Record<string, unknown>): Error;
}

/** The keyed-command steps over one cell's journal. */
export function createRequestKeys<DB extends JournalTables & RequestKeyTables>(
  deps: RequestKeysDeps<DB>,
): RequestKeys<DB> {
  const { journal, event } = deps;
  return {
    async first(trx, req) {
      await journal.lock(trx);
      if (req === undefined) return null;
      const row = await repo.findRequestKey(trx as unknown as Kysely<RequestKeyTables>, req.key);
      if (row === undefined) return null;
      if (row.request !== req.request)
        throw deps.reused(
          `Idempotency-Key ${JSON.stringify(req.given)} was already used for a different request (on ${row.at}): send a new key with a new request, or the same request to get its first answer`,
          `Khóa chống lặp (Idempotency-Key) ${JSON.stringify(req.given)} đã được dùng cho một yêu cầu khác: hãy dùng khóa mới cho yêu cầu mới`,
          { field: 'idempotency-key', first_at: row.at },
        );
      return row.result;
    },
    async answered(trx, req, result, by) {
      if (req === undefined) return;
      await journal.append(trx, event, {
        stream: `request:${req.key.slice(0, 32)}`,
        actor: by.actor,
        office: by.office,
        payload: { key: req.key, request: req.request, result },
      });
    },
  };
}
