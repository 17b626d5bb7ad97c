import { sha256Hex } from '../platform/hash.ts';
import type { JournalEvent } from './journal-event.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an event's hash covers: every field but the hash, payload as its stored canonical JSON. */
export type HashedFields = Omit<JournalEvent<string>, 'hash'>;

/**
 * The RFC 8785 canonical JSON of the event without its hash, built directly: keys in code-unit order,
 * strings as JSON.stringify writes them (which is what RFC 8785 prescribes), and the payload already
 * canonical. A test checks this against the canonicalize library on random events.
 */
export function hashInput(e: HashedFields): string {
  return (
    `{"actor":${JSON.stringify(e.actor)},"at":${JSON.stringify(e.at)},"id":${JSON.stringify(e.id)},` +
    `"office":${e.office === null ? 'null' : JSON.stringify(e.office)},"payload":${e.payload},` +
    `"prev":${JSON.stringify(e.prev)},"seq":${e.seq.toString()},"stream":${JSON.stringify(e.stream)},` +
    `"type":${JSON.stringify(e.type)}}`
  );
}

/** SHA-256 of the canonical JSON of every field but the hash: the link of the chain. */
export function hashEvent(e: HashedFields): string {
  return sha256Hex(hashInput(e));
}
