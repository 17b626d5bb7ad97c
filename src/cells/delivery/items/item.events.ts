import type { Kysely } from '../../../storage/index.ts';
import { z } from 'zod';
import { defineEvent, type JournalEvent } from '../../../journal/index.ts';
import { canonicalJson } from '../../../platform/canonical-json.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import { DeliveryError } from '../delivery-error.ts';
import { SERVICE_NAMES } from '../network/index.ts';
import * as repo from './item.repository.ts';
import { CODES, transition, type ItemState, type Scan, type Status } from './tracking.ts';

// Every amount these events ever carried was written from a bigint (`toString()`): no sign, no leading
// zero, so the one VND schema takes them all.
const amount = vndText('nonNegative');
const commune = z.string().regex(/^\d{5}$/);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const party = z.strictObject({
  name: z.string().min(1).max(100),
  phone: z.string().regex(/^\+84\d{8,10}$/),
  address: z.string().min(1).max(200),
  commune,
});

export const itemAcceptedSchema = z.strictObject({
  id: z.string().regex(/^[A-Z]{2}\d{9}VN$/),
  service: z.enum(SERVICE_NAMES),
  /** announced: a shipper's item not yet handed in; posted: taken in at a counter (EMA). */
  state: z.enum(['announced', 'posted']),
  shipper_id: z.string().nullable(),
  shipper_key: z.string().nullable(),
  origin_office_id: z.string(),
  delivery_office_id: z.string(),
  sender: party,
  recipient: party.extend({ province: z.string().regex(/^\d{2}$/) }),
  weight_g: z.number().int().positive(),
  length_cm: z.number().int().positive(),
  width_cm: z.number().int().positive(),
  height_cm: z.number().int().positive(),
  charged_g: z.number().int().positive(),
  zone: z.enum(['local', 'neighbouring', 'national']),
  postage: amount,
  insurance_fee: amount,
  cod_fee: amount,
  fee: amount,
  insured_value: amount,
  cod_amount: amount,
  /** prepaid: the owning cell took the charge (every fee 0, so finance posts nothing). */
  paid_by: z.enum(['cash', 'account', 'prepaid']),
  till_session_id: z.string().nullable(),
  clerk_id: z.string().nullable(),
  code_hash: hex64.nullable(),
  // Only on an item another cell sends through delivery; absent from every other item's event (and from
  // every event written before these fields existed), so the journal replays as it was written.
  /** The cell that owns the item (`services`). */
  owner: z
    .string()
    .regex(/^[a-z]{2,20}$/)
    .nullable()
    .optional(),
  /** The owner's key for the item: a platform key (it holds ':'), so no shipper's key can reach it. */
  owner_key: z.string().min(3).max(200).includes(':').nullable().optional(),
  /** Who alone may receive it: HMACs of their CCCDs under the delivery code key, each with its last day. */
  restricted_to: z
    .array(
      z.strictObject({
        hash: hex64,
        until: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .nullable(),
      }),
    )
    .min(1)
    .max(5)
    .nullable()
    .optional(),
});

