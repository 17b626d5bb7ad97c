// The actors' signal (actor_burst): each cell's new events counted by actor and minute over the last hour; a
// minute far beyond the actor's usual minute is a finding.
import type { DetectionCell, DetectionThresholds, Finding } from './detection.types.ts';

/** The burst check of each cell, with its counts: actor -> minute (ms since epoch / 60000) -> events. */
export function createBurstCheck(t: DetectionThresholds, now: () => number) {
  const minutes = new Map<string, Map<string, Map<number, number>>>();

  /** Counts the new events by actor and minute; a burst far beyond the actor's usual minute is a finding. */
  async function checkBursts(cell: DetectionCell, from: bigint, to: bigint, out: Finding[]): Promise<void> {
    let after = from;
    const byActor = minutes.get(cell.name) ?? new Map<string, Map<number, number>>();
    minutes.set(cell.name, byActor);
    while (after < to) {
      const events = await cell.journal.readAfter(after, 5000);
      if (events.length === 0) break;
      for (const e of events) {
        if (e.seq > to) break;
        if (e.actor.startsWith('system:')) continue;
        const m = Math.floor(Date.parse(e.at) / 60_000);
        const counts = byActor.get(e.actor) ?? new Map<number, number>();
        byActor.set(e.actor, counts);
        counts.set(m, (counts.get(m) ?? 0) + 1);
      }
      after = events.at(-1)!.seq;
    }
    const current = Math.floor(now() / 60_000);
    for (const [actor, counts] of byActor) {
      for (const m of counts.keys()) if (m < current - 60) counts.delete(m);
      if (counts.size === 0) {
        byActor.delete(actor);
        continue;
      }
      const latest = Math.max(...counts.keys());
      const n = counts.get(latest) ?? 0;
      const others = [...counts.entries()].filter(([k]) => k !== latest).map(([, v]) => v);
      const usual = others.length === 0 ? 0 : others.reduce((a, b) => a + b, 0) / others.length;
      if (n > t.burstFloor && n > t.burstFactor * usual)
        out.push({
          signal: 'actor_burst',
          cell: cell.name,
          severity: 'high',
          message: `${actor} wrote ${n} events to cell ${cell.name} in one minute, against about ${usual.toFixed(0)} a minute before`,
          evidence: {
            actor,
            minute: new Date(latest * 60_000).toISOString(),
            events: n,
            usual_per_minute: Number(usual.toFixed(1)),
          },
          key: `${actor}:${latest}`,
          isolate: false,
        });
    }
  }

  return {
    check: checkBursts,
    forget(cell: string) {
      minutes.delete(cell);
    },
  };
}
