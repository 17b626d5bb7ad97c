import type { Kysely } from 'kysely';
import type { DeliveryTables } from '../delivery-tables.ts';

type Db = Kysely<DeliveryTables>;

/** The tracking events at the offices between two instants, counted by office and code. */
export async function eventsAt(db: Db, offices: readonly string[], from: string, to: string) {
  if (offices.length === 0) return [];
  return db
    .selectFrom('delivery_item_event')
    .select((eb) => ['office_id', 'code', eb.fn.countAll<bigint>().as('n')])
    .where('office_id', 'in', offices)
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy(['office_id', 'code'])
    .execute();
}

/** The items lying at the offices now, out on their rounds or held there, counted by office and status. */
export async function itemsAt(db: Db, offices: readonly string[]) {
  if (offices.length === 0) return [];
  return db
    .selectFrom('delivery_item')
    .select((eb) => ['location_office_id as office_id', 'status', eb.fn.countAll<bigint>().as('n')])
    .where('location_office_id', 'in', offices)
    .where('status', 'in', ['at_office', 'out_for_delivery', 'held'])
    .groupBy(['location_office_id', 'status'])
    .execute();
}

/** The items on their way to the offices (in transit or at a sorting centre), counted by office. */
export async function itemsComing(db: Db, offices: readonly string[]) {
  if (offices.length === 0) return [];
  return db
    .selectFrom('delivery_item')
    .select((eb) => ['target_office_id as office_id', eb.fn.countAll<bigint>().as('n')])
    .where('target_office_id', 'in', offices)
    .where('status', 'in', ['in_transit', 'at_centre'])
    .groupBy('target_office_id')
    .execute();
}