/** The row an accepted item starts as. */
function acceptedRow(e: JournalEvent<z.output<typeof itemAcceptedSchema>>): repo.ItemRow {
  const p = e.payload;
  const posted = p.state === 'posted';
  return {
    id: p.id,
    service: p.service,
    shipper_id: p.shipper_id,
    shipper_key: p.shipper_key,
    origin_office_id: p.origin_office_id,
    delivery_office_id: p.delivery_office_id,
    sender_name: p.sender.name,
    sender_phone: p.sender.phone,
    sender_address: p.sender.address,
    sender_commune: p.sender.commune,
    recipient_name: p.recipient.name,
    recipient_phone: p.recipient.phone,
    recipient_address: p.recipient.address,
    recipient_commune: p.recipient.commune,
    recipient_province: p.recipient.province,
    weight_g: BigInt(p.weight_g),
    length_cm: BigInt(p.length_cm),
    width_cm: BigInt(p.width_cm),
    height_cm: BigInt(p.height_cm),
    charged_g: BigInt(p.charged_g),
    zone: p.zone,
    postage: BigInt(p.postage),
    insurance_fee: BigInt(p.insurance_fee),
    cod_fee: BigInt(p.cod_fee),
    fee: BigInt(p.fee),
    insured_value: BigInt(p.insured_value),
    cod_amount: BigInt(p.cod_amount),
    paid_by: p.paid_by,
    till_session_id: p.till_session_id,
    code_hash: p.code_hash,
    owner: p.owner ?? null,
    owner_key: p.owner_key ?? null,
    restricted_to:
      p.restricted_to === undefined || p.restricted_to === null ? null : canonicalJson(p.restricted_to),
    status: posted ? 'at_office' : 'announced',
    location_office_id: posted ? p.origin_office_id : null,
    target_office_id: p.delivery_office_id,
    returning: 0n,
    attempts: 0n,
    bag_id: null,
    round_id: null,
    event_count: posted ? 1n : 0n,
    last_code: posted ? 'EMA' : null,
    last_office_id: posted ? p.origin_office_id : null,
    last_at: posted ? e.at : null,
    accepted_at: e.at,
    accepted_by: e.actor,
    delivered_at: null,
    delivered_to: null,
    pod_signature: null,
    pod_photo: null,
    updated_seq: e.seq,
  };
}

function postingEvent(e: JournalEvent<z.output<typeof itemAcceptedSchema>>): repo.ItemEventRow {
  return {
    id: repo.itemEventId(e.payload.id, 1n),
    item_id: e.payload.id,
    n: 1n,
    code: 'EMA',
    at: e.at,
    office_id: e.payload.origin_office_id,
    actor: e.actor,
    reason: null,
    action: null,
    bag_id: null,
    dispatch_id: null,
    round_id: null,
    seq: e.seq,
  };
}

async function applyAccepted(
  db: Kysely<DeliveryTables>,
  events: ReadonlyArray<JournalEvent<z.output<typeof itemAcceptedSchema>>>,
) {
  await repo.insertItems(db, events.map(acceptedRow));
  await repo.insertItemEvents(db, events.filter((e) => e.payload.state === 'posted').map(postingEvent));
  const top = new Map<string, bigint>();
  for (const e of events) {
    const prefix = e.payload.id.slice(0, 2);
    const serial = BigInt(e.payload.id.slice(2, 10));
    if (serial > (top.get(prefix) ?? 0n)) top.set(prefix, serial);
  }
  for (const [prefix, serial] of top) await repo.setSerial(db, prefix, serial);
}

export const itemAccepted = defineEvent<DeliveryTables, typeof itemAcceptedSchema>({
  type: 'delivery.item.accepted',
  schema: itemAcceptedSchema,
  apply: (db, e) => applyAccepted(db, [e]),
  applyMany: applyAccepted,
});

/** Where a scan came from, beyond the office: the bag, dispatch or round it was part of. */
export interface ScanRefs {
  bag?: string | null;
  dispatch?: string | null;
  round?: string | null;
}

/** The tracking state of a stored item. */
export function stateOf(r: repo.ItemStateRow): ItemState {
  return {
    status: r.status as Status,
    location: r.location_office_id,
    target: r.target_office_id,
    origin: r.origin_office_id,
    returning: r.returning === 1n,
    attempts: Number(r.attempts),
    last:
      r.last_code === null || r.last_office_id === null
        ? null
        : { code: r.last_code, office: r.last_office_id },
  };
}

/**
 * One tracking event applied to an item's row: the event row to store and the item's new state. The rules
 * are checked once more, so a journal that broke them could not be replayed into a different state unnoticed.
 */
