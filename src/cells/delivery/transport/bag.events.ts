import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import { recordScans, setSerial } from '../items/index.ts';
import * as repo from './bag.repository.ts';

const items = z.array(z.string()).min(1).max(1000);

export const bagClosedSchema = z.strictObject({
  bag: z.string(),
  origin: z.string(),
  destination: z.string(),
  items,
  weight_g: z.number().int().nonnegative(),
});

/** Items closed into a bag at an office, for one next office. */
export const bagClosed = defineEvent<DeliveryTables, typeof bagClosedSchema>({
  type: 'delivery.bag.closed',
  schema: bagClosedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.insertBag(
      db,
      {
        id: p.bag,
        origin_office_id: p.origin,
        dest_office_id: p.destination,
        status: 'closed',
        item_count: BigInt(p.items.length),
        weight_g: BigInt(p.weight_g),
        closed_at: e.at,
        closed_by: e.actor,
        dispatch_id: null,
        received_at: null,
        received_by: null,
      },
      p.items,
    );
    await setSerial(db, p.bag.slice(0, 7), BigInt(p.bag.slice(-6)));
  },
});

export const dispatchDepartedSchema = z.strictObject({
  dispatch: z.string(),
  origin: z.string(),
  destination: z.string(),
  /** EMC when a post office sends it, EDE when a sorting centre does. */
  code: z.enum(['EMC', 'EDE']),
  bags: z.array(z.string()).min(1).max(200),
  items: z.array(z.string()).min(1),
});

/** Bags leave an office together for the next office: every item inside departs. */
export const dispatchDeparted = defineEvent<DeliveryTables, typeof dispatchDepartedSchema>({
  type: 'delivery.dispatch.departed',
  schema: dispatchDepartedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.insertDispatch(db, {
      id: p.dispatch,
      origin_office_id: p.origin,
      dest_office_id: p.destination,
      status: 'departed',
      bag_count: BigInt(p.bags.length),
      item_count: BigInt(p.items.length),
      departed_at: e.at,
      departed_by: e.actor,
      arrived_at: null,
    });
    await setSerial(db, p.dispatch.slice(0, 7), BigInt(p.dispatch.slice(-6)));
    await repo.updateBags(db, p.bags, { status: 'dispatched', dispatch_id: p.dispatch });
    await recordScans(
      db,
      p.items.map((item) => ({
        e,
        item,
        scan: { code: p.code, office: p.origin, centre: p.code === 'EDE' },
        refs: { dispatch: p.dispatch },
      })),
    );
  },
});

export const bagReceivedSchema = z.strictObject({
  bag: z.string(),
  office: z.string(),
  /** EDD at a sorting centre, EMG at the delivery office. */
  code: z.enum(['EDD', 'EMG']),
  dispatch: z.string(),
  items,
  /** Whether this bag was the dispatch's last to arrive. */
  dispatch_complete: z.boolean(),
});

/** A bag scanned in at the office it was sent to: every item inside arrives, and leaves the bag. */
export const bagReceived = defineEvent<DeliveryTables, typeof bagReceivedSchema>({
  type: 'delivery.bag.received',
  schema: bagReceivedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.updateBags(db, [p.bag], { status: 'received', received_at: e.at, received_by: e.actor });
    await recordScans(
      db,
      p.items.map((item) => ({
        e,
        item,
        scan: { code: p.code, office: p.office, centre: p.code === 'EDD' },
        refs: { bag: p.bag, dispatch: p.dispatch },
      })),
    );
    await repo.setItemsBag(db, p.items, null);
    if (p.dispatch_complete)
      await repo.updateDispatch(db, p.dispatch, { status: 'arrived', arrived_at: e.at });
  },
});

export const transportEvents = [bagClosed, dispatchDeparted, bagReceived];
