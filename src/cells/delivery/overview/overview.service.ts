// What a manager watches of the parcels over her reach: per office, the day's acceptances, departures,
// arrivals, rounds, deliveries, failed attempts and items held, and what lies there or is on its way now.
import type { Kysely } from '../../../storage/index.ts';
import { vietnamDayBounds } from '../../../platform/clock.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import type { EventCode } from '../items/index.ts';
import * as repo from './overview.repository.ts';

/** One office's parcels: the day's flows (events) and what it holds now. */
export interface ParcelOfficeRow {
  office_id: string;
  postcode: string;
  name: string;
  accepted: number;
  departed: number;
  arrived: number;
  out_for_delivery: number;
  delivered: number;
  failed: number;
  held: number;
  /** Now: lying at the office, out on a round, held for pick-up, on their way to it. */
  now_at_office: number;
  now_on_round: number;
  now_held: number;
  now_coming: number;
}

type Flow = 'accepted' | 'departed' | 'arrived' | 'out_for_delivery' | 'delivered' | 'failed' | 'held';
const FLOW: Partial<Record<EventCode, Flow>> = {
  EMA: 'accepted',
  EMC: 'departed',
  EMG: 'arrived',
  EDG: 'out_for_delivery',
  EMI: 'delivered',
  EMH: 'failed',
  EDH: 'held',
};

/** Every count of an office's row, in the order the screen shows them. */
export const COUNTS = [
  'accepted',
  'departed',
  'arrived',
  'out_for_delivery',
  'delivered',
  'failed',
  'held',
  'now_at_office',
  'now_on_round',
  'now_held',
  'now_coming',
] as const;

export interface ParcelOverview {
  day: string;
  offices: ParcelOfficeRow[];
  totals: Omit<ParcelOfficeRow, 'office_id' | 'postcode' | 'name'>;
}

export interface ParcelOverviews {
  /** The parcels of the offices on a Vietnam day. */
  overview(
    offices: ReadonlyArray<{ id: string; postcode: string; name: string }>,
    day: string,
  ): Promise<ParcelOverview>;
}

/** The parcels' overview over the delivery database. */
export function createParcelOverviews(db: Kysely<DeliveryTables>): ParcelOverviews {
  return {
    async overview(offices, day) {
      const ids = offices.map((o) => o.id);
      const { from, to } = vietnamDayBounds(day);
      const [events, now, coming] = await Promise.all([
        repo.eventsAt(db, ids, from, to),
        repo.itemsAt(db, ids),
        repo.itemsComing(db, ids),
      ]);
      const rows = new Map<string, ParcelOfficeRow>(
        offices.map((o) => [
          o.id,
          {
            office_id: o.id,
            postcode: o.postcode,
            name: o.name,
            ...(Object.fromEntries(COUNTS.map((k) => [k, 0])) as ParcelOverview['totals']),
          },
        ]),
      );
      for (const e of events) {
        const flow = FLOW[e.code as EventCode];
        const r = rows.get(e.office_id);
        if (flow !== undefined && r !== undefined) r[flow] += Number(e.n);
      }
      for (const i of now) {
        const r = rows.get(i.office_id!);
        if (r === undefined) continue;
        if (i.status === 'at_office') r.now_at_office += Number(i.n);
        else if (i.status === 'out_for_delivery') r.now_on_round += Number(i.n);
        else r.now_held += Number(i.n);
      }
      for (const c of coming) {
        const r = rows.get(c.office_id);
        if (r !== undefined) r.now_coming += Number(c.n);
      }
      const list = [...rows.values()];
      const totals = Object.fromEntries(
        COUNTS.map((k) => [k, list.reduce((n, r) => n + r[k], 0)]),
      ) as ParcelOverview['totals'];
      return { day, offices: list, totals };
    },
  };
}
