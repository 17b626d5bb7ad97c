import type { Kysely } from '../../storage/index.ts';
import {
  createRequestKeys,
  REQUEST_KEY_TABLE,
  requestAnswered,
  type CellDefinition,
  type Journal,
} from '../../journal/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { DeliveryError } from './delivery-error.ts';
import type { DeliveryTables } from './delivery-tables.ts';
import { allItemEvents, createItems, itemEvents, legalSequence, type Items } from './items/index.ts';
import { deliveryMigrations } from './migrations/index.ts';
import type { NetworkSource } from './network/index.ts';
import { createRounds, roundEvents, type Rounds } from './rounds/index.ts';
import { createParcelOverviews, type ParcelOverviews } from './overview/index.ts';
import { createTransport, transportEvents, type Transport } from './transport/index.ts';

export { DeliveryError, type DeliveryErrorCode } from './delivery-error.ts';
export type { DeliveryTables } from './delivery-tables.ts';
export * from './items/index.ts';
export * from './network/index.ts';
export { createParcelOverviews, type ParcelOverview, type ParcelOverviews } from './overview/index.ts';
export * from './rounds/index.ts';
export * from './transport/index.ts';
export { deliveryMigrations };
export { DEMO_DESK, loadDemoParcels, type DemoParcelsResult, type DemoStaff } from './delivery.demo.ts';
export { deliveryRoutes, type DeliveryRouteDeps } from './delivery.routes.ts';

/**
 * The delivery cell's own invariants: every item's tracking events are in an order the rules allow (posting
 * first, no delivery before going out, no arrival at an office it was not going to).
 */
export async function deliveryInvariants(db: Kysely<DeliveryTables>): Promise<string[]> {
  const out: string[] = [];
  let after = '';
  for (;;) {
    const page = await allItemEvents(db, after, 2000);
    if (page.length === 0) break;
    for (const { item, events } of page) {
      if (BigInt(events.length) !== item.event_count)
        out.push(`item ${item.id} counts ${item.event_count} events but has ${events.length}`);
      const announced = item.shipper_id !== null;
      const wrong = legalSequence(
        item.origin_office_id,
        item.delivery_office_id,
        events.map((e) => ({
          code: e.code,
          office: e.office_id,
          centre: e.code === 'EDD' || e.code === 'EDE',
          reason: e.reason,
          action: e.action,
        })),
        announced,
      );
      if (wrong !== undefined) out.push(`item ${item.id}: ${wrong}`);
      if (out.length >= 20) return out;
    }
    after = page.at(-1)!.item.id;
  }
  return out;
}

/** `delivery.request.answered`: a keyed command's idempotency key, request hash and answer. */
const requestEvent = requestAnswered<DeliveryTables>('delivery');

/** The delivery cell: items, their tracking, bags and dispatches, delivery rounds and COD collected. */
export const deliveryCell: CellDefinition<DeliveryTables> = {
  name: 'delivery',
  migrations: deliveryMigrations,
  events: [...itemEvents, ...transportEvents, ...roundEvents, requestEvent],
  projections: [
    { table: 'delivery_item', key: ['id'] },
    { table: 'delivery_item_event', key: ['id'] },
    { table: 'delivery_serial', key: ['prefix'] },
    { table: 'delivery_bag', key: ['id'] },
    { table: 'delivery_bag_item', key: ['bag_id', 'item_id'] },
    { table: 'delivery_dispatch', key: ['id'] },
    { table: 'delivery_round', key: ['id'] },
    { table: 'delivery_round_item', key: ['round_id', 'item_id'] },
    REQUEST_KEY_TABLE,
  ],
  invariants: deliveryInvariants,
};

export interface DeliveryDeps {
  db: Kysely<DeliveryTables>;
  journal: Journal<DeliveryTables>;
  clock: Clock;
  network: NetworkSource;
  codeKey: Uint8Array;
}

export interface Delivery {
  items: Items;
  transport: Transport;
  rounds: Rounds;
  overviews: ParcelOverviews;
}

/** Wires the delivery cell's modules over its database and journal. */
export function createDelivery(deps: DeliveryDeps): Delivery {
  const requests = createRequestKeys({
    journal: deps.journal,
    event: requestEvent,
    reused: (m, vi, details) => new DeliveryError('idempotency_key_reused', m, vi, details),
  });
  const items = createItems({ ...deps, requests });
  return {
    items,
    transport: createTransport({ ...deps, items, requests }),
    rounds: createRounds({ ...deps, items, requests }),
    overviews: createParcelOverviews(deps.db),
  };
}
