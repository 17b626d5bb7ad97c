import type { JournalTables, RequestKeyTables } from '../../journal/index.ts';

/** Every table of the delivery cell, as the database returns them (integers as bigint). */
export interface DeliveryTables extends JournalTables, RequestKeyTables {
  delivery_item: {
    /** The UPU S10 id, e.g. EE123456785VN. */
    id: string;
    service: string;
    /** The shipper (a partner account) that announced it, or null for a counter customer. */
    shipper_id: string | null;
    /** The shipper's idempotency key for the item: the same key twice is the same item. */
    shipper_key: string | null;
    origin_office_id: string;
    /** The office that delivers to the recipient's commune. */
    delivery_office_id: string;
    sender_name: string;
    sender_phone: string;
    sender_address: string;
    sender_commune: string;
    recipient_name: string;
    recipient_phone: string;
    recipient_address: string;
    recipient_commune: string;
    recipient_province: string;
    weight_g: bigint;
    length_cm: bigint;
    width_cm: bigint;
    height_cm: bigint;
    charged_g: bigint;
    zone: string;
    postage: bigint;
    insurance_fee: bigint;
    cod_fee: bigint;
    fee: bigint;
    insured_value: bigint;
    cod_amount: bigint;
    /** cash (into a clerk's till) or account (billed to the shipper). */
    paid_by: string;
    till_session_id: string | null;
    /** HMAC of the one-time delivery code of a high-value item; null when none is needed. */
    code_hash: string | null;
    /** The cell that sent the item through delivery (`services`), or null for a customer's item. */
    owner: string | null;
    /** The owning cell's key for the item (a platform key, holding ':'): the same key twice is the same item. */
    owner_key: string | null;
    /**
     * Who alone may receive it, as JSON `[{ hash, until }]`: HMACs of their CCCDs (never the numbers) and each
     * one's last day (Vietnam time) or null; null when anyone at the address may.
     */
    restricted_to: string | null;
    status: string;
    /** Where the item is (or last left from). */
    location_office_id: string | null;
    /** Where it is going now: the delivery office, or the origin once it is being returned. */
    target_office_id: string;
    returning: bigint;
    attempts: bigint;
    bag_id: string | null;
    round_id: string | null;
    event_count: bigint;
    last_code: string | null;
    last_office_id: string | null;
    last_at: string | null;
    accepted_at: string;
    accepted_by: string;
    delivered_at: string | null;
    delivered_to: string | null;
    pod_signature: string | null;
    pod_photo: string | null;
    updated_seq: bigint;
  };
  delivery_item_event: {
    /** `<item>:<n>`: the item's n-th event. */
    id: string;
    item_id: string;
    n: bigint;
    code: string;
    at: string;
    office_id: string;
    actor: string;
    reason: string | null;
    action: string | null;
    bag_id: string | null;
    dispatch_id: string | null;
    round_id: string | null;
    seq: bigint;
  };
  delivery_serial: { prefix: string; last_serial: bigint };
  delivery_bag: {
    id: string;
    origin_office_id: string;
    dest_office_id: string;
    status: string;
    item_count: bigint;
    weight_g: bigint;
    closed_at: string;
    closed_by: string;
    dispatch_id: string | null;
    received_at: string | null;
    received_by: string | null;
  };
  delivery_bag_item: { bag_id: string; item_id: string };
  delivery_dispatch: {
    id: string;
    origin_office_id: string;
    dest_office_id: string;
    status: string;
    bag_count: bigint;
    item_count: bigint;
    departed_at: string;
    departed_by: string;
    arrived_at: string | null;
  };
  delivery_round: {
    id: string;
    office_id: string;
    postman_id: string;
    day: string;
    status: string;
    item_count: bigint;
    cod_expected: bigint;
    cod_collected: bigint;
    cod_counted: bigint | null;
    opened_at: string;
    opened_by: string;
    closed_at: string | null;
    closed_by: string | null;
  };
  delivery_round_item: {
    round_id: string;
    item_id: string;
    /** pending, delivered or failed. */
    outcome: string;
    cod_collected: bigint;
  };
}
