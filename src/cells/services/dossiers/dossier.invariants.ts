import type { Kysely } from '../../../storage/index.ts';
import type { ServicesTables } from '../services-tables.ts';
import * as repo from './dossier.repository.ts';

const NEEDS_OUT_DELIVERED = new Set([
  'handed_over',
  'received',
  'needs_supplement',
  'supplementing',
  'extended',
  'suspended',
]);

/**
 * The services cell's own invariants: a dossier's state agrees with its legs and its history (a complete
 * dossier was paid for, one at the agency was delivered there, a result's state is its leg's), a leg that
 * left has its item, no item carries two legs.
 */
export async function dossierInvariants(db: Kysely<ServicesTables>): Promise<string[]> {
  const out: string[] = [];
  const items = new Map<string, string>();
  let after = '';
  for (;;) {
    const page = await repo.pageDossiers(db, after, 1000);
    if (page.length === 0) break;
    const legs = await repo.findLegsOf(
      db,
      page.map((d) => d.id),
    );
    for (const d of page) {
      const mine = legs.filter((l) => l.dossier_id === d.id);
      const say = (what: string) => out.push(`dossier ${d.id} (${d.state}): ${what}`);
      const paid = BigInt(d.agency_fee) + BigInt(d.post_fee) > 0n;
      if (d.state === 'incomplete') {
        if ((JSON.parse(d.missing) as unknown[]).length === 0) say('waits for documents but misses none');
        if (paid || d.till_session_id !== null) say('waits for documents yet was paid for');
        if (mine.length > 0) say('waits for documents yet has a leg');
      } else if (d.accepted_at === null) say('is past intake but was never accepted');
      const out1 = mine.find((l) => l.kind === 'out');
      if (d.service !== 'receive' && d.state !== 'incomplete' && out1 === undefined)
        say('was sent without its leg to the agency');
      if (NEEDS_OUT_DELIVERED.has(d.state) && !mine.some((l) => l.kind !== 'back' && l.state === 'delivered'))
        say('is with the agency, but none of its papers were delivered there');
      const back = mine.filter((l) => l.kind === 'back');
      if (d.state === 'result_delivered' && back.at(-1)?.state !== 'delivered')
        say('its result leg was not delivered');
      if (d.state === 'result_returned' && back.at(-1)?.state !== 'returned')
        say('its result leg did not go back');
      if (d.state === 'result_collected' && back.length === 0) say('its result was collected without a leg');
      if (d.service === 'send' && back.length > 0) say('was sent only, yet has a result leg');
      for (const l of mine) {
        if ((l.state === 'requested') !== (l.item_id === null))
          say(`leg ${l.leg_no} is ${l.state} ${l.item_id === null ? 'without' : 'with'} an item`);
        if (l.item_id !== null) {
          const other = items.get(l.item_id);
          if (other !== undefined) say(`leg ${l.leg_no}'s item ${l.item_id} also carries ${other}`);
          items.set(l.item_id, `${d.id} leg ${l.leg_no}`);
        }
      }
      const steps = await repo.findSteps(db, d.id);
      if (steps.at(-1)?.state !== d.state) say(`its history ends in ${steps.at(-1)?.state ?? 'nothing'}`);
      if (out.length >= 20) return out;
    }
    after = page.at(-1)!.id;
  }
  return out;
}
