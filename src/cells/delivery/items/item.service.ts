import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from '../../../storage/index.ts';
import type { z } from 'zod';
import type { EventDraft, Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { isCallerKey, SYSTEM_ID_MARK } from '../../../platform/ids.ts';
import { parseVnPhone } from '../../../platform/phone.ts';
import { parseS10, formatS10 } from '../../../platform/s10.ts';
import { nameText } from '../../../platform/text.ts';
import { DeliveryError, type DeliveryErrorCode } from '../delivery-error.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import {
  buildNetwork,
  quote,
  SERVICES,
  zoneBetween,
  type Network,
  type NetworkSource,
  type Quote,
  type Service,
} from '../network/index.ts';
import { itemAccepted, scansRecorded, stateOf } from './item.events.ts';
import * as repo from './item.repository.ts';
import { EVENT_CODES, REASONS, transition, type EventCode, type ItemState, type Status } from './tracking.ts';

/** Items insured or carrying COD from this much need the recipient's one-time code at delivery. */
export const HIGH_VALUE = 3_000_000n;
const MAX_INSURED = 100_000_000n;
const MAX_COD = 50_000_000n;
const MAX_SIDE_CM = 300;

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
  paid_by: 'cash' | 'account';
  till_session_id: string | null;
  needs_code: boolean;
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

/** Codes a loose scan may record; going out, failing and delivering go through rounds and the counter. */
export const LOOSE_CODES: readonly EventCode[] = ['EMA', 'EMC', 'EDD', 'EDE', 'EMG', 'EDH'];

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
    paid_by: r.paid_by as 'cash' | 'account',
    till_session_id: r.till_session_id,
    needs_code: r.code_hash !== null,
    bag_id: r.bag_id,
    round_id: r.round_id,
    accepted_at: r.accepted_at,
    accepted_by: r.accepted_by,
    delivered_at: r.delivered_at,
    delivered_to: r.delivered_to,
  };
}

function invalid(row: number | undefined, field: string, en: string, vi: string): DeliveryError {
  const where = row === undefined ? '' : `Row ${row}: `;
  const whereVi = row === undefined ? '' : `Dòng ${row}: `;
  return new DeliveryError('invalid_item', `${where}${field} ${en}`, `${whereVi}${vi}`, {
    field,
    ...(row === undefined ? {} : { row }),
  });
}

/** Masks a name for strangers: initials only (`Nguyễn Văn An` → `N. V. A.`). */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => `${[...w][0]!.toUpperCase()}.`)
    .join(' ');
}

/** Masks a phone number for strangers: the last three digits only. */
export function maskPhone(phone: string): string {
  return `•••••••${phone.slice(-3)}`;
}

interface Checked {
  service: Service;
  sender: Party;
  recipient: Party & { province: string };
  delivery_office_id: string;
  weight_g: number;
  length_cm: number;
  width_cm: number;
  height_cm: number;
  insured_value: bigint;
  cod_amount: bigint;
  key: string | null;
  quote: Quote;
}

