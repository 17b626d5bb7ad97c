// The journal's signal (chain_broken): each cell's new events checked as they come, from the last one seen,
// and the older ones swept a window per tick; a head that went back or names another hash.
import { GENESIS_HASH, hashEvent, type JournalEvent } from '../../journal/index.ts';
import { canonicalJson } from '../../platform/canonical-json.ts';
import type { DetectionCell, DetectionThresholds, Finding } from './detection.types.ts';

interface ChainCursor {
  seq: bigint;
  hash: string;
}

function hashOf(e: JournalEvent): string {
  return hashEvent({ ...e, payload: canonicalJson(e.payload) });
}

/** The chain check of each cell: where its new events were last seen up to, and where its sweep is. */
export function createChainCheck(t: DetectionThresholds) {
  const tails = new Map<string, ChainCursor>();
  const sweeps = new Map<string, ChainCursor>();

  async function chain(
    cell: DetectionCell,
    cursor: ChainCursor,
    limit: number,
  ): Promise<{ next: ChainCursor; finding?: Finding }> {
    const events = await cell.journal.readAfter(cursor.seq, limit);
    let { seq, hash } = cursor;
    for (const e of events) {
      const problem =
        e.seq !== seq + 1n
          ? `event seq ${e.seq} follows seq ${seq}: events are missing`
          : e.prev !== hash
            ? `event seq ${e.seq} does not point at the hash of seq ${seq}`
            : hashOf(e) !== e.hash
              ? `event seq ${e.seq} does not match its own hash: it was changed after it was written`
              : undefined;
      if (problem !== undefined)
        return {
          next: cursor,
          finding: {
            signal: 'chain_broken',
            cell: cell.name,
            severity: 'critical',
            message: `The journal of cell ${cell.name} is broken: ${problem}`,
            evidence: { seq: e.seq.toString(), stored_hash: e.hash, prev: e.prev, expected_prev: hash },
            key: e.seq.toString(),
            isolate: true,
          },
        };
      seq = e.seq;
      hash = e.hash;
    }
    return { next: { seq, hash } };
  }

  async function checkChain(cell: DetectionCell, out: Finding[]): Promise<void> {
    const head = await cell.journal.head();
    const tail = tails.get(cell.name);
    if (tail === undefined) {
      tails.set(cell.name, { seq: head.seq, hash: head.hash });
    } else if (head.seq < tail.seq) {
      out.push({
        signal: 'chain_broken',
        cell: cell.name,
        severity: 'critical',
        message: `The journal of cell ${cell.name} went back from seq ${tail.seq} to ${head.seq}: events were removed`,
        evidence: { seen_seq: tail.seq.toString(), head_seq: head.seq.toString(), head_hash: head.hash },
        key: `head:${tail.seq}`,
        isolate: true,
      });
      return;
    } else {
      const r = await chain(cell, tail, t.eventsPerTick);
      if (r.finding !== undefined) return void out.push(r.finding);
      tails.set(cell.name, r.next);
      if (r.next.seq === head.seq && head.hash !== r.next.hash)
        return void out.push({
          signal: 'chain_broken',
          cell: cell.name,
          severity: 'critical',
          message: `The journal head of cell ${cell.name} does not name its newest event's hash`,
          evidence: { seq: head.seq.toString(), head_hash: head.hash, event_hash: r.next.hash },
          key: `headhash:${head.seq}`,
          isolate: true,
        });
    }
    // The sweep walks the older events a window per tick, and starts over at the head.
    const sweep = sweeps.get(cell.name) ?? { seq: 0n, hash: GENESIS_HASH };
    const upTo = tails.get(cell.name)!.seq;
    const r = await chain(cell, sweep, t.eventsPerTick);
    if (r.finding !== undefined) return void out.push(r.finding);
    sweeps.set(cell.name, r.next.seq >= upTo ? { seq: 0n, hash: GENESIS_HASH } : r.next);
  }

  return {
    check: checkChain,
    /** The seq the cell's new events were checked up to (undefined before its first look). */
    seen(cell: string): bigint | undefined {
      return tails.get(cell)?.seq;
    },
    forget(cell: string) {
      tails.delete(cell);
      sweeps.delete(cell);
    },
  };
}
