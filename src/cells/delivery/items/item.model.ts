// The items module's public shapes: what a clerk or shipper fills in, an item as staff and strangers see
// it, the module's interface, and the readers of item lists that bags and rounds share.
import type { Kysely } from '../../../storage/index.ts';
import type { Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { parseS10 } from '../../../platform/s10.ts';
import { DeliveryError, type DeliveryErrorCode } from '../delivery-error.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import type { Network, NetworkSource, Quote, Service } from '../network/index.ts';
import * as repo from './item.repository.ts';
import type { EventCode, Status } from './tracking.ts';

export interface PartyInput {
  name: string;
  phone: string;
  address: string;
  commune: string;
}

/** What a clerk or a shipper fills in for one item. */
export interface AcceptInput {
  service: string;
  sender: PartyInput;
  recipient: PartyInput;
  weight_g: number;
  length_cm: number;
  width_cm: number;
  height_cm: number;
  insured_value?: string | number | bigint;
  cod_amount?: string | number | bigint;
  /** A shipper's idempotency key: the same key again returns the same item. */
  key?: string;
}

/** Who alone may receive an item: a citizen, or a representative until the last day of the authorisation. */
export interface Receiver {
  /** The CCCD (12 digits); only its HMAC is stored. */
  cccd: string;
  /** The last day (YYYY-MM-DD, Vietnam time) it may be handed to this person; none for the citizen. */
  until?: string | null;
}

/** An item another cell sends, whose charge it took: as a counter's item, with whoever alone may receive it. */
export type PrepaidInput = AcceptInput & { restricted_to?: Receiver[] | null };

/** The owning cell's reference for an item it sends: the same key again is the same item. */
export interface ItemRef {
  /** services: a dossier's papers (no COD); retail: an order's goods (COD allowed: the goods are paid for on delivery). */
  owner: 'services' | 'retail';
  /** A key the owning cell derives: it holds ':' (SYSTEM_ID_MARK), so no shipper's key can be it. */
  key: string;
}

export interface Party {
  name: string;
  phone: string;
  address: string;
  commune: string;
}

/** An item as staff see it. */
export interface Item {
  id: string;
  service: Service;
  status: Status;
  shipper_id: string | null;
  shipper_key: string | null;
  origin_office_id: string;
  delivery_office_id: string;
  location_office_id: string | null;
  target_office_id: string;
  returning: boolean;
  attempts: number;
  sender: Party;
  recipient: Party & { province: string };
  weight_g: number;
  dimensions_cm: [number, number, number];
  charged_g: number;
  zone: string;
  postage: bigint;
  insurance_fee: bigint;
  cod_fee: bigint;
  fee: bigint;
  insured_value: bigint;
  cod_amount: bigint;
  /** cash at a counter, billed to a shipper's account, or prepaid to the cell that sent it (fees all 0). */
  paid_by: 'cash' | 'account' | 'prepaid';
  till_session_id: string | null;
  needs_code: boolean;
  /** Whether only named citizens may receive it (their CCCD is checked at delivery). */
  restricted: boolean;
  bag_id: string | null;
  round_id: string | null;
  accepted_at: string;
  accepted_by: string;
  delivered_at: string | null;
  delivered_to: string | null;
}

/** A new item, with the one-time code its recipient will give the postman (high-value items only). */
export type AcceptedItem = Item & { delivery_code: string | null };

export interface ItemEvent {
  n: number;
  code: EventCode;
  description: string;
  description_vi: string;
  at: string;
  office_id: string;
  actor: string;
  reason: string | null;
  action: string | null;
  bag_id: string | null;
  dispatch_id: string | null;
  round_id: string | null;
}

/** What anyone with the id may see: where the item is, never who it is for. */
export interface PublicTracking {
  id: string;
  service: string;
  status: string;
  destination_province: string;
  recipient: string;
  recipient_phone: string;
  events: Array<{
    code: string;
    description_vi: string;
    description: string;
    at: string;
    office: string;
    reason: string | null;
  }>;
}

/** One scan of one item, as a scanner or a clerk sends it. */
export interface ScanInput {
  item: string;
  code: string;
  office: string;
  reason?: string | null;
  action?: string | null;
}

export interface Items {
  /** Prices an item without accepting it. */
  quote(input: AcceptInput): Promise<Quote & { delivery_office_id: string }>;
  /**
   * Takes an item in at a counter: the fee is paid into the clerk's till (finance follows the journal). The
   * same request under the same key answers the item the first one made, with the same delivery code.
   */
  accept(
    input: AcceptInput,
    at: { office_id: string; clerk_id: string; till_session_id: string },
    actor: string,
    request?: RequestKey,
  ): Promise<AcceptedItem>;
  /**
   * A shipper announces items (API or CSV): each gets its S10 id and fee billed to its account; the same
   * key again returns the item it made. All or nothing: one bad row refuses the batch, naming the row.
   * Under a request key, a row without a key of its own takes one made from the request's and its row, so
   * the same batch again makes nothing new (and a different batch under the key is refused).
   */
  announce(
    inputs: readonly AcceptInput[],
    shipper: { id: string; office_id: string },
    actor: string,
    options?: { firstRow?: number; request?: RequestKey },
  ): Promise<{ items: AcceptedItem[]; created: number }>;
  /**
   * Takes in, at an office, an item another cell sends whose charge it took itself (a citizen's dossier for
   * an agency, an order's goods): paid_by prepaid, every fee 0, no insured value, and no COD unless the owner
   * sells what it carries (retail: the goods and their carriage paid to the postman); it then travels as any item. The same
   * ref again answers the item the first call made (a different item under it is refused). With
   * `restricted_to`, only those citizens may receive it, each until its last day: their CCCDs are kept only
   * as HMACs, and delivery asks for the receiver's CCCD.
   */
  acceptPrepaid(input: PrepaidInput, at: { office_id: string; actor: string }, ref: ItemRef): Promise<Item>;
  /** Records loose scans in one transaction; a duplicate of an item's last scan is accepted and skipped. */
  scan(scans: readonly ScanInput[], actor: string): Promise<{ recorded: number; duplicates: number }>;
  get(id: string): Promise<Item>;
  events(id: string): Promise<ItemEvent[]>;
  /** The seq of the journal event that accepted the item: what its acceptance receipt proves. */
  acceptedSeq(id: string): Promise<bigint>;
  /** Public tracking: the events and the destination province; the recipient masked. */
  track(id: string): Promise<PublicTracking>;
  list(q: repo.ItemQuery): Promise<{ items: Item[]; total: number; limit: number; offset: number }>;
  /** Whether a code is the item's one-time delivery code. */
  checkCode(item: { id: string; code_hash: string | null }, code: string): boolean;
  /**
   * Whether a CCCD (12 digits, already checked) may receive a restricted item on a day (YYYY-MM-DD, Vietnam
   * time): `past` when it is one of the item's receivers whose last day has gone.
   */
  checkReceiver(
    item: { id: string; restricted_to: string | null },
    cccd: string,
    day: string,
  ): 'allowed' | 'past' | 'unknown';
  /** The network as the core cell holds it now. */
  network(): Promise<Network>;
}

export interface ItemsDeps {
  db: Kysely<DeliveryTables>;
  journal: Journal<DeliveryTables>;
  clock: Clock;
  network: NetworkSource;
  /** The key one-time delivery codes are checked with (never journaled). */
  codeKey: Uint8Array;
  requests: RequestKeys<DeliveryTables>;
}

/**
 * Reads a list of scanned item ids (a bag being closed, a round being loaded): each an S10 id, none twice,
 * at most `max`; refused with `code`, naming the position, before anything is written.
 */
export function readItemList(
  raw: readonly string[],
  max: number,
  code: DeliveryErrorCode,
  what: { en: string; vi: string },
): string[] {
  if (raw.length === 0 || raw.length > max)
    throw new DeliveryError(
      code,
      `${what.en} holds 1 to ${max} items`,
      `${what.vi} có từ 1 đến ${max} bưu gửi`,
      { field: 'items' },
    );
  const ids = raw.map((x, i) => {
    try {
      return parseS10(x).id;
    } catch (err) {
      if (isDomainError(err))
        throw new DeliveryError(
          code,
          `Item ${i + 1}: ${err.message}`,
          `Bưu gửi thứ ${i + 1}: ${err.messageVi}`,
          { row: i + 1, field: 'items' },
        );
      throw err;
    }
  });
  const dup = ids.findIndex((x, i) => ids.indexOf(x) !== i);
  if (dup >= 0)
    throw new DeliveryError(
      code,
      `Item ${dup + 1} (${ids[dup]}) is listed twice`,
      `Bưu gửi ${ids[dup]} bị quét hai lần`,
      { row: dup + 1, field: 'items' },
    );
  return ids;
}

/** The stored rows of listed items, in the list's order; an unknown id is refused with its position. */
export async function itemRowsInOrder(
  trx: Kysely<DeliveryTables>,
  ids: readonly string[],
): Promise<repo.ItemRow[]> {
  const rows = new Map((await repo.findItems(trx, ids)).map((r) => [r.id, r]));
  return ids.map((id, i) => {
    const r = rows.get(id);
    if (r === undefined)
      throw new DeliveryError(
        'item_not_found',
        `Item ${i + 1}: no item has id ${id}`,
        `Không có bưu gửi ${id}`,
        { row: i + 1, item: id },
      );
    return r;
  });
}

/** Maps a stored row to the item staff see. */
export function toItem(r: repo.ItemRow): Item {
  return {
    id: r.id,
    service: r.service as Service,
    status: r.status as Status,
    shipper_id: r.shipper_id,
    shipper_key: r.shipper_key,
    origin_office_id: r.origin_office_id,
    delivery_office_id: r.delivery_office_id,
    location_office_id: r.location_office_id,
    target_office_id: r.target_office_id,
    returning: r.returning === 1n,
    attempts: Number(r.attempts),
    sender: {
      name: r.sender_name,
      phone: r.sender_phone,
      address: r.sender_address,
      commune: r.sender_commune,
    },
    recipient: {
      name: r.recipient_name,
      phone: r.recipient_phone,
      address: r.recipient_address,
      commune: r.recipient_commune,
      province: r.recipient_province,
    },
    weight_g: Number(r.weight_g),
    dimensions_cm: [Number(r.length_cm), Number(r.width_cm), Number(r.height_cm)],
    charged_g: Number(r.charged_g),
    zone: r.zone,
    postage: r.postage,
    insurance_fee: r.insurance_fee,
    cod_fee: r.cod_fee,
    fee: r.fee,
    insured_value: r.insured_value,
    cod_amount: r.cod_amount,
    paid_by: r.paid_by as Item['paid_by'],
    till_session_id: r.till_session_id,
    needs_code: r.code_hash !== null,
    restricted: r.restricted_to !== null,
    bag_id: r.bag_id,
    round_id: r.round_id,
    accepted_at: r.accepted_at,
    accepted_by: r.accepted_by,
    delivered_at: r.delivered_at,
    delivered_to: r.delivered_to,
  };
}