function checkInput(raw: AcceptInput, network: Network, origin: string | null, row?: number): Checked {
  const at = (field: string, en: string, vi: string) => invalid(row, field, en, vi);
  if (typeof raw !== 'object' || raw === null)
    throw at('item', 'must be an object', 'thiếu thông tin bưu gửi');
  if (typeof raw.service !== 'string' || !(raw.service in SERVICES))
    throw at(
      'service',
      `must be one of ${Object.keys(SERVICES).join(', ')}`,
      `dịch vụ phải là một trong: ${Object.values(SERVICES)
        .map((s) => s.nameVi)
        .join(', ')}`,
    );
  const service = raw.service as Service;
  const text = (field: string, value: unknown, max: number, vi: string): string => {
    if (typeof value !== 'string') throw at(field, 'must be text', `${vi} phải là chữ`);
    let out: string;
    try {
      out = nameText(value);
    } catch (err) {
      if (isDomainError(err)) throw at(field, err.message, `${vi} ${err.messageVi}`);
      throw err;
    }
    if (out.length < 1 || out.length > max)
      throw at(field, `must be 1 to ${max} characters`, `${vi} phải có từ 1 đến ${max} ký tự`);
    return out;
  };
  const party = (who: 'sender' | 'recipient', p: PartyInput | undefined): Party => {
    const vi = who === 'sender' ? 'người gửi' : 'người nhận';
    if (typeof p !== 'object' || p === null) throw at(who, 'is missing', `thiếu thông tin ${vi}`);
    const name = text(`${who}.name`, p.name, 100, `Tên ${vi}`);
    let phone: string;
    try {
      phone = parseVnPhone(String(p.phone ?? ''));
    } catch (err) {
      if (isDomainError(err))
        throw at(
          `${who}.phone`,
          `${JSON.stringify(String(p.phone ?? '').slice(0, 20))} is not a Vietnamese phone number (0912345678 or +84912345678)`,
          `Số điện thoại ${vi} không hợp lệ: nhập dạng 0912345678 hoặc +84912345678`,
        );
      throw err;
    }
    const address = text(`${who}.address`, p.address, 200, `Địa chỉ ${vi}`);
    const commune = typeof p.commune === 'string' ? p.commune.trim() : '';
    if (!/^\d{5}$/.test(commune) || !network.snapshot.communes.has(commune))
      throw at(
        `${who}.commune`,
        `${JSON.stringify(String(p.commune ?? '').slice(0, 10))} is not the 5-digit code of a commune`,
        `Xã/phường của ${vi} không có trong danh mục: hãy chọn lại`,
      );
    return { name, phone, address, commune };
  };
  const sender = party('sender', raw.sender);
  const recipientParty = party('recipient', raw.recipient);
  const grams = (field: string, value: unknown, max: number, vi: string): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > max)
      throw at(
        field,
        `must be a whole number from 1 to ${max}`,
        `${vi} phải là số nguyên dương, tối đa ${max}`,
      );
    return value;
  };
  const weight = grams('weight_g', raw.weight_g, SERVICES[service].maxGrams, 'Khối lượng (gam)');
  const dims = (['length_cm', 'width_cm', 'height_cm'] as const).map((f) =>
    grams(f, raw[f], MAX_SIDE_CM, 'Kích thước (cm)'),
  ) as [number, number, number];
  const money = (field: 'insured_value' | 'cod_amount', max: bigint, vi: string): bigint => {
    const v = raw[field];
    if (v === undefined || v === null || v === '' || v === 0 || v === '0' || v === 0n) return 0n;
    const s =
      typeof v === 'bigint'
        ? v.toString()
        : typeof v === 'number'
          ? Number.isSafeInteger(v)
            ? String(v)
            : 'x'
          : String(v).trim();
    if (!/^\d{1,15}$/.test(s) || BigInt(s) <= 0n || BigInt(s) > max)
      throw at(
        field,
        `must be a whole number of đồng from 1 to ${max}`,
        `${vi} phải là số đồng nguyên dương, tối đa ${max.toLocaleString('vi-VN')} ₫`,
      );
    return BigInt(s);
  };
  const insured = money('insured_value', MAX_INSURED, 'Giá trị khai giá');
  const cod = money('cod_amount', MAX_COD, 'Tiền thu hộ (COD)');
  if (cod > 0n && (service === 'letter' || service === 'registered'))
    throw at(
      'cod_amount',
      'is not offered for letters: use parcel, EMS or e-commerce',
      'thư không nhận thu hộ: hãy chọn bưu kiện, EMS hoặc TMĐT',
    );
  if (insured > 0n && service === 'letter')
    throw at(
      'insured_value',
      'is not offered for ordinary letters: use registered or EMS',
      'thư thường không nhận khai giá',
    );
  let key: string | null = null;
  if (raw.key !== undefined && raw.key !== null) {
    // Never the platform's mark: the keys it derives for a batch's rows are where no shipper's key can be.
    if (!isCallerKey(raw.key) || raw.key.length > 64)
      throw at(
        'key',
        `must be 1 to 64 letters, digits or . _ -, starting with a letter or digit (never '${SYSTEM_ID_MARK}', which marks the platform's keys)`,
        `mã đơn hàng gồm 1 đến 64 chữ, số hoặc . _ -, bắt đầu bằng chữ hoặc số (không dùng '${SYSTEM_ID_MARK}')`,
      );
    key = raw.key;
  }
  const delivery = network.deliveryOffice(recipientParty.commune);
  const recipient = { ...recipientParty, province: network.province(recipientParty.commune) };
  const fromProvince =
    origin === null
      ? network.province(sender.commune)
      : (network.office(origin).province_code ?? network.province(sender.commune));
  const q = quote({
    service,
    zone: zoneBetween(fromProvince, recipient.province),
    weight_g: weight,
    length_cm: dims[0],
    width_cm: dims[1],
    height_cm: dims[2],
    insured_value: insured,
    cod_amount: cod,
  });
  return {
    service,
    sender,
    recipient,
    delivery_office_id: delivery.id,
    weight_g: weight,
    length_cm: dims[0],
    width_cm: dims[1],
    height_cm: dims[2],
    insured_value: insured,
    cod_amount: cod,
    key,
    quote: q,
  };
}