function step(
  row: { state: ItemState; count: bigint } | undefined,
  e: JournalEvent,
  itemId: string,
  scan: Scan,
  refs: ScanRefs,
): { event: repo.ItemEventRow; state: repo.ItemStatePatch; next: ItemState } {
  if (row === undefined)
    throw new DeliveryError(
      'item_not_found',
      `Event ${e.seq} scans unknown item ${itemId}`,
      `Không có bưu gửi ${itemId}`,
      { item: itemId },
    );
  const r = transition(row.state, scan);
  if (!r.ok || r.duplicate)
    throw new DeliveryError(
      'illegal_event_order',
      `Event ${e.seq}: ${scan.code} of ${itemId} at ${scan.office}: ${r.ok ? 'repeats the last event' : r.en}`,
      `Sự kiện ${scan.code} của ${itemId} sai thứ tự`,
      { item: itemId, code: scan.code },
    );
  const n = row.count + 1n;
  const s = r.state;
  return {
    next: s,
    event: {
      id: repo.itemEventId(itemId, n),
      item_id: itemId,
      n,
      code: scan.code,
      at: e.at,
      office_id: scan.office,
      actor: e.actor,
      reason: scan.reason ?? null,
      action: scan.action ?? null,
      bag_id: refs.bag ?? null,
      dispatch_id: refs.dispatch ?? null,
      round_id: refs.round ?? null,
      seq: e.seq,
    },
    state: {
      id: itemId,
      status: s.status,
      location_office_id: s.location,
      target_office_id: s.target,
      returning: s.returning ? 1n : 0n,
      attempts: BigInt(s.attempts),
      event_count: n,
      last_code: scan.code,
      last_office_id: scan.office,
      last_at: e.at,
      updated_seq: e.seq,
    },
  };
}

/** Records one tracking event of an item in the projection (live and in replay). */
export async function recordScan(
  db: Kysely<DeliveryTables>,
  e: JournalEvent,
  itemId: string,
  scan: Scan,
  refs: ScanRefs = {},
  extra: Partial<repo.ItemRow> = {},
): Promise<void> {
  const row = await repo.findItem(db, itemId);
  const { event, state } = step(
    row === undefined ? undefined : { state: stateOf(row), count: row.event_count },
    e,
    itemId,
    scan,
    refs,
  );
  await repo.insertItemEvents(db, [event]);
  await repo.updateItem(db, itemId, { ...state, ...extra });
}

/**
 * Records many tracking events, in order, in a few statements: the items loaded once, each event checked
 * against the state the ones before it left, the event rows inserted together and each item written once.
 */
export async function recordScans(
  db: Kysely<DeliveryTables>,
  scans: ReadonlyArray<{ e: JournalEvent; item: string; scan: Scan; refs?: ScanRefs }>,
): Promise<void> {
  const rows = new Map<string, { state: ItemState; count: bigint }>();
  for (const r of await repo.findItemStates(db, [...new Set(scans.map((x) => x.item))]))
    rows.set(r.id, { state: stateOf(r), count: r.event_count });
  const events: repo.ItemEventRow[] = [];
  const states = new Map<string, repo.ItemStatePatch>();
  for (const x of scans) {
    const { event, state, next } = step(rows.get(x.item), x.e, x.item, x.scan, x.refs ?? {});
    events.push(event);
    states.set(x.item, state);
    rows.set(x.item, { state: next, count: state.event_count });
  }
  await repo.insertItemEvents(db, events);
  await repo.updateItemStates(db, [...states.values()]);
}

export const scansRecordedSchema = z.strictObject({
  office: z.string(),
  /** Whether the office is a sorting centre (EDD and EDE are recorded there). */
  centre: z.boolean(),
  scans: z
    .array(z.strictObject({ item: z.string(), code: z.enum(CODES), reason: z.string().nullable() }))
    .min(1)
    .max(10_000),
});

/**
 * A batch of loose scans at one office, as a scanner uploads them (posting announced items, sending items
 * off, holding for pick-up, …): one event for the batch, one tracking event per scan in the projection.
 */
export const scansRecorded = defineEvent<DeliveryTables, typeof scansRecordedSchema>({
  type: 'delivery.scans.recorded',
  schema: scansRecordedSchema,
  apply: (db, e) =>
    recordScans(
      db,
      e.payload.scans.map((x) => ({
        e,
        item: x.item,
        scan: { code: x.code, office: e.payload.office, centre: e.payload.centre, reason: x.reason },
      })),
    ),
});

export const itemEvents = [itemAccepted, scansRecorded];
