// The rounds module's shapes (a round, what is recorded at the door, the module's interface) and what its
// two services share: reading amounts, finding a round, checking an item's next event.
import type { Kysely } from '../../../storage/index.ts';
import type { Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { found } from '../../../platform/errors.ts';
import { DeliveryError } from '../delivery-error.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import { stateOf, transition, type Item, type ItemRow, type Items, type Scan } from '../items/index.ts';
import * as repo from './round.repository.ts';

export interface Round {
  id: string;
  office_id: string;
  postman_id: string;
  day: string;
  status: 'open' | 'closed';
  item_count: number;
  cod_expected: bigint;
  cod_collected: bigint;
  cod_counted: bigint | null;
  opened_at: string;
  opened_by: string;
  closed_at: string | null;
  closed_by: string | null;
  items: Array<{ item: string; outcome: 'pending' | 'delivered' | 'failed'; cod_collected: bigint }>;
}

/** What the postman records at the door, or the clerk at the counter. */
export interface DeliverInput {
  item: string;
  recipient_name: string;
  signature?: string | null;
  photo?: string | null;
  /** The recipient's one-time code, for high-value items. */
  code?: string | null;
  /** The cash taken from the recipient: exactly the item's COD amount, or absent when it has none. */
  cod_collected?: string | number | bigint | null;
  /** The CCCD of the person taking a restricted item (the citizen or their authorised representative). */
  receiver_cccd?: string | null;
}

export interface Rounds {
  /** A postman's round for the day at his office: each item goes out for delivery (EDG). */
  // Each command takes an optional client idempotency key: the same request under it answers the first
  // result (a retried attempt is not a second attempt, a retried delivery is not refused as delivered).
  open(
    input: { office: string; postman: string; items: readonly string[] },
    actor: string,
    request?: RequestKey,
  ): Promise<Round>;
  /** Delivers an item of the round with its proof, and records its COD (`delivery.cod.collected`). */
  deliver(roundId: string, input: DeliverInput, postman: string, request?: RequestKey): Promise<Item>;
  /** Records an unsuccessful attempt with its reason and action; after the third, the item goes back. */
  attempt(
    roundId: string,
    input: { item: string; reason: string; action: string },
    postman: string,
    request?: RequestKey,
  ): Promise<Item>;
  /** Closes a round: nothing may be left out, and the COD cash counted by someone else must be exact. */
  close(
    roundId: string,
    counted: string | number | bigint,
    checker: string,
    request?: RequestKey,
  ): Promise<Round>;
  /** A held item collected at the counter (to its recipient, or back to its sender); COD into the till. */
  collect(
    office: string,
    input: DeliverInput,
    clerk: { id: string; till_session_id: string | null },
    request?: RequestKey,
  ): Promise<Item>;
  get(id: string): Promise<Round>;
  list(q: { office?: string; day?: string; status?: string }): Promise<Round[]>;
}

export interface RoundsDeps {
  db: Kysely<DeliveryTables>;
  journal: Journal<DeliveryTables>;
  clock: Clock;
  items: Pick<Items, 'network' | 'checkCode' | 'checkReceiver'>;
  requests: RequestKeys<DeliveryTables>;
}

/** A refusal of what was recorded at the door, naming the field. */
export const bad = (field: string, en: string, vi: string) =>
  new DeliveryError('invalid_delivery', `${field} ${en}`, vi, { field });

/** An amount of cash as given (text, a number or a bigint); none is 0. */
export function amountOf(field: string, v: unknown): bigint {
  if (v === undefined || v === null || v === '') return 0n;
  const s =
    typeof v === 'bigint'
      ? v.toString()
      : typeof v === 'number' && Number.isSafeInteger(v)
        ? String(v)
        : typeof v === 'string'
          ? v.trim()
          : 'x';
  if (!/^\d{1,15}$/.test(s))
    throw bad(field, 'must be a whole number of đồng', 'số tiền phải là số đồng nguyên, không âm');
  return BigInt(s);
}

/** Maps a stored round and its items to the round staff see. */
export function toRound(r: repo.RoundRow, items: repo.RoundItemRow[]): Round {
  return {
    id: r.id,
    office_id: r.office_id,
    postman_id: r.postman_id,
    day: r.day,
    status: r.status as Round['status'],
    item_count: Number(r.item_count),
    cod_expected: r.cod_expected,
    cod_collected: r.cod_collected,
    cod_counted: r.cod_counted,
    opened_at: r.opened_at,
    opened_by: r.opened_by,
    closed_at: r.closed_at,
    closed_by: r.closed_by,
    items: items.map((i) => ({
      item: i.item_id,
      outcome: i.outcome as 'pending',
      cod_collected: i.cod_collected,
    })),
  };
}

/** The stored round, or round_not_found. */
export async function findRound(trx: Kysely<DeliveryTables>, id: string): Promise<repo.RoundRow> {
  return found(
    typeof id === 'string' ? await repo.findRound(trx, id) : undefined,
    () =>
      new DeliveryError(
        'round_not_found',
        `No round has id ${JSON.stringify(String(id).slice(0, 60))}`,
        'Không tìm thấy chuyến phát',
        {},
      ),
  );
}

/** The item's next event, checked against its state: refused as wrong_office or illegal_event_order. */
export function checkNext(r: ItemRow, scan: Scan) {
  const out = transition(stateOf(r), scan);
  if (!out.ok)
    throw new DeliveryError(
      out.wrongOffice === true ? 'wrong_office' : 'illegal_event_order',
      `${scan.code} of ${r.id}: ${out.en}`,
      `Bưu gửi ${r.id}: ${out.vi}`,
      {
        item: r.id,
        code: scan.code,
        status: r.status,
      },
    );
  return out;
}