/** Creates the items module over the delivery cell's database and journal. */
export function createItems(deps: ItemsDeps): Items {
  const { db, journal } = deps;
  const networks = new WeakMap<object, Network>();
  async function network(): Promise<Network> {
    const snap = await deps.network.snapshot();
    let n = networks.get(snap);
    if (n === undefined) {
      n = buildNetwork(snap);
      networks.set(snap, n);
    }
    return n;
  }
  const codeHash = (id: string, code: string) =>
    createHmac('sha256', deps.codeKey).update(`${id}:${code}`).digest('hex');
  const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
  // A keyed acceptance's code comes from its key, so that a retry can show the code the first answer showed
  // without the code being stored anywhere; guessing it still needs the server's code key.
  const keyedCode = (request: RequestKey) =>
    String(
      createHmac('sha256', deps.codeKey).update(`delivery-code:${request.key}`).digest().readUIntBE(0, 6) %
        1_000_000,
    ).padStart(6, '0');

  async function get(id: string): Promise<repo.ItemRow> {
    const s10 = parseS10(id).id;
    const row = await repo.findItem(db, s10);
    if (row === undefined)
      throw new DeliveryError('item_not_found', `No item has id ${s10}`, `Không tìm thấy bưu gửi ${s10}`, {
        item: s10,
      });
    return row;
  }

  /** Draws the next S10 ids of a service: serials only go up, so an id is never given twice. */
  async function allocate(trx: Kysely<DeliveryTables>, service: Service, count: number): Promise<string[]> {
    const prefix = SERVICES[service].prefix;
    const last = await repo.lastSerial(trx, prefix);
    if (last + BigInt(count) > 99_999_999n)
      throw new DeliveryError(
        's10_exhausted',
        `The serials of ${prefix} are used up (last ${last}): configure a new service indicator`,
        `Đã hết dãy số hiệu ${prefix}: cần khai báo ký hiệu dịch vụ mới`,
        { prefix },
      );
    return Array.from({ length: count }, (_, i) => formatS10(prefix, Number(last) + 1 + i));
  }

  function payload(
    c: Checked,
    id: string,
    extra: {
      state: 'announced' | 'posted';
      origin: string;
      shipper: string | null;
      paid_by: 'cash' | 'account';
      till: string | null;
      clerk: string | null;
      code: string | null;
    },
  ) {
    return {
      id,
      service: c.service,
      state: extra.state,
      shipper_id: extra.shipper,
      shipper_key: c.key,
      origin_office_id: extra.origin,
      delivery_office_id: c.delivery_office_id,
      sender: c.sender,
      recipient: c.recipient,
      weight_g: c.weight_g,
      length_cm: c.length_cm,
      width_cm: c.width_cm,
      height_cm: c.height_cm,
      charged_g: c.quote.charged_g,
      zone: c.quote.zone,
      postage: c.quote.postage.toString(),
      insurance_fee: c.quote.insurance_fee.toString(),
      cod_fee: c.quote.cod_fee.toString(),
      fee: c.quote.fee.toString(),
      insured_value: c.insured_value.toString(),
      cod_amount: c.cod_amount.toString(),
      paid_by: extra.paid_by,
      till_session_id: extra.till,
      clerk_id: extra.clerk,
      code_hash: extra.code === null ? null : codeHash(id, extra.code),
    };
  }

  const needsCode = (c: Checked) => c.insured_value >= HIGH_VALUE || c.cod_amount >= HIGH_VALUE;

  return {
    network,
    async quote(input) {
      const c = checkInput(input, await network(), null);
      return { ...c.quote, delivery_office_id: c.delivery_office_id };
    },
    async accept(input, at, actor, request) {
      const net = await network();
      const origin = net.office(at.office_id);
      const c = checkInput(input, net, origin.id);
      const code = needsCode(c) ? (request === undefined ? newCode() : keyedCode(request)) : null;
      return journal.transaction(async (trx) => {
        const first = await deps.requests.first(trx, request);
        if (first !== null) return { ...toItem((await repo.findItem(trx, first))!), delivery_code: code };
        const [id] = await allocate(trx, c.service, 1);
        await journal.append(trx, itemAccepted, {
          stream: id!,
          actor,
          office: origin.id,
          payload: payload(c, id!, {
            state: 'posted',
            origin: origin.id,
            shipper: null,
            paid_by: 'cash',
            till: at.till_session_id,
            clerk: at.clerk_id,
            code,
          }),
        });
        await deps.requests.answered(trx, request, id!, { actor, office: origin.id });
        return { ...toItem((await repo.findItem(trx, id!))!), delivery_code: code };
      });
    },
    async announce(inputs, shipper, actor, options = {}) {
      const first = options.firstRow ?? 1;
      if (inputs.length === 0 || inputs.length > 5000)
        throw invalid(undefined, 'items', 'must hold 1 to 5,000 items', 'cần từ 1 đến 5.000 bưu gửi mỗi lần');
      const net = await network();
      const origin = net.office(shipper.office_id);
      const request = options.request;
      const checked = inputs.map((raw, i) => {
        const c = checkInput(raw, net, origin.id, i + first);
        // `req:<hash>:<row>` cannot be mistaken for another batch's rows, nor taken first by a shipper's own
        // key, which never holds the platform's mark (anyone can compute the hash of a file's content).
        return c.key !== null || request === undefined
          ? c
          : { ...c, key: `req${SYSTEM_ID_MARK}${request.key.slice(0, 40)}${SYSTEM_ID_MARK}${i + first}` };
      });
      const seen = new Map<string, number>();
      for (const [i, c] of checked.entries()) {
        if (c.key === null) continue;
        const earlier = seen.get(c.key);
        if (earlier !== undefined)
          throw invalid(
            i + first,
            'key',
            `repeats the key of row ${earlier}`,
            `mã đơn hàng trùng với dòng ${earlier}`,
          );
        seen.set(c.key, i + first);
      }
      return journal.transaction(async (trx) => {
        const again = (await deps.requests.first(trx, request)) !== null;
        const keys = checked.flatMap((c) => (c.key === null ? [] : [c.key]));
        const existing = new Map(
          (await repo.findByShipperKeys(trx, shipper.id, keys)).map((r) => [r.shipper_key!, r]),
        );
        const fresh: Array<{ c: Checked; row: number }> = [];
        for (const [i, c] of checked.entries()) {
          const old = c.key === null ? undefined : existing.get(c.key);
          if (old === undefined) {
            fresh.push({ c, row: i });
            continue;
          }
          // The same key must mean the same item: a changed order under an old key is a mistake to report.
          const same =
            old.recipient_phone === c.recipient.phone &&
            old.recipient_commune === c.recipient.commune &&
            old.cod_amount === c.cod_amount &&
            old.weight_g === BigInt(c.weight_g) &&
            old.service === c.service;
          if (!same)
            throw new DeliveryError(
              'idempotency_key_reused',
              `Row ${i + first}: key ${c.key} was used for item ${old.id} with different contents; use a new key for a new item`,
              `Dòng ${i + first}: mã đơn hàng ${c.key} đã dùng cho bưu gửi ${old.id} với nội dung khác`,
              { row: i + first, key: c.key, item: old.id },
            );
        }
        const codes = new Map<string, string | null>();
        const idOfRow = new Map<number, string>();
        const drafts: Array<EventDraft<z.input<typeof itemAccepted.schema>>> = [];
        const byService = new Map<Service, Array<{ c: Checked; row: number }>>();
        for (const f of fresh) byService.set(f.c.service, [...(byService.get(f.c.service) ?? []), f]);
        for (const [service, list] of byService) {
          const ids = await allocate(trx, service, list.length);
          for (const [k, f] of list.entries()) {
            const id = ids[k]!;
            const code = needsCode(f.c) ? newCode() : null;
            codes.set(id, code);
            idOfRow.set(f.row, id);
            drafts.push({
              stream: id,
              actor,
              office: origin.id,
              payload: payload(f.c, id, {
                state: 'announced',
                origin: origin.id,
                shipper: shipper.id,
                paid_by: 'account',
                till: null,
                clerk: null,
                code,
              }),
            });
          }
        }
        if (drafts.length > 0) await journal.appendMany(trx, itemAccepted, drafts);
        const made = await repo.findItems(
          trx,
          drafts.map((d) => d.stream),
        );
        const madeById = new Map(made.map((r) => [r.id, r]));
        // In the order given: a fresh row by its new id, a repeated key by the item it made the first time.
        const items = checked.map((c, i) => {
          const old = c.key === null ? undefined : existing.get(c.key);
          if (old !== undefined) return { ...toItem(old), delivery_code: null };
          const id = idOfRow.get(i)!;
          return { ...toItem(madeById.get(id)!), delivery_code: codes.get(id) ?? null };
        });
        // Recorded even when every row existed already, so that another batch under the key is refused.
        if (!again) await deps.requests.answered(trx, request, items[0]!.id, { actor, office: origin.id });
        return { items, created: drafts.length };
      });
    },
    async scan(scans, actor) {
      if (scans.length === 0 || scans.length > 10_000)
        throw new DeliveryError(
          'invalid_scan',
          'A batch holds 1 to 10,000 scans',
          'Mỗi lần gửi từ 1 đến 10.000 lượt quét',
          {},
        );
      const net = await network();
      const parsed = scans.map((s, i) => {
        const bad = (field: string, en: string, vi: string) =>
          new DeliveryError('invalid_scan', `Scan ${i + 1}: ${field} ${en}`, `Lượt quét ${i + 1}: ${vi}`, {
            row: i + 1,
            field,
          });
        let item: string;
        try {
          item = parseS10(s.item).id;
        } catch (err) {
          if (isDomainError(err)) throw bad('item', err.message, err.messageVi);
          throw err;
        }
        if (!(LOOSE_CODES as readonly string[]).includes(s.code))
          throw bad(
            'code',
            `must be one of ${LOOSE_CODES.join(', ')} (rounds record EDG, EMH and EMI)`,
            `mã sự kiện phải là một trong ${LOOSE_CODES.join(', ')}`,
          );
        let office;
        try {
          office = net.office(s.office);
        } catch (err) {
          if (isDomainError(err)) throw bad('office', err.message, err.messageVi);
          throw err;
        }
        // Only holding for pick-up says why (the addressee asked, the address could not be found…).
        const reason = s.reason ?? null;
        if (reason !== null && (s.code !== 'EDH' || !(reason in REASONS)))
          throw bad(
            'reason',
            s.code === 'EDH' ? `must be one of ${Object.keys(REASONS).join(', ')}` : `is only given with EDH`,
            'mã lý do không hợp lệ',
          );
        if ((s.action ?? null) !== null)
          throw bad(
            'action',
            'is given only with an unsuccessful delivery, on a round',
            'hướng xử lý chỉ ghi khi phát không thành công',
          );
        return {
          row: i + 1,
          item,
          code: s.code as EventCode,
          office: office.id,
          centre: office.type === 'sorting_centre',
          reason,
        };
      });
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const rows = new Map(
          (await repo.findItemStates(trx, [...new Set(parsed.map((p) => p.item))])).map((r) => [r.id, r]),
        );
        const states = new Map<string, ItemState>();
        const batches: Array<{
          office: string;
          centre: boolean;
          scans: Array<{ item: string; code: EventCode; reason: string | null }>;
        }> = [];
        let recorded = 0;
        let duplicates = 0;
        for (const p of parsed) {
          const row = rows.get(p.item);
          if (row === undefined)
            throw new DeliveryError(
              'item_not_found',
              `Scan ${p.row}: no item has id ${p.item}`,
              `Lượt quét ${p.row}: không có bưu gửi ${p.item}`,
              {
                row: p.row,
                item: p.item,
              },
            );
          if (row.bag_id !== null && p.code !== 'EMA')
            throw new DeliveryError(
              'invalid_scan',
              `Scan ${p.row}: ${p.item} travels in bag ${row.bag_id}: scan the bag`,
              `Lượt quét ${p.row}: bưu gửi ${p.item} đang trong túi ${row.bag_id}, hãy quét túi`,
              {
                row: p.row,
                item: p.item,
                bag: row.bag_id,
              },
            );
          const state = states.get(p.item) ?? stateOf(row);
          const r = transition(state, { code: p.code, office: p.office, centre: p.centre });
          if (!r.ok)
            throw new DeliveryError(
              r.wrongOffice === true ? 'wrong_office' : 'illegal_event_order',
              `Scan ${p.row}: ${p.code} of ${p.item} at ${p.office}: ${r.en}`,
              `Lượt quét ${p.row}: ${EVENT_CODES[p.code].vi} – ${p.item}: ${r.vi}`,
              {
                row: p.row,
                item: p.item,
                code: p.code,
                status: state.status,
              },
            );
          if (r.duplicate) {
            duplicates++;
            continue;
          }
          // A loose item on its way arrives only at a centre of its route from where it left: a centre
          // elsewhere cannot claim it (a bag, likewise, only where it was addressed).
          if (
            p.code === 'EDD' &&
            state.location !== null &&
            !net.route(state.location, state.target).includes(p.office)
          )
            throw new DeliveryError(
              'wrong_route',
              `Scan ${p.row}: ${p.item} left ${state.location} for ${state.target}; ${p.office} is not on its way: send it on to where it was sent`,
              `Lượt quét ${p.row}: bưu gửi ${p.item} không đi qua trung tâm này; hãy chuyển tiếp đúng tuyến`,
              { row: p.row, item: p.item, code: p.code, from: state.location, to: state.target },
            );
          states.set(p.item, r.state);
          // One event per run of scans at the same office, so that the order of scans is the journal's.
          const last = batches.at(-1);
          const scan = { item: p.item, code: p.code, reason: p.reason };
          if (last !== undefined && last.office === p.office) last.scans.push(scan);
          else batches.push({ office: p.office, centre: p.centre, scans: [scan] });
          recorded++;
        }
        for (const b of batches)
          for (let i = 0; i < b.scans.length; i += 10_000)
            await journal.append(trx, scansRecorded, {
              stream: `scans:${b.office}`,
              actor,
              office: b.office,
              payload: { office: b.office, centre: b.centre, scans: b.scans.slice(i, i + 10_000) },
            });
        return { recorded, duplicates };
      });
    },
    get: async (id) => toItem(await get(id)),
    async acceptedSeq(id) {
      const [first] = await repo.findItemEvents(db, (await get(id)).id);
      return first!.seq;
    },
    async events(id) {
      const row = await get(id);
      return (await repo.findItemEvents(db, row.id)).map((e) => ({
        n: Number(e.n),
        code: e.code as EventCode,
        description: EVENT_CODES[e.code as EventCode].en,
        description_vi: EVENT_CODES[e.code as EventCode].vi,
        at: e.at,
        office_id: e.office_id,
        actor: e.actor,
        reason: e.reason,
        action: e.action,
        bag_id: e.bag_id,
        dispatch_id: e.dispatch_id,
        round_id: e.round_id,
      }));
    },
    async track(id) {
      const row = await get(id);
      const net = await network();
      const events = await repo.findItemEvents(db, row.id);
      const officeName = (o: string) => {
        const x = net.snapshot.offices.get(o);
        return x === undefined ? o : `${x.name} (${x.postcode})`;
      };
      return {
        id: row.id,
        service: SERVICES[row.service as Service].nameVi,
        status: row.status,
        destination_province: net.snapshot.provinces?.get(row.recipient_province) ?? row.recipient_province,
        recipient: maskName(row.recipient_name),
        recipient_phone: maskPhone(row.recipient_phone),
        events: events.map((e) => ({
          code: e.code,
          description: EVENT_CODES[e.code as EventCode].en,
          description_vi: EVENT_CODES[e.code as EventCode].vi,
          at: e.at,
          office: officeName(e.office_id),
          reason: e.reason === null ? null : (REASONS[e.reason as keyof typeof REASONS]?.vi ?? e.reason),
        })),
      };
    },
    async list(q) {
      const r = await repo.listItems(db, q);
      return { items: r.rows.map(toItem), total: Number(r.total), limit: q.limit, offset: q.offset };
    },
    checkCode(item, code) {
      const stored = item.code_hash;
      if (stored === null || typeof code !== 'string' || !/^\d{6}$/.test(code)) return false;
      return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(codeHash(item.id, code), 'hex'));
    },
  };
}
